// The transition script's index rules against a real redis-server, through CaseStore only: a
// case is in the due index exactly while its clock runs, in its department's open index while it
// is open (at +inf while the clock stands), in the consulting index while it waits for a
// consulted party, on the work queue of its state; a case placed behind the sweeper's marks waits
// in the late set. And the connection layer under it: a lost script cache and a restarted Redis.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <thread>

#include "absl/strings/str_replace.h"
#include "base/clock.h"
#include "calendar/deadline.h"
#include "grpc/call_context.h"
#include "office_days.h"
#include "redis/case_store.h"
#include "redis/keys.h"
#include "redis/redis_connection.h"
#include "redis/scripts.h"
#include "redis_server.h"
#include "rules/case_commands.h"
#include "rules/clock_commands.h"
#include "rules/consultation_commands.h"
#include "rules/fee_commands.h"
#include "sample_registration.h"
#include "staff.h"
#include "store_fixture.h"

namespace gongkai::testing {
namespace {

class TransitionIndexes : public StoreTest {
 protected:
  // Registers 2026-000123, received in person on 2026-09-30 (due 2026-11-03).
  v1::Case Register(const std::string& number = "2026-000123") {
    v1::RegisterRequest request = SampleRegistration("r-" + number, "县财政预算");
    request.mutable_request()->set_received_date("2026-09-30");
    auto deadline = InitialDeadline(calendar_, request.request());
    EXPECT_TRUE(deadline.ok()) << deadline.status();
    return Commit(RegisterCase(number, request, *deadline, StaffActor("w1", "clerk"),
                               TenInTheMorning("2026-09-30")));
  }

  // The score of the case in a sorted set, or "" when it is not there.
  std::string ScoreIn(const std::string& key, const std::string& number = "2026-000123") {
    auto score = inspect_.Command({"ZSCORE", key, number});
    EXPECT_TRUE(score.ok());
    return score->is_nil() ? "" : std::string(score->str());
  }

