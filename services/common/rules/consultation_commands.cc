#include "rules/consultation_commands.h"

#include <functional>
#include <initializer_list>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "base/staff_error.h"
#include "base/status_macros.h"
#include "calendar/deadline.h"
#include "rules/case_change_builder.h"
#include "rules/clock_commands.h"
#include "rules/consultation_checks.h"
#include "rules/registration_validation.h"

namespace gongkai {
namespace {

// The consultation `index` names (INVALID_ARGUMENT when there is none such), or, when it is left
// out, the one consultation that `fits`: FAILED_PRECONDITION `none_fits` when none does,
// INVALID_ARGUMENT when several do and the caller must say which.
absl::StatusOr<int> PickConsultation(const v1::Case& c, std::optional<int> index,
                                     const std::function<bool(const v1::Consultation&)>& fits,
                                     absl::string_view none_fits) {
  if (index.has_value()) {
    if (*index < 0 || *index >= c.consultations_size()) {
      return absl::InvalidArgumentError(absl::StrCat("`consultation` 须为本案征求意见的序号（0 至 ",
                                                     c.consultations_size() - 1, "），收到 ",
                                                     *index));
    }
    return *index;
  }
  std::optional<int> found;
  int fitting = 0;
  for (int i = 0; i < c.consultations_size(); ++i) {
    if (!fits(c.consultations(i))) continue;
    ++fitting;
    found = i;
  }
  if (fitting == 0) return absl::FailedPreconditionError(none_fits);
  if (fitting > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("`consultation` 须指明是哪一项：本案有 ", fitting, " 项征求意见可办理此事"));
  }
  return *found;
}

std::string Numbered(int index) { return absl::StrCat("第 ", index, " 项征求意见"); }

// What an ended consultation left out of the count, as DeadlineInputOf counts it.
std::string PausedRange(const v1::Consultation& consultation) {
  const absl::CivilDay ended = StoredDay(consultation.ended_on());
  absl::CivilDay due;
  const bool capped = ParseDay(consultation.answer_due(), &due) && due < ended;
  return absl::StrCat(consultation.sent_on(), ":",
                      capped ? consultation.answer_due() : consultation.ended_on());
}

}  // namespace

absl::CivilDay LastRecordedDay(const v1::Case& c) {
  absl::CivilDay last;  // 1970-01-01
  const auto consider = [&last](std::initializer_list<const std::string*> texts) {
    for (const std::string* text : texts) {
      absl::CivilDay day;
      if (ParseDay(*text, &day) && day > last) last = day;
    }
  };
  consider({&c.deadline().receipt_date(), &c.deadline().clock_start(),
            &c.supplement().requested_on(), &c.supplement().received_on(),
            &c.extension().granted_on(), &c.fee().issued_on(), &c.fee().received_on(),
            &c.fee().paid_on(), &c.fee().waived_on(), &c.excessive().asked_on(),
            &c.excessive().answered_on(), &c.excessive().decided_on()});
  for (const v1::Consultation& consultation : c.consultations()) {
    consider({&consultation.sent_on(), &consultation.received_on(), &consultation.ended_on(),
              &consultation.disclosure_notice().issued_on(),
              &consultation.disclosure_notice().delivered_on()});
  }
  return last;
}

