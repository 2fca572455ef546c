#include "rules/redress_commands.h"

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "base/staff_error.h"
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
        "`redress.kind` 须为行政复议（RECONSIDERATION）、直接起诉（LITIGATION_DIRECT）或复议后起诉"
        "（LITIGATION_AFTER_RECONSIDERATION）");
  }
  if (redress.result() == v1::REDRESS_RESULT_UNSPECIFIED ||
      !v1::RedressResult_IsValid(redress.result())) {
    return absl::InvalidArgumentError(
        "`redress.result` 须为尚未审结（PENDING）、维持（MAINTAINED）、纠错（CORRECTED）或其他"
        "（OTHER）");
  }
  absl::CivilDay filed, closed, decided;
  if (!ParseDay(redress.filed_on(), &filed)) {
    return absl::InvalidArgumentError("`redress.filed_on` 须为 YYYY-MM-DD 格式的日期");
  }
  if (filed > today) return absl::InvalidArgumentError("`redress.filed_on` 不能晚于今天");
  if (redress.against_inaction()) {
    // A complaint of no reply may come at any time after the request arrived.
    absl::CivilDay received;
    if (LegalReceiptDay(current, &received) && filed < received) {
      return absl::InvalidArgumentError(absl::StrCat("`redress.filed_on` 早于申请的法定收到日期 ",
                                                     FormatDay(received),
                                                     "：不作为的复议或诉讼不能在申请到达前提起"));
    }
  } else if (ParseDay(current.closed_on(), &closed) && filed < closed) {
    return absl::InvalidArgumentError("`redress.filed_on` 早于案件办结之日");
  }
  const bool pending = redress.result() == v1::REDRESS_RESULT_PENDING;
  if (pending) {
    if (!redress.decided_on().empty()) {
      return absl::InvalidArgumentError("`redress.decided_on` 尚未审结时须为空");
    }
  } else {
    if (!ParseDay(redress.decided_on(), &decided)) {
      return absl::InvalidArgumentError(
          "`redress.decided_on` 已审结的须填写决定或裁判之日（YYYY-MM-DD 格式）");
    }
    if (decided < filed || decided > today) {
      return absl::InvalidArgumentError("`redress.decided_on` 须在提起之日与今天之间");
    }
  }
  return ValidateText("redress.body", redress.body(), kMaxReasonChars, false);
}

// An update names a record that exists and keeps what it was filed as: its kind, and whether it
// contests a reply or the lack of one.
absl::Status CheckUpdate(const v1::Case& current, int index, const v1::Redress& redress) {
  const int recorded = current.redress_size();
  if (index > recorded) {
    return absl::InvalidArgumentError(
        absl::StrCat("`index` 须为 -1 或小于 ", recorded + 1, " 的记录序号"));
  }
  if (current.redress(index).kind() != redress.kind()) {
    return absl::InvalidArgumentError(
        absl::StrCat("`redress.kind` 与第 ", index, " 条记录的类别不同"));
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
      return StaffError(
          absl::StatusCode::kFailedPrecondition,
          absl::StrCat("案件 ", current.case_number(), " 已登记 ", recorded,
                       " 条行政复议或诉讼记录，达到上限，不能再新增；如需更正，请修改已有记录"),
          absl::StrCat("case ", current.case_number(), " already has ", recorded,
                       " redress records"));
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