  static constexpr int kPartition = 123 % kPartitionCount;
  const std::string due_ = keys::DueIndex(kPartition);
  const std::string consulting_ = keys::Consulting(kPartition);
  const std::string unassigned_ = keys::OpenByDepartment(kPartition, "xzf", "");
  const std::string czj_open_ = keys::OpenByDepartment(kPartition, "xzf", "czj");
  const std::string agency_open_ = keys::OpenByAgency(kPartition, "xzf");
  const std::string czj_queue_ = keys::Queue(kPartition, QueueKind::kDepartment, "xzf", "czj");
  const std::string dispatch_queue_ = keys::Queue(kPartition, QueueKind::kDispatch, "xzf", "");
};

TEST_F(TransitionIndexes, ACaseIsInTheDueIndexExactlyWhileItsClockRuns) {
  const v1::Case registered = Register();
  EXPECT_EQ(ScoreIn(due_), "2026110326000123");
  EXPECT_EQ(ScoreIn(unassigned_), "2026110326000123");
  EXPECT_EQ(ScoreIn(consulting_), "");

  RoutingDecision decision;
  decision.department = "czj";
  const v1::Case routed = Commit(
      RouteCase(registered, decision, ServiceActor("routing"), TenInTheMorning("2026-09-30")));
  EXPECT_EQ(ScoreIn(unassigned_), "");
  EXPECT_EQ(ScoreIn(czj_open_), "2026110326000123");
  EXPECT_NE(ScoreIn(czj_queue_), "");
  const v1::Actor officer = StaffActor("czj-li", "officer", "czj");
  const v1::Case accepted = Commit(AcceptCase(routed, officer, TenInTheMorning("2026-10-08")));

  // A supplement stops the clock: out of the due index, at +inf among the department's cases.
  const v1::Case waiting = Commit(RequestSupplement(
      accepted, calendar_, "请写明文件名称", "2026-10-20", officer, TenInTheMorning("2026-10-09")));
  EXPECT_EQ(ScoreIn(due_), "");
  EXPECT_EQ(ScoreIn(czj_open_), "inf");
  // It arrives: twenty working days afresh from 2026-10-12, due 2026-11-09.
  const v1::Case supplemented = Commit(
      ReceiveSupplement(waiting, calendar_, "2026-10-12", officer, TenInTheMorning("2026-10-12")));
  EXPECT_EQ(ScoreIn(due_), "2026110926000123");
  EXPECT_EQ(ScoreIn(czj_open_), "2026110926000123");

  // A consultation pauses it: out of the due index, into the consulting index by the day the
  // consulted party's 15 working days end.
  const v1::Case consulting =
      Commit(StartConsultation(supplemented, calendar_, v1::CONSULTED_PARTY_THIRD_PARTY,
                               "某建设公司", "2026-10-13", officer, TenInTheMorning("2026-10-13")));
  EXPECT_EQ(ScoreIn(due_), "");
  EXPECT_EQ(ScoreIn(consulting_),
            absl::StrCat(absl::StrReplaceAll(consulting.consultations(0).answer_due(), {{"-", ""}}),
                         "26000123"));
  EXPECT_EQ(ScoreIn(czj_open_), "inf");
  const v1::Case answered =
      Commit(EndConsultation(consulting, calendar_, std::nullopt, "2026-10-15", "answered", officer,
                             TenInTheMorning("2026-10-15")));
  EXPECT_EQ(ScoreIn(consulting_), "");
  EXPECT_EQ(ScoreIn(due_), ScoreIn(czj_open_));
  EXPECT_NE(ScoreIn(due_), "");

  // Handed back: off the department's queue and open index, to the dispatcher's; the clock runs.
  Commit(HandBackCase(answered, "不属于本部门职责", officer, TenInTheMorning("2026-10-16")));
  EXPECT_EQ(ScoreIn(czj_queue_), "");
  EXPECT_EQ(ScoreIn(czj_open_), "");
  EXPECT_NE(ScoreIn(dispatch_queue_), "");
  EXPECT_EQ(ScoreIn(unassigned_), ScoreIn(due_));
}

// The agency's own open index holds every open case of the agency at the score of its unit's.
TEST_F(TransitionIndexes, TheAgencysOpenIndexFollowsItsUnitsIndexes) {
  const v1::Case registered = Register();
  EXPECT_EQ(ScoreIn(agency_open_), "2026110326000123");
  RoutingDecision decision;
  decision.department = "czj";
  const v1::Case routed = Commit(
      RouteCase(registered, decision, ServiceActor("routing"), TenInTheMorning("2026-09-30")));
  EXPECT_EQ(ScoreIn(agency_open_), ScoreIn(czj_open_));
  const v1::Actor officer = StaffActor("czj-li", "officer", "czj");
  const v1::Case accepted = Commit(AcceptCase(routed, officer, TenInTheMorning("2026-10-08")));
  const v1::Case waiting = Commit(RequestSupplement(
      accepted, calendar_, "请写明文件名称", "2026-10-20", officer, TenInTheMorning("2026-10-09")));
  EXPECT_EQ(ScoreIn(agency_open_), "inf");
  // Closed without a supplement: out of every open index.
  Commit(CloseUnsupplemented(waiting, officer, TenInTheMorning("2026-10-21")));
  EXPECT_EQ(ScoreIn(agency_open_), "");
  EXPECT_EQ(ScoreIn(czj_open_), "");
  // Another agency's index never held it.
  EXPECT_EQ(inspect_.Command({"EXISTS", keys::OpenByAgency(kPartition, "jyj")})->integer(), 0);
}

TEST_F(TransitionIndexes, AClosedCaseIsInNoIndex) {
  const v1::Case registered = Register();
  const v1::Actor dispatcher = StaffActor("diaodu", "dispatcher");
  const v1::Case waiting =
      Commit(RequestSupplement(registered, calendar_, "请写明文件名称", "2026-10-20", dispatcher,
                               TenInTheMorning("2026-10-09")));
  Commit(CloseUnsupplemented(waiting, dispatcher, TenInTheMorning("2026-10-21")));
  for (const std::string& key : {due_, consulting_, unassigned_, czj_open_, dispatch_queue_}) {
    EXPECT_EQ(ScoreIn(key), "") << key;
  }
  auto state = inspect_.Command({"HGET", keys::Case(*ParseCaseNumber("2026-000123")), "state"});
  EXPECT_EQ(state->str(), std::to_string(v1::CASE_STATE_CLOSED));
}

// A fee notice stops the clock like a supplement; unpaid after the last day to pay, the case
// closes in its lapse step: out of every index, counted in table 三(六)2 of its year.
TEST_F(TransitionIndexes, AnUnpaidFeeStopsTheClockThenClosesTheCaseInRowSixTwo) {
  const v1::Case registered = Register();
  RoutingDecision decision;
  decision.department = "czj";
  const v1::Case routed = Commit(
      RouteCase(registered, decision, ServiceActor("routing"), TenInTheMorning("2026-09-30")));
  const v1::Actor officer = StaffActor("czj-li", "officer", "czj");
  const v1::Case accepted = Commit(AcceptCase(routed, officer, TenInTheMorning("2026-10-08")));
  const v1::Case noticed = Commit(IssueFeeNotice(accepted, v1::FEE_BASIS_PER_VOLUME, 150, 0,
                                                 officer, TenInTheMorning("2026-10-09")));
  EXPECT_EQ(noticed.fee().amount_yuan(), 1700);
  EXPECT_EQ(ScoreIn(due_), "");
  EXPECT_EQ(ScoreIn(czj_open_), "inf");
  // Received the same Friday: the 20 working days to pay end on 2026-11-05.
  const v1::Case received = Commit(RecordFeeNoticeReceipt(
      noticed, calendar_, "2026-10-09", StaffActor("w1", "clerk"), TenInTheMorning("2026-10-09")));
  EXPECT_EQ(received.fee().pay_by(), "2026-11-05");
  EXPECT_FALSE(CloseFeeUnpaid(received, officer, TenInTheMorning("2026-11-05")).ok());
  const v1::Case closed = Commit(CloseFeeUnpaid(received, officer, TenInTheMorning("2026-11-06")));
  EXPECT_EQ(closed.state(), v1::CASE_STATE_CLOSED);
  EXPECT_EQ(closed.draft().outcome(), v1::OUTCOME_OTHER_FEE_UNPAID);
  EXPECT_EQ(ScoreIn(czj_open_), "");
  EXPECT_EQ(ScoreIn(due_), "");
  EXPECT_EQ(ScoreIn(czj_queue_), "");
  auto counted = inspect_.Command({"HGET", keys::ReportCounters(kPartition), "done:2026:3.6.2:1"});
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(counted->str(), "1");
  auto open = inspect_.Command({"HGET", keys::ReportCounters(kPartition), "open:2026:1"});
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->str(), "0");
}

TEST_F(TransitionIndexes, ACasePlacedBehindTheSweepersMarksWaitsInTheLateSet) {
  // The sweeper has been through every case due up to 2026-11-05.
  ASSERT_TRUE(
      inspect_.Command({"HSET", keys::SweepMarks(kPartition), "due_high", "2026110599999999"})
          .ok());
  Register("2026-000123");  // due 2026-11-03: behind the mark
  auto late = inspect_.Command({"ZRANGE", keys::SweepLate(kPartition), "0", "-1"});
  ASSERT_EQ(late->size(), 1u);
  EXPECT_EQ(late->element(0).str(), "2026-000123");

  // A case due after the mark is left to the sweeper's next pass over the index.
  ASSERT_TRUE(inspect_.Command({"DEL", keys::SweepLate(kPartition)}).ok());
  ASSERT_TRUE(
      inspect_.Command({"HSET", keys::SweepMarks(kPartition), "due_high", "2026110299999999"})
          .ok());
  Register("2026-000139");  // the same partition, also due 2026-11-03: ahead of this mark
  EXPECT_EQ(inspect_.Command({"ZCARD", keys::SweepLate(kPartition)})->integer(), 0);
}

TEST_F(TransitionIndexes, ARefusedCommitChangesNoIndex) {
  const v1::Case registered = Register();
  RoutingDecision decision;
  decision.department = "czj";
  auto route =
      RouteCase(registered, decision, ServiceActor("routing"), TenInTheMorning("2026-09-30"));
  ASSERT_TRUE(route.ok());
  CaseChange stale = *route;
  stale.from_version = 7;  // planned on a version the case is not at
  EXPECT_TRUE(absl::IsAborted(store_.Commit(stale).status()));
  EXPECT_EQ(ScoreIn(czj_open_), "");
  EXPECT_EQ(ScoreIn(unassigned_), "2026110326000123");
  EXPECT_EQ(ScoreIn(czj_queue_), "");
}

TEST_F(TransitionIndexes, ManyCommitsSurviveALostScriptCache) {
  const v1::Case first = Register("2026-000123");
  const v1::Case second = Register("2026-000139");  // the same partition
  ASSERT_TRUE(inspect_.Command({"SCRIPT", "FLUSH"}).ok());
  RoutingDecision decision;
  decision.department = "czj";
  std::vector<CaseChange> changes;
  for (const v1::Case& registered : {first, second}) {
    changes.push_back(
        *RouteCase(registered, decision, ServiceActor("routing"), TenInTheMorning("2026-09-30")));
  }
  auto committed = store_.CommitMany(changes);
  ASSERT_TRUE(committed.ok()) << committed.status();
  ASSERT_EQ(committed->size(), 2u);
  EXPECT_EQ(*(*committed)[0], 2);
  EXPECT_EQ(*(*committed)[1], 2);
  EXPECT_NE(ScoreIn(czj_open_, "2026-000139"), "");
}

TEST_F(TransitionIndexes, AConnectionRedisClosedIsMadeAgainBeforeACallGivesUp) {
  ASSERT_TRUE(redis_.Command({"PING"}).ok());
  server_.Kill(SIGKILL);
  server_.Start();
  // The connection the store holds was closed by the old server: the first call still succeeds.
  auto pong = redis_.Command({"PING"});
  ASSERT_TRUE(pong.ok()) << pong.status();
  EXPECT_EQ(pong->str(), "PONG");
  const v1::Case registered = Register();
  EXPECT_EQ(registered.version(), 1);
}

TEST_F(TransitionIndexes, CallsToARedisThatDiesMidStreamFailAsUnavailableAndTheProcessLives) {
  // Writing to a socket whose server is gone raises SIGPIPE, which ends a process that does not
  // ignore it: every call below would have killed this test binary instead of failing.
  std::atomic<bool> stop = false;
  std::atomic<int> unavailable = 0;
  std::thread caller([&] {
    RedisOptions options = server_.ServiceOptions();
    options.reconnect_backoff = absl::ZeroDuration();
    RedisConnection redis(options);
    const std::vector<std::vector<std::string>> pipeline(
        64, std::vector<std::string>{"SET", "gk:{p01}:probe", std::string(4096, 'x')});
    while (!stop.load()) {
      absl::StatusOr<std::vector<RedisReply>> replies = redis.Pipeline(pipeline);
      if (absl::IsUnavailable(replies.status())) ++unavailable;
    }
  });
  absl::SleepFor(absl::Milliseconds(100));
  server_.Kill(SIGKILL);
  absl::SleepFor(absl::Milliseconds(300));
  stop = true;
  caller.join();
  EXPECT_GT(unavailable.load(), 0);
}

}  // namespace
}  // namespace gongkai::testing
