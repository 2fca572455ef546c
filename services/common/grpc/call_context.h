// Who is calling, from a call's `authorization: Bearer <session token>` metadata: the token is
// checked by the process's CallAuthenticator and the method by the access policy
// (auth/access_policy.h). Every Gongkai RPC goes through here (ServeOnPool, ServeWatch and the
// account service), so enforcement lives in one place. A refused call is logged and recorded in
// Redis's stream of refusals.
#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongkai/v1/account.pb.h"
#include "gongkai/v1/case.pb.h"
#include "redis/redis_connection.h"

namespace gongkai {

// The claims of the call's session token: UNAUTHENTICATED without a valid one.
absl::StatusOr<v1::TokenClaims> AuthenticateCall(const grpc::CallbackServerContext& context);

// The caller as the refusal record names them: user, every role they hold, department.
v1::Actor CallerOf(const v1::TokenClaims& claims);

// Records a refused call (PERMISSION_DENIED) in the stream of refusals; logs it either way.
void RecordRefusal(RedisConnection& redis, absl::string_view method, const v1::Actor& caller,
                   const absl::Status& refusal);

// The actor recorded for a service's own steps, e.g. "svc:routing".
v1::Actor ServiceActor(absl::string_view service);

}  // namespace gongkai
