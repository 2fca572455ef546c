#include "account_service.h"

#include <sodium.h>

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_join.h"
#include "auth/accounts.h"
#include "auth/passwords.h"
#include "base/logging.h"
#include "base/staff_error.h"
#include "base/status_macros.h"
#include "grpc/call_context.h"
#include "grpc/unary_call.h"
#include "redis/account_store.h"
#include "redis/sign_in_limiter.h"

namespace gongkai {
namespace {

// The same for an unknown user, a wrong password and a disabled account: which it was is not
// told to someone who may be guessing.
constexpr absl::string_view kSignInFailed = "用户名或密码不正确，或账户已停用";

// Attempts to write an account changed by someone else in between before giving up.
constexpr int kUpdateAttempts = 3;

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

absl::Status CreateAccount(RedisConnection& redis, const AgencyCatalogue& catalogue,
                           const v1::AddUserRequest& request, absl::string_view created_by,
                           absl::Time now, bool only_if_first, v1::UserAccount* response) {
  GK_RETURN_IF_ERROR(ValidateNewAccount(request, catalogue));
  GK_ASSIGN_OR_RETURN(std::string password_hash, HashPassword(request.password()));
  v1::UserAccount account = request.account();
  account.set_agency(catalogue.CodeOf(account.agency()));  // "" stored as the default's code
  account.set_disabled(false);
  account.set_created_at(FormatTimestamp(now));
  account.set_created_by(std::string(created_by));
  AccountStore accounts(redis, catalogue.default_agency().code);
  GK_RETURN_IF_ERROR(accounts.Add(account, password_hash, only_if_first));
  spdlog::info("event=account_added user={} roles={} agency={} by={}", account.user_id(),
               absl::StrJoin(account.roles(), ","), account.agency(), created_by);
  *response = std::move(account);
  return absl::OkStatus();
}

// The address sign-ins are counted by: the gateway's forwarded one, else the peer's.
std::string ClientAddress(const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  const auto forwarded = metadata.find(kClientAddressHeader);
  const absl::string_view given =
      forwarded == metadata.end()
          ? absl::string_view()
          : absl::string_view(forwarded->second.data(), forwarded->second.size());
  return SignInClientAddress(given, context.peer());
}

struct SignInSettings {
  const Clock& clock;
  const AgencyCatalogue& catalogue;
  const TokenKeys& keys;
  absl::Duration session_length;
  const SignInLimits& limits;
};

// Checks the limits, then the password (never logged); a session token for the account.
absl::Status SignIn(RedisConnection& redis, const SignInSettings& settings,
                    const v1::LoginRequest& request, absl::string_view address,
                    v1::LoginResponse* response) {
  SignInLimiter limiter(redis, settings.limits);
  GK_ASSIGN_OR_RETURN(SignInAdmission admitted,
                      limiter.Admit(request.user_id(), address, settings.clock.Now()));
  if (!admitted.admitted) {
    spdlog::warn("event=sign_in_throttled user={} wait_s={}", request.user_id(),
                 absl::ToInt64Seconds(admitted.wait));
    return absl::ResourceExhaustedError(SignInThrottledMessage(admitted.wait));
  }
  AccountStore accounts(redis, settings.catalogue.default_agency().code);
  absl::StatusOr<StoredAccount> stored = accounts.Get(request.user_id());
  if (!stored.ok() && !absl::IsNotFound(stored.status())) return stored.status();
  const bool matches =
      PasswordMatches(stored.ok() ? stored->password_hash : DecoyHash(), request.password());
  if (!stored.ok() || !matches || stored->account.disabled()) {
    // The attempt stays counted as a failure.
    spdlog::warn("event=sign_in_refused user={}", request.user_id());
    return absl::UnauthenticatedError(kSignInFailed);
  }
  GK_RETURN_IF_ERROR(limiter.Succeeded(request.user_id(), address, admitted.attempt));
  const absl::Time now = settings.clock.Now();
  v1::TokenClaims claims;
  claims.set_user_id(stored->account.user_id());
  claims.set_display_name(stored->account.display_name());
  *claims.mutable_roles() = stored->account.roles();
  claims.set_department(stored->account.department());
  // The agency's managers see every agency when it is the county's disclosure office. An agency
  // since taken out of the catalogue stays the token's (its cases are the only ones reached) and
  // oversees nothing.
  const Agency* agency = settings.catalogue.Resolve(stored->account.agency());
  if (agency == nullptr) spdlog::warn("event=sign_in_unknown_agency user={}", request.user_id());
  claims.set_agency(agency == nullptr ? stored->account.agency() : agency->code);
  claims.set_county_wide(agency != nullptr && agency->oversees_county);
  // Sessions issued up to the account's last end are refused: a sign-in in that same second is
  // dated the second after (within the tokens' allowed clock skew).
  claims.set_issued_at(std::max(absl::ToUnixSeconds(now), stored->sessions_ended_at + 1));
  claims.set_expires_at(absl::ToUnixSeconds(now + settings.session_length));
  claims.set_token_id(NewTokenId());
  response->set_token(IssueToken(claims, settings.keys));
  response->set_expires_at(claims.expires_at());
  *response->mutable_account() = stored->account;
  spdlog::info("event=signed_in user={}", claims.user_id());
  return absl::OkStatus();
}

absl::Status UpdateAccount(RedisConnection& redis, const AgencyCatalogue& catalogue,
                           const v1::UpdateUserRequest& request, const v1::Actor& actor,
                           absl::Time now, v1::UserAccount* response) {
  GK_RETURN_IF_ERROR(ValidateUserId(request.user_id(), "user_id"));
  AccountStore accounts(redis, catalogue.default_agency().code);
  // The password is hashed once, outside the retries: argon2 is slow by design.
  std::string password_hash;
  absl::Status last;
  for (int attempt = 0; attempt < kUpdateAttempts; ++attempt) {
    GK_ASSIGN_OR_RETURN(StoredAccount stored, accounts.Get(request.user_id()));
    GK_ASSIGN_OR_RETURN(AccountUpdate update,
                        ApplyAccountUpdate(stored.account, request, actor.user_id(), catalogue));
    if (!request.password().empty() && password_hash.empty()) {
      GK_ASSIGN_OR_RETURN(password_hash, HashPassword(request.password()));
    }
    AccountWrite write;
    write.account = std::move(update.account);
    write.expected_version = stored.version;
    write.password_hash = password_hash;
    write.end_sessions = update.ends_sessions;
    write.at = absl::ToUnixSeconds(now);
    absl::StatusOr<v1::UserAccount> written = accounts.Update(write);
    if (written.ok()) {
      spdlog::info(
          "event=account_updated user={} roles={} agency={} dept={} disabled={} password={} "
          "sessions_ended={} by={}",
          written->user_id(), absl::StrJoin(written->roles(), ","), written->agency(),
          written->department(), written->disabled(), !password_hash.empty(), update.ends_sessions,
          actor.user_id());
      *response = *std::move(written);
      return absl::OkStatus();
    }
    last = written.status();
    if (!absl::IsAborted(last)) return last;
  }
  return last;
}

}  // namespace

grpc::ServerUnaryReactor* AccountServiceImpl::Login(grpc::CallbackServerContext* context,
                                                    const v1::LoginRequest* request,
                                                    v1::LoginResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status invalid = ValidateUserId(request->user_id(), "user_id");
  if (invalid.ok() && request->password().size() > 128) {
    invalid = absl::InvalidArgumentError("`password` 不能超过 128 个字符");
  }
  if (!invalid.ok()) {
    LogCallFailure("Login", nullptr, invalid);
    reactor->Finish(ToGrpcStatus(invalid));
    return reactor;
  }
  pool_.Submit([this, reactor, request, response,
                address = ClientAddress(*context)](RedisConnection& redis) {
    const SignInSettings settings{clock_, catalogue_, keys_, session_length_, sign_in_limits_};
    reactor->Finish(ToGrpcStatus(SignIn(redis, settings, *request, address, response)));
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
      [this, claims, request](RedisConnection& redis, const v1::Actor& actor) -> absl::Status {
        AccountStore accounts(redis);
        GK_RETURN_IF_ERROR(accounts.RevokeToken(claims->token_id(), claims->expires_at()));
        if (request->everywhere()) {
          // Every session of the person, this one's issue time included.
          GK_RETURN_IF_ERROR(accounts.EndSessions(
              claims->user_id(), std::max(absl::ToUnixSeconds(clock_.Now()), claims->issued_at())));
        }
        spdlog::info("event=signed_out user={} everywhere={}", actor.user_id(),
                     request->everywhere());
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
        status =
            StaffError(absl::StatusCode::kUnauthenticated,
                       "请以系统管理员身份登录后再新增账户（只有系统的第一个账户，即系统管理员，"
                       "可以不登录创建）",
                       "sign in as an administrator to add accounts (only the first account, "
                       "an administrator, may be added without)");
      } else {
        status = CreateAccount(redis, catalogue_, *request, "set-up", clock_.Now(),
                               /*only_if_first=*/true, response);
        if (absl::IsFailedPrecondition(status)) {
          status =
              StaffError(absl::StatusCode::kUnauthenticated, status.message(), LogReason(status));
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
          return absl::FailedPreconditionError("管理员不能停用自己的账户");
        }
        AccountStore accounts(redis, catalogue_.default_agency().code);
        GK_ASSIGN_OR_RETURN(
            *response, accounts.Disable(request->user_id(), absl::ToUnixSeconds(clock_.Now())));
        spdlog::info("event=account_disabled user={} by={}", request->user_id(), actor.user_id());
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* AccountServiceImpl::UpdateUser(grpc::CallbackServerContext* context,
                                                         const v1::UpdateUserRequest* request,
                                                         v1::UserAccount* response) {
  return ServeOnPool(context, pool_, "UpdateUser",
                     [this, request, response](RedisConnection& redis, const v1::Actor& actor) {
                       return UpdateAccount(redis, catalogue_, *request, actor, clock_.Now(),
                                            response);
                     });
}

grpc::ServerUnaryReactor* AccountServiceImpl::ListUsers(grpc::CallbackServerContext* context,
                                                        const v1::ListUsersRequest* request,
                                                        v1::ListUsersResponse* response) {
  return ServeOnPool(context, pool_, "ListUsers",
                     [this, response](RedisConnection& redis, const v1::Actor&) -> absl::Status {
                       AccountStore accounts(redis, catalogue_.default_agency().code);
                       GK_ASSIGN_OR_RETURN(std::vector<v1::UserAccount> users, accounts.List());
                       for (v1::UserAccount& user : users) *response->add_users() = std::move(user);
                       return absl::OkStatus();
                     });
}

}  // namespace gongkai
