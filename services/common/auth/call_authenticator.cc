#include "auth/call_authenticator.h"

#include <optional>

#include "absl/strings/match.h"

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
    return absl::UnauthenticatedError(
        "metadata `authorization: Bearer <session token>` is required; sign in with "
        "`gongkai login`");
  }
  const absl::string_view token = authorization.substr(kBearer.size());
  std::optional<v1::TokenClaims> claims;
  {
    // Every call passes here: readers do not wait for each other.
    absl::ReaderMutexLock lock(&mutex_);
    if (!configured_) return absl::UnauthenticatedError("this service has no key to check tokens");
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
    return absl::UnauthenticatedError("the session token has expired; sign in again");
  }
  absl::ReaderMutexLock lock(&mutex_);
  if (!revocations_loaded_) {
    return absl::UnavailableError(
        "Redis is unreachable: the list of ended sessions cannot be read yet");
  }
  if (IsRevoked(revocations_, *claims)) {
    return absl::UnauthenticatedError("the session has ended (signed out or account disabled)");
  }
  return *std::move(claims);
}

}  // namespace gongkai
