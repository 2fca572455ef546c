#include "rules/annual_report.h"

#include <gtest/gtest.h>

#include "documents/report_rendering.h"
#include "rules/outcomes.h"
#include "rules/report_counts.h"

namespace gongkai {
namespace {

std::vector<int64_t> Row(const v1::AnnualReport& report, const std::string& key) {
  const v1::ReportRow* row = FindRow(report, key);
  EXPECT_NE(row, nullptr) << key;
  return row == nullptr ? std::vector<int64_t>{}
                        : std::vector<int64_t>(row->values().begin(), row->values().end());
}

v1::Case Registered(v1::ApplicantType type, const std::string& receipt) {
  v1::Case c;
  c.set_state(v1::CASE_STATE_IN_DEPARTMENT);
  c.mutable_applicant()->set_type(type);
  c.mutable_request()->set_received_date(receipt);
  c.mutable_deadline()->set_receipt_date(receipt);
  return c;
}

v1::Case Closed(v1::Case c, v1::Outcome outcome, const std::string& on) {
  c.set_state(v1::CASE_STATE_CLOSED);
  c.mutable_draft()->set_outcome(outcome);
  c.set_closed_on(on);
  return c;
}

// Every outcome is counted in exactly one cell of table 三; 予以公开 takes two outcomes (already
// proactively disclosed answers count with it), and so does 本机关不掌握 (not held, and not this
// agency's to disclose).
TEST(AnnualReport, EveryOutcomeMapsToItsCell) {
  const std::map<v1::Outcome, std::string> expected = {
      {v1::OUTCOME_DISCLOSED, "3.1"},
      {v1::OUTCOME_ALREADY_PUBLIC, "3.1"},
      {v1::OUTCOME_PARTIALLY_DISCLOSED, "3.2"},
      {v1::OUTCOME_WITHHELD_STATE_SECRET, "3.3.1"},
      {v1::OUTCOME_WITHHELD_PROHIBITED_BY_LAW, "3.3.2"},
      {v1::OUTCOME_WITHHELD_SECURITY_STABILITY, "3.3.3"},
      {v1::OUTCOME_WITHHELD_THIRD_PARTY, "3.3.4"},
      {v1::OUTCOME_WITHHELD_INTERNAL_AFFAIRS, "3.3.5"},
      {v1::OUTCOME_WITHHELD_PROCESS_INFORMATION, "3.3.6"},
      {v1::OUTCOME_WITHHELD_ENFORCEMENT_FILE, "3.3.7"},
      {v1::OUTCOME_WITHHELD_QUERY_MATTER, "3.3.8"},
      {v1::OUTCOME_UNAVAILABLE_NOT_HELD, "3.4.1"},
      {v1::OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY, "3.4.1"},
      {v1::OUTCOME_UNAVAILABLE_NEEDS_CREATION, "3.4.2"},
      {v1::OUTCOME_UNAVAILABLE_STILL_UNCLEAR, "3.4.3"},
      {v1::OUTCOME_NOT_PROCESSED_PETITION, "3.5.1"},
      {v1::OUTCOME_NOT_PROCESSED_REPEAT, "3.5.2"},
      {v1::OUTCOME_NOT_PROCESSED_PUBLICATION, "3.5.3"},
      {v1::OUTCOME_NOT_PROCESSED_EXCESSIVE, "3.5.4"},
      {v1::OUTCOME_NOT_PROCESSED_CONFIRMATION, "3.5.5"},
      {v1::OUTCOME_OTHER_NO_SUPPLEMENT, "3.6.1"},
      {v1::OUTCOME_OTHER_FEE_UNPAID, "3.6.2"},
      {v1::OUTCOME_OTHER, "3.6.3"},
  };
  ASSERT_EQ(AllOutcomes().size(), expected.size());
  for (int value = v1::Outcome_MIN + 1; value <= v1::Outcome_MAX; ++value) {
    const auto outcome = static_cast<v1::Outcome>(value);
    const OutcomeInfo* info = FindOutcome(outcome);
    ASSERT_NE(info, nullptr) << v1::Outcome_Name(outcome);
    EXPECT_EQ(std::string(info->report_row), expected.at(outcome)) << v1::Outcome_Name(outcome);
    EXPECT_EQ(info->needs_sign_off,
              info->report_row.substr(0, 3) == "3.3" || info->report_row == "3.2")
        << v1::Outcome_Name(outcome);

    // One case closed with it lands in that cell and the total, in its column only; the group
    // heading above a numbered cell has no figures.
    ReportCounterValues counters;
    for (const std::string& field :
         ReportCounters(Closed(Registered(v1::APPLICANT_TYPE_RESEARCH_INSTITUTION, "2026-03-02"),
                               outcome, "2026-03-20"))) {
      counters[field] += 1;
    }
    auto report = BuildAnnualReport(2026, counters);
    ASSERT_TRUE(report.ok()) << report.status();
    const std::vector<int64_t> one = {0, 0, 1, 0, 0, 0, 1};
    EXPECT_EQ(Row(*report, std::string(info->report_row)), one) << v1::Outcome_Name(outcome);
    EXPECT_EQ(Row(*report, "3.7"), one);
    EXPECT_EQ(Row(*report, "1"), one);
    if (info->report_row.size() > 3) {
      EXPECT_EQ(FindRow(*report, std::string(info->report_row.substr(0, 3)))->values_size(), 0);
    }
  }
}

TEST(AnnualReport, LabelsAreTheTemplatesCharacterForCharacter) {
  auto report = BuildAnnualReport(2026, {});
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->rows_size(), 30);
  EXPECT_EQ(report->rows(0).label(), "一、本年新收政府信息公开申请数量");
  EXPECT_EQ(FindRow(*report, "3.2")->label(),
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）");
  EXPECT_EQ(FindRow(*report, "3.3.3")->label(), "3.危及“三安全一稳定”");
  EXPECT_EQ(FindRow(*report, "3.6.1")->label(),
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请");
  EXPECT_EQ(FindRow(*report, "4")->label(), "四、结转下年度继续办理");
  // Headings: 三 and the group labels （三）-（六） carry no figures; （一）（二）（七） do.
  for (const char* heading : {"3", "3.3", "3.4", "3.5", "3.6"}) {
    EXPECT_EQ(FindRow(*report, heading)->values_size(), 0) << heading;
  }
  for (const char* counted : {"3.1", "3.2", "3.3.1", "3.6.3", "3.7"}) {
    EXPECT_EQ(FindRow(*report, counted)->values_size(), 7) << counted;
  }
  EXPECT_EQ(report->columns(4), "法律服务机构");
  EXPECT_EQ(report->redress_size(), 3);
}

// Counters written out by hand: three years of an office's cases.
TEST(AnnualReport, CarryOverFollowsCasesAcrossYears) {
  ReportCounterValues counters = {
      // 2025: 4 natural persons, 1 enterprise received; 2 persons closed in 2025 (disclosed,
      // not held); 1 person and the enterprise closed in 2026; 1 person still open.
      {"new:2025:1", 4},
      {"new:2025:2", 1},
      {"done:2025:3.1:1", 1},
      {"done:2025:3.4.1:1", 1},
      {"done:2026:3.2:1", 1},
      {"late:2026:2025:1", 1},
      {"done:2026:3.3.4:2", 1},
      {"late:2026:2025:2", 1},
      {"open:2025:1", 1},
      // 2026: 3 persons, 2 law firms received; 2 persons and 1 law firm closed; 2 open.
      {"new:2026:1", 3},
      {"new:2026:5", 2},
      {"done:2026:3.1:1", 2},
      {"done:2026:3.5.2:5", 1},
      {"open:2026:1", 1},
      {"open:2026:5", 1},
      // A reconsideration filed in 2026, maintained in 2026; a lawsuit pending.
      {"rdf:2026:1", 1},
      {"rdd:2026:1:2", 1},
      {"rdf:2026:2", 1},
  };
  auto y2025 = BuildAnnualReport(2025, counters);
  ASSERT_TRUE(y2025.ok()) << y2025.status();
  EXPECT_EQ(Row(*y2025, "1"), (std::vector<int64_t>{4, 1, 0, 0, 0, 0, 5}));
  EXPECT_EQ(Row(*y2025, "2"), (std::vector<int64_t>{0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Row(*y2025, "3.1"), (std::vector<int64_t>{1, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Row(*y2025, "3.4.1"), (std::vector<int64_t>{1, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Row(*y2025, "3.7"), (std::vector<int64_t>{2, 0, 0, 0, 0, 0, 2}));
  EXPECT_EQ(Row(*y2025, "4"), (std::vector<int64_t>{2, 1, 0, 0, 0, 0, 3}));

  auto y2026 = BuildAnnualReport(2026, counters);
  ASSERT_TRUE(y2026.ok()) << y2026.status();
  EXPECT_EQ(Row(*y2026, "1"), (std::vector<int64_t>{3, 0, 0, 0, 2, 0, 5}));
  EXPECT_EQ(Row(*y2026, "2"), (std::vector<int64_t>{2, 1, 0, 0, 0, 0, 3}));
  EXPECT_EQ(Row(*y2026, "3.1"), (std::vector<int64_t>{2, 0, 0, 0, 0, 0, 2}));
  EXPECT_EQ(Row(*y2026, "3.2"), (std::vector<int64_t>{1, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Row(*y2026, "3.3.4"), (std::vector<int64_t>{0, 1, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Row(*y2026, "3.5.2"), (std::vector<int64_t>{0, 0, 0, 0, 1, 0, 1}));
  EXPECT_EQ(Row(*y2026, "3.7"), (std::vector<int64_t>{3, 1, 0, 0, 1, 0, 5}));
  EXPECT_EQ(Row(*y2026, "4"), (std::vector<int64_t>{2, 0, 0, 0, 1, 0, 3}));
  // 行政复议: 维持 1, total 1; 直接起诉: 尚未审结 1, total 1.
  EXPECT_EQ(
      std::vector<int64_t>(y2026->redress(0).values().begin(), y2026->redress(0).values().end()),
      (std::vector<int64_t>{1, 0, 0, 0, 1}));
  EXPECT_EQ(
      std::vector<int64_t>(y2026->redress(1).values().begin(), y2026->redress(1).values().end()),
      (std::vector<int64_t>{0, 0, 0, 1, 1}));

  auto y2027 = BuildAnnualReport(2027, counters);
  ASSERT_TRUE(y2027.ok());
  EXPECT_EQ(Row(*y2027, "2"), Row(*y2026, "4"));  // next year's 二 is this year's 四
}

TEST(AnnualReport, RefusesATableThatDoesNotBalance) {
  // A case closed in 2025 although received in 2026 (a back-dated close) breaks 2025's column.
  ReportCounterValues counters = {{"new:2026:1", 1}, {"done:2025:3.1:1", 1}};
  auto report = BuildAnnualReport(2025, counters);
  EXPECT_EQ(report.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(report.status().message(),
            "2025 年表三“自然人”一列不平衡：新收 0 + 上年结转 0 ≠ 办理结果总计 1 + 结转下年度 0；"
            "可能有案件办结日期早于收到年度，或统计数据已损坏，不能生成报告；请联系系统管理员核查");
  EXPECT_EQ(BuildAnnualReport(2026, {{"open:2026:1", -1}}).status().message(),
            "年度报告的统计数据已损坏（出现负数），不能生成报告；请联系系统管理员核查");
  EXPECT_EQ(BuildAnnualReport(2026, {{"open:2026:1", -1}}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(BuildAnnualReport(1999, {}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ReportCounts, ACaseMovesBetweenCountersAsItCloses) {
  const v1::Case open = Registered(v1::APPLICANT_TYPE_NATURAL_PERSON, "2025-12-30");
  EXPECT_EQ(ReportCounters(open), (std::vector<std::string>{"new:2025:1", "open:2025:1"}));
  EXPECT_TRUE(ReportCounters(v1::Case()).empty());
  const v1::Case closed = Closed(open, v1::OUTCOME_WITHHELD_STATE_SECRET, "2026-01-20");
  EXPECT_EQ(ReportCounters(closed),
            (std::vector<std::string>{"new:2025:1", "done:2026:3.3.1:1", "late:2026:2025:1"}));
  EXPECT_EQ(CounterChanges(ReportCounters(open), ReportCounters(closed)),
            (std::vector<std::pair<std::string, int>>{
                {"done:2026:3.3.1:1", 1}, {"late:2026:2025:1", 1}, {"open:2025:1", -1}}));

  v1::Case appealed = closed;
  v1::Redress& redress = *appealed.add_redress();
  redress.set_kind(v1::REDRESS_KIND_RECONSIDERATION);
  redress.set_filed_on("2026-02-10");
  redress.set_result(v1::REDRESS_RESULT_PENDING);
  EXPECT_EQ(CounterChanges(ReportCounters(closed), ReportCounters(appealed)),
            (std::vector<std::pair<std::string, int>>{{"rdf:2026:1", 1}}));
  v1::Case decided = appealed;
  decided.mutable_redress(0)->set_result(v1::REDRESS_RESULT_CORRECTED);
  decided.mutable_redress(0)->set_decided_on("2027-01-05");
  EXPECT_EQ(CounterChanges(ReportCounters(appealed), ReportCounters(decided)),
            (std::vector<std::pair<std::string, int>>{{"rdd:2027:1:3", 1}}));
}

// A complaint of no reply (不作为) counts while the case is still open.
TEST(ReportCounts, RedressAgainstAnOpenCaseCounts) {
  v1::Case open = Registered(v1::APPLICANT_TYPE_COMMERCIAL_ENTERPRISE, "2026-03-02");
  v1::Redress& redress = *open.add_redress();
  redress.set_kind(v1::REDRESS_KIND_LITIGATION_DIRECT);
  redress.set_against_inaction(true);
  redress.set_filed_on("2026-05-06");
  redress.set_result(v1::REDRESS_RESULT_OTHER);
  redress.set_decided_on("2026-09-30");
  EXPECT_EQ(ReportCounters(open),
            (std::vector<std::string>{"new:2026:2", "open:2026:2", "rdf:2026:2", "rdd:2026:2:4"}));
}

std::vector<int64_t> Redress(const v1::AnnualReport& report, v1::RedressKind kind) {
  for (const v1::RedressRow& row : report.redress()) {
    if (row.kind() == kind) return std::vector<int64_t>(row.values().begin(), row.values().end());
  }
  ADD_FAILURE() << v1::RedressKind_Name(kind);
  return {};
}

// Table 四 as the template means it: results in the year decided, 尚未审结 for what was open at
// the year's end, 总计 their sum.
TEST(AnnualReport, RedressCountsInTheYearDecidedAndPendingAtEachYearEnd) {
  const v1::Case answered = Closed(Registered(v1::APPLICANT_TYPE_NATURAL_PERSON, "2025-09-01"),
                                   v1::OUTCOME_WITHHELD_THIRD_PARTY, "2025-09-20");
  auto redress = [](v1::RedressKind kind, const std::string& filed, v1::RedressResult result,
                    const std::string& decided) {
    v1::Redress r;
    r.set_kind(kind);
    r.set_filed_on(filed);
    r.set_result(result);
    r.set_decided_on(decided);
    return r;
  };
  v1::Case c = answered;
  // Filed 2025-11, corrected 2026-02.
  *c.add_redress() = redress(v1::REDRESS_KIND_RECONSIDERATION, "2025-11-10",
                             v1::REDRESS_RESULT_CORRECTED, "2026-02-03");
  // Filed 2025, still pending.
  *c.add_redress() =
      redress(v1::REDRESS_KIND_LITIGATION_DIRECT, "2025-12-01", v1::REDRESS_RESULT_PENDING, "");
  // Filed and decided (maintained) in 2026.
  *c.add_redress() = redress(v1::REDRESS_KIND_LITIGATION_AFTER_RECONSIDERATION, "2026-03-02",
                             v1::REDRESS_RESULT_MAINTAINED, "2026-06-15");
  ReportCounterValues counters;
  for (const std::string& field : ReportCounters(c)) counters[field] += 1;

  auto y2025 = BuildAnnualReport(2025, counters);
  ASSERT_TRUE(y2025.ok()) << y2025.status();
  // 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
  EXPECT_EQ(Redress(*y2025, v1::REDRESS_KIND_RECONSIDERATION),
            (std::vector<int64_t>{0, 0, 0, 1, 1}));
  EXPECT_EQ(Redress(*y2025, v1::REDRESS_KIND_LITIGATION_DIRECT),
            (std::vector<int64_t>{0, 0, 0, 1, 1}));
  EXPECT_EQ(Redress(*y2025, v1::REDRESS_KIND_LITIGATION_AFTER_RECONSIDERATION),
            (std::vector<int64_t>{0, 0, 0, 0, 0}));

  auto y2026 = BuildAnnualReport(2026, counters);
  ASSERT_TRUE(y2026.ok()) << y2026.status();
  EXPECT_EQ(Redress(*y2026, v1::REDRESS_KIND_RECONSIDERATION),
            (std::vector<int64_t>{0, 1, 0, 0, 1}));
  EXPECT_EQ(Redress(*y2026, v1::REDRESS_KIND_LITIGATION_DIRECT),
            (std::vector<int64_t>{0, 0, 0, 1, 1}));
  EXPECT_EQ(Redress(*y2026, v1::REDRESS_KIND_LITIGATION_AFTER_RECONSIDERATION),
            (std::vector<int64_t>{1, 0, 0, 0, 1}));

  auto y2024 = BuildAnnualReport(2024, counters);
  ASSERT_TRUE(y2024.ok());
  EXPECT_EQ(Redress(*y2024, v1::REDRESS_KIND_RECONSIDERATION),
            (std::vector<int64_t>{0, 0, 0, 0, 0}));

  // More decided than filed by a year's end: damaged counters, no table.
  auto damaged = BuildAnnualReport(2026, {{"rdd:2026:1:2", 2}, {"rdf:2026:1", 1}});
  EXPECT_EQ(damaged.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      damaged.status().message(),
      "2026 年表四的行政复议不平衡：截至年底审结 2 件，而提起的只有 1 件；计数器已损坏，不出报表");
}

TEST(ReportRendering, EveryFormatCarriesTheLabelsAndFigures) {
  ReportCounterValues counters = {{"new:2026:1", 2}, {"done:2026:3.1:1", 1}, {"open:2026:1", 1}};
  auto report = BuildAnnualReport(2026, counters);
  ASSERT_TRUE(report.ok());
  const std::string md = RenderReport(*report, ReportFormat::kMarkdown);
  EXPECT_NE(md.find("| 一、本年新收政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| 　（一）予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |"), std::string::npos);
  const std::string csv = RenderReport(*report, ReportFormat::kCsv);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.find("4,\"四、结转下年度继续办理\",1,0,0,0,0,0,1\r\n"), std::string::npos) << csv;
  const std::string html = RenderReport(*report, ReportFormat::kHtml);
  EXPECT_NE(html.find("<th colspan=\"5\">法人或其他组织</th>"), std::string::npos);
  EXPECT_NE(html.find("<th rowspan=\"3\" colspan=\"2\">（本列数据的勾稽关系为"), std::string::npos);
  EXPECT_NE(html.find("size: A4 landscape"), std::string::npos);
  EXPECT_EQ(ParseReportFormat("xls").status().message(), "`format` must be md, csv or html");
}

// The heading rows （三）-（六） as the template lays them out: in HTML a label cell spanning the
// numbered sub-rows; in Markdown and CSV a row of its own with empty figures, sub-rows indented.
TEST(ReportRendering, GroupHeadingsSpanTheirSubRows) {
  auto report = BuildAnnualReport(2026, {{"new:2026:1", 1}, {"done:2026:3.3.1:1", 1}});
  ASSERT_TRUE(report.ok()) << report.status();
  const std::string html = RenderReport(*report, ReportFormat::kHtml);
  EXPECT_NE(html.find("<tr><td class=\"l1\" rowspan=\"8\">（三）不予公开</td>"
                      "<td class=\"l2\">1.属于国家秘密</td><td class=\"n\">1</td>"
                      "<td class=\"n\">0</td>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<tr><td class=\"l2\">2.其他法律行政法规禁止公开</td><td class=\"n\">0</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"l1\" rowspan=\"3\">（四）无法提供</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"l1\" rowspan=\"5\">（五）不予处理</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"l1\" rowspan=\"3\">（六）其他处理</td>"), std::string::npos);
  EXPECT_NE(html.find("<tr><td class=\"l1\" colspan=\"2\">（七）总计</td><td class=\"n\">1</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><td class=\"l0\" colspan=\"2\">三、本年度办理结果</td>"
                      "<td colspan=\"7\"></td></tr>"),
            std::string::npos);
  // 30 template rows, of which the four group labels share the row of their first sub-row.
  size_t rows = 0;
  for (size_t at = html.find("<tr>"); at != std::string::npos; at = html.find("<tr>", at + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, 3 + 26 + 3 + 1);  // table 三's heading, body; table 四's heading, body

  const std::string md = RenderReport(*report, ReportFormat::kMarkdown);
  EXPECT_NE(md.find("| 　（三）不予公开 | | | | | | | |\n| 　　1.属于国家秘密 | 1 | 0 | 0 | 0 | 0 "
                    "| 0 | 1 |\n"),
            std::string::npos)
      << md;
  const std::string csv = RenderReport(*report, ReportFormat::kCsv);
  EXPECT_NE(
      csv.find("3.3,\"　（三）不予公开\",,,,,,,\r\n3.3.1,\"　　1.属于国家秘密\",1,0,0,0,0,0,1\r\n"),
      std::string::npos)
      << csv;
}

}  // namespace
}  // namespace gongkai
