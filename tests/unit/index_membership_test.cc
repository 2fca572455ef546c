// The index moves of each kind of change (rules/case_indexes.h): a case is in the due index
// exactly while its clock runs, in a department's open index while it is open, in the consulting
// index while it waits for a consulted party, and on the work queue of its state.
#include <gtest/gtest.h>

#include "rules/case_indexes.h"
#include "rules/case_search.h"
#include "rules/due_score.h"

namespace gongkai {
namespace {

v1::Case Open(v1::CaseState state, const std::string& department) {
  v1::Case item;
  item.set_case_number("2026-000123");
  item.set_state(state);
  item.set_department(department);
  item.set_clock(v1::CLOCK_STATE_RUNNING);
  item.mutable_deadline()->set_due_date("2026-11-03");
  return item;
}

CaseChange Change(Command command, v1::CaseState from_state, const std::string& from_department,
                  int64_t from_version, v1::Case after) {
  CaseChange change;
  change.command = command;
  change.from_state = from_state;
  change.from_department = from_department;
  change.from_version = from_version;
  change.after = std::move(after);
  change.event.set_at("2026-11-03T02:00:00.000Z");
  return change;
}

constexpr int64_t kDueScore = 2026110326000123;

TEST(IndexMoves, ARegisteredCaseEntersTheDueAndOpenIndexesAndTheRoutingStream) {
  auto moves = PlanIndexMoves(Change(Command::kRegister, v1::CASE_STATE_UNSPECIFIED, "", 0,
                                     Open(v1::CASE_STATE_REGISTERED, "")));
  ASSERT_TRUE(moves.ok()) << moves.status();
  EXPECT_FALSE(moves->leave_queue);
  EXPECT_FALSE(moves->enter_queue);  // REGISTERED waits on the routing stream, not a queue
  EXPECT_EQ(moves->hand_to, Stage::kRouting);
  EXPECT_EQ(moves->due, IndexMove::kPut);
  EXPECT_EQ(moves->due_score, kDueScore);
  EXPECT_EQ(moves->open, IndexMove::kPut);
  EXPECT_EQ(moves->open_score, kDueScore);
  // A new case was in no index: nothing is taken out.
  EXPECT_EQ(moves->consulting, IndexMove::kNone);
  EXPECT_FALSE(moves->counts_reply);
}

TEST(IndexMoves, RoutingPutsTheCaseOnItsDepartmentsQueue) {
  auto moves = PlanIndexMoves(Change(Command::kRoute, v1::CASE_STATE_REGISTERED, "", 1,
                                     Open(v1::CASE_STATE_ASSIGNED, "czj")));
  ASSERT_TRUE(moves.ok());
  EXPECT_FALSE(moves->leave_queue);
  ASSERT_TRUE(moves->enter_queue);
  EXPECT_EQ(*moves->enter_queue, (QueuePlace{QueueKind::kDepartment, "czj"}));
  EXPECT_EQ(moves->consulting, IndexMove::kTake);
}

TEST(IndexMoves, AcceptingStaysOnTheSameQueueAndHandingBackLeavesIt) {
  auto accepted = PlanIndexMoves(Change(Command::kAccept, v1::CASE_STATE_ASSIGNED, "czj", 2,
                                        Open(v1::CASE_STATE_IN_DEPARTMENT, "czj")));
  ASSERT_TRUE(accepted.ok());
  EXPECT_FALSE(accepted->leave_queue);  // the same department queue: never removed
  EXPECT_EQ(*accepted->enter_queue, (QueuePlace{QueueKind::kDepartment, "czj"}));

  auto handed_back = PlanIndexMoves(Change(Command::kHandBack, v1::CASE_STATE_IN_DEPARTMENT, "czj",
                                           3, Open(v1::CASE_STATE_DISPATCH, "")));
  ASSERT_TRUE(handed_back.ok());
  EXPECT_EQ(*handed_back->leave_queue, (QueuePlace{QueueKind::kDepartment, "czj"}));
  EXPECT_EQ(*handed_back->enter_queue, (QueuePlace{QueueKind::kDispatch, ""}));
  EXPECT_EQ(handed_back->open, IndexMove::kPut);  // into the unassigned open index
  EXPECT_EQ(handed_back->due, IndexMove::kPut);   // the clock runs on
}

TEST(IndexMoves, AStoppedClockLeavesTheDueIndexAndStandsAtInfinityInTheOpenIndex) {
  v1::Case waiting = Open(v1::CASE_STATE_IN_DEPARTMENT, "czj");
  waiting.set_clock(v1::CLOCK_STATE_AWAITING_SUPPLEMENT);
  auto moves = PlanIndexMoves(
      Change(Command::kRequestSupplement, v1::CASE_STATE_IN_DEPARTMENT, "czj", 4, waiting));
  ASSERT_TRUE(moves.ok());
  EXPECT_EQ(moves->due, IndexMove::kTake);
  EXPECT_EQ(moves->open, IndexMove::kPut);
  EXPECT_FALSE(moves->open_score);  // +inf
  EXPECT_EQ(moves->consulting, IndexMove::kTake);
  EXPECT_FALSE(ClockRuns(waiting));
}

TEST(IndexMoves, AConsultationPausesTheClockAndWaitsInTheConsultingIndex) {
  v1::Case consulting = Open(v1::CASE_STATE_IN_DEPARTMENT, "czj");
  consulting.set_clock(v1::CLOCK_STATE_CONSULTING);
  consulting.add_consultations()->set_answer_due("2026-10-30");
  auto moves = PlanIndexMoves(
      Change(Command::kStartConsultation, v1::CASE_STATE_IN_DEPARTMENT, "czj", 4, consulting));
  ASSERT_TRUE(moves.ok());
  EXPECT_EQ(moves->due, IndexMove::kTake);
  EXPECT_EQ(moves->consulting, IndexMove::kPut);
  EXPECT_EQ(moves->consulting_score, 2026103026000123);
  EXPECT_TRUE(AwaitsConsultation(consulting));

  consulting.mutable_consultations(0)->set_answer_due("2026-10-32");
  EXPECT_EQ(PlanIndexMoves(Change(Command::kStartConsultation, v1::CASE_STATE_IN_DEPARTMENT, "czj",
                                  4, consulting))
                .status()
                .message(),
            "`consultation.answer_due` is not a date");
}

TEST(IndexMoves, SeveralConsultationsWaitByTheEarliestOpenAnswerDueDay) {
  v1::Case consulting = Open(v1::CASE_STATE_IN_DEPARTMENT, "czj");
  consulting.set_clock(v1::CLOCK_STATE_CONSULTING);
  v1::Consultation& answered = *consulting.add_consultations();
  answered.set_answer_due("2026-10-20");
  answered.set_ended_on("2026-10-16");  // ended: its day no longer matters
  consulting.add_consultations()->set_answer_due("2026-11-05");
  consulting.add_consultations()->set_answer_due("2026-10-28");  // sent later, due earlier
  auto moves = PlanIndexMoves(
      Change(Command::kEndConsultation, v1::CASE_STATE_IN_DEPARTMENT, "czj", 6, consulting));
  ASSERT_TRUE(moves.ok()) << moves.status();
  EXPECT_EQ(moves->consulting, IndexMove::kPut);
  EXPECT_EQ(moves->consulting_score, 2026102826000123);

  // A clock marked as consulting with every consultation ended waits for no one.
  consulting.mutable_consultations(1)->set_ended_on("2026-10-30");
  consulting.mutable_consultations(2)->set_ended_on("2026-10-30");
  EXPECT_FALSE(AwaitsConsultation(consulting));
  auto none = PlanIndexMoves(
      Change(Command::kEndConsultation, v1::CASE_STATE_IN_DEPARTMENT, "czj", 7, consulting));
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->consulting, IndexMove::kTake);
}

TEST(IndexMoves, AReplyClosesTheCaseOutOfEveryIndexAndCountsOnce) {
  v1::Case closed = Open(v1::CASE_STATE_CLOSED, "czj");
  closed.set_replied_on_time(true);
  closed.set_working_days_to_reply(12);
  auto moves =
      PlanIndexMoves(Change(Command::kIssueReply, v1::CASE_STATE_REPLY_READY, "czj", 9, closed));
  ASSERT_TRUE(moves.ok());
  EXPECT_EQ(*moves->leave_queue, (QueuePlace{QueueKind::kReply, ""}));
  EXPECT_FALSE(moves->enter_queue);
  EXPECT_EQ(moves->due, IndexMove::kTake);
  EXPECT_EQ(moves->open, IndexMove::kTake);
  EXPECT_EQ(moves->consulting, IndexMove::kTake);
  EXPECT_TRUE(moves->counts_reply);
  EXPECT_TRUE(moves->replied_on_time);
  EXPECT_EQ(moves->working_days_to_reply, 12);
  EXPECT_FALSE(ClockRuns(closed));

  // Closed for want of a supplement: out of every index, but no reply to count.
  auto lapsed = PlanIndexMoves(
      Change(Command::kCloseUnsupplemented, v1::CASE_STATE_IN_DEPARTMENT, "czj", 5, closed));
  ASSERT_TRUE(lapsed.ok());
  EXPECT_FALSE(lapsed->counts_reply);
  EXPECT_EQ(*lapsed->leave_queue, (QueuePlace{QueueKind::kDepartment, "czj"}));
}

TEST(IndexMoves, AnAnswerOnTheSpotIsCreatedClosedAndCounted) {
  v1::Case closed = Open(v1::CASE_STATE_CLOSED, "");
  auto moves =
      PlanIndexMoves(Change(Command::kAnswerOnTheSpot, v1::CASE_STATE_UNSPECIFIED, "", 0, closed));
  ASSERT_TRUE(moves.ok());
  EXPECT_EQ(moves->hand_to, Stage::kNone);
  EXPECT_EQ(moves->due, IndexMove::kNone);
  EXPECT_EQ(moves->open, IndexMove::kNone);
  EXPECT_TRUE(moves->counts_reply);
}

TEST(IndexMoves, ACaseWithoutADueDateHasNoRunningClock) {
  v1::Case undated = Open(v1::CASE_STATE_REGISTERED, "");
  undated.mutable_deadline()->clear_due_date();
  EXPECT_FALSE(ClockRuns(undated));
  auto moves =
      PlanIndexMoves(Change(Command::kRegister, v1::CASE_STATE_UNSPECIFIED, "", 0, undated));
  ASSERT_TRUE(moves.ok());
  EXPECT_EQ(moves->due, IndexMove::kNone);
  EXPECT_FALSE(moves->open_score);
}

TEST(IndexMoves, EveryChangeIsRecentAndACreatedCaseEntersTheSearchIndexes) {
  v1::Case registered = Open(v1::CASE_STATE_REGISTERED, "");
  registered.mutable_applicant()->set_name("张 三");
  registered.mutable_request()->set_description("２０２５年县级财政预算");
  auto created =
      PlanIndexMoves(Change(Command::kRegister, v1::CASE_STATE_UNSPECIFIED, "", 0, registered));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->recent_score, 1793671200000);  // 2026-11-03T02:00:00Z in milliseconds
  EXPECT_EQ(created->name_digest, ApplicantNameDigest("张三"));
  EXPECT_EQ(created->search_text, "2025年县级财政预算");

