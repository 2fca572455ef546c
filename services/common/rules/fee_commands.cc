#include "rules/fee_commands.h"

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "base/status_macros.h"
#include "calendar/deadline.h"
#include "rules/case_change_builder.h"
#include "rules/clock_commands.h"
#include "rules/fees.h"
#include "rules/registration_validation.h"
#include "rules/staff_labels.h"

namespace gongkai {
namespace {

absl::CivilDay DayOrEpoch(absl::string_view text) {
  absl::CivilDay day;
  ParseDay(text, &day);
  return day;
}

// A date the applicant or the office acted on: YYYY-MM-DD, not after today, not before the fee
// notice was sent.
absl::StatusOr<absl::CivilDay> DateSinceNotice(absl::string_view field, absl::string_view text,
                                               const v1::Case& current, absl::CivilDay today) {
  absl::CivilDay day;
  if (!ParseDay(text, &day)) {
    return absl::InvalidArgumentError(absl::StrCat("`", field, "` 须为 YYYY-MM-DD 格式的日期"));
  }
  if (day > today) return absl::InvalidArgumentError(absl::StrCat("`", field, "` 不能晚于今天"));
  if (day < DayOrEpoch(current.fee().issued_on())) {
    return absl::InvalidArgumentError(
        absl::StrCat("`", field, "` 不能早于收费通知发出之日 ", current.fee().issued_on()));
  }
  return day;
}

absl::Status NeedsAwaitedFee(const v1::Case& current) {
  if (current.clock() == v1::CLOCK_STATE_AWAITING_FEE) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("案件 ", current.case_number(), " 没有待缴的信息处理费"));
}

// Once the last day to pay has passed, the application counts as abandoned: nothing settles
// the fee any more, the case is closed as unpaid.
absl::Status NeedsOpenPaymentPeriod(const v1::Case& current, absl::CivilDay day) {
  const std::string& pay_by = current.fee().pay_by();
  if (pay_by.empty() || day <= DayOrEpoch(pay_by)) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("缴费期限已于 ", pay_by, " 届满，申请视为放弃，应按“逾期未缴费结案”办理"));
}

// The clock runs again; the days it waited, after the notice up to and including `settled_on`,
// are left out of the count.
absl::Status ResumeClock(CaseChange& change, const WorkingCalendar& calendar,
                         absl::string_view settled_on) {
  change.after.mutable_fee()->set_settled_by(change.event.actor().user_id());
  change.after.set_clock(v1::CLOCK_STATE_RUNNING);
  Detail(change, "paused", absl::StrCat(change.after.fee().issued_on(), ":", settled_on));
  return RecountDeadline(change, calendar);
}

}  // namespace

