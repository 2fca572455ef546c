// Amendments to a published annual report: the cells of a year's tables that one case's change
// moves, exactly.
#include "rules/report_amendments.h"

#include <gtest/gtest.h>

namespace gongkai {
namespace {

using Deltas = std::vector<ReportCellDelta>;
using Fields = std::vector<std::string>;

TEST(ReportAmendments, ARequestOfAPublishedYearRegisteredLateMovesItsReceivedAndCarriedOver) {
  const Fields after = {"new:2025:1", "open:2025:1"};
  EXPECT_EQ(EarliestCounterYear({}, after), 2025);
  EXPECT_EQ(ReportTableChanges(2025, {}, after),
            (Deltas{{"1/0", 1}, {"1/6", 1}, {"4/0", 1}, {"4/6", 1}}));
  // The next year it is carried over into, and still carried out of.
  EXPECT_EQ(ReportTableChanges(2026, {}, after),
            (Deltas{{"2/0", 1}, {"2/6", 1}, {"4/0", 1}, {"4/6", 1}}));
}

TEST(ReportAmendments, AYearBeforeTheFirstReportCountsAsTheFirstReportsYear) {
  // A damaged date of year 1: the case was open, so carried over into every report since 2000,
  // and correcting it moves those reports; the years before 2000 have none to move.
  const Fields before = {"new:0001:1", "open:0001:1"};
  const Fields after = {"new:2025:1", "open:2025:1"};
  EXPECT_EQ(EarliestCounterYear(before, after), 2000);
  EXPECT_EQ(ReportTableChanges(2000, before, after),
            (Deltas{{"2/0", -1}, {"2/6", -1}, {"4/0", -1}, {"4/6", -1}}));
  // A year after the last report moves none; one of 1999 still starts at 2000.
  EXPECT_EQ(EarliestCounterYear({"new:9999:1"}, {"new:2100:1"}), 2100);
  EXPECT_EQ(EarliestCounterYear({"new:1999:1"}, {"new:2101:1"}), 2000);
  EXPECT_EQ(EarliestCounterYear({"new:2101:1"}, {}), 0);
}

TEST(ReportAmendments, ClosingACarriedOverCaseLeavesItsReceiptYearAlone) {
  // Received 2025 by a company, closed in 2026 as 予以公开: 2025 still shows it open at its end.
  const Fields before = {"new:2025:2", "open:2025:2"};
  const Fields after = {"new:2025:2", "done:2026:3.1:2", "late:2026:2025:2"};
  EXPECT_EQ(ReportTableChanges(2025, before, after), Deltas{});
  EXPECT_EQ(
      ReportTableChanges(2026, before, after),
      (Deltas{{"3.1/1", 1}, {"3.1/6", 1}, {"3.7/1", 1}, {"3.7/6", 1}, {"4/1", -1}, {"4/6", -1}}));
}

TEST(ReportAmendments, ARedressDecidedLaterMovesTableFourOfThatYear) {
  const Fields before = {"new:2025:1", "done:2025:3.1:1", "rdf:2025:1"};
  const Fields after = {"new:2025:1", "done:2025:3.1:1", "rdf:2025:1", "rdd:2026:1:2"};
  EXPECT_EQ(ReportTableChanges(2025, before, after), Deltas{});
  EXPECT_EQ(ReportTableChanges(2026, before, after), (Deltas{{"四/1/0", 1}, {"四/1/3", -1}}));
}

// The answers are remembered per thread: asked again, the same cells; the change undone, the
// same cells the other way; another year, that year's.
TEST(ReportAmendments, AChangeAskedAgainOrUndoneGivesItsOwnCells) {
  const Fields before = {"new:2025:2", "open:2025:2"};
  const Fields after = {"new:2025:2", "done:2026:3.1:2", "late:2026:2025:2"};
  const Deltas closed = {{"3.1/1", 1}, {"3.1/6", 1}, {"3.7/1", 1},
                         {"3.7/6", 1}, {"4/1", -1},  {"4/6", -1}};
  const Deltas reopened = {{"3.1/1", -1}, {"3.1/6", -1}, {"3.7/1", -1},
                           {"3.7/6", -1}, {"4/1", 1},    {"4/6", 1}};
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(ReportTableChanges(2026, before, after), closed);
    EXPECT_EQ(ReportTableChanges(2026, after, before), reopened);
    EXPECT_EQ(ReportTableChanges(2025, before, after), Deltas{});
  }
  EXPECT_EQ(ReportTableChanges(2026, {}, {}), Deltas{});
}

TEST(ReportAmendments, CellChangesReadBackAndReadInChinese) {
  const Deltas deltas = {{"3.1/0", 1}, {"四/1/3", -1}};
  EXPECT_EQ(FormatCellDeltas(deltas), "3.1/0:1,四/1/3:-1");
  EXPECT_EQ(*ParseCellDeltas("3.1/0:1,四/1/3:-1"), deltas);
  EXPECT_TRUE(ParseCellDeltas("").value().empty());
  EXPECT_EQ(ParseCellDeltas("3.1/0").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseCellDeltas(":1").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReportCellLabel("3.1/0"), "三（一）予以公开 · 自然人");
  EXPECT_EQ(ReportCellLabel("1/6"), "一、本年新收政府信息公开申请数量 · 总计");
  EXPECT_EQ(ReportCellLabel("3.3.4/1"), "三4.保护第三方合法权益 · 商业企业");
  EXPECT_EQ(ReportCellLabel("四/1/0"), "四 行政复议 · 结果维持");
  EXPECT_EQ(ReportCellLabel("9.9/0"), "9.9/0");
}

}  // namespace
}  // namespace gongkai
