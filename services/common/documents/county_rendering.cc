#include "documents/county_rendering.h"

#include <cstdint>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "documents/formal_document.h"
#include "documents/html.h"
#include "documents/letter_parts.h"
#include "rules/county_bulletin.h"

namespace gongkai {
namespace {

constexpr absl::string_view kByteOrderMark = "\xEF\xBB\xBF";  // spreadsheets then read UTF-8
constexpr absl::string_view kTotalsName = "全县合计";
constexpr absl::string_view kNoShare = "—";  // no replies: no late share

// ---- Shared by both documents -------------------------------------------------------------

// A table of the documents: a heading per column, and whether the column holds text (left-
// aligned, quoted in CSV) or figures (right-aligned, bare in CSV so that spreadsheets add them;
// a blank figure stays blank).
struct Table {
  std::vector<std::string> columns;
  std::vector<bool> text;  // per column
  std::vector<std::vector<std::string>> rows;
};

// A Markdown table cell: a '|' in a name would end the cell.
std::string MarkdownCell(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"|", "\\|"}});
}

std::string MarkdownTable(const Table& table) {
  std::vector<std::string> cells;
  for (const std::string& column : table.columns) cells.push_back(MarkdownCell(column));
  std::string out = absl::StrCat("| ", absl::StrJoin(cells, " | "), " |\n|");
  for (bool text : table.text) absl::StrAppend(&out, text ? "---|" : "---:|");
  absl::StrAppend(&out, "\n");
  for (const std::vector<std::string>& row : table.rows) {
    cells.clear();
    for (const std::string& cell : row) cells.push_back(MarkdownCell(cell));
    absl::StrAppend(&out, "| ", absl::StrJoin(cells, " | "), " |\n");
  }
  return out;
}

std::string CsvTable(const Table& table) {
  std::vector<std::string> cells;
  for (const std::string& column : table.columns) cells.push_back(CsvField(column));
  std::string out = absl::StrCat(kByteOrderMark, absl::StrJoin(cells, ","), "\r\n");
  for (const std::vector<std::string>& row : table.rows) {
    cells.clear();
    for (size_t i = 0; i < row.size(); ++i) {
      cells.push_back(table.text[i] ? CsvField(row[i]) : row[i]);
    }
    absl::StrAppend(&out, absl::StrJoin(cells, ","), "\r\n");
  }
  return out;
}

std::string HtmlTable(const Table& table, absl::string_view css_class) {
  std::string out =
      css_class.empty() ? "<table>\n" : absl::StrCat("<table class=\"", css_class, "\">\n");
  absl::StrAppend(&out, "<thead>\n<tr>");
  for (const std::string& column : table.columns) {
    absl::StrAppend(&out, "<th>", EscapeHtml(column), "</th>");
  }
  absl::StrAppend(&out, "</tr>\n</thead>\n<tbody>\n");
  for (const std::vector<std::string>& row : table.rows) {
    absl::StrAppend(&out, "<tr>");
    for (size_t i = 0; i < row.size(); ++i) {
      absl::StrAppend(&out, table.text[i] ? "<td>" : "<td class=\"n\">", EscapeHtml(row[i]),
                      "</td>");
    }
    absl::StrAppend(&out, "</tr>\n");
  }
  return absl::StrCat(out, "</tbody>\n</table>\n");
}

std::string Names(const std::vector<std::string>& names) { return absl::StrJoin(names, "、"); }

void AppendParagraph(std::string& out, absl::string_view css_class, absl::string_view text) {
  absl::StrAppend(&out, css_class.empty() ? "<p>" : absl::StrCat("<p class=\"", css_class, "\">"),
                  EscapeHtml(text), "</p>\n");
}

// ---- The bulletin -------------------------------------------------------------------------

// "33.3%": the share of the replies that came late, rounded half up to a tenth of a percent;
// empty without any reply.
std::string LateShare(const v1::AgencyFigures& figures) {
  const int64_t replies = figures.replied_on_time() + figures.replied_late();
  if (replies <= 0) return "";
  const int64_t tenths = (figures.replied_late() * 2000 + replies) / (2 * replies);
  return absl::StrCat(tenths / 10, ".", tenths % 10, "%");
}

std::vector<std::string> BulletinCells(absl::string_view rank, absl::string_view name,
                                       const v1::AgencyFigures& figures,
                                       absl::string_view no_share) {
  const std::string share = LateShare(figures);
  return {std::string(rank),
          std::string(name),
          absl::StrCat(figures.overdue()),
          absl::StrCat(figures.replied_late()),
          absl::StrCat(figures.replied_on_time()),
          share.empty() ? std::string(no_share) : share,
          absl::StrCat(figures.received()),
          absl::StrCat(figures.closed())};
}

