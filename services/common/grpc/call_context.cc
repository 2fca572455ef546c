#include "grpc/call_context.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "auth/call_authenticator.h"
#include "base/clock.h"
#include "base/logging.h"
#include "base/staff_error.h"
#include "redis/account_store.h"

namespace gongkai {

absl::StatusOr<v1::TokenClaims> AuthenticateCall(const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto found = metadata.find(kAuthorizationHeader);
  const absl::string_view header =
      found == metadata.end() ? absl::string_view()
                              : absl::string_view(found->second.data(), found->second.size());
  return CallAuthenticator::Instance().Authenticate(header, absl::Now());
}

v1::Actor CallerOf(const v1::TokenClaims& claims) {
  v1::Actor caller;
  caller.set_user_id(claims.user_id());
  caller.set_role(absl::StrJoin(claims.roles(), ","));
  caller.set_department(claims.department());
  return caller;
}

void RecordRefusal(RedisConnection& redis, absl::string_view method, const v1::Actor& caller,
                   const absl::Status& refusal) {
  spdlog::warn("event=call_refused method={} user={} role={} error=\"{}\"", method,
               caller.user_id(), caller.role(), LogReason(refusal));
  AccountStore accounts(redis);
  const absl::Status recorded = accounts.RecordDenial(
      caller.user_id(), caller.role(), method, "", refusal.message(), FormatTimestamp(absl::Now()));
  if (!recorded.ok()) {
    spdlog::warn("event=refusal_not_recorded method={} error=\"{}\"", method, recorded.message());
  }
}

v1::Actor ServiceActor(absl::string_view service) {
  v1::Actor actor;
  actor.set_user_id(absl::StrCat("svc:", service));
  actor.set_role("service");
  return actor;
}

}  // namespace gongkai
