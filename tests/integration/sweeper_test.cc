// The sweeper against a real Redis with cases registered through the intake service, driven by
// an injected clock: notices at their moments, once, whoever sweeps.
#include "sweeper.h"

#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/clock.h"
#include "calendar/deadline.h"
#include "redis/keys.h"
#include "rules/case_number.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

v1::Case Register(TestStack& stack, const std::string& id, int days_ago) {
  v1::RegisterRequest request = SampleRegistration(id, "县财政预算");
  request.mutable_request()->set_received_date(FormatDay(Today() - days_ago));
  v1::RegisterResponse response;
  EXPECT_TRUE(stack.intake().Register(TestStack::As("w1", "clerk").get(), request, &response).ok());
  return response.case_();
}

// Every notice on every partition's stream: (case, kind) → the entry's fields.
std::multimap<std::pair<std::string, std::string>, std::map<std::string, std::string>> Notices(
    TestStack& stack) {
  std::multimap<std::pair<std::string, std::string>, std::map<std::string, std::string>> all;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    auto entries = stack.redis().Command({"XRANGE", keys::Notices(partition), "-", "+"});
    for (size_t i = 0; i < entries->size(); ++i) {
      const RedisReply fields = entries->element(i).element(1);
      std::map<std::string, std::string> entry;
      for (size_t f = 0; f + 1 < fields.size(); f += 2) {
        entry[std::string(fields.element(f).str())] = std::string(fields.element(f + 1).str());
      }
      // One entry lists the cases of a department and due date.
      std::vector<std::string> cases = absl::StrSplit(entry["cases"], ',');
      EXPECT_EQ(std::to_string(cases.size()), entry["count"]);
      for (const std::string& number : cases) {
        all.emplace(std::make_pair(number, entry["kind"]), entry);
      }
    }
  }
  return all;
}

absl::Time StartOf(absl::CivilDay day) { return absl::FromCivil(day, ChinaTimeZone()); }

TEST(Sweeper, RaisesEachNoticeAtItsMomentAndOnlyOnce) {
  TestStack stack;
  stack.Start("intake");
  const v1::Case registered = Register(stack, "sweep-one-1", 0);
  absl::CivilDay due;
  ASSERT_TRUE(ParseDay(registered.deadline().due_date(), &due));
  const SweeperOptions options;

  // Today: 20 working days to go, nothing to say.
  auto first = SweepOnce(stack.redis(), ShippedCalendar(), absl::Now(), options);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->notices, 0);

  // The first day with 5 working days left.
  absl::CivilDay five_left = Today();
  while (*AddWorkingDays(ShippedCalendar(), five_left, 5) < due) ++five_left;
  EXPECT_EQ(
      SweepOnce(stack.redis(), ShippedCalendar(), StartOf(five_left) - absl::Seconds(1), options)
          ->notices,
      0);
  EXPECT_EQ(SweepOnce(stack.redis(), ShippedCalendar(),
                      StartOf(five_left) + absl::Milliseconds(300), options)
                ->notices,
            1);
  // The last second of the due day: the one-day notice, not yet overdue.
  EXPECT_EQ(
      SweepOnce(stack.redis(), ShippedCalendar(), StartOf(due + 1) - absl::Seconds(1), options)
          ->notices,
      1);
  // Just past the end of the due day: overdue, to the department and the managers.
  EXPECT_EQ(SweepOnce(stack.redis(), ShippedCalendar(), StartOf(due + 1) + absl::Milliseconds(300),
                      options)
                ->notices,
            1);
  EXPECT_EQ(SweepOnce(stack.redis(), ShippedCalendar(), StartOf(due + 2), options)->notices, 0);

  const auto notices = Notices(stack);
  ASSERT_EQ(notices.size(), 3u);
  const std::string number = registered.case_number();
  const auto overdue = notices.find({number, "overdue"});
  ASSERT_NE(overdue, notices.end());
  EXPECT_EQ(overdue->second.at("notify"), "department,managers");
  EXPECT_EQ(overdue->second.at("due_date"), registered.deadline().due_date());
  EXPECT_EQ(overdue->second.at("department"), "");  // routing is not running: unassigned
  EXPECT_EQ(notices.find({number, "due_soon_5"})->second.at("notify"), "department");
  EXPECT_EQ(notices.count({number, "due_soon_1"}), 1u);
}