absl::StatusOr<CaseChange> IssueFeeNotice(const v1::Case& current, v1::FeeBasis basis, int pages,
                                          int requests_in_month, const v1::Actor& actor,
                                          absl::Time now) {
  GK_ASSIGN_OR_RETURN(FeeQuote quote, QuoteFee(basis, requests_in_month, pages));
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kIssueFeeNotice, current, actor, now));
  if (!current.fee().issued_on().empty()) {
    return absl::FailedPreconditionError(absl::StrCat("案件 ", current.case_number(), " 已于 ",
                                                      current.fee().issued_on(),
                                                      " 发出收费通知，每件申请只收费一次"));
  }
  if (current.clock() != v1::CLOCK_STATE_RUNNING &&
      current.clock() != v1::CLOCK_STATE_UNSPECIFIED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "案件 ", current.case_number(), " 的答复期限现为", Quoted(ClockLabel(current.clock())),
        "，不能发出收费通知；收费通知只能在答复期限正常计时时发出"));
  }
  const absl::CivilDay today = ChinaDay(now);
  if (today > DayOrEpoch(current.deadline().due_date())) {
    return absl::FailedPreconditionError(absl::StrCat("收费通知须在答复期限内发出，答复期限已于 ",
                                                      current.deadline().due_date(), " 届满"));
  }
  if (quote.amount_yuan == 0) {
    return absl::FailedPreconditionError("按此标准本件申请不收费（0元），无需发出收费通知");
  }
  v1::Fee& fee = *change.after.mutable_fee();
  fee.set_basis(basis);
  if (basis == v1::FEE_BASIS_PER_REQUEST) {
    fee.set_requests_in_month(requests_in_month);
    Detail(change, "requests_in_month", std::to_string(requests_in_month));
  } else {
    fee.set_pages(pages);
    Detail(change, "pages", std::to_string(pages));
  }
  fee.set_amount_yuan(quote.amount_yuan);
  for (std::string& line : quote.breakdown) fee.add_breakdown(std::move(line));
  fee.set_issued_on(FormatDay(today));
  fee.set_issued_by(actor.user_id());
  change.after.set_clock(v1::CLOCK_STATE_AWAITING_FEE);
  Detail(change, "basis", v1::FeeBasis_Name(basis));
  Detail(change, "amount_yuan", std::to_string(quote.amount_yuan));
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> RecordFeeNoticeReceipt(const v1::Case& current,
                                                  const WorkingCalendar& calendar,
                                                  absl::string_view received_on,
                                                  const v1::Actor& actor, absl::Time now) {
  GK_ASSIGN_OR_RETURN(CaseChange change,
                      Begin(Command::kRecordFeeNoticeReceipt, current, actor, now));
  GK_RETURN_IF_ERROR(NeedsAwaitedFee(current));
  if (!current.fee().received_on().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("已记录申请人于 ", current.fee().received_on(), " 收到收费通知"));
  }
  GK_ASSIGN_OR_RETURN(absl::CivilDay received,
                      DateSinceNotice("received_on", received_on, current, ChinaDay(now)));
  GK_ASSIGN_OR_RETURN(absl::CivilDay pay_by,
                      AddWorkingDays(calendar, received, kFeePaymentWorkingDays));
  v1::Fee& fee = *change.after.mutable_fee();
  fee.set_received_on(std::string(received_on));
  fee.set_pay_by(FormatDay(pay_by));
  Detail(change, "received_on", received_on);
  Detail(change, "pay_by", fee.pay_by());
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> RecordFeePayment(const v1::Case& current,
                                            const WorkingCalendar& calendar,
                                            absl::string_view paid_on, absl::string_view reference,
                                            const v1::Actor& actor, absl::Time now) {
  GK_RETURN_IF_ERROR(ValidateText("reference", reference, kMaxReferenceChars, true));
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kRecordFeePayment, current, actor, now));
  GK_RETURN_IF_ERROR(NeedsAwaitedFee(current));
  GK_ASSIGN_OR_RETURN(absl::CivilDay paid,
                      DateSinceNotice("paid_on", paid_on, current, ChinaDay(now)));
  GK_RETURN_IF_ERROR(NeedsOpenPaymentPeriod(current, paid));
  v1::Fee& fee = *change.after.mutable_fee();
  fee.set_paid_on(std::string(paid_on));
  fee.set_payment_reference(std::string(reference));
  Detail(change, "paid_on", paid_on);
  Detail(change, "reference", reference);
  GK_RETURN_IF_ERROR(ResumeClock(change, calendar, paid_on));
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> WaiveFee(const v1::Case& current, const WorkingCalendar& calendar,
                                    absl::string_view reason, const v1::Actor& actor,
                                    absl::Time now) {
  GK_RETURN_IF_ERROR(ValidateText("reason", reason, kMaxReasonChars, true));
  if (actor.role() != "head") {
    return absl::PermissionDeniedError(
        "减免信息处理费须由政府信息公开工作机构负责人决定，只有主任可以减免");
  }
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kWaiveFee, current, actor, now));
  GK_RETURN_IF_ERROR(NeedsAwaitedFee(current));
  const absl::CivilDay today = ChinaDay(now);
  GK_RETURN_IF_ERROR(NeedsOpenPaymentPeriod(current, today));
  v1::Fee& fee = *change.after.mutable_fee();
  fee.set_waived_on(FormatDay(today));
  fee.set_waive_reason(std::string(reason));
  Detail(change, "reason", reason);
  GK_RETURN_IF_ERROR(ResumeClock(change, calendar, fee.waived_on()));
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> CloseFeeUnpaid(const v1::Case& current, const v1::Actor& actor,
                                          absl::Time now) {
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kCloseFeeUnpaid, current, actor, now));
  GK_RETURN_IF_ERROR(NeedsAwaitedFee(current));
  const std::string& pay_by = current.fee().pay_by();
  if (pay_by.empty()) {
    return absl::FailedPreconditionError(
        "尚未登记申请人收到收费通知的日期，缴费期限尚未确定；请先登记“申请人收到收费通知”");
  }
  const absl::CivilDay today = ChinaDay(now);
  if (today <= DayOrEpoch(pay_by)) {
    return absl::FailedPreconditionError(
        absl::StrCat("申请人可缴费至 ", pay_by, "，缴费期限尚未届满"));
  }
  v1::Draft& outcome = *change.after.mutable_draft();
  outcome.set_outcome(v1::OUTCOME_OTHER_FEE_UNPAID);
  outcome.set_grounds(absl::StrCat("申请人未在", pay_by,
                                   "前缴纳信息处理费，视为放弃申请（《政府信息公开信息处理费管理"
                                   "办法》，国办函〔2020〕109号）"));
  change.after.mutable_fee()->set_lapsed_on(FormatDay(today));
  change.after.set_clock(v1::CLOCK_STATE_STOPPED);
  change.after.set_closed_on(FormatDay(today));
  // The office tells the applicant it stops processing: a reply letter of this outcome, dated
  // today (rendered by the service, which knows the agency).
  change.after.set_reply_date(change.after.closed_on());
  Detail(change, "outcome", v1::Outcome_Name(v1::OUTCOME_OTHER_FEE_UNPAID));
  return Finish(std::move(change));
}

}  // namespace gongkai
