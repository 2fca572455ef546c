// The county overview's counters a case counts in (rules/agency_counts.h), exactly.
#include "rules/agency_counts.h"

#include <gtest/gtest.h>

#include "rules/report_counts.h"

namespace gongkai {
namespace {

using Fields = std::vector<std::string>;

v1::Case Received(const char* receipt_date) {
  v1::Case c;
  c.set_case_number("2026-000123");
  c.set_agency("czj");
  c.set_state(v1::CASE_STATE_IN_DEPARTMENT);
  c.mutable_request()->set_received_date("2026-02-27");
  c.mutable_deadline()->set_receipt_date(receipt_date);
  return c;
}

TEST(AgencyCounts, AnOpenCaseCountsAsReceivedInItsYearAndMonthAndOpen) {
  EXPECT_EQ(AgencyCounters(Received("2026-03-02")),
            (Fields{"received:2026", "received:2026-03", "open"}));
  EXPECT_EQ(AgencyCounters(v1::Case()), Fields{});
}

TEST(AgencyCounts, AReplyCountsOnTimeOrLateInTheMonthItClosed) {
  v1::Case replied = Received("2026-03-02");
  replied.set_state(v1::CASE_STATE_CLOSED);
  replied.set_closed_on("2026-04-08");
  replied.mutable_delivery()->set_delivered_on("2026-04-08");
  replied.set_replied_on_time(false);
  EXPECT_EQ(AgencyCounters(replied), (Fields{"received:2026", "received:2026-03", "closed:2026",
                                             "closed:2026-04", "late:2026", "late:2026-04"}));
  replied.set_replied_on_time(true);
  EXPECT_EQ(AgencyCounters(replied).back(), "on_time:2026-04");
}

TEST(AgencyCounts, ClosingWithoutAReplyIsNeitherOnTimeNorLate) {
  // The applicant did not supplement (Art. 30): closed, but no reply was delivered.
  v1::Case lapsed = Received("2026-03-02");
  lapsed.set_state(v1::CASE_STATE_CLOSED);
  lapsed.set_closed_on("2026-05-06");
  EXPECT_EQ(AgencyCounters(lapsed),
            (Fields{"received:2026", "received:2026-03", "closed:2026", "closed:2026-05"}));
}

TEST(AgencyCounts, ClosingMovesTheCaseFromOpenToItsClosingCounters) {
  const v1::Case open = Received("2026-03-02");
  v1::Case closed = open;
  closed.set_state(v1::CASE_STATE_CLOSED);
  closed.set_closed_on("2026-03-20");
  closed.mutable_delivery()->set_delivered_on("2026-03-20");
  closed.set_replied_on_time(true);
  EXPECT_EQ(CounterChanges(AgencyCounters(open), AgencyCounters(closed)),
            (std::vector<std::pair<std::string, int>>{{"closed:2026", +1},
                                                      {"closed:2026-03", +1},
                                                      {"on_time:2026", +1},
                                                      {"on_time:2026-03", +1},
                                                      {"open", -1}}));
}

}  // namespace
}  // namespace gongkai
