// The weekly trend counters a case counts in (rules/trend_counts.h): the Monday-start week of its
// receipt and of its closing, for its agency and for the unit holding it.
#include "rules/trend_counts.h"

#include <gtest/gtest.h>

#include "rules/report_counts.h"

namespace gongkai {
namespace {

using Fields = std::vector<std::string>;

v1::Case Received(const char* receipt_date, const char* department) {
  v1::Case c;
  c.set_case_number("2026-000123");
  c.set_state(v1::CASE_STATE_IN_DEPARTMENT);
  c.set_agency("czj");
  c.set_department(department);
  c.mutable_request()->set_received_date("2026-11-01");
  c.mutable_deadline()->set_receipt_date(receipt_date);
  return c;
}

TEST(TrendCounts, WeeksStartOnMonday) {
  EXPECT_EQ(WeekStart(absl::CivilDay(2026, 11, 4)), absl::CivilDay(2026, 11, 2));  // Wednesday
  EXPECT_EQ(WeekStart(absl::CivilDay(2026, 11, 2)), absl::CivilDay(2026, 11, 2));  // Monday
  EXPECT_EQ(WeekStart(absl::CivilDay(2026, 11, 8)), absl::CivilDay(2026, 11, 2));  // Sunday
  EXPECT_EQ(WeekStart(absl::CivilDay(2027, 1, 1)), absl::CivilDay(2026, 12, 28));  // over a year
  EXPECT_EQ(TrendField("recv", absl::CivilDay(2026, 1, 5), "czj"), "recv:20260105:czj");
  EXPECT_EQ(TrendField("closed", absl::CivilDay(2026, 1, 5), "czj", ""), "closed:20260105:czj:");
  EXPECT_EQ(TrendField("closed", absl::CivilDay(2026, 1, 5), "czj", "ysg"),
            "closed:20260105:czj:ysg");
}

TEST(TrendCounts, AnOpenCaseCountsInItsReceiptWeek) {
  EXPECT_EQ(TrendCounters(Received("2026-11-04", "ysg")),
            (Fields{"recv:20261102:czj", "recv:20261102:czj:ysg"}));
  EXPECT_EQ(TrendCounters(Received("2026-11-08", "")),
            (Fields{"recv:20261102:czj", "recv:20261102:czj:"}));
  EXPECT_EQ(TrendCounters(v1::Case()), Fields{});
}

TEST(TrendCounts, AClosedCaseCountsInItsClosingWeekToo) {
  v1::Case closed = Received("2026-10-30", "ysg");
  closed.set_state(v1::CASE_STATE_CLOSED);
  closed.set_closed_on("2026-11-09");
  EXPECT_EQ(TrendCounters(closed), (Fields{"recv:20261026:czj", "recv:20261026:czj:ysg",
                                           "closed:20261109:czj", "closed:20261109:czj:ysg"}));
}

TEST(TrendCounts, AHandOverMovesTheDepartmentsCountsAndLeavesTheTotals) {
  const v1::Case before = Received("2026-11-04", "ysg");
  v1::Case after = before;
  after.set_department("cgg");
  EXPECT_EQ(CounterChanges(TrendCounters(before), TrendCounters(after)),
            (std::vector<std::pair<std::string, int>>{{"recv:20261102:czj:cgg", +1},
                                                      {"recv:20261102:czj:ysg", -1}}));
}

}  // namespace
}  // namespace gongkai