// The ranked agencies; for the spreadsheet forms (`all`) the clean ones too, without a rank, and
// the county's totals. The rank is a figure, blank for the clean ones.
Table BulletinTable(const v1::Bulletin& bulletin, bool all, absl::string_view no_share) {
  Table table{
      {"名次", "机关", "逾期未答复", "逾期答复", "按期答复", "逾期答复占比", "收到申请", "办结"},
      {false, true, false, false, false, false, false, false},
      {}};
  for (const v1::BulletinEntry& entry : bulletin.ranked()) {
    table.rows.push_back(BulletinCells(absl::StrCat(entry.rank()), entry.figures().name(),
                                       entry.figures(), no_share));
  }
  if (!all) return table;
  for (const v1::AgencyFigures& figures : bulletin.clean()) {
    table.rows.push_back(BulletinCells("", figures.name(), figures, no_share));
  }
  table.rows.push_back(BulletinCells("", kTotalsName, bulletin.totals(), no_share));
  return table;
}

std::string PeriodText(const v1::Bulletin& bulletin) {
  absl::StatusOr<BulletinPeriod> period =
      ParseBulletinPeriod(bulletin.from_month(), bulletin.to_month());
  if (!period.ok()) return absl::StrCat(bulletin.from_month(), "至", bulletin.to_month());
  return PeriodLabel(*period);
}

// "各乡镇人民政府，县政府各部门": whom the bulletin is addressed to, by the kinds of agency in it.
std::string Addressees(const v1::Bulletin& bulletin) {
  std::set<std::string> kinds;
  for (const v1::BulletinEntry& entry : bulletin.ranked()) kinds.insert(entry.figures().kind());
  for (const v1::AgencyFigures& figures : bulletin.clean()) kinds.insert(figures.kind());
  std::vector<absl::string_view> addressees;
  if (kinds.contains("township")) addressees.push_back("各乡镇人民政府");
  if (kinds.contains("department")) addressees.push_back("县政府各部门");
  return absl::StrJoin(addressees, "，");
}

std::string Opening(const v1::Bulletin& bulletin) {
  const v1::AgencyFigures& totals = bulletin.totals();
  std::string text = absl::StrCat(
      PeriodText(bulletin), "，全县共收到政府信息公开申请", totals.received(), "件，办结",
      totals.closed(), "件，其中按期答复", totals.replied_on_time(), "件、逾期答复",
      totals.replied_late(), "件；截至", DayOf(bulletin.issued_on()), "，");
  if (totals.overdue() > 0) {
    absl::StrAppend(&text, "仍有", totals.overdue(), "件申请逾期未答复。");
  } else {
    absl::StrAppend(&text, "无逾期未答复的申请。");
  }
  return absl::StrCat(text, "现将各单位办理情况通报如下。");
}

std::string CleanSentence(const v1::Bulletin& bulletin) {
  if (bulletin.clean().empty()) return "本期各单位均存在逾期未答复或逾期答复的情况。";
  std::vector<std::string> names;
  for (const v1::AgencyFigures& figures : bulletin.clean()) names.push_back(figures.name());
  const std::string who =
      names.size() == 1 ? names[0] : absl::StrCat(Names(names), "等", names.size(), "个单位");
  return absl::StrCat(who, "本期无逾期未答复和逾期答复的情况。");
}

// The year of the reports a due date is for (Art. 49: due early in the next year); 0 if unknown.
int ReportYear(absl::string_view due) {
  absl::CivilDay day;
  return ParseDay(due, &day) ? static_cast<int>(day.year()) - 1 : 0;
}

std::string LateReportsSentence(const v1::Bulletin& bulletin) {
  std::vector<std::string> names;
  std::set<int> years;
  for (const v1::AgencyFigures& figures : bulletin.late_reports()) {
    names.push_back(
        figures.report_due().empty()
            ? figures.name()
            : absl::StrCat(figures.name(), "（应于", DayOf(figures.report_due()), "前发布）"));
    years.insert(ReportYear(figures.report_due()));
  }
  const std::string year = years.size() == 1 && *years.begin() != 0
                               ? absl::StrCat(*years.begin(), "年")
                               : std::string("上一年度");
  return absl::StrCat("截至", DayOf(bulletin.issued_on()), "，", Names(names), "尚未发布", year,
                      "政府信息公开工作年度报告，已超过", kRegulations, "第四十九条规定的期限。");
}

