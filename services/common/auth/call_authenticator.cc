#include "auth/call_authenticator.h"

#include <optional>

#include "absl/strings/match.h"
#include "base/staff_error.h"

namespace gongkai {
namespace {

constexpr size_t kMaxVerifiedTokens = 10000;

}  // namespace

bool IsRevoked(const Revocations& revocations, const v1::TokenClaims& claims) {
  if (revocations.tokens.contains(claims.token_id())) return true;
  auto user = revocations.users.find(claims.user_id());
  return user != revocations.users.end() && claims.issued_at() <= user->second;
}

CallAuthenticator& CallAuthenticator::Instance() {
  static CallAuthenticator* instance = new CallAuthenticator();
  return *instance;
}

void CallAuthenticator::Configure(TokenKeys keys) {
  absl::MutexLock lock(&mutex_);
  keys_ = std::move(keys);
  configured_ = true;
}

void CallAuthenticator::SetRevocations(Revocations revocations) {
  absl::MutexLock lock(&mutex_);
  revocations_ = std::move(revocations);
  revocations_loaded_ = true;
}

absl::StatusOr<v1::TokenClaims> CallAuthenticator::Authenticate(absl::string_view authorization,
                                                                absl::Time now) const {
  constexpr absl::string_view kBearer = "Bearer ";
  if (!absl::StartsWith(authorization, kBearer)) {
    return StaffError(absl::StatusCode::kUnauthenticated,
                      "尚未登录：请求没有带登录令牌（authorization: Bearer <令牌>），请先登录",
                      "metadata `authorization: Bearer <session token>` is required; sign in "
                      "with `gongkai login`");
  }
  const absl::string_view token = authorization.substr(kBearer.size());
  std::optional<v1::TokenClaims> claims;
  {
    // Every call passes here: readers do not wait for each other.
    absl::ReaderMutexLock lock(&mutex_);
    if (!configured_) {
      return StaffError(absl::StatusCode::kUnauthenticated,
                        "本服务未配置核对登录令牌的密钥，暂时无法登录使用；请联系系统管理员",
                        "this service has no key to check tokens");
    }
    if (auto known = verified_.find(token); known != verified_.end()) claims = known->second;
  }
  if (!claims.has_value()) {
    TokenKeys keys;
    {
      absl::ReaderMutexLock lock(&mutex_);
      keys = keys_;
    }
    absl::StatusOr<v1::TokenClaims> checked = VerifyToken(token, keys, now);
    if (!checked.ok()) return checked.status();
    claims = *std::move(checked);
    absl::MutexLock lock(&mutex_);
    if (verified_.size() >= kMaxVerifiedTokens) verified_.clear();
    verified_.emplace(token, *claims);
  } else if (claims->expires_at() <= absl::ToUnixSeconds(now)) {
    return StaffError(absl::StatusCode::kUnauthenticated, "登录已过期，请重新登录",
                      "the session token has expired; sign in again");
  }
  absl::ReaderMutexLock lock(&mutex_);
  if (!revocations_loaded_) {
    return StaffError(absl::StatusCode::kUnavailable, "暂时无法核对登录状态，请稍后重试",
                      "Redis is unreachable: the list of ended sessions cannot be read yet");
  }
  if (IsRevoked(revocations_, *claims)) {
    return StaffError(absl::StatusCode::kUnauthenticated,
                      "登录已结束（已退出登录或账户已停用、已修改），请重新登录",
                      "the session has ended (signed out or account disabled)");
  }
  return *std::move(claims);
}

}  // namespace gongkai
