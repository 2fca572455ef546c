// Serves a unary callback-API call on the Redis worker pool: reads the acting user from the
// call's metadata on the gRPC thread, runs `work` on a pool thread with that thread's Redis
// connection, and finishes the call with the mapped status.
//
// Example:
//   return ServeOnPool(context, pool_, "Accept",
//       [this, request, reply](RedisConnection& redis, const v1::Actor& actor) {
//         return actions_.Accept(redis, actor, *request, reply);
//       });
#pragma once

#include <grpcpp/support/server_callback.h>

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpc/call_context.h"
#include "grpc/status_mapping.h"
#include "redis/worker_pool.h"

namespace gongkai {

// Logs a failed call by method and code; messages name fields, never personal values.
void LogCallFailure(absl::string_view method, const v1::Actor* actor, const absl::Status& status);

template <typename Work>
grpc::ServerUnaryReactor* ServeOnPool(grpc::CallbackServerContext* context, RedisWorkerPool& pool,
                                      absl::string_view method, Work work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<v1::Actor> actor = ActorOf(*context);
  if (!actor.ok()) {
    LogCallFailure(method, nullptr, actor.status());
    reactor->Finish(ToGrpcStatus(actor.status()));
    return reactor;
  }
  pool.Submit([reactor, method, work = std::move(work),
               actor = *std::move(actor)](RedisConnection& redis) mutable {
    const absl::Status status = work(redis, actor);
    if (!status.ok()) LogCallFailure(method, &actor, status);
    reactor->Finish(ToGrpcStatus(status));
  });
  return reactor;
}

}  // namespace gongkai
