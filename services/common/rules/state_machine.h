// The case workflow as one table: every command, the states it is allowed from, the state it
// leads to, who does it, and the stream it hands the case to. The Lua transition script, the
// services, the CLI and the README's table are all checked against this.
//
// Example:
//   absl::Status allowed = CheckTransition(Command::kAccept, current.state());
//   // FAILED_PRECONDITION: "案件当前状态为“保密审查中”，不能进行“部门接收”；只有状态为
//   // “已分派（待接收）”的案件可以进行此操作" (logged as "Accept is not allowed in state
//   // IN_REVIEW (allowed in: ASSIGNED)")
#pragma once

#include <optional>
#include <span>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

enum class Command {
  kRegister,         // window staff register a request
  kRoute,            // the routing service assigns by the catalogue
  kRouteToDispatch,  // the routing service found no single department
  kAssign,           // a dispatcher assigns or reassigns
  kAccept,           // the department takes the case on
  kHandBack,         // the department says it is not theirs
  kSubmitDraft,      // the department submits its answer for review
  kReturn,           // the reviewer returns the draft with comments
  kClear,            // the reviewer clears the draft
  kPrepareReply,     // the reply service prepares the reply letter
  kIssueReply,       // staff record the delivery; the case closes
  // The statutory clock (the workflow state stays as it is, but for the closing one):
  kRequestSupplement,    // the office asks the applicant, once, to clarify (补正)
  kReceiveSupplement,    // the supplement arrived: the 20 days run afresh
  kCloseUnsupplemented,  // the period lapsed without a supplement: the case closes
  kStartConsultation,    // a third party or other agency is consulted: the clock pauses
  kEndConsultation,      // the answer came, or the 15 days lapsed: the clock runs again
  kGrantExtension,       // the head of the office extends the deadline, once
  kRecomputeDeadline,    // the calendar changed (a newly published or corrected year)
  kAnswerOnTheSpot,      // registered and answered at the window at once: closed
  // Confidentiality review and sign-off:
  kResolveFinding,   // the reviewer redacts a screening finding or records why it may go out
  kClearForSignOff,  // the reviewer clears a withholding decision; the office head signs off
  kSignOff,          // the office head signs the decision off
  kRefuseSignOff,    // the office head sends the draft back to the department
  kRecordRedress,    // a reconsideration, lawsuit or complaint of no reply is recorded
  // Consultations (Art. 32, 34) beyond starting and ending one:
  kRecordConsultationReceipt,       // the consulted party received the letter: its 15 days run
  kIssueDisclosureNotice,           // disclosed over a third party's objection: the notice to it
  kRecordDisclosureNoticeDelivery,  // the third party received that notice
  // Fees (Art. 42, 国办函〔2020〕109号):
  kIssueFeeNotice,          // 收费通知 sent: the clock waits for payment
  kRecordFeeNoticeReceipt,  // the applicant received it: the 20 days to pay run
  kRecordFeePayment,        // paid: the clock runs again
  kWaiveFee,                // the head of the office waives it: the clock runs again
  kCloseFeeUnpaid,          // the period to pay lapsed: the case closes
  // Excessive requests (Art. 35):
  kAskForReasons,      // the applicant is asked to explain the number or frequency
  kRecordReasons,      // the applicant's reasons arrived
  kSetLaterReplyDate,  // the head sets a reasonable later reply date
  // Art. 36(5): the request was registered at the agency the reply named; linked here.
  kRecordReferral,
};

// The streams on which a case is handed to a service that acts on it without a person.
enum class Stage { kNone, kRouting, kReply };

struct CommandRule {
  Command command;
  absl::string_view name;
  std::span<const v1::CaseState> from;  // empty: creates the case
  v1::CaseState to;                     // UNSPECIFIED: the state does not change
  absl::string_view actor_roles;        // who does it (enforced by the authorisation layer)
  Stage hands_to;
};

const CommandRule& RuleOf(Command command);
std::span<const CommandRule> AllRules();

// OK when `command` may act on a case in `state`; FAILED_PRECONDITION naming both, and the states
// the command is allowed in, in staff's words otherwise.
absl::Status CheckTransition(Command command, v1::CaseState state);

// "IN_REVIEW" for CASE_STATE_IN_REVIEW.
absl::string_view StateName(v1::CaseState state);

// Which work queue lists a case in `state`. Cases in REGISTERED and CLEARED are on a stream
// instead, and CLOSED cases are on no queue.
enum class QueueKind { kNone, kDispatch, kDepartment, kReview, kSignOff, kReply };
QueueKind QueueOf(v1::CaseState state);

}  // namespace gongkai