std::string Closing(const v1::Bulletin& bulletin) {
  std::string text;
  if (!bulletin.ranked().empty()) {
    text = "请上述存在逾期情况的单位认真分析原因，限期整改，对逾期未答复的申请尽快依法作出答复";
    absl::StrAppend(&text, bulletin.late_reports().empty() ? "。" : "；");
  }
  if (!bulletin.late_reports().empty()) {
    absl::StrAppend(&text, "年度报告逾期未发布的单位应当立即发布。");
  }
  return absl::StrCat(text, "各单位要严格执行", kRegulations,
                      "规定的答复期限，加强对申请办理的跟踪督办，确保每一件申请依法按期答复。");
}

constexpr absl::string_view kBulletinCss =
    "p.section { font-family: SimHei, \"黑体\", sans-serif; }\n"
    "table { border-collapse: collapse; width: 100%; margin: 6pt 0 10pt; font-size: 12pt; "
    "line-height: 18pt; }\n"
    "th, td { border: 1px solid #000; padding: 2pt 4pt; }\n"
    "th { font-weight: normal; font-family: SimHei, \"黑体\", sans-serif; }\n"
    "td.n { text-align: right; font-variant-numeric: tabular-nums; }\n";

std::string BulletinHtml(const v1::Bulletin& bulletin) {
  static constexpr absl::string_view kSections[] = {"一、", "二、", "三、"};
  std::string out = HtmlPageStart(bulletin.title(), kBulletinCss);
  absl::StrAppend(&out, "<h1>", EscapeHtml(bulletin.title()), "</h1>\n");
  const std::string addressees = Addressees(bulletin);
  if (!addressees.empty()) AppendParagraph(out, "flush", absl::StrCat(addressees, "："));
  AppendParagraph(out, "", Opening(bulletin));

  int section = 0;
  AppendParagraph(out, "section", absl::StrCat(kSections[section++], "存在逾期情况的单位"));
  if (bulletin.ranked().empty()) {
    AppendParagraph(out, "", "本期各单位均无逾期未答复或逾期答复的情况。");
  } else {
    AppendParagraph(out, "",
                    absl::StrCat("本期有", bulletin.ranked_size(),
                                 "个单位存在逾期未答复或逾期答复的情况，按逾期件数（逾期未答复与"
                                 "逾期答复之和）由多到少排列如下："));
    absl::StrAppend(&out, HtmlTable(BulletinTable(bulletin, false, kNoShare), ""));
  }
  AppendParagraph(out, "section", absl::StrCat(kSections[section++], "无逾期情况的单位"));
  AppendParagraph(out, "", CleanSentence(bulletin));
  if (!bulletin.late_reports().empty()) {
    AppendParagraph(out, "section", absl::StrCat(kSections[section++], "年度报告逾期未发布的单位"));
    AppendParagraph(out, "", LateReportsSentence(bulletin));
  }
  AppendParagraph(out, "", Closing(bulletin));
  AppendParagraph(out, "signature", bulletin.issuer());
  AppendParagraph(out, "date", DayOf(bulletin.issued_on()));
  return absl::StrCat(out, kHtmlPageEnd);
}

std::string BulletinMarkdown(const v1::Bulletin& bulletin) {
  return absl::StrCat("## ", MarkdownCell(bulletin.title()), "\n\n",
                      MarkdownTable(BulletinTable(bulletin, true, kNoShare)));
}

// ---- The county overview ------------------------------------------------------------------

absl::string_view KindLabel(absl::string_view kind) {
  if (kind == "county") return "县政府";
  if (kind == "department") return "部门";
  if (kind == "township") return "乡镇";
  return "";
}

// "2026年1月20日" for when a report was published: a YYYY-MM-DD day, or an RFC 3339 moment
// taken as its day in China.
std::string PublishedDay(absl::string_view published) {
  absl::Time moment;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, published, &moment, &error)) {
    return ChineseDate(ChinaDay(moment));
  }
  return DayOf(published);
}

std::string ReportStatus(const v1::AgencyFigures& figures) {
  if (!figures.report_published().empty()) {
    return absl::StrCat("已发布（", PublishedDay(figures.report_published()), "）");
  }
  const std::string status = figures.report_late() ? "逾期未发布" : "未发布";
  if (figures.report_due().empty()) return status;
  return absl::StrCat(status, "（应于", DayOf(figures.report_due()), "前发布）");
}

