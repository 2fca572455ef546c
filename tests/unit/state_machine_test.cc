#include "rules/state_machine.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "base/staff_error.h"

namespace gongkai {
namespace {

using S = v1::CaseState;

// The clock may be stopped, paused or extended until the draft is cleared.
const std::set<S> kBeforeClearing = {S::CASE_STATE_REGISTERED, S::CASE_STATE_DISPATCH,
                                     S::CASE_STATE_ASSIGNED,   S::CASE_STATE_IN_DEPARTMENT,
                                     S::CASE_STATE_IN_REVIEW,  S::CASE_STATE_SIGN_OFF};

// Open, whatever the state: a reply letter may still be issued over an objection until it goes out.
const std::set<S> kWhileOpen = {S::CASE_STATE_REGISTERED, S::CASE_STATE_DISPATCH,
                                S::CASE_STATE_ASSIGNED,   S::CASE_STATE_IN_DEPARTMENT,
                                S::CASE_STATE_IN_REVIEW,  S::CASE_STATE_SIGN_OFF,
                                S::CASE_STATE_CLEARED,    S::CASE_STATE_REPLY_READY};

// A complaint of no reply (不作为) may come while the case is open; other redress after it closed.
const std::set<S> kOpenOrClosed = {
    S::CASE_STATE_REGISTERED,    S::CASE_STATE_DISPATCH,    S::CASE_STATE_ASSIGNED,
    S::CASE_STATE_IN_DEPARTMENT, S::CASE_STATE_IN_REVIEW,   S::CASE_STATE_SIGN_OFF,
    S::CASE_STATE_CLEARED,       S::CASE_STATE_REPLY_READY, S::CASE_STATE_CLOSED};

// The workflow written out once more, by hand, as the README shows it: the table in
// state_machine.cc must agree with it for every command and every state.
const std::map<Command, std::pair<std::set<S>, S>> kExpected = {
    {Command::kRegister, {{S::CASE_STATE_UNSPECIFIED}, S::CASE_STATE_REGISTERED}},
    {Command::kRoute, {{S::CASE_STATE_REGISTERED}, S::CASE_STATE_ASSIGNED}},
    {Command::kRouteToDispatch, {{S::CASE_STATE_REGISTERED}, S::CASE_STATE_DISPATCH}},
    {Command::kAssign, {{S::CASE_STATE_DISPATCH, S::CASE_STATE_ASSIGNED}, S::CASE_STATE_ASSIGNED}},
    {Command::kAccept, {{S::CASE_STATE_ASSIGNED}, S::CASE_STATE_IN_DEPARTMENT}},
    {Command::kHandBack,
     {{S::CASE_STATE_ASSIGNED, S::CASE_STATE_IN_DEPARTMENT}, S::CASE_STATE_DISPATCH}},
    {Command::kSubmitDraft, {{S::CASE_STATE_IN_DEPARTMENT}, S::CASE_STATE_IN_REVIEW}},
    {Command::kReturn, {{S::CASE_STATE_IN_REVIEW}, S::CASE_STATE_IN_DEPARTMENT}},
    {Command::kClear, {{S::CASE_STATE_IN_REVIEW}, S::CASE_STATE_CLEARED}},
    {Command::kPrepareReply, {{S::CASE_STATE_CLEARED}, S::CASE_STATE_REPLY_READY}},
    {Command::kIssueReply, {{S::CASE_STATE_REPLY_READY}, S::CASE_STATE_CLOSED}},
    {Command::kRequestSupplement, {kBeforeClearing, S::CASE_STATE_UNSPECIFIED}},
    {Command::kReceiveSupplement, {kBeforeClearing, S::CASE_STATE_UNSPECIFIED}},
    {Command::kCloseUnsupplemented, {kBeforeClearing, S::CASE_STATE_CLOSED}},
    {Command::kStartConsultation, {kBeforeClearing, S::CASE_STATE_UNSPECIFIED}},
    {Command::kEndConsultation, {kBeforeClearing, S::CASE_STATE_UNSPECIFIED}},
    {Command::kGrantExtension, {kBeforeClearing, S::CASE_STATE_UNSPECIFIED}},
    {Command::kRecomputeDeadline, {kWhileOpen, S::CASE_STATE_UNSPECIFIED}},
    {Command::kAnswerOnTheSpot, {{S::CASE_STATE_UNSPECIFIED}, S::CASE_STATE_CLOSED}},
    {Command::kResolveFinding, {{S::CASE_STATE_IN_REVIEW}, S::CASE_STATE_UNSPECIFIED}},
    {Command::kClearForSignOff, {{S::CASE_STATE_IN_REVIEW}, S::CASE_STATE_SIGN_OFF}},
    {Command::kSignOff, {{S::CASE_STATE_SIGN_OFF}, S::CASE_STATE_CLEARED}},
    {Command::kRefuseSignOff, {{S::CASE_STATE_SIGN_OFF}, S::CASE_STATE_IN_DEPARTMENT}},
    {Command::kRecordRedress, {kOpenOrClosed, S::CASE_STATE_UNSPECIFIED}},
    {Command::kRecordConsultationReceipt, {kBeforeClearing, S::CASE_STATE_UNSPECIFIED}},
    {Command::kIssueDisclosureNotice, {kWhileOpen, S::CASE_STATE_UNSPECIFIED}},
    {Command::kRecordDisclosureNoticeDelivery, {kWhileOpen, S::CASE_STATE_UNSPECIFIED}},
    {Command::kIssueFeeNotice, {kBeforeClearing, S::CASE_STATE_UNSPECIFIED}},
    {Command::kRecordFeeNoticeReceipt, {kBeforeClearing, S::CASE_STATE_UNSPECIFIED}},
    {Command::kRecordFeePayment, {kBeforeClearing, S::CASE_STATE_UNSPECIFIED}},
    {Command::kWaiveFee, {kBeforeClearing, S::CASE_STATE_UNSPECIFIED}},
    {Command::kCloseFeeUnpaid, {kBeforeClearing, S::CASE_STATE_CLOSED}},
    {Command::kAskForReasons, {kBeforeClearing, S::CASE_STATE_UNSPECIFIED}},
    {Command::kRecordReasons, {kBeforeClearing, S::CASE_STATE_UNSPECIFIED}},
    {Command::kSetLaterReplyDate, {kBeforeClearing, S::CASE_STATE_UNSPECIFIED}},
    {Command::kRecordReferral, {{S::CASE_STATE_CLOSED}, S::CASE_STATE_UNSPECIFIED}},
};

TEST(StateMachine, TableIsIndexedByCommand) {
  ASSERT_EQ(AllRules().size(), kExpected.size());
  for (const CommandRule& rule : AllRules()) {
    EXPECT_EQ(&RuleOf(rule.command), &rule) << rule.name;
  }
}

TEST(StateMachine, EveryLegalAndIllegalTransition) {
  for (const auto& [command, expected] : kExpected) {
    const auto& [allowed, to] = expected;
    EXPECT_EQ(RuleOf(command).to, to) << RuleOf(command).name;
    for (int state = S::CASE_STATE_UNSPECIFIED; state <= S::CASE_STATE_SIGN_OFF; ++state) {
      const absl::Status status = CheckTransition(command, static_cast<S>(state));
      if (allowed.count(static_cast<S>(state))) {
        EXPECT_TRUE(status.ok()) << RuleOf(command).name << " from " << state;
      } else {
        EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition)
            << RuleOf(command).name << " from " << state;
      }
    }
  }
}

TEST(StateMachine, RefusalNamesCommandStateAndWhatIsAllowed) {
  const absl::Status in_review = CheckTransition(Command::kIssueReply, S::CASE_STATE_IN_REVIEW);
  EXPECT_EQ(in_review.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(in_review.message(),
            "案件当前状态为“保密审查中”，不能进行“答复书送达”；只有状态为“答复书待送达”的案件"
            "可以进行此操作");
  EXPECT_EQ(LogReason(in_review),
            "IssueReply is not allowed in state IN_REVIEW (allowed in: REPLY_READY)");
  EXPECT_EQ(CheckTransition(Command::kAccept, S::CASE_STATE_DISPATCH).message(),
            "案件当前状态为“待分办”，不能进行“部门接收”；只有状态为“已分派（待接收）”的案件"
            "可以进行此操作");
  EXPECT_EQ(CheckTransition(Command::kSubmitDraft, S::CASE_STATE_ASSIGNED).message(),
            "案件当前状态为“已分派（待接收）”，不能进行“提交答复拟稿”；只有状态为“部门办理中”的"
            "案件可以进行此操作");
  EXPECT_EQ(CheckTransition(Command::kHandBack, S::CASE_STATE_IN_REVIEW).message(),
            "案件当前状态为“保密审查中”，不能进行“部门退回分办”；只有状态为“已分派（待接收）”或"
            "“部门办理中”的案件可以进行此操作");
  const absl::Status closed = CheckTransition(Command::kHandBack, S::CASE_STATE_CLOSED);
  EXPECT_EQ(closed.message(), "案件已办结，不能再进行“部门退回分办”");
  EXPECT_EQ(LogReason(closed),
            "HandBack is not allowed in state CLOSED (allowed in: ASSIGNED, IN_DEPARTMENT)");
}

TEST(StateMachine, OnlyRegisterClearAndSignOffHandOverToAStream) {
  for (const CommandRule& rule : AllRules()) {
    const Stage expected = rule.command == Command::kRegister ? Stage::kRouting
                           : rule.command == Command::kClear || rule.command == Command::kSignOff
                               ? Stage::kReply
                               : Stage::kNone;
    EXPECT_EQ(rule.hands_to, expected) << rule.name;
  }
}

TEST(StateMachine, WorkQueuesOfStates) {
  EXPECT_EQ(QueueOf(S::CASE_STATE_REGISTERED), QueueKind::kNone);  // on the routing stream
  EXPECT_EQ(QueueOf(S::CASE_STATE_DISPATCH), QueueKind::kDispatch);
  EXPECT_EQ(QueueOf(S::CASE_STATE_ASSIGNED), QueueKind::kDepartment);
  EXPECT_EQ(QueueOf(S::CASE_STATE_IN_DEPARTMENT), QueueKind::kDepartment);
  EXPECT_EQ(QueueOf(S::CASE_STATE_IN_REVIEW), QueueKind::kReview);
  EXPECT_EQ(QueueOf(S::CASE_STATE_SIGN_OFF), QueueKind::kSignOff);
  EXPECT_EQ(QueueOf(S::CASE_STATE_CLEARED), QueueKind::kNone);  // on the reply stream
  EXPECT_EQ(QueueOf(S::CASE_STATE_REPLY_READY), QueueKind::kReply);
  EXPECT_EQ(QueueOf(S::CASE_STATE_CLOSED), QueueKind::kNone);
}

TEST(StateMachine, StateNamesDropThePrefix) {
  EXPECT_EQ(StateName(S::CASE_STATE_IN_DEPARTMENT), "IN_DEPARTMENT");
  EXPECT_EQ(StateName(static_cast<S>(77)), "UNKNOWN");
}

}  // namespace
}  // namespace gongkai
