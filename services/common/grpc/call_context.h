// The acting user of a call, from its metadata: x-gongkai-user, x-gongkai-role and
// x-gongkai-department. Recorded in every event the call causes.
#pragma once

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

inline constexpr char kUserHeader[] = "x-gongkai-user";
inline constexpr char kRoleHeader[] = "x-gongkai-role";
inline constexpr char kDepartmentHeader[] = "x-gongkai-department";

// UNAUTHENTICATED when user or role is missing or malformed.
absl::StatusOr<v1::Actor> ActorOf(const grpc::CallbackServerContext& context);

// The actor recorded for a service's own steps, e.g. "svc:routing".
v1::Actor ServiceActor(absl::string_view service);

}  // namespace gongkai
