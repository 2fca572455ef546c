#include "grpc/unary_call.h"

#include "auth/access_policy.h"

namespace gongkai {

std::optional<AdmittedCall> AdmitCall(grpc::CallbackServerContext* context, RedisWorkerPool& pool,
                                      absl::string_view method, CallFinisher finish) {
  absl::StatusOr<v1::TokenClaims> claims = AuthenticateCall(*context);
  if (!claims.ok()) {
    LogCallFailure(method, nullptr, claims.status());
    finish(ToGrpcStatus(claims.status()));
    return std::nullopt;
  }
  absl::StatusOr<v1::Actor> actor = AuthorizeCall(method, *claims);
  if (actor.ok()) return AdmittedCall{*std::move(actor), *std::move(claims)};
  // Recorded before the call ends, so that whoever sees the refusal finds its record.
  pool.Submit([method, finish = std::move(finish), caller = CallerOf(*claims),
               status = actor.status()](RedisConnection& redis) {
    RecordRefusal(redis, method, caller, status);
    finish(ToGrpcStatus(status));
  });
  return std::nullopt;
}

std::optional<v1::Actor> AdmitCall(grpc::CallbackServerContext* context,
                                   grpc::ServerUnaryReactor* reactor, RedisWorkerPool& pool,
                                   absl::string_view method) {
  std::optional<AdmittedCall> admitted = AdmitCall(
      context, pool, method, [reactor](const grpc::Status& status) { reactor->Finish(status); });
  if (!admitted.has_value()) return std::nullopt;
  return std::move(admitted->actor);
}

}  // namespace gongkai
