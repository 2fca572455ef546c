#include "grpc/call_context.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace gongkai {
namespace {

bool IsIdentifier(absl::string_view value, size_t max_size) {
  if (value.empty() || value.size() > max_size) return false;
  for (char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.' || c == '@';
    if (!ok) return false;
  }
  return true;
}

absl::string_view Header(const grpc::CallbackServerContext& context, absl::string_view name) {
  const auto& metadata = context.client_metadata();
  auto found = metadata.find(grpc::string_ref(name.data(), name.size()));
  if (found == metadata.end()) return {};
  return absl::string_view(found->second.data(), found->second.size());
}

}  // namespace

absl::StatusOr<v1::Actor> ActorOf(const grpc::CallbackServerContext& context) {
  v1::Actor actor;
  const absl::string_view user = Header(context, kUserHeader);
  const absl::string_view role = Header(context, kRoleHeader);
  const absl::string_view department = Header(context, kDepartmentHeader);
  if (!IsIdentifier(user, 64)) {
    return absl::UnauthenticatedError(
        absl::StrCat("metadata `", kUserHeader, "` is required (1-64 of A-Za-z0-9_-.@)"));
  }
  if (!IsIdentifier(role, 32)) {
    return absl::UnauthenticatedError(absl::StrCat("metadata `", kRoleHeader, "` is required"));
  }
  if (!department.empty() && !IsIdentifier(department, 16)) {
    return absl::UnauthenticatedError(
        absl::StrCat("metadata `", kDepartmentHeader, "` is not a department code"));
  }
  actor.set_user_id(std::string(user));
  actor.set_role(std::string(role));
  actor.set_department(std::string(department));
  return actor;
}

v1::Actor ServiceActor(absl::string_view service) {
  v1::Actor actor;
  actor.set_user_id(absl::StrCat("svc:", service));
  actor.set_role("service");
  return actor;
}

}  // namespace gongkai