  // Later changes only move the case in the recent index.
  auto routed = PlanIndexMoves(Change(Command::kRoute, v1::CASE_STATE_REGISTERED, "", 1,
                                      Open(v1::CASE_STATE_ASSIGNED, "czj")));
  ASSERT_TRUE(routed.ok());
  EXPECT_EQ(routed->recent_score, 1793671200000);
  EXPECT_EQ(routed->name_digest, "");
  EXPECT_EQ(routed->search_text, "");

  CaseChange undated = Change(Command::kRoute, v1::CASE_STATE_REGISTERED, "", 1,
                              Open(v1::CASE_STATE_ASSIGNED, "czj"));
  undated.event.set_at("yesterday");
  EXPECT_EQ(PlanIndexMoves(undated).status().code(), absl::StatusCode::kInvalidArgument);
}

// A change that knows where the case stood (Begin records it) writes only the indexes it moves
// the case in.
CaseChange Known(CaseChange change, const v1::Case& before) {
  absl::StatusOr<IndexPlaces> places = IndexPlacesOf(before);
  EXPECT_TRUE(places.ok()) << places.status();
  if (places.ok()) change.placed_before = *places;
  return change;
}

TEST(IndexMoves, AStepThatMovesTheCaseInNoIndexWritesNone) {
  const v1::Case assigned = Open(v1::CASE_STATE_ASSIGNED, "czj");
  auto accepted = PlanIndexMoves(Known(Change(Command::kAccept, v1::CASE_STATE_ASSIGNED, "czj", 2,
                                              Open(v1::CASE_STATE_IN_DEPARTMENT, "czj")),
                                       assigned));
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(accepted->due, IndexMove::kNone);
  EXPECT_EQ(accepted->open, IndexMove::kNone);
  EXPECT_EQ(accepted->consulting, IndexMove::kNone);  // never consulted: nothing to take
  // The queues and the recent index move as before.
  EXPECT_EQ(*accepted->enter_queue, (QueuePlace{QueueKind::kDepartment, "czj"}));
  EXPECT_EQ(accepted->recent_score, 1793671200000);
}

