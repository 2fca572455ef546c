#include "rules/referral_commands.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "rules/case_change_builder.h"

namespace gongkai {

absl::Status CheckReferral(const v1::Case& first, absl::string_view agency,
                           const AgencyCatalogue& catalogue) {
  if (first.state() != v1::CASE_STATE_CLOSED ||
      first.draft().outcome() != v1::OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY) {
    return absl::FailedPreconditionError(absl::StrCat(
        "`referred_from` 案件 ", first.case_number(),
        " 未以“不属于本机关负责公开”（第三十六条第五项）答复，不能据此向其他机关转登记"));
  }
  if (agency == first.agency()) {
    const Agency* same = catalogue.Find(agency);
    return absl::InvalidArgumentError(
        absl::StrCat("`agency` 与原案件同为", same != nullptr ? same->name : std::string(agency),
                     "：转登记须登记到负责公开该信息的其他机关"));
  }
  if (first.referred_to_size() >= kMaxReferralsPerCase) {
    return absl::FailedPreconditionError(absl::StrCat("`referred_from` 案件 ", first.case_number(),
                                                      " 已转登记 ", first.referred_to_size(),
                                                      " 次，达到上限"));
  }
  return absl::OkStatus();
}

absl::StatusOr<CaseChange> RecordReferral(const v1::Case& first, absl::string_view new_case,
                                          const v1::Actor& actor, absl::Time now) {
  if (std::find(first.referred_to().begin(), first.referred_to().end(), new_case) !=
      first.referred_to().end()) {
    return absl::AlreadyExistsError(
        absl::StrCat("案件 ", new_case, " 已记为案件 ", first.case_number(), " 的转登记"));
  }
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kRecordReferral, first, actor, now));
  change.after.add_referred_to(std::string(new_case));
  Detail(change, "referred_to", new_case);
  return Finish(std::move(change));
}

}  // namespace gongkai
