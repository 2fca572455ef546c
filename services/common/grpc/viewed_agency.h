// Which agency a manager's view (board, overdue list, report) is of: the one the request names,
// else the caller's own. Another agency's, and the whole county's ("*"), only for the managers of
// the county's disclosure office (auth/access_policy.h, CheckAgencyAccess).
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongkai/v1/case.pb.h"
#include "rules/agency_catalogue.h"

namespace gongkai {

// Null for "*", the whole county. INVALID_ARGUMENT naming `field` for an unknown agency;
// PERMISSION_DENIED for one the caller may not see.
// PERMISSION_DENIED unless the caller oversees every agency (the county's views).
absl::Status CheckCountyWide(const v1::Actor& actor);

absl::StatusOr<const Agency*> ViewedAgency(const AgencyCatalogue& catalogue, const v1::Actor& actor,
                                           absl::string_view named, absl::string_view field);

}  // namespace gongkai
