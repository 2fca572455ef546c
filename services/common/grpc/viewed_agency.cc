#include "grpc/viewed_agency.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "auth/access_policy.h"
#include "base/status_macros.h"

namespace gongkai {

absl::Status CheckCountyWide(const v1::Actor& actor) {
  if (actor.county_wide()) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "全县概览和通报仅供县政府信息公开工作主管部门（县政府办公室）的管理人员查看");
}

absl::StatusOr<const Agency*> ViewedAgency(const AgencyCatalogue& catalogue, const v1::Actor& actor,
                                           absl::string_view named, absl::string_view field) {
  if (named == "*") {
    GK_RETURN_IF_ERROR(CheckCountyWide(actor));
    return nullptr;
  }
  const std::string code(named.empty() ? absl::string_view(actor.agency()) : named);
  const Agency* agency = catalogue.Resolve(code);
  if (agency == nullptr) return catalogue.CheckCode(code, field);
  GK_RETURN_IF_ERROR(CheckAgencyAccess(actor, agency->code));
  return agency;
}

}  // namespace gongkai