absl::StatusOr<CaseChange> StartConsultation(const v1::Case& current,
                                             const WorkingCalendar& calendar,
                                             v1::ConsultedParty party_type, absl::string_view party,
                                             absl::string_view sent_on, const v1::Actor& actor,
                                             absl::Time now) {
  if (party_type == v1::CONSULTED_PARTY_UNSPECIFIED || !v1::ConsultedParty_IsValid(party_type)) {
    return absl::InvalidArgumentError(
        "`party_type` 须为第三方（third_party）或其他机关（other_agency）");
  }
  GK_RETURN_IF_ERROR(ValidateText("party", party, kMaxPartyChars, true));
  GK_ASSIGN_OR_RETURN(absl::CivilDay sent, ParsePastDay("sent_on", sent_on, ChinaDay(now)));
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kStartConsultation, current, actor, now));
  // Several parties may be consulted at once: a second letter while the first is out is fine.
  if (current.clock() != v1::CLOCK_STATE_CONSULTING) {
    GK_RETURN_IF_ERROR(RequireRunningClock(current, "StartConsultation"));
    // Within the reply period, and recorded within it, as an extension is: a consultation
    // dated back after the period ran out would hide a late reply. (While another consultation
    // is open the clock stands, so the period has not run out.)
    const absl::CivilDay due = StoredDay(current.deadline().due_date());
    if (sent > due || ChinaDay(now) > due) {
      return absl::FailedPreconditionError(absl::StrCat(
          "答复期限已于 ", current.deadline().due_date(),
          " 届满，不得再征求意见；征求意见须在答复期限内发出并登记（条例第三十三条）"));
    }
  }
  if (current.consultations_size() >= kMaxConsultations) {
    return absl::FailedPreconditionError(absl::StrCat("案件 ", current.case_number(),
                                                      " 已征求意见 ", current.consultations_size(),
                                                      " 次，最多 ", kMaxConsultations, " 次"));
  }
  if (const absl::CivilDay last = LastRecordedDay(current); sent < last) {
    return absl::InvalidArgumentError(
        absl::StrCat("`sent_on` 不得早于本案最近一次登记的办理步骤（", FormatDay(last), "）"));
  }
  GK_ASSIGN_OR_RETURN(absl::CivilDay answer_due,
                      AddWorkingDays(calendar, sent, kConsultationWorkingDays));
  v1::Consultation& consultation = *change.after.add_consultations();
  consultation.set_party_type(party_type);
  consultation.set_party(std::string(party));
  consultation.set_sent_on(std::string(sent_on));
  // Art. 32 counts the 15 days from the party's receipt of the letter; until it is known, from
  // the day sent, and said to be provisional.
  consultation.set_answer_due(FormatDay(answer_due));
  consultation.set_answer_due_provisional(true);
  change.after.set_clock(v1::CLOCK_STATE_CONSULTING);
  Detail(change, "consultation", std::to_string(current.consultations_size()));
  Detail(change, "party", party);
  Detail(change, "answer_due", absl::StrCat(consultation.answer_due(), " (provisional)"));
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> RecordConsultationReceipt(const v1::Case& current,
                                                     const WorkingCalendar& calendar,
                                                     std::optional<int> index,
                                                     absl::string_view received_on,
                                                     const v1::Actor& actor, absl::Time now) {
  GK_ASSIGN_OR_RETURN(absl::CivilDay received,
                      ParsePastDay("received_on", received_on, ChinaDay(now)));
  GK_ASSIGN_OR_RETURN(CaseChange change,
                      Begin(Command::kRecordConsultationReceipt, current, actor, now));
  GK_ASSIGN_OR_RETURN(const int i, PickConsultation(current, index, IsOpen,
                                                    absl::StrCat("案件 ", current.case_number(),
                                                                 " 没有正在进行的征求意见")));
  v1::Consultation& consultation = *change.after.mutable_consultations(i);
  if (!IsOpen(consultation)) {
    return absl::FailedPreconditionError(
        absl::StrCat(Numbered(i), "已于 ", consultation.ended_on(), " 结束"));
  }
  if (!consultation.received_on().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(Numbered(i), "已登记对方于 ", consultation.received_on(), " 收到征求意见书"));
  }
  if (received < StoredDay(consultation.sent_on())) {
    return absl::InvalidArgumentError("`received_on` 早于征求意见书发出之日");
  }
  GK_ASSIGN_OR_RETURN(absl::CivilDay answer_due,
                      AddWorkingDays(calendar, received, kConsultationWorkingDays));
  consultation.set_received_on(std::string(received_on));
  consultation.set_answer_due(FormatDay(answer_due));
  consultation.set_answer_due_provisional(false);
  Detail(change, "consultation", std::to_string(i));
  Detail(change, "received_on", received_on);
  Detail(change, "answer_due", consultation.answer_due());
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> EndConsultation(const v1::Case& current, const WorkingCalendar& calendar,
                                           std::optional<int> index, absl::string_view ended_on,
                                           absl::string_view result, const v1::Actor& actor,
                                           absl::Time now) {
  GK_ASSIGN_OR_RETURN(absl::CivilDay ended, ParsePastDay("ended_on", ended_on, ChinaDay(now)));
  if (result != "answered" && result != "objected" && result != "lapsed") {
    return absl::InvalidArgumentError(
        "`result` 须为已答复（answered）、不同意公开（objected）或逾期未答复（lapsed）");
  }
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kEndConsultation, current, actor, now));
  const std::string no_open =
      absl::StrCat("案件 ", current.case_number(), " 没有正在进行的征求意见，无需结束");
  if (current.clock() != v1::CLOCK_STATE_CONSULTING || OpenConsultations(current) == 0) {
    return StaffError(absl::StatusCode::kFailedPrecondition, no_open,
                      absl::StrCat("case ", current.case_number(), " has no open consultation"));
  }
  GK_ASSIGN_OR_RETURN(const int i, PickConsultation(current, index, IsOpen, no_open));
  v1::Consultation& consultation = *change.after.mutable_consultations(i);
  if (!IsOpen(consultation)) {
    return absl::FailedPreconditionError(
        absl::StrCat(Numbered(i), "已于 ", consultation.ended_on(), " 结束"));
  }
  if (ended < StoredDay(consultation.sent_on())) {
    return absl::InvalidArgumentError("`ended_on` 早于征求意见书发出之日");
  }
  if (!consultation.received_on().empty() && ended < StoredDay(consultation.received_on())) {
    return absl::InvalidArgumentError("`ended_on` 早于对方收到征求意见书之日");
  }
  if (result == "lapsed") {
    // Art. 32: the 15 days run from the party's receipt; without it there is no day to lapse on.
    if (consultation.received_on().empty()) {
      return absl::FailedPreconditionError(
          absl::StrCat(Numbered(i),
                       "尚未登记对方收到征求意见书的日期：答复期限自收到之日起算"
                       "（条例第三十二条），登记后方可认定逾期未答复"));
    }
    if (ended <= StoredDay(consultation.answer_due())) {
      return StaffError(absl::StatusCode::kFailedPrecondition,
                        absl::StrCat("被征求意见方可在 ", consultation.answer_due(),
                                     " 前答复，期限尚未届满，不能按逾期未答复结束征求意见"),
                        absl::StrCat("the consulted party may answer until ",
                                     consultation.answer_due(), "; it has not lapsed"));
    }
  }
  consultation.set_ended_on(std::string(ended_on));
  consultation.set_result(std::string(result));
  Detail(change, "consultation", std::to_string(i));
  Detail(change, "result", result);
  Detail(change, "paused", PausedRange(consultation));
  if (const int still_open = OpenConsultations(change.after); still_open > 0) {
    // The clock stands while any consulted party has not answered.
    Detail(change, "still_open", std::to_string(still_open));
    return Finish(std::move(change));
  }
  change.after.set_clock(v1::CLOCK_STATE_RUNNING);
  GK_RETURN_IF_ERROR(RecountDeadline(change, calendar));
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> IssueDisclosureNotice(const v1::Case& current, std::optional<int> index,
                                                 absl::string_view reasons, const v1::Actor& actor,
                                                 absl::Time now) {
  GK_RETURN_IF_ERROR(ValidateText("reasons", reasons, kMaxReasonChars, true));
  GK_ASSIGN_OR_RETURN(CaseChange change,
                      Begin(Command::kIssueDisclosureNotice, current, actor, now));
  GK_ASSIGN_OR_RETURN(
      const int i,
      PickConsultation(
          current, index,
          [&current](const v1::Consultation& consultation) {
            return DisclosesOverObjection(current, consultation) &&
                   (consultation.disclosure_notice().delivered_on().empty() ||
                    consultation.disclosure_notice().released_digest() != ReleasedDigest(current));
          },
          "本案没有第三方不同意公开而本机关决定公开的征求意见，无需发出告知书"));
  v1::Consultation& consultation = *change.after.mutable_consultations(i);
  if (consultation.party_type() != v1::CONSULTED_PARTY_THIRD_PARTY) {
    return absl::FailedPreconditionError(
        absl::StrCat(Numbered(i), "征求的是其他机关的意见，告知书只发给不同意公开的第三方"));
  }
  if (IsOpen(consultation) || consultation.result() != "objected") {
    return absl::FailedPreconditionError(
        absl::StrCat(Numbered(i), "的第三方未表示不同意公开，无需发出告知书"));
  }
  if (!DisclosesOverObjection(current, consultation)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "拟办结果未公开第三方（", consultation.party(), "）不同意公开的信息，无需发出告知书"));
  }
  // A delivered notice stands while the text it told of is the one to be released; a changed
  // draft needs a new one.
  if (!consultation.disclosure_notice().delivered_on().empty() &&
      consultation.disclosure_notice().released_digest() == ReleasedDigest(current)) {
    return absl::FailedPreconditionError(absl::StrCat(
        Numbered(i), "的告知书已于 ", consultation.disclosure_notice().delivered_on(), " 送达"));
  }
  // A new notice replaces an undelivered one whole: the service renders its text afresh.
  v1::DisclosureNotice notice;
  notice.set_reasons(std::string(reasons));
  notice.set_issued_on(FormatDay(ChinaDay(now)));
  notice.set_issued_by(actor.user_id());
  notice.set_released_digest(ReleasedDigest(current));
  const bool reissued = !consultation.disclosure_notice().issued_on().empty();
  *consultation.mutable_disclosure_notice() = std::move(notice);
  Detail(change, "consultation", std::to_string(i));
  Detail(change, "reasons", reasons);
  if (reissued)
    Detail(change, "replaces_notice_of", current.consultations(i).disclosure_notice().issued_on());
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> RecordDisclosureNoticeDelivery(const v1::Case& current,
                                                          std::optional<int> index,
                                                          absl::string_view delivered_on,
                                                          const v1::Actor& actor, absl::Time now) {
  GK_ASSIGN_OR_RETURN(absl::CivilDay delivered,
                      ParsePastDay("delivered_on", delivered_on, ChinaDay(now)));
  GK_ASSIGN_OR_RETURN(CaseChange change,
                      Begin(Command::kRecordDisclosureNoticeDelivery, current, actor, now));
  GK_ASSIGN_OR_RETURN(const int i,
                      PickConsultation(
                          current, index,
                          [](const v1::Consultation& consultation) {
                            return !consultation.disclosure_notice().issued_on().empty() &&
                                   consultation.disclosure_notice().delivered_on().empty();
                          },
                          "本案没有待送达的第三方告知书"));
  v1::DisclosureNotice& notice =
      *change.after.mutable_consultations(i)->mutable_disclosure_notice();
  if (notice.issued_on().empty()) {
    return absl::FailedPreconditionError(absl::StrCat(Numbered(i), "尚未发出告知书"));
  }
  if (!notice.delivered_on().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(Numbered(i), "的告知书已登记于 ", notice.delivered_on(), " 送达"));
  }
  if (delivered < StoredDay(notice.issued_on())) {
    return absl::InvalidArgumentError("`delivered_on` 早于告知书发出之日");
  }
  notice.set_delivered_on(std::string(delivered_on));
  Detail(change, "consultation", std::to_string(i));
  Detail(change, "delivered_on", delivered_on);
  return Finish(std::move(change));
}

}  // namespace gongkai
