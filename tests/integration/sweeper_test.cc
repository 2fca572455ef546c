// The sweeper against a real Redis with cases registered through the intake service, driven by
// an injected clock: notices at their moments, once, whoever sweeps.
#include "sweeper.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/clock.h"
#include "calendar/calendar_holder.h"
#include "calendar/deadline.h"
#include "redis/keys.h"
#include "rules/case_number.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

v1::Case Register(TestStack& stack, const std::string& id, int days_ago) {
  return RegisterReceived(stack, id, "县财政预算", days_ago);
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
  EXPECT_EQ(overdue->second.at("moved"), "0");  // the first department told
  EXPECT_EQ(overdue->second.at("due_date"), registered.deadline().due_date());
  // Routing is not running: unassigned, in the county government's (the clerk's) agency.
  EXPECT_EQ(overdue->second.at("department"), "xzf:");
  EXPECT_EQ(notices.find({number, "due_soon_5"})->second.at("moved"), "0");
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
  EXPECT_EQ(lapsed->second.at("moved"), "0");
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

namespace gongkai::testing {
namespace {

// How many notices of `kind` list `number`, over every partition's stream.
size_t NoticesOf(TestStack& stack, const std::string& number, const std::string& kind) {
  return Notices(stack).count({number, kind});
}

// A receipt day, as many days back as needed, whose due date lies 2 or 3 working days ahead:
// within 5 working days, not within 1.
int DaysAgoDueWithinThreeWorkingDays() {
  const absl::CivilDay first = *AddWorkingDays(ShippedCalendar(), Today(), 2);
  const absl::CivilDay last = *AddWorkingDays(ShippedCalendar(), Today(), 3);
  for (int days_ago = 1; days_ago < 60; ++days_ago) {
    auto deadline = ComputeDeadline(ShippedCalendar(), {.receipt = Today() - days_ago});
    absl::CivilDay due;
    if (deadline.ok() && ParseDay(deadline->due_date(), &due) && due >= first && due <= last) {
      return days_ago;
    }
  }
  ADD_FAILURE() << "no receipt day gives a due date within three working days";
  return 0;
}

// Changes Redis has taken since it started (every write counts, the same value written again
// too): INFO's rdb_changes_since_last_save, with snapshots off.
int64_t WritesSoFar(TestStack& stack) {
  absl::StatusOr<RedisReply> info = stack.redis().Command({"INFO", "persistence"});
  if (!info.ok()) {
    ADD_FAILURE() << info.status();
    return -1;
  }
  for (absl::string_view line : absl::StrSplit(info->str(), "\r\n")) {
    int64_t changes = 0;
    if (absl::ConsumePrefix(&line, "rdb_changes_since_last_save:") &&
        absl::SimpleAtoi(line, &changes)) {
      return changes;
    }
  }
  ADD_FAILURE() << "no rdb_changes_since_last_save in " << info->str();
  return -1;
}

// Five passes a second on every partition: a pass with nothing to say writes nothing, where
// marks written again unchanged grew an idle office's AOF by some 38 KB a second.
TEST(Sweeper, APassWithNothingNewWritesNothing) {
  TestStack stack;
  if (stack.redis_server().is_cluster()) {
    GTEST_SKIP() << "counts one server's writes; the script is the same on a cluster";
  }
  stack.Start("intake");
  const SweeperOptions options;
  Register(stack, "sweep-quiet-0", 0);
  const absl::Time now = absl::Now();
  ASSERT_EQ(SweepOnce(stack.redis(), ShippedCalendar(), now, options)->notices, 0);
  const int64_t before = WritesSoFar(stack);
  for (int pass = 0; pass < 3; ++pass) {
    ASSERT_EQ(SweepOnce(stack.redis(), ShippedCalendar(), now, options)->notices, 0);
  }
  EXPECT_EQ(WritesSoFar(stack), before);
  // A case that is overdue moves the marks and gets its notice: the pass writes again.
  Register(stack, "sweep-quiet-1", 45);
  const int64_t registered = WritesSoFar(stack);
  ASSERT_EQ(SweepOnce(stack.redis(), ShippedCalendar(), now, options)->notices, 1);
  EXPECT_GT(WritesSoFar(stack), registered);
}

TEST(Sweeper, CasesRegisteredBehindItsMarksStillGetTheirNoticesOnce) {
  TestStack stack;
  stack.Start("intake");
  const SweeperOptions options;
  // A case of today, then passes: the marks move up to the moment swept.
  Register(stack, "sweep-late-0", 0);
  for (int pass = 0; pass < 3; ++pass) {
    ASSERT_EQ(SweepOnce(stack.redis(), ShippedCalendar(), absl::Now(), options)->notices, 0);
  }
  // Older post arrives: one case received 45 days ago (overdue), one due within 3 working days.
  const v1::Case overdue = Register(stack, "sweep-late-1", 45);
  const v1::Case due_soon = Register(stack, "sweep-late-2", DaysAgoDueWithinThreeWorkingDays());

  auto swept = SweepOnce(stack.redis(), ShippedCalendar(), absl::Now(), options);
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_EQ(swept->notices, 2);  // overdue, and due within 5 working days
  EXPECT_EQ(NoticesOf(stack, overdue.case_number(), "overdue"), 1u);
  EXPECT_EQ(NoticesOf(stack, due_soon.case_number(), "due_soon_5"), 1u);
  // An overdue case is not also "due soon".
  EXPECT_EQ(NoticesOf(stack, overdue.case_number(), "due_soon_5"), 0u);
  for (int pass = 0; pass < 3; ++pass) {
    EXPECT_EQ(SweepOnce(stack.redis(), ShippedCalendar(), absl::Now(), options)->notices, 0);
  }
  EXPECT_EQ(NoticesOf(stack, overdue.case_number(), "overdue"), 1u);
  EXPECT_EQ(NoticesOf(stack, due_soon.case_number(), "due_soon_5"), 1u);
}

TEST(Sweeper, TheTrackerNoticesLateCasesWithinItsIntervalAndOnce) {
  TestStack stack;
  stack.Start("intake");
  stack.Start("tracker", {"--sweep_interval_ms=200"});
  absl::SleepFor(absl::Milliseconds(600));  // a few passes: the marks stand at today
  const v1::Case overdue = Register(stack, "sweep-live-1", 45);
  const v1::Case due_soon = Register(stack, "sweep-live-2", DaysAgoDueWithinThreeWorkingDays());
  const absl::Time registered = absl::Now();
  while (absl::Now() < registered + absl::Seconds(5) &&
         (NoticesOf(stack, overdue.case_number(), "overdue") == 0 ||
          NoticesOf(stack, due_soon.case_number(), "due_soon_5") == 0)) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  // Within the sweep interval, give or take a pass in progress and the test's own polling.
  EXPECT_LT(absl::Now() - registered, absl::Milliseconds(1000));
  absl::SleepFor(absl::Milliseconds(1000));  // five more passes
  EXPECT_EQ(NoticesOf(stack, overdue.case_number(), "overdue"), 1u);
  EXPECT_EQ(NoticesOf(stack, due_soon.case_number(), "due_soon_5"), 1u);
}

TEST(Sweeper, TwoSweepersAtOnceWhileLatePostArrivesGiveEachCaseItsNoticeOnce) {
  TestStack stack;
  stack.Start("intake");
  std::atomic<bool> registering = true;
  std::atomic<int> given = 0;
  auto sweep = [&] {
    RedisConnection redis(stack.ServiceOptions());
    SweeperOptions options;
    options.batch = 2;  // many passes, interleaved with the registrations
    // A last pass after the registrations end, so that everything registered is seen.
    for (bool last = false; !last;) {
      last = !registering.load();
      auto result = SweepOnce(redis, ShippedCalendar(), absl::Now(), options);
      ASSERT_TRUE(result.ok()) << result.status();
      given += result->notices;
      if (last) {
        // Drain: a full batch may have stopped a pass short.
        for (int more = 0; more < 40; ++more) {
          given += SweepOnce(redis, ShippedCalendar(), absl::Now(), options)->notices;
        }
      }
    }
  };
  std::thread a(sweep), b(sweep);
  std::vector<std::string> numbers;
  // Received between 45 and 104 days ago, in no order: many land behind the marks.
  for (int i = 0; i < 60; ++i) {
    numbers.push_back(
        Register(stack, absl::StrCat("sweep-race-", i), 45 + (i * 37) % 60).case_number());
  }
  registering = false;
  a.join();
  b.join();
  EXPECT_EQ(given.load(), 60);
  for (const std::string& number : numbers) {
    EXPECT_EQ(NoticesOf(stack, number, "overdue"), 1u) << number;
  }
}

TEST(Sweeper, EveryTrackerGivesTheDueSoonDaysOfTheTrackerStartedLast) {
  TestStack stack;
  stack.Start("intake");
  stack.Start("tracker", {"--sweep_interval_ms=100", "--due_soon=3"});
  // Wait for the tracker's first pass, which makes "3" the deployment's setting.
  const auto setting = [&] {
    auto value = stack.redis().Command({"GET", keys::DueSoonSetting()});
    return value.ok() && value->is_string() ? std::string(value->str()) : std::string();
  };
  for (int i = 0; i < 100 && setting() != "3"; ++i) absl::SleepFor(absl::Milliseconds(20));
  ASSERT_EQ(setting(), "3");
  // A second tracker's sweeper starts with the default 5,1: from then on both give 5 and 1.
  auto calendar = CalendarHolder::Load(GONGKAI_CALENDAR_DIR, UnknownYears::kProvisional);
  ASSERT_TRUE(calendar.ok());
  SystemClock clock;
  SweeperOptions options;
  options.interval = absl::Milliseconds(100);
  std::atomic<bool> stop = false;
  std::thread second([&] { RunSweeper(stack.ServiceOptions(), **calendar, clock, options, stop); });
  for (int i = 0; i < 100 && setting() != "5,1"; ++i) absl::SleepFor(absl::Milliseconds(20));
  EXPECT_EQ(setting(), "5,1");
  absl::SleepFor(absl::Milliseconds(300));  // the tracker's next passes read it

  // Late post due within 2-3 working days, taken from the late set by whichever sweeper.
  const v1::Case due_soon = Register(stack, "sweep-setting-1", DaysAgoDueWithinThreeWorkingDays());
  for (int i = 0; i < 100 && NoticesOf(stack, due_soon.case_number(), "due_soon_5") == 0; ++i) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  absl::SleepFor(absl::Milliseconds(500));
  stop = true;
  second.join();
  EXPECT_EQ(NoticesOf(stack, due_soon.case_number(), "due_soon_5"), 1u);
  EXPECT_EQ(NoticesOf(stack, due_soon.case_number(), "due_soon_3"), 0u);
}

TEST(Sweeper, AnOverdueCaseHandedToAnotherDepartmentIsNoticedToItOnce) {
  TestStack stack;
  stack.Start("intake");
  stack.Start("routing");
  v1::RegisterRequest request = SampleRegistration("sweep-moved-1", "2025年县级财政预算");
  request.mutable_request()->set_received_date(FormatDay(Today() - 45));
  v1::RegisterResponse registered;
  ASSERT_TRUE(
      stack.intake().Register(TestStack::As("w1", "clerk").get(), request, &registered).ok());
  const std::string number = registered.case_().case_number();
  WaitForState(stack, number, v1::CASE_STATE_ASSIGNED);
  const SweeperOptions options;
  ASSERT_EQ(SweepOnce(stack.redis(), ShippedCalendar(), absl::Now(), options)->notices, 1);

  HandBack(stack, number, "czj", "此项信息由县人社局制作");
  EXPECT_EQ(SweepOnce(stack.redis(), ShippedCalendar(), absl::Now(), options)->notices, 1);
  Assign(stack, number, "rsj");
  EXPECT_EQ(SweepOnce(stack.redis(), ShippedCalendar(), absl::Now(), options)->notices, 1);
  EXPECT_EQ(SweepOnce(stack.redis(), ShippedCalendar(), absl::Now(), options)->notices, 0);

  // One overdue notice per department that held it: czj, then the dispatcher ("xzf:"), then
  // rsj, each named with its agency; the later two marked as moved, so that the managers are told
  // only of the first.
  std::vector<std::string> told;
  const auto notices = Notices(stack);
  for (auto [it, end] = notices.equal_range({number, "overdue"}); it != end; ++it) {
    told.push_back(it->second.at("department") + "/" + it->second.at("moved"));
  }
  std::sort(told.begin(), told.end());
  EXPECT_EQ(told, (std::vector<std::string>{"xzf:/1", "xzf:czj/0", "xzf:rsj/1"}));
}

}  // namespace
}  // namespace gongkai::testing