std::vector<std::string> OverviewCells(const v1::AgencyFigures& figures, absl::string_view name,
                                       absl::string_view kind, absl::string_view report) {
  return {std::string(name),
          std::string(kind),
          absl::StrCat(figures.received()),
          absl::StrCat(figures.closed()),
          absl::StrCat(figures.open()),
          absl::StrCat(figures.overdue()),
          absl::StrCat(figures.replied_on_time()),
          absl::StrCat(figures.replied_late()),
          std::string(report)};
}

// One row per agency, then the county's totals; 年度报告 is the year before's report.
Table OverviewTable(const v1::CountyOverview& overview) {
  Table table{{"机关", "类别", "收到申请", "办结", "在办", "逾期未答复", "按期答复", "逾期答复",
               absl::StrCat(overview.report_year(), "年度报告")},
              {true, true, false, false, false, false, false, false, true},
              {}};
  for (const v1::AgencyFigures& figures : overview.agencies()) {
    table.rows.push_back(
        OverviewCells(figures, figures.name(), KindLabel(figures.kind()), ReportStatus(figures)));
  }
  table.rows.push_back(OverviewCells(overview.totals(), kTotalsName, "", ""));
  return table;
}

std::string OverviewTitle(const v1::CountyOverview& overview) {
  return absl::StrCat(overview.year(), "年全县政府信息公开申请办理情况");
}

// "年度报告逾期未发布：县财政局、某某镇人民政府。", empty when none is late.
std::string LateReportsLine(const v1::CountyOverview& overview) {
  if (overview.late_reports().empty()) return "";
  std::vector<std::string> names;
  for (const std::string& code : overview.late_reports()) {
    std::string name = code;
    for (const v1::AgencyFigures& figures : overview.agencies()) {
      if (figures.agency() == code) name = figures.name();
    }
    names.push_back(name);
  }
  return absl::StrCat(overview.report_year(), "年度报告逾期未发布：", Names(names), "。");
}

std::string OverviewHtml(const v1::CountyOverview& overview) {
  const std::string title = OverviewTitle(overview);
  // The agencies' table may run over several pages (a county has a hundred agencies): unlike
  // the report's tables, it may break.
  std::string out =
      HtmlPageStart(title, absl::StrCat(kReportTableCss,
                                        "table.agencies { page-break-inside: auto; }\n"
                                        "p { text-indent: 0; margin: 4pt 0; }\n"));
  absl::StrAppend(&out, "<h1>", EscapeHtml(title), "</h1>\n");
  AppendParagraph(
      out, "",
      absl::StrCat("收到申请、办结、按期答复、逾期答复为", overview.year(),
                   "年的件数；在办、逾期未答复为截至", DayOf(overview.today()), "的件数。"));
  absl::StrAppend(&out, HtmlTable(OverviewTable(overview), "agencies"));
  const std::string late = LateReportsLine(overview);
  if (!late.empty()) AppendParagraph(out, "", late);
  if (overview.county_report().rows_size() > 0) {
    absl::StrAppend(&out, "<h2>全县各机关合计</h2>\n",
                    RenderReportTablesHtml(overview.county_report()));
  }
  return absl::StrCat(out, kHtmlPageEnd);
}

std::string OverviewMarkdown(const v1::CountyOverview& overview) {
  std::string out =
      absl::StrCat("## ", OverviewTitle(overview), "（截至", DayOf(overview.today()), "）\n\n");
  absl::StrAppend(&out, MarkdownTable(OverviewTable(overview)));
  const std::string late = LateReportsLine(overview);
  if (!late.empty()) absl::StrAppend(&out, "\n", late, "\n");
  if (overview.county_report().rows_size() > 0) {
    absl::StrAppend(&out, "\n", RenderReport(overview.county_report(), ReportFormat::kMarkdown));
  }
  return out;
}

}  // namespace

std::string RenderBulletin(const v1::Bulletin& bulletin, ReportFormat format) {
  switch (format) {
    case ReportFormat::kCsv:
      return CsvTable(BulletinTable(bulletin, true, ""));
    case ReportFormat::kHtml:
      return BulletinHtml(bulletin);
    case ReportFormat::kMarkdown:
      break;
  }
  return BulletinMarkdown(bulletin);
}

std::string RenderCountyOverview(const v1::CountyOverview& overview, ReportFormat format) {
  switch (format) {
    case ReportFormat::kCsv:
      return CsvTable(OverviewTable(overview));
    case ReportFormat::kHtml:
      return OverviewHtml(overview);
    case ReportFormat::kMarkdown:
      break;
  }
  return OverviewMarkdown(overview);
}

}  // namespace gongkai
