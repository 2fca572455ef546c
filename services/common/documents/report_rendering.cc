#include "documents/report_rendering.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "documents/html.h"

namespace gongkai {
namespace {

constexpr absl::string_view kTableTitle = "三、收到和处理政府信息公开申请情况";
constexpr absl::string_view kRedressTitle = "四、政府信息公开行政复议、行政诉讼情况";
constexpr absl::string_view kCheckRule =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
constexpr absl::string_view kRedressResults[] = {"结果维持", "结果纠正", "其他结果", "尚未审结",
                                                 "总计"};

std::string Indent(const v1::ReportRow& row, absl::string_view unit) {
  std::string out;
  for (int i = 0; i < row.level(); ++i) absl::StrAppend(&out, unit);
  return out;
}

std::string Values(const google::protobuf::RepeatedField<int64_t>& values,
                   absl::string_view separator) {
  return absl::StrJoin(values, separator);
}

// The numbered sub-rows (level 2) directly below the row at `index`: a level-1 row with any is
// a group label (（三）-（六）) spanning them in the HTML table.
int SubRowsBelow(const v1::AnnualReport& report, int index) {
  int count = 0;
  while (index + 1 + count < report.rows_size() && report.rows(index + 1 + count).level() == 2) {
    ++count;
  }
  return count;
}

// Table 三's body in two label columns, as the template lays it out: a group label in the first
// column spans its numbered sub-rows, whose labels stand in the second; every other row's label
// spans both. Rows without figures (三) leave the figure cells empty.
std::string HtmlRequestRows(const v1::AnnualReport& report) {
  std::string out;
  std::string group_cell;  // the group label, put into the row of its first sub-row
  for (int i = 0; i < report.rows_size(); ++i) {
    const v1::ReportRow& row = report.rows(i);
    const int sub_rows = row.level() == 1 ? SubRowsBelow(report, i) : 0;
    if (sub_rows > 0) {
      group_cell = absl::StrCat("<td class=\"l1\" rowspan=\"", sub_rows, "\">",
                                EscapeHtml(row.label()), "</td>");
      continue;
    }
    absl::StrAppend(&out, "<tr>");
    if (row.level() == 2) {
      absl::StrAppend(&out, group_cell, "<td class=\"l2\">", EscapeHtml(row.label()), "</td>");
      group_cell.clear();
    } else {
      absl::StrAppend(&out, "<td class=\"l", row.level(), "\" colspan=\"2\">",
                      EscapeHtml(row.label()), "</td>");
    }
    if (row.values_size() == 0) {
      absl::StrAppend(&out, "<td colspan=\"", report.columns_size(), "\"></td>");
    }
    for (int64_t value : row.values()) absl::StrAppend(&out, "<td class=\"n\">", value, "</td>");
    absl::StrAppend(&out, "</tr>\n");
  }
  return out;
}

std::string Markdown(const v1::AnnualReport& report) {
  std::string out =
      absl::StrCat("## ", report.year(), "年 ", kTableTitle, "\n\n", kCheckRule,
                   "\n\n| 申请人情况 | ", absl::StrJoin(report.columns(), " | "), " |\n|---|");
  for (int i = 0; i < report.columns_size(); ++i) absl::StrAppend(&out, "---:|");
  absl::StrAppend(&out, "\n");
  for (const v1::ReportRow& row : report.rows()) {
    absl::StrAppend(&out, "| ", Indent(row, "　"), row.label(), " |");
    if (row.values_size() == 0) {
      for (int i = 0; i < report.columns_size(); ++i) absl::StrAppend(&out, " |");
    } else {
      absl::StrAppend(&out, " ", Values(row.values(), " | "), " |");
    }
    absl::StrAppend(&out, "\n");
  }
  absl::StrAppend(&out, "\n## ", kRedressTitle, "\n\n| | ", absl::StrJoin(kRedressResults, " | "),
                  " |\n|---|---:|---:|---:|---:|---:|\n");
  for (const v1::RedressRow& row : report.redress()) {
    absl::StrAppend(&out, "| ", row.label(), " | ", Values(row.values(), " | "), " |\n");
  }
  return out;
}

std::string Csv(const v1::AnnualReport& report) {
  std::string out = "\xEF\xBB\xBF";  // byte order mark: spreadsheet programs then read UTF-8
  absl::StrAppend(&out, "\"", report.year(), "\",", CsvField(kTableTitle), "\r\n");
  absl::StrAppend(&out, "key,", CsvField("申请人情况"));
  for (const std::string& column : report.columns()) absl::StrAppend(&out, ",", CsvField(column));
  absl::StrAppend(&out, "\r\n");
  for (const v1::ReportRow& row : report.rows()) {
    absl::StrAppend(&out, row.key(), ",", CsvField(absl::StrCat(Indent(row, "　"), row.label())));
    if (row.values_size() == 0) {
      for (int i = 0; i < report.columns_size(); ++i) absl::StrAppend(&out, ",");
    } else {
      absl::StrAppend(&out, ",", Values(row.values(), ","));
    }
    absl::StrAppend(&out, "\r\n");
  }
  absl::StrAppend(&out, "\r\n", CsvField(kRedressTitle), "\r\n", "kind,", CsvField("类别"));
  for (absl::string_view result : kRedressResults) absl::StrAppend(&out, ",", CsvField(result));
  absl::StrAppend(&out, "\r\n");
  for (const v1::RedressRow& row : report.redress()) {
    absl::StrAppend(&out, v1::RedressKind_Name(row.kind()), ",", CsvField(row.label()), ",",
                    Values(row.values(), ","), "\r\n");
  }
  return out;
}

std::string Html(const v1::AnnualReport& report) {
  const std::string title = absl::StrCat(report.year(), "年政府信息公开工作年度报告（统计表）");
  return absl::StrCat(HtmlPageStart(title, kReportTableCss), "<h1>", EscapeHtml(title), "</h1>\n",
                      RenderReportTablesHtml(report), kHtmlPageEnd);
}

}  // namespace

std::string CsvField(absl::string_view text) {
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

std::string RenderReportTablesHtml(const v1::AnnualReport& report) {
  std::string out;
  absl::StrAppend(&out, "<h2>", kTableTitle, "</h2>\n",
                  "<table>\n<thead>\n<tr><th rowspan=\"3\" colspan=\"2\">", kCheckRule,
                  "</th><th colspan=\"7\">申请人情况</th></tr>\n",
                  "<tr><th rowspan=\"2\">自然人</th><th colspan=\"5\">法人或其他组织</th>",
                  "<th rowspan=\"2\">总计</th></tr>\n<tr>");
  for (int i = 1; i < report.columns_size() - 1; ++i) {
    absl::StrAppend(&out, "<th>", EscapeHtml(report.columns(i)), "</th>");
  }
  absl::StrAppend(&out, "</tr>\n</thead>\n<tbody>\n");
  absl::StrAppend(&out, HtmlRequestRows(report));
  absl::StrAppend(&out, "</tbody>\n</table>\n<h2>", kRedressTitle, "</h2>\n<table>\n<thead>\n",
                  "<tr><th colspan=\"5\">行政复议</th><th colspan=\"10\">行政诉讼</th></tr>\n",
                  "<tr><th rowspan=\"2\">结果维持</th><th rowspan=\"2\">结果纠正</th>",
                  "<th rowspan=\"2\">其他结果</th><th rowspan=\"2\">尚未审结</th>",
                  "<th rowspan=\"2\">总计</th><th colspan=\"5\">未经复议直接起诉</th>",
                  "<th colspan=\"5\">复议后起诉</th></tr>\n<tr>");
  for (int i = 0; i < 2; ++i) {
    for (absl::string_view result : kRedressResults) absl::StrAppend(&out, "<th>", result, "</th>");
  }
  absl::StrAppend(&out, "</tr>\n</thead>\n<tbody>\n<tr>");
  for (const v1::RedressRow& row : report.redress()) {
    for (int64_t value : row.values()) absl::StrAppend(&out, "<td class=\"n\">", value, "</td>");
  }
  absl::StrAppend(&out, "</tr>\n</tbody>\n</table>\n");
  return out;
}

absl::StatusOr<ReportFormat> ParseReportFormat(absl::string_view name) {
  if (name == "md") return ReportFormat::kMarkdown;
  if (name == "csv") return ReportFormat::kCsv;
  if (name == "html") return ReportFormat::kHtml;
  return absl::InvalidArgumentError("`format` must be md, csv or html");
}

std::string RenderReport(const v1::AnnualReport& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::kCsv:
      return Csv(report);
    case ReportFormat::kHtml:
      return Html(report);
    case ReportFormat::kMarkdown:
      break;
  }
  return Markdown(report);
}

}  // namespace gongkai
