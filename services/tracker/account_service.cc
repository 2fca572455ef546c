#include "account_service.h"

#include <sodium.h>

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_join.h"
#include "auth/accounts.h"
#include "auth/passwords.h"
#include "base/logging.h"
#include "base/status_macros.h"
#include "grpc/call_context.h"
#include "grpc/unary_call.h"
#include "redis/account_store.h"

namespace gongkai {
namespace {

constexpr absl::string_view kSignInFailed = "unknown user, wrong password or disabled account";

std::string NewTokenId() {
  InitSodium();
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(bytes), sizeof bytes));
}

// A hash to check a password against when the account does not exist, so that a wrong user id
// costs as long as a wrong password and the answer's timing does not tell them apart.
const std::string& DecoyHash() {
  static const std::string* hash = new std::string(*HashPassword("decoy-password-never-used"));
  return *hash;
}

absl::Status CreateAccount(RedisConnection& redis, const DepartmentCatalogue& catalogue,
                           const v1::AddUserRequest& request, absl::string_view created_by,
                           absl::Time now, bool only_if_first, v1::UserAccount* response) {
  GK_RETURN_IF_ERROR(ValidateNewAccount(request, catalogue));
  GK_ASSIGN_OR_RETURN(std::string password_hash, HashPassword(request.password()));
  v1::UserAccount account = request.account();
  account.set_disabled(false);
  account.set_created_at(FormatTimestamp(now));
  account.set_created_by(std::string(created_by));
  AccountStore accounts(redis);
  GK_RETURN_IF_ERROR(accounts.Add(account, password_hash, only_if_first));
  spdlog::info("event=account_added user={} roles={} by={}", account.user_id(),
               absl::StrJoin(account.roles(), ","), created_by);
  *response = std::move(account);
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* AccountServiceImpl::Login(grpc::CallbackServerContext* context,
                                                    const v1::LoginRequest* request,
                                                    v1::LoginResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status invalid = ValidateUserId(request->user_id(), "user_id");
  if (invalid.ok() && request->password().size() > 128) {
    invalid = absl::InvalidArgumentError("`password` is longer than 128 characters");
  }
  if (!invalid.ok()) {
    LogCallFailure("Login", nullptr, invalid);
    reactor->Finish(ToGrpcStatus(invalid));
    return reactor;
  }
  pool_.Submit([this, reactor, request, response](RedisConnection& redis) {
    AccountStore accounts(redis);
    absl::StatusOr<StoredAccount> stored = accounts.Get(request->user_id());
    absl::Status status;
    if (!stored.ok() && !absl::IsNotFound(stored.status())) {
      status = stored.status();
    } else {
      const bool matches =
          PasswordMatches(stored.ok() ? stored->password_hash : DecoyHash(), request->password());
      if (!stored.ok() || !matches || stored->account.disabled()) {
        spdlog::warn("event=sign_in_refused user={}", request->user_id());
        status = absl::UnauthenticatedError(kSignInFailed);
      }
    }
    if (status.ok()) {
      const absl::Time now = clock_.Now();
      v1::TokenClaims claims;
      claims.set_user_id(stored->account.user_id());
      claims.set_display_name(stored->account.display_name());
      *claims.mutable_roles() = stored->account.roles();
      claims.set_department(stored->account.department());
      claims.set_issued_at(absl::ToUnixSeconds(now));
      claims.set_expires_at(absl::ToUnixSeconds(now + session_length_));
      claims.set_token_id(NewTokenId());
      response->set_token(IssueToken(claims, keys_));
      response->set_expires_at(claims.expires_at());
      *response->mutable_account() = stored->account;
      spdlog::info("event=signed_in user={}", claims.user_id());
    }
    reactor->Finish(ToGrpcStatus(status));
  });
  return reactor;
}

grpc::ServerUnaryReactor* AccountServiceImpl::Logout(grpc::CallbackServerContext* context,
                                                     const v1::LogoutRequest* request,
                                                     v1::LogoutResponse* response) {
  // The token to end is the caller's own; ServeOnPool checks it as for any call.
  absl::StatusOr<v1::TokenClaims> claims = AuthenticateCall(*context);
  return ServeOnPool(
      context, pool_, "Logout",
      [claims](RedisConnection& redis, const v1::Actor& actor) -> absl::Status {
        AccountStore accounts(redis);
        GK_RETURN_IF_ERROR(accounts.RevokeToken(claims->token_id(), claims->expires_at()));
        spdlog::info("event=signed_out user={}", actor.user_id());
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* AccountServiceImpl::AddUser(grpc::CallbackServerContext* context,
                                                      const v1::AddUserRequest* request,
                                                      v1::UserAccount* response) {
  if (context->client_metadata().count(kAuthorizationHeader) == 0) {
    // The set-up of a new office: the first account, an administrator, needs no token. The
    // store refuses it in the same atomic step once any account exists.
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    pool_.Submit([this, reactor, request, response](RedisConnection& redis) {
      absl::Status status;
      const auto& roles = request->account().roles();
      if (std::find(roles.begin(), roles.end(), "admin") == roles.end()) {
        status = absl::UnauthenticatedError(
            "sign in as an administrator to add accounts (only the first account, an "
            "administrator, may be added without)");
      } else {
        status = CreateAccount(redis, catalogue_, *request, "set-up", clock_.Now(),
                               /*only_if_first=*/true, response);
        if (absl::IsFailedPrecondition(status)) {
          status = absl::UnauthenticatedError(status.message());
        }
      }
      if (!status.ok()) LogCallFailure("AddUser", nullptr, status);
      reactor->Finish(ToGrpcStatus(status));
    });
    return reactor;
  }
  return ServeOnPool(context, pool_, "AddUser",
                     [this, request, response](RedisConnection& redis, const v1::Actor& actor) {
                       return CreateAccount(redis, catalogue_, *request, actor.user_id(),
                                            clock_.Now(), /*only_if_first=*/false, response);
                     });
}

grpc::ServerUnaryReactor* AccountServiceImpl::DisableUser(grpc::CallbackServerContext* context,
                                                          const v1::DisableUserRequest* request,
                                                          v1::UserAccount* response) {
  return ServeOnPool(
      context, pool_, "DisableUser",
      [this, request, response](RedisConnection& redis, const v1::Actor& actor) -> absl::Status {
        GK_RETURN_IF_ERROR(ValidateUserId(request->user_id(), "user_id"));
        if (request->user_id() == actor.user_id()) {
          return absl::FailedPreconditionError(
              "an administrator may not disable their own account");
        }
        AccountStore accounts(redis);
        GK_ASSIGN_OR_RETURN(
            *response, accounts.Disable(request->user_id(), absl::ToUnixSeconds(clock_.Now())));
        spdlog::info("event=account_disabled user={} by={}", request->user_id(), actor.user_id());
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* AccountServiceImpl::ListUsers(grpc::CallbackServerContext* context,
                                                        const v1::ListUsersRequest* request,
                                                        v1::ListUsersResponse* response) {
  return ServeOnPool(context, pool_, "ListUsers",
                     [response](RedisConnection& redis, const v1::Actor&) -> absl::Status {
                       AccountStore accounts(redis);
                       GK_ASSIGN_OR_RETURN(std::vector<v1::UserAccount> users, accounts.List());
                       for (v1::UserAccount& user : users) *response->add_users() = std::move(user);
                       return absl::OkStatus();
                     });
}

}  // namespace gongkai
