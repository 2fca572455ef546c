#include "rules/redress_commands.h"

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "base/status_macros.h"
#include "rules/case_change_builder.h"
#include "rules/registration_validation.h"

namespace gongkai {
namespace {

// The legal receipt date (Art. 31) the clock runs from; the day the request came in when a case
// predates the recorded deadline.
bool LegalReceiptDay(const v1::Case& current, absl::CivilDay* day) {
  return ParseDay(current.deadline().receipt_date(), day) ||
         ParseDay(current.request().received_date(), day);
}

absl::Status ValidateRedress(const v1::Case& current, const v1::Redress& redress,
                             absl::CivilDay today) {
  if (redress.kind() == v1::REDRESS_KIND_UNSPECIFIED || !v1::RedressKind_IsValid(redress.kind())) {
    return absl::InvalidArgumentError(
        "`redress.kind` must be RECONSIDERATION, LITIGATION_DIRECT or "
        "LITIGATION_AFTER_RECONSIDERATION");
  }
  if (redress.result() == v1::REDRESS_RESULT_UNSPECIFIED ||
      !v1::RedressResult_IsValid(redress.result())) {
    return absl::InvalidArgumentError(
        "`redress.result` must be PENDING, MAINTAINED, CORRECTED or OTHER");
  }
  absl::CivilDay filed, closed, decided;
  if (!ParseDay(redress.filed_on(), &filed)) {
    return absl::InvalidArgumentError("`redress.filed_on` must be a date written YYYY-MM-DD");
  }
  if (filed > today) return absl::InvalidArgumentError("`redress.filed_on` is in the future");
  if (redress.against_inaction()) {
    // A complaint of no reply may come at any time after the request arrived.
    absl::CivilDay received;
    if (LegalReceiptDay(current, &received) && filed < received) {
      return absl::InvalidArgumentError(absl::StrCat("`redress.filed_on` 早于申请的法定收到日期 ",
                                                     FormatDay(received),
                                                     "：不作为的复议或诉讼不能在申请到达前提起"));
    }
  } else if (ParseDay(current.closed_on(), &closed) && filed < closed) {
    return absl::InvalidArgumentError("`redress.filed_on` is before the case was closed");
  }
  const bool pending = redress.result() == v1::REDRESS_RESULT_PENDING;
  if (pending) {
    if (!redress.decided_on().empty()) {
      return absl::InvalidArgumentError("`redress.decided_on` must be empty while pending");
    }
  } else {
    if (!ParseDay(redress.decided_on(), &decided)) {
      return absl::InvalidArgumentError(
          "`redress.decided_on` must be a date written YYYY-MM-DD for a decided result");
    }
    if (decided < filed || decided > today) {
      return absl::InvalidArgumentError(
          "`redress.decided_on` must lie between the filing and today");
    }
  }
  return ValidateText("redress.body", redress.body(), kMaxReasonChars, false);
}

// An update names a record that exists and keeps what it was filed as: its kind, and whether it
// contests a reply or the lack of one.
absl::Status CheckUpdate(const v1::Case& current, int index, const v1::Redress& redress) {
  const int recorded = current.redress_size();
  if (index > recorded) {
    return absl::InvalidArgumentError(absl::StrCat("`index` must be -1 or below ", recorded + 1));
  }
  if (current.redress(index).kind() != redress.kind()) {
    return absl::InvalidArgumentError(
        absl::StrCat("`redress.kind` differs from the kind recorded at index ", index));
  }
  if (current.redress(index).against_inaction() != redress.against_inaction()) {
    return absl::InvalidArgumentError(
        absl::StrCat("`redress.against_inaction` 与第 ", index,
                     " 条记录不同：针对不作为还是针对答复，记录后不能更改"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CaseChange> RecordRedress(const v1::Case& current, int index,
                                         const v1::Redress& redress, const v1::Actor& actor,
                                         absl::Time now) {
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kRecordRedress, current, actor, now));
  const int recorded = current.redress_size();
  const bool is_new = index < 0 || index == recorded;
  if (!is_new) GK_RETURN_IF_ERROR(CheckUpdate(current, index, redress));
  if (current.state() != v1::CASE_STATE_CLOSED && !redress.against_inaction()) {
    return absl::FailedPreconditionError(
        absl::StrCat("案件 ", current.case_number(),
                     " 尚未答复，没有可以复议或起诉的答复：未答复时只能记录针对不作为的复议或诉讼"
                     "（`redress.against_inaction`）"));
  }
  GK_RETURN_IF_ERROR(ValidateRedress(current, redress, ChinaDay(now)));
  if (is_new) {
    if (recorded >= kMaxRedressPerCase) {
      return absl::FailedPreconditionError(absl::StrCat(
          "case ", current.case_number(), " already has ", recorded, " redress records"));
    }
    *change.after.add_redress() = redress;
    index = recorded;
  } else {
    *change.after.mutable_redress(index) = redress;
  }
  Detail(change, "index", std::to_string(index));
  Detail(change, "kind", v1::RedressKind_Name(redress.kind()));
  Detail(change, "result", v1::RedressResult_Name(redress.result()));
  Detail(change, "filed_on", redress.filed_on());
  if (redress.against_inaction()) Detail(change, "against_inaction", "true");
  if (!redress.decided_on().empty()) Detail(change, "decided_on", redress.decided_on());
  return Finish(std::move(change));
}

}  // namespace gongkai