TEST(Sweeper, NoticesAConsultationWhoseFifteenDaysRanOut) {
  TestStack stack;
  stack.Start("intake");
  stack.Start("tracker");
  const v1::Case registered = Register(stack, "sweep-consult-1", 0);
  v1::StartConsultationRequest consult;
  consult.set_case_number(registered.case_number());
  consult.set_party_type(v1::CONSULTED_PARTY_THIRD_PARTY);
  consult.set_party("某建材公司");
  consult.set_sent_on(FormatDay(Today()));
  v1::CaseAck ack;
  // Not routed yet (no routing service): a reviewer, not bound to a department, consults.
  ASSERT_TRUE(
      stack.tracker().StartConsultation(TestStack::As("r1", "reviewer").get(), consult, &ack).ok());
  const absl::CivilDay answer_due = *AddWorkingDays(ShippedCalendar(), Today(), 15);
  const CaseNumber number = *ParseCaseNumber(registered.case_number());
  // While consulting, the case waits in the consulting index, not the due index.
  EXPECT_FALSE(
      stack.redis()
          .Command({"ZSCORE", keys::Consulting(PartitionOf(number)), registered.case_number()})
          ->is_nil());
  EXPECT_TRUE(
      stack.redis()
          .Command({"ZSCORE", keys::DueIndex(PartitionOf(number)), registered.case_number()})
          ->is_nil());

  const SweeperOptions options;
  EXPECT_EQ(SweepOnce(stack.redis(), ShippedCalendar(), StartOf(answer_due + 1) - absl::Seconds(1),
                      options)
                ->notices,
            0);
  EXPECT_EQ(SweepOnce(stack.redis(), ShippedCalendar(),
                      StartOf(answer_due + 1) + absl::Milliseconds(1), options)
                ->notices,
            1);
  const auto notices = Notices(stack);
  const auto lapsed = notices.find({registered.case_number(), "consultation_lapsed"});
  ASSERT_NE(lapsed, notices.end());
  EXPECT_EQ(lapsed->second.at("due_date"), FormatDay(answer_due));
  EXPECT_EQ(lapsed->second.at("notify"), "department");
}

TEST(Sweeper, TwoSweepersAtOnceGiveEachNoticeOnce) {
  TestStack stack;
  stack.Start("intake");
  std::vector<std::string> numbers;
  for (int i = 0; i < 120; ++i) {
    numbers.push_back(Register(stack, absl::StrCat("sweep-two-", i), 40 + i % 30).case_number());
  }
  // Small batches, so that the two sweepers interleave over many passes.
  SweeperOptions options;
  options.batch = 3;
  std::atomic<int> given = 0;
  auto sweep = [&] {
    RedisOptions redis_options = stack.ServiceOptions();
    RedisConnection redis(redis_options);
    for (int pass = 0; pass < 40; ++pass) {
      auto result = SweepOnce(redis, ShippedCalendar(), absl::Now(), options);
      ASSERT_TRUE(result.ok()) << result.status();
      given += result->notices;
    }
  };
  std::thread a(sweep), b(sweep);
  a.join();
  b.join();
  EXPECT_EQ(given.load(), 120);
  const auto notices = Notices(stack);
  EXPECT_EQ(notices.size(), 120u);
  for (const std::string& number : numbers) {
    EXPECT_EQ(notices.count({number, "overdue"}), 1u) << number;
  }
}

}  // namespace
}  // namespace gongkai::testing