TEST(IndexMoves, ANewDepartmentOrDueDayMovesTheCaseAgain) {
  // Routed from no department to czj: the open index is another one, and the sweeper's marks
  // are checked again for the due index (the script does, on a put).
  auto routed = PlanIndexMoves(Known(Change(Command::kRoute, v1::CASE_STATE_REGISTERED, "", 1,
                                            Open(v1::CASE_STATE_ASSIGNED, "czj")),
                                     Open(v1::CASE_STATE_REGISTERED, "")));
  ASSERT_TRUE(routed.ok());
  EXPECT_EQ(routed->due, IndexMove::kPut);
  EXPECT_EQ(routed->open, IndexMove::kPut);
  EXPECT_EQ(routed->open_score, kDueScore);

  // An extension moves the due day: both scored indexes move.
  v1::Case extended = Open(v1::CASE_STATE_IN_DEPARTMENT, "czj");
  extended.mutable_deadline()->set_due_date("2026-12-01");
  auto moved = PlanIndexMoves(
      Known(Change(Command::kGrantExtension, v1::CASE_STATE_IN_DEPARTMENT, "czj", 3, extended),
            Open(v1::CASE_STATE_IN_DEPARTMENT, "czj")));
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->due, IndexMove::kPut);
  EXPECT_EQ(moved->due_score, 2026120126000123);
  EXPECT_EQ(moved->open, IndexMove::kPut);
  EXPECT_EQ(moved->open_score, 2026120126000123);
}

