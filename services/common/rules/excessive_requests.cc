#include "rules/excessive_requests.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "base/status_macros.h"
#include "calendar/deadline.h"
#include "rules/case_change_builder.h"
#include "rules/clock_commands.h"
#include "rules/registration_validation.h"

namespace gongkai {

absl::StatusOr<CaseChange> AskForReasons(const v1::Case& current, absl::string_view questions,
                                         absl::string_view reply_by, const v1::Actor& actor,
                                         absl::Time now) {
  GK_RETURN_IF_ERROR(ValidateText("questions", questions, kMaxQuestionsChars, true));
  const absl::CivilDay today = ChinaDay(now);
  absl::CivilDay reply_day;
  if (!ParseDay(reply_by, &reply_day)) {
    return absl::InvalidArgumentError("`reply_by` 须为 YYYY-MM-DD 格式的日期");
  }
  if (reply_day <= today) return absl::InvalidArgumentError("`reply_by` 须晚于今天");
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kAskForReasons, current, actor, now));
  if (!current.excessive().asked_on().empty()) {
    return absl::FailedPreconditionError(absl::StrCat("案件 ", current.case_number(), " 已于 ",
                                                      current.excessive().asked_on(),
                                                      " 要求申请人说明理由"));
  }
  v1::ExcessiveRequests& excessive = *change.after.mutable_excessive();
  excessive.set_asked_on(FormatDay(today));
  excessive.set_asked_by(actor.user_id());
  excessive.set_questions(std::string(questions));
  excessive.set_reply_by(std::string(reply_by));
  // Art. 35 lets the office ask; it does not stop the reply period meanwhile: the clock is left
  // as it is.
  Detail(change, "questions", questions);
  Detail(change, "reply_by", reply_by);
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> RecordReasons(const v1::Case& current, absl::string_view answered_on,
                                         absl::string_view answer, const v1::Actor& actor,
                                         absl::Time now) {
  GK_ASSIGN_OR_RETURN(absl::CivilDay answered,
                      ParsePastDay("answered_on", answered_on, ChinaDay(now)));
  GK_RETURN_IF_ERROR(ValidateText("answer", answer, kMaxAnswerChars, true));
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kRecordReasons, current, actor, now));
  const v1::ExcessiveRequests& asked = current.excessive();
  if (asked.asked_on().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("案件 ", current.case_number(), " 未要求申请人说明理由（第三十五条）"));
  }
  if (!asked.answered_on().empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "案件 ", current.case_number(), " 已登记申请人于 ", asked.answered_on(), " 说明的理由"));
  }
  if (answered < StoredDay(asked.asked_on())) {
    return absl::InvalidArgumentError("`answered_on` 早于要求说明理由之日");
  }
  v1::ExcessiveRequests& excessive = *change.after.mutable_excessive();
  excessive.set_answered_on(std::string(answered_on));
  excessive.set_answer(std::string(answer));
  Detail(change, "answered_on", answered_on);
  if (answered > StoredDay(asked.reply_by())) Detail(change, "late", "true");
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> SetLaterReplyDate(const v1::Case& current,
                                             const WorkingCalendar& calendar,
                                             absl::string_view later_reply_date,
                                             absl::string_view reasons, const v1::Actor& actor,
                                             absl::Time now) {
  absl::CivilDay later;
  if (!ParseDay(later_reply_date, &later)) {
    return absl::InvalidArgumentError("`later_reply_date` 须为 YYYY-MM-DD 格式的日期");
  }
  GK_RETURN_IF_ERROR(ValidateText("reasons", reasons, kMaxReasonChars, true));
  if (actor.role() != "head") {
    return absl::PermissionDeniedError(
        "延后答复日期须由政府信息公开工作机构负责人确定，只有主任可以确定");
  }
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kSetLaterReplyDate, current, actor, now));
  const v1::ExcessiveRequests& excessive = current.excessive();
  if (excessive.asked_on().empty() || excessive.answered_on().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("案件 ", current.case_number(),
                     " 须先要求申请人说明理由并登记其答复，方可确定延后答复日期（第三十五条）"));
  }
  if (!excessive.later_reply_date().empty()) {
    return absl::FailedPreconditionError(absl::StrCat("案件 ", current.case_number(), " 已于 ",
                                                      excessive.decided_on(), " 确定延后答复日期 ",
                                                      excessive.later_reply_date()));
  }
  GK_RETURN_IF_ERROR(RequireRunningClock(current, "SetLaterReplyDate"));
  // As with an extension, the applicant must learn of the new date within the period: a date set
  // after the due date passed would excuse a late reply after the fact.
  if (ChinaDay(now) > StoredDay(current.deadline().due_date())) {
    return absl::FailedPreconditionError(absl::StrCat("答复期限 ", current.deadline().due_date(),
                                                      " 已过，须在期限届满前确定延后答复日期"));
  }
  if (later <= StoredDay(current.deadline().due_date())) {
    return absl::InvalidArgumentError(
        absl::StrCat("`later_reply_date` 须晚于现行答复期限 ", current.deadline().due_date()));
  }
  GK_ASSIGN_OR_RETURN(absl::CivilDay bound,
                      AddWorkingDays(calendar, StoredDay(current.deadline().clock_start()),
                                     kMaxLaterReplyWorkingDays));
  if (later > bound) {
    return absl::InvalidArgumentError(absl::StrCat("`later_reply_date` 不得晚于起算日后第 ",
                                                   kMaxLaterReplyWorkingDays, " 个工作日（",
                                                   FormatDay(bound), "）"));
  }
  v1::ExcessiveRequests& decided = *change.after.mutable_excessive();
  decided.set_later_reply_date(std::string(later_reply_date));
  decided.set_decided_on(FormatDay(ChinaDay(now)));
  decided.set_decided_by(actor.user_id());
  decided.set_decision_reasons(std::string(reasons));
  Detail(change, "later_reply_date", later_reply_date);
  Detail(change, "reasons", reasons);
  GK_RETURN_IF_ERROR(RecountDeadline(change, calendar));
  return Finish(std::move(change));
}

}  // namespace gongkai
