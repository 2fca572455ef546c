// Serves a unary callback-API call on the Redis worker pool: checks the caller's session token
// and the access policy for `method` on the gRPC thread, runs `work` on a pool thread with that
// thread's Redis connection and the authorised actor, and finishes the call with the mapped
// status. A refused call (PERMISSION_DENIED, by the policy or by the work's own check of a case)
// is recorded on the pool thread before the call finishes.
//
// AdmitCall is the one admission of every call, unary or streaming: a streaming reactor passes
// its own way to finish (which must stay valid until it has run, or been dropped uncalled).
//
// Example:
//   return ServeOnPool(context, pool_, "Accept",
//       [this, request, reply](RedisConnection& redis, const v1::Actor& actor) {
//         return actions_.Accept(redis, actor, *request, reply);
//       });
#pragma once

#include <grpcpp/support/server_callback.h>

#include <functional>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpc/call_context.h"
#include "grpc/status_mapping.h"
#include "redis/worker_pool.h"

namespace gongkai {

// Logs a failed call by method and code; messages name fields, never personal values.
void LogCallFailure(absl::string_view method, const v1::Actor* actor, const absl::Status& status);

// Finishes a call with a status, whatever its reactor.
using CallFinisher = std::function<void(const grpc::Status&)>;

struct AdmittedCall {
  v1::Actor actor;         // in the role the policy chose for the call
  v1::TokenClaims claims;  // the whole session: every role, the department
};

// The caller of a call the token and the access policy admit; `finish` is then dropped uncalled.
// Otherwise nullopt, and `finish` is called: at once for an authentication failure, on the pool
// after the refusal is recorded for a refusal by the policy.
std::optional<AdmittedCall> AdmitCall(grpc::CallbackServerContext* context, RedisWorkerPool& pool,
                                      absl::string_view method, CallFinisher finish);

// The same for a unary call: the actor, or nullopt and the reactor is being finished.
std::optional<v1::Actor> AdmitCall(grpc::CallbackServerContext* context,
                                   grpc::ServerUnaryReactor* reactor, RedisWorkerPool& pool,
                                   absl::string_view method);

template <typename Work>
grpc::ServerUnaryReactor* ServeOnPool(grpc::CallbackServerContext* context, RedisWorkerPool& pool,
                                      absl::string_view method, Work work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::optional<v1::Actor> actor = AdmitCall(context, reactor, pool, method);
  if (!actor.has_value()) return reactor;
  pool.SubmitFromCall([reactor, method, work = std::move(work),
                       actor = *std::move(actor)](RedisConnection& redis) mutable {
    const absl::Status status = work(redis, actor);
    if (absl::IsPermissionDenied(status)) {
      RecordRefusal(redis, method, actor, status);
    } else if (!status.ok()) {
      LogCallFailure(method, &actor, status);
    }
    reactor->Finish(ToGrpcStatus(status));
  });
  return reactor;
}

}  // namespace gongkai
