#include "rules/state_machine.h"

#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "base/staff_error.h"
#include "rules/staff_labels.h"

namespace gongkai {
namespace {

using S = v1::CaseState;

constexpr S kFromNothing[] = {S::CASE_STATE_UNSPECIFIED};
constexpr S kFromRegistered[] = {S::CASE_STATE_REGISTERED};
constexpr S kFromDispatchOrAssigned[] = {S::CASE_STATE_DISPATCH, S::CASE_STATE_ASSIGNED};
constexpr S kFromAssigned[] = {S::CASE_STATE_ASSIGNED};
constexpr S kFromDepartment[] = {S::CASE_STATE_ASSIGNED, S::CASE_STATE_IN_DEPARTMENT};
constexpr S kFromInDepartment[] = {S::CASE_STATE_IN_DEPARTMENT};
constexpr S kFromInReview[] = {S::CASE_STATE_IN_REVIEW};
constexpr S kFromCleared[] = {S::CASE_STATE_CLEARED};
constexpr S kFromReplyReady[] = {S::CASE_STATE_REPLY_READY};
constexpr S kFromSignOff[] = {S::CASE_STATE_SIGN_OFF};
constexpr S kFromClosed[] = {S::CASE_STATE_CLOSED};
// Before the reply is cleared, the office may still stop, pause or extend the clock.
constexpr S kBeforeClearing[] = {S::CASE_STATE_REGISTERED, S::CASE_STATE_DISPATCH,
                                 S::CASE_STATE_ASSIGNED,   S::CASE_STATE_IN_DEPARTMENT,
                                 S::CASE_STATE_IN_REVIEW,  S::CASE_STATE_SIGN_OFF};
constexpr S kWhileOpen[] = {S::CASE_STATE_REGISTERED, S::CASE_STATE_DISPATCH,
                            S::CASE_STATE_ASSIGNED,   S::CASE_STATE_IN_DEPARTMENT,
                            S::CASE_STATE_IN_REVIEW,  S::CASE_STATE_SIGN_OFF,
                            S::CASE_STATE_CLEARED,    S::CASE_STATE_REPLY_READY};
// A complaint of no reply (不作为) may be recorded while the case is still open.
constexpr S kOpenOrClosed[] = {
    S::CASE_STATE_REGISTERED,    S::CASE_STATE_DISPATCH,    S::CASE_STATE_ASSIGNED,
    S::CASE_STATE_IN_DEPARTMENT, S::CASE_STATE_IN_REVIEW,   S::CASE_STATE_SIGN_OFF,
    S::CASE_STATE_CLEARED,       S::CASE_STATE_REPLY_READY, S::CASE_STATE_CLOSED};
constexpr S kUnchanged = S::CASE_STATE_UNSPECIFIED;

constexpr CommandRule kRules[] = {
    {Command::kRegister, "Register", kFromNothing, S::CASE_STATE_REGISTERED, "clerk",
     Stage::kRouting},
    {Command::kRoute, "Route", kFromRegistered, S::CASE_STATE_ASSIGNED, "service", Stage::kNone},
    {Command::kRouteToDispatch, "RouteToDispatch", kFromRegistered, S::CASE_STATE_DISPATCH,
     "service", Stage::kNone},
    {Command::kAssign, "Assign", kFromDispatchOrAssigned, S::CASE_STATE_ASSIGNED, "dispatcher",
     Stage::kNone},
    {Command::kAccept, "Accept", kFromAssigned, S::CASE_STATE_IN_DEPARTMENT, "officer",
     Stage::kNone},
    {Command::kHandBack, "HandBack", kFromDepartment, S::CASE_STATE_DISPATCH, "officer",
     Stage::kNone},
    {Command::kSubmitDraft, "SubmitDraft", kFromInDepartment, S::CASE_STATE_IN_REVIEW, "officer",
     Stage::kNone},
    {Command::kReturn, "Return", kFromInReview, S::CASE_STATE_IN_DEPARTMENT, "reviewer",
     Stage::kNone},
    {Command::kClear, "Clear", kFromInReview, S::CASE_STATE_CLEARED, "reviewer", Stage::kReply},
    {Command::kPrepareReply, "PrepareReply", kFromCleared, S::CASE_STATE_REPLY_READY, "service",
     Stage::kNone},
    {Command::kIssueReply, "IssueReply", kFromReplyReady, S::CASE_STATE_CLOSED, "clerk",
     Stage::kNone},
    {Command::kRequestSupplement, "RequestSupplement", kBeforeClearing, kUnchanged, "officer",
     Stage::kNone},
    {Command::kReceiveSupplement, "ReceiveSupplement", kBeforeClearing, kUnchanged, "clerk",
     Stage::kNone},
    {Command::kCloseUnsupplemented, "CloseUnsupplemented", kBeforeClearing, S::CASE_STATE_CLOSED,
     "officer", Stage::kNone},
    {Command::kStartConsultation, "StartConsultation", kBeforeClearing, kUnchanged, "officer",
     Stage::kNone},
    {Command::kEndConsultation, "EndConsultation", kBeforeClearing, kUnchanged, "officer",
     Stage::kNone},
    {Command::kGrantExtension, "GrantExtension", kBeforeClearing, kUnchanged, "head", Stage::kNone},
    {Command::kRecomputeDeadline, "RecomputeDeadline", kWhileOpen, kUnchanged, "service",
     Stage::kNone},
    {Command::kAnswerOnTheSpot, "AnswerOnTheSpot", kFromNothing, S::CASE_STATE_CLOSED, "clerk",
     Stage::kNone},
    {Command::kResolveFinding, "ResolveFinding", kFromInReview, kUnchanged, "reviewer",
     Stage::kNone},
    {Command::kClearForSignOff, "ClearForSignOff", kFromInReview, S::CASE_STATE_SIGN_OFF,
     "reviewer", Stage::kNone},
    {Command::kSignOff, "SignOff", kFromSignOff, S::CASE_STATE_CLEARED, "head", Stage::kReply},
    {Command::kRefuseSignOff, "RefuseSignOff", kFromSignOff, S::CASE_STATE_IN_DEPARTMENT, "head",
     Stage::kNone},
    {Command::kRecordRedress, "RecordRedress", kOpenOrClosed, kUnchanged, "manager", Stage::kNone},
    {Command::kRecordConsultationReceipt, "RecordConsultationReceipt", kBeforeClearing, kUnchanged,
     "officer", Stage::kNone},
    {Command::kIssueDisclosureNotice, "IssueDisclosureNotice", kWhileOpen, kUnchanged, "officer",
     Stage::kNone},
    {Command::kRecordDisclosureNoticeDelivery, "RecordDisclosureNoticeDelivery", kWhileOpen,
     kUnchanged, "clerk", Stage::kNone},
    {Command::kIssueFeeNotice, "IssueFeeNotice", kBeforeClearing, kUnchanged, "officer",
     Stage::kNone},
    {Command::kRecordFeeNoticeReceipt, "RecordFeeNoticeReceipt", kBeforeClearing, kUnchanged,
     "clerk", Stage::kNone},
    {Command::kRecordFeePayment, "RecordFeePayment", kBeforeClearing, kUnchanged, "clerk",
     Stage::kNone},
    {Command::kWaiveFee, "WaiveFee", kBeforeClearing, kUnchanged, "head", Stage::kNone},
    {Command::kCloseFeeUnpaid, "CloseFeeUnpaid", kBeforeClearing, S::CASE_STATE_CLOSED, "officer",
     Stage::kNone},
    {Command::kAskForReasons, "AskForReasons", kBeforeClearing, kUnchanged, "officer",
     Stage::kNone},
    {Command::kRecordReasons, "RecordReasons", kBeforeClearing, kUnchanged, "clerk", Stage::kNone},
    {Command::kSetLaterReplyDate, "SetLaterReplyDate", kBeforeClearing, kUnchanged, "head",
     Stage::kNone},
    {Command::kRecordReferral, "RecordReferral", kFromClosed, kUnchanged, "clerk", Stage::kNone},
};

}  // namespace

// RuleOf finds a command's rule by its place: the table lists the commands in the enum's order.
constexpr bool RulesInEnumOrder() {
  for (size_t i = 0; i < std::size(kRules); ++i) {
    if (static_cast<size_t>(kRules[i].command) != i) return false;
  }
  return true;
}
static_assert(RulesInEnumOrder(), "kRules must list the commands in the order of enum Command");

const CommandRule& RuleOf(Command command) { return kRules[static_cast<int>(command)]; }

std::span<const CommandRule> AllRules() { return kRules; }

absl::string_view StateName(v1::CaseState state) {
  static constexpr absl::string_view kPrefix = "CASE_STATE_";
  const std::string& full = v1::CaseState_Name(state);
  if (full.empty()) return "UNKNOWN";
  return absl::string_view(full).substr(kPrefix.size());
}

absl::Status CheckTransition(Command command, v1::CaseState state) {
  const CommandRule& rule = RuleOf(command);
  for (S allowed : rule.from) {
    if (allowed == state) return absl::OkStatus();
  }
  std::string allowed_names = absl::StrJoin(
      rule.from, ", ", [](std::string* out, S s) { absl::StrAppend(out, StateName(s)); });
  const std::string log_reason =
      absl::StrCat(rule.name, " is not allowed in state ", StateName(state),
                   " (allowed in: ", allowed_names, ")");
  const std::string step = Quoted(CallLabel(rule.name));
  if (state == S::CASE_STATE_CLOSED) {
    return StaffError(absl::StatusCode::kFailedPrecondition,
                      absl::StrCat("案件已办结，不能再进行", step), log_reason);
  }
  if (state == S::CASE_STATE_UNSPECIFIED || rule.from.front() == S::CASE_STATE_UNSPECIFIED) {
    return StaffError(absl::StatusCode::kFailedPrecondition,
                      absl::StrCat("案件当前状态为", Quoted(StateLabel(state)), "，不能进行", step),
                      log_reason);
  }
  // “已分派（待接收）”、“部门办理中”或“保密审查中”
  std::string allowed_labels;
  for (size_t i = 0; i < rule.from.size(); ++i) {
    if (i > 0) allowed_labels += i + 1 == rule.from.size() ? "或" : "、";
    absl::StrAppend(&allowed_labels, Quoted(StateLabel(rule.from[i])));
  }
  return StaffError(absl::StatusCode::kFailedPrecondition,
                    absl::StrCat("案件当前状态为", Quoted(StateLabel(state)), "，不能进行", step,
                                 "；只有状态为", allowed_labels, "的案件可以进行此操作"),
                    log_reason);
}

QueueKind QueueOf(v1::CaseState state) {
  switch (state) {
    case S::CASE_STATE_DISPATCH:
      return QueueKind::kDispatch;
    case S::CASE_STATE_ASSIGNED:
    case S::CASE_STATE_IN_DEPARTMENT:
      return QueueKind::kDepartment;
    case S::CASE_STATE_IN_REVIEW:
      return QueueKind::kReview;
    case S::CASE_STATE_SIGN_OFF:
      return QueueKind::kSignOff;
    case S::CASE_STATE_REPLY_READY:
      return QueueKind::kReply;
    default:
      return QueueKind::kNone;
  }
}

}  // namespace gongkai