TEST(IndexMoves, LeavingTakesTheCaseOnlyOutOfTheIndexesItWasIn) {
  // A request for a supplement stops the clock: out of the due index, +inf in the open index.
  v1::Case waiting = Open(v1::CASE_STATE_IN_DEPARTMENT, "czj");
  waiting.set_clock(v1::CLOCK_STATE_AWAITING_SUPPLEMENT);
  auto stopped = PlanIndexMoves(
      Known(Change(Command::kRequestSupplement, v1::CASE_STATE_IN_DEPARTMENT, "czj", 4, waiting),
            Open(v1::CASE_STATE_IN_DEPARTMENT, "czj")));
  ASSERT_TRUE(stopped.ok());
  EXPECT_EQ(stopped->due, IndexMove::kTake);
  EXPECT_EQ(stopped->open, IndexMove::kPut);
  EXPECT_FALSE(stopped->open_score);
  EXPECT_EQ(stopped->consulting, IndexMove::kNone);

  // The supplement received while the clock stands: still out of the due index, nothing taken.
  v1::Case still_waiting = waiting;
  auto again = PlanIndexMoves(Known(
      Change(Command::kRequestSupplement, v1::CASE_STATE_IN_DEPARTMENT, "czj", 5, still_waiting),
      waiting));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->due, IndexMove::kNone);
  EXPECT_EQ(again->open, IndexMove::kNone);

  // The reply closes it: out of the due and open indexes; the consulting index is left alone.
  v1::Case closed = Open(v1::CASE_STATE_CLOSED, "czj");
  auto replied = PlanIndexMoves(
      Known(Change(Command::kIssueReply, v1::CASE_STATE_REPLY_READY, "czj", 6, closed),
            Open(v1::CASE_STATE_REPLY_READY, "czj")));
  ASSERT_TRUE(replied.ok());
  EXPECT_EQ(replied->due, IndexMove::kTake);
  EXPECT_EQ(replied->open, IndexMove::kTake);
  EXPECT_EQ(replied->consulting, IndexMove::kNone);
}

}  // namespace
}  // namespace gongkai
