// Art. 36(5) referrals: the reply said the information is held by another agency and named it;
// the window registers the request at that agency in one step, as a new case with its own receipt
// date and clock, linked both ways to the first.
//
// Example:
//   GK_RETURN_IF_ERROR(CheckReferral(first, "jyj", catalogue));       // before registering
//   GK_ASSIGN_OR_RETURN(CaseChange link, RecordReferral(first, "2026-000124", actor, now));
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gongkai/v1/case.pb.h"
#include "rules/agency_catalogue.h"
#include "rules/case_commands.h"

namespace gongkai {

// At most this many referrals from one case (the reply names one agency; a few more allow for a
// corrected registration).
inline constexpr int kMaxReferralsPerCase = 10;

// FAILED_PRECONDITION naming `referred_from` unless `first` was closed by a reply of Art. 36(5)
// (不属于本机关负责公开); INVALID_ARGUMENT naming `agency` when `agency` is the first case's own.
absl::Status CheckReferral(const v1::Case& first, absl::string_view agency,
                           const AgencyCatalogue& catalogue);

// Links the new case to the first. ALREADY_EXISTS when it is listed already (a retried
// registration: the caller takes it as done).
absl::StatusOr<CaseChange> RecordReferral(const v1::Case& first, absl::string_view new_case,
                                          const v1::Actor& actor, absl::Time now);

}  // namespace gongkai
