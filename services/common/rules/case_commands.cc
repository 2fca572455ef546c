#include "rules/case_commands.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/clock.h"
#include "base/staff_error.h"
#include "base/status_macros.h"
#include "base/utf8.h"
#include "rules/case_change_builder.h"
#include "rules/clock_commands.h"
#include "rules/consultation_checks.h"
#include "rules/outcomes.h"
#include "rules/registration_validation.h"

namespace gongkai {
namespace {}  // namespace

absl::StatusOr<CaseChange> RegisterCase(absl::string_view case_number,
                                        const v1::RegisterRequest& request,
                                        const v1::Deadline& deadline, const v1::Actor& actor,
                                        absl::Time now) {
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kRegister, v1::Case(), actor, now));
  v1::Case& created = change.after;
  created.set_case_number(std::string(case_number));
  created.set_agency(request.agency());
  created.set_referred_from(request.referred_from());
  *created.mutable_applicant() = request.applicant();
  *created.mutable_request() = request.request();
  created.set_registered_at(FormatTimestamp(now));
  created.set_registered_by(actor.user_id());
  *created.mutable_deadline() = deadline;
  created.set_clock(v1::CLOCK_STATE_RUNNING);
  Detail(change, "agency", request.agency());
  if (!request.referred_from().empty()) Detail(change, "referred_from", request.referred_from());
  Detail(change, "channel", v1::Channel_Name(request.request().channel()));
  Detail(change, "received_date", request.request().received_date());
  Detail(change, "receipt_date", deadline.receipt_date());
  Detail(change, "due_date",
         deadline.provisional() ? absl::StrCat(deadline.due_date(), " (provisional)")
                                : deadline.due_date());
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> RegisterAnsweredOnTheSpot(absl::string_view case_number,
                                                     const v1::RegisterRequest& request,
                                                     const v1::Deadline& deadline,
                                                     const v1::Actor& actor, absl::Time now) {
  const v1::OnTheSpotReply& answer = request.on_the_spot();
  if (!AnswerableOnTheSpot(answer.outcome())) {
    return absl::InvalidArgumentError(
        "`on_the_spot.outcome` 须为不另行公开信息的答复：已主动公开、公开出版物、信访举报投诉类、"
        "经检索没有或不属于本机关负责公开；其他答复须经保密审查");
  }
  GK_ASSIGN_OR_RETURN(CaseChange change, RegisterCase(case_number, request, deadline, actor, now));
  change.command = Command::kAnswerOnTheSpot;
  change.event.set_command(std::string(RuleOf(Command::kAnswerOnTheSpot).name));
  v1::Draft& outcome = *change.after.mutable_draft();
  outcome.set_outcome(answer.outcome());
  outcome.set_proposed_outcome(answer.outcome());
  if (answer.outcome() == v1::OUTCOME_ALREADY_PUBLIC) {
    outcome.set_disclosed_text(answer.text());
  } else {
    outcome.set_grounds(answer.text());
  }
  if (answer.outcome() == v1::OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY) {
    outcome.set_responsible_agency(answer.responsible_agency());
    outcome.set_responsible_contact(answer.responsible_contact());
  }
  outcome.set_drafter(actor.user_id());
  outcome.set_submitted_at(FormatTimestamp(now));
  v1::DeliveryRecord& delivery = *change.after.mutable_delivery();
  delivery.set_method(v1::DELIVERY_METHOD_PICKUP);
  delivery.set_delivered_on(FormatDay(ChinaDay(now)));
  delivery.set_reference("当场答复");
  change.after.set_clock(v1::CLOCK_STATE_STOPPED);
  change.after.set_closed_on(delivery.delivered_on());
  change.after.set_reply_date(delivery.delivered_on());
  change.after.set_working_days_to_reply(0);
  change.after.set_replied_on_time(true);
  Detail(change, "outcome", v1::Outcome_Name(answer.outcome()));
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> RouteCase(const v1::Case& current, const RoutingDecision& decision,
                                     const v1::Actor& actor, absl::Time now) {
  const Command command = decision.department ? Command::kRoute : Command::kRouteToDispatch;
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(command, current, actor, now));
  change.after.set_department(decision.department.value_or(""));
  if (decision.department) Detail(change, "department", *decision.department);
  Detail(change, "rule", decision.explanation);
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> AssignCase(const v1::Case& current, const DepartmentCatalogue& catalogue,
                                      absl::string_view department, absl::string_view note,
                                      const v1::Actor& actor, absl::Time now) {
  if (department.empty()) return absl::InvalidArgumentError("`department` 必须填写");
  GK_RETURN_IF_ERROR(catalogue.CheckCode(department));
  GK_RETURN_IF_ERROR(ValidateText("note", note, kMaxReasonChars, false));
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kAssign, current, actor, now));
  if (current.state() == v1::CASE_STATE_ASSIGNED && current.department() == department) {
    const Department* held = catalogue.Find(department);
    return StaffError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("案件 ", current.case_number(), " 已分派给",
                     held ? absl::string_view(held->name) : department,
                     "，正等待其接收，无需重复分派"),
        absl::StrCat("case ", current.case_number(), " is already assigned to ", department));
  }
  change.after.set_department(std::string(department));
  Detail(change, "department", department);
  if (!current.department().empty()) Detail(change, "previous_department", current.department());
  if (!note.empty()) Detail(change, "note", note);
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> AcceptCase(const v1::Case& current, const v1::Actor& actor,
                                      absl::Time now) {
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kAccept, current, actor, now));
  Detail(change, "department", current.department());
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> HandBackCase(const v1::Case& current, absl::string_view reason,
                                        const v1::Actor& actor, absl::Time now) {
  GK_RETURN_IF_ERROR(ValidateText("reason", reason, kMaxReasonChars, true));
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kHandBack, current, actor, now));
  change.after.clear_department();
  Detail(change, "previous_department", current.department());
  Detail(change, "reason", reason);
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> PrepareReply(const v1::Case& current, std::string letter,
                                        const v1::Actor& actor, absl::Time now) {
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kPrepareReply, current, actor, now));
  GK_RETURN_IF_ERROR(NoOpenConsultation(current, "PrepareReply"));
  GK_RETURN_IF_ERROR(NotWaitingOnTheApplicant(current, "PrepareReply"));
  Detail(change, "letter_chars", std::to_string(Utf8Length(letter).value_or(0)));
  change.after.set_reply_letter(std::move(letter));
  change.after.set_reply_date(FormatDay(ChinaDay(now)));
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> IssueReply(const v1::Case& current, const WorkingCalendar& calendar,
                                      const v1::DeliveryRecord& delivery, const v1::Actor& actor,
                                      absl::Time now) {
  if (delivery.method() == v1::DELIVERY_METHOD_UNSPECIFIED) {
    return absl::InvalidArgumentError("`delivery.method` 必须填写");
  }
  if (!v1::DeliveryMethod_IsValid(delivery.method())) {
    return absl::InvalidArgumentError(
        absl::StrCat("`delivery.method` 的取值 ", delivery.method(), " 无效"));
  }
  absl::CivilDay delivered;
  if (!ParseDay(delivery.delivered_on(), &delivered)) {
    return absl::InvalidArgumentError("`delivery.delivered_on` 须为 YYYY-MM-DD 格式的日期");
  }
  if (delivered > ChinaDay(now)) {
    return absl::InvalidArgumentError("`delivery.delivered_on` 不能晚于今天");
  }
  // The legal receipt date (Art. 31) can follow the arrival: a reply cannot precede either.
  absl::CivilDay received;
  if ((ParseDay(current.request().received_date(), &received) && delivered < received) ||
      (ParseDay(current.deadline().receipt_date(), &received) && delivered < received)) {
    return absl::InvalidArgumentError("`delivery.delivered_on` 早于收到申请之日");
  }
  GK_RETURN_IF_ERROR(
      ValidateText("delivery.reference", delivery.reference(), kMaxReferenceChars, false));
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kIssueReply, current, actor, now));
  GK_RETURN_IF_ERROR(NoOpenConsultation(current, "IssueReply"));
  GK_RETURN_IF_ERROR(NotWaitingOnTheApplicant(current, "IssueReply"));
  // Art. 32: a third party that objected learns of the disclosure before the applicant gets it.
  GK_RETURN_IF_ERROR(DisclosureNoticesDelivered(current, delivery.delivered_on()));
  *change.after.mutable_delivery() = delivery;
  change.after.set_clock(v1::CLOCK_STATE_STOPPED);
  change.after.set_closed_on(delivery.delivered_on());
  if (!current.deadline().due_date().empty()) {
    const DeadlineInput clock = DeadlineInputOf(current);
    GK_ASSIGN_OR_RETURN(
        int taken, CountWorkingDays(calendar, clock.supplement_received.value_or(clock.receipt),
                                    delivered, clock.pauses));
    absl::CivilDay due;
    ParseDay(current.deadline().due_date(), &due);
    change.after.set_working_days_to_reply(taken);
    change.after.set_replied_on_time(delivered <= due);
    Detail(change, "on_time", delivered <= due ? "true" : "false");
    Detail(change, "working_days", std::to_string(taken));
  }
  Detail(change, "delivery", v1::DeliveryMethod_Name(delivery.method()));
  Detail(change, "delivered_on", delivery.delivered_on());
  return Finish(std::move(change));
}

}  // namespace gongkai
