#include "rules/annual_report.h"

#include <array>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/staff_error.h"
#include "rules/outcomes.h"

namespace gongkai {
namespace {

constexpr int kColumns = 6;  // the applicant types; the seventh column is their sum
using Figures = std::array<int64_t, kColumns + 1>;

constexpr absl::string_view kColumnLabels[] = {
    "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"};

struct RowTemplate {
  absl::string_view key;
  absl::string_view label;
  int level;
  bool heading = false;  // a label over the rows below it, without figures of its own
};

// Table 三 of the 2021 template, character for character. In that template （三）-（六） are
// label cells spanning their numbered sub-rows, like 三 over its seven results: they carry no
// figures, and the numbered rows and （七） are what is counted.
constexpr RowTemplate kRows[] = {
    {"1", "一、本年新收政府信息公开申请数量", 0},
    {"2", "二、上年结转政府信息公开申请数量", 0},
    {"3", "三、本年度办理结果", 0, true},
    {"3.1", "（一）予以公开", 1},
    {"3.2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1},
    {"3.3", "（三）不予公开", 1, true},
    {"3.3.1", "1.属于国家秘密", 2},
    {"3.3.2", "2.其他法律行政法规禁止公开", 2},
    {"3.3.3", "3.危及“三安全一稳定”", 2},
    {"3.3.4", "4.保护第三方合法权益", 2},
    {"3.3.5", "5.属于三类内部事务信息", 2},
    {"3.3.6", "6.属于四类过程性信息", 2},
    {"3.3.7", "7.属于行政执法案卷", 2},
    {"3.3.8", "8.属于行政查询事项", 2},
    {"3.4", "（四）无法提供", 1, true},
    {"3.4.1", "1.本机关不掌握相关政府信息", 2},
    {"3.4.2", "2.没有现成信息需要另行制作", 2},
    {"3.4.3", "3.补正后申请内容仍不明确", 2},
    {"3.5", "（五）不予处理", 1, true},
    {"3.5.1", "1.信访举报投诉类申请", 2},
    {"3.5.2", "2.重复申请", 2},
    {"3.5.3", "3.要求提供公开出版物", 2},
    {"3.5.4", "4.无正当理由大量反复申请", 2},
    {"3.5.5", "5.要求行政机关确认或重新出具已获取信息", 2},
    {"3.6", "（六）其他处理", 1, true},
    {"3.6.1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 2},
    {"3.6.2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 2},
    {"3.6.3", "3.其他", 2},
    {"3.7", "（七）总计", 1},
    {"4", "四、结转下年度继续办理", 0},
};

constexpr absl::string_view kRedressLabels[] = {"", "行政复议", "行政诉讼（未经复议直接起诉）",
                                                "行政诉讼（复议后起诉）"};

// Only the cells an outcome is counted in.
bool IsOutcomeCell(absl::string_view key) {
  for (const OutcomeInfo& outcome : AllOutcomes()) {
    if (outcome.report_row == key) return true;
  }
  return false;
}

int ColumnIndex(absl::string_view column) {
  int c = 0;
  return absl::SimpleAtoi(column, &c) && c >= 1 && c <= kColumns ? c - 1 : -1;
}

int YearPart(absl::string_view text) {
  int y = 0;
  return absl::SimpleAtoi(text, &y) ? y : 0;
}

void AddTo(Figures& figures, int column, int64_t value) {
  if (column < 0) return;
  figures[column] += value;
  figures[kColumns] += value;
}

// Table 四's columns: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
constexpr int kPendingColumn = 3;
constexpr int kRedressTotalColumn = 4;
using RedressFigures = std::array<int64_t, 5>;

// A RedressKind (1-3) from a counter field's text; 0 when it is none.
int RedressKindPart(absl::string_view text) {
  int kind = 0;
  return absl::SimpleAtoi(text, &kind) && kind >= 1 && kind <= 3 ? kind : 0;
}

// The column of a decided result: RedressResult MAINTAINED=2, CORRECTED=3, OTHER=4 → 维持, 纠正,
// 其他; -1 for anything else.
int DecidedColumn(absl::string_view text) {
  int result = 0;
  if (!absl::SimpleAtoi(text, &result)) return -1;
  return result >= v1::REDRESS_RESULT_MAINTAINED && result <= v1::REDRESS_RESULT_OTHER
             ? result - v1::REDRESS_RESULT_MAINTAINED
             : -1;
}

}  // namespace

const v1::ReportRow* FindRow(const v1::AnnualReport& report, absl::string_view key) {
  for (const v1::ReportRow& row : report.rows()) {
    if (row.key() == key) return &row;
  }
  return nullptr;
}

absl::StatusOr<v1::AnnualReport> BuildAnnualReport(int year, const ReportCounterValues& counters) {
  if (year < kFirstReportYear || year > kLastReportYear) {
    return absl::InvalidArgumentError(
        absl::StrCat("`year` 须在 ", kFirstReportYear, " 至 ", kLastReportYear, " 之间"));
  }
  std::map<std::string, Figures> rows;
  for (const RowTemplate& row : kRows) rows[std::string(row.key)] = Figures{};
  std::array<RedressFigures, 4> redress{};  // by RedressKind 1-3
  // Filed by the end of the year, and decided by then: their difference is 尚未审结.
  std::array<int64_t, 4> filed_by_year_end{}, decided_by_year_end{};

  for (const auto& [field, value] : counters) {
    if (value < 0) {
      return StaffError(absl::StatusCode::kFailedPrecondition,
                        "年度报告的统计数据已损坏（出现负数），不能生成报告；请联系系统管理员核查",
                        absl::StrCat("the report counter ", field, " is negative (", value,
                                     "): the counters are damaged; nothing is reported"));
    }
    if (value == 0) continue;
    const std::vector<std::string> parts = absl::StrSplit(field, ':');
    const absl::string_view kind = parts[0];
    if (kind == "new" && parts.size() == 3 && YearPart(parts[1]) == year) {
      AddTo(rows["1"], ColumnIndex(parts[2]), value);
    } else if (kind == "open" && parts.size() == 3) {
      // Still open today: open at the end of every year since its receipt.
      const int received = YearPart(parts[1]);
      if (received < year) AddTo(rows["2"], ColumnIndex(parts[2]), value);
      if (received <= year) AddTo(rows["4"], ColumnIndex(parts[2]), value);
    } else if (kind == "late" && parts.size() == 4) {
      // Closed in year C, received in R < C: open at the end of the years R..C-1.
      const int closed = YearPart(parts[1]);
      const int received = YearPart(parts[2]);
      if (received < year && closed >= year) AddTo(rows["2"], ColumnIndex(parts[3]), value);
      if (received <= year && closed > year) AddTo(rows["4"], ColumnIndex(parts[3]), value);
    } else if (kind == "done" && parts.size() == 4 && YearPart(parts[1]) == year) {
      auto row = rows.find(parts[2]);
      if (row == rows.end() || !IsOutcomeCell(parts[2])) continue;
      AddTo(row->second, ColumnIndex(parts[3]), value);
      AddTo(rows["3.7"], ColumnIndex(parts[3]), value);  // （七） sums all results
    } else if (kind == "rdf" && parts.size() == 3 && YearPart(parts[1]) <= year) {
      const int redress_kind = RedressKindPart(parts[2]);
      if (redress_kind != 0) filed_by_year_end[redress_kind] += value;
    } else if (kind == "rdd" && parts.size() == 4 && YearPart(parts[1]) <= year) {
      const int redress_kind = RedressKindPart(parts[2]);
      const int column = DecidedColumn(parts[3]);
      if (redress_kind == 0 || column < 0) continue;
      decided_by_year_end[redress_kind] += value;
      if (YearPart(parts[1]) == year) redress[redress_kind][column] += value;
    }
  }

  for (int redress_kind = 1; redress_kind <= 3; ++redress_kind) {
    RedressFigures& figures = redress[redress_kind];
    figures[kPendingColumn] = filed_by_year_end[redress_kind] - decided_by_year_end[redress_kind];
    if (figures[kPendingColumn] < 0) {
      return absl::FailedPreconditionError(
          absl::StrCat(year, " 年表四的", kRedressLabels[redress_kind], "不平衡：截至年底审结 ",
                       decided_by_year_end[redress_kind], " 件，而提起的只有 ",
                       filed_by_year_end[redress_kind], " 件；计数器已损坏，不出报表"));
    }
    for (int column = 0; column < kRedressTotalColumn; ++column) {
      figures[kRedressTotalColumn] += figures[column];
    }
  }

  for (int column = 0; column <= kColumns; ++column) {
    const int64_t in = rows["1"][column] + rows["2"][column];
    const int64_t out = rows["3.7"][column] + rows["4"][column];
    if (in != out) {
      return StaffError(
          absl::StatusCode::kFailedPrecondition,
          absl::StrCat(year, " 年表三“", kColumnLabels[column], "”一列不平衡：新收 ",
                       rows["1"][column], " + 上年结转 ", rows["2"][column], " ≠ 办理结果总计 ",
                       rows["3.7"][column], " + 结转下年度 ", rows["4"][column],
                       "；可能有案件办结日期早于收到年度，或统计数据已损坏，不能生成报告；"
                       "请联系系统管理员核查"),
          absl::StrCat("the ", year, " table does not balance in column ", column, ": ",
                       rows["1"][column], " + ", rows["2"][column], " != ", rows["3.7"][column],
                       " + ", rows["4"][column],
                       "; a case closed before its receipt year or damaged counters"));
    }
  }

  v1::AnnualReport report;
  report.set_year(year);
  for (absl::string_view label : kColumnLabels) report.add_columns(std::string(label));
  for (const RowTemplate& row : kRows) {
    v1::ReportRow& out = *report.add_rows();
    out.set_key(std::string(row.key));
    out.set_label(std::string(row.label));
    out.set_level(row.level);
    if (row.heading) continue;  // the template gives it no figures
    for (int64_t value : rows[std::string(row.key)]) out.add_values(value);
  }
  for (int kind = 1; kind <= 3; ++kind) {
    v1::RedressRow& out = *report.add_redress();
    out.set_kind(static_cast<v1::RedressKind>(kind));
    out.set_label(std::string(kRedressLabels[kind]));
    for (int64_t value : redress[kind]) out.add_values(value);
  }
  return report;
}

}  // namespace gongkai
