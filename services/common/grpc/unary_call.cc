#include "grpc/unary_call.h"

#include "auth/access_policy.h"

namespace gongkai {

std::optional<v1::Actor> AdmitCall(grpc::CallbackServerContext* context,
                                   grpc::ServerUnaryReactor* reactor, RedisWorkerPool& pool,
                                   absl::string_view method) {
  absl::StatusOr<v1::TokenClaims> claims = AuthenticateCall(*context);
  if (!claims.ok()) {
    LogCallFailure(method, nullptr, claims.status());
    reactor->Finish(ToGrpcStatus(claims.status()));
    return std::nullopt;
  }
  absl::StatusOr<v1::Actor> actor = AuthorizeCall(method, *claims);
  if (actor.ok()) return *std::move(actor);
  pool.Submit([reactor, method, caller = CallerOf(*claims),
               status = actor.status()](RedisConnection& redis) {
    RecordRefusal(redis, method, caller, status);
    reactor->Finish(ToGrpcStatus(status));
  });
  return std::nullopt;
}

}  // namespace gongkai
