// Who is calling: checks the session token of a call (signature, expiry, revocation); the access
// policy (access_policy.h) then says what they may do. One per process, configured at start-up
// with the public key; the list of revoked sessions is refreshed from Redis by a background loop
// (server_main.cc).
#pragma once

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "auth/session_tokens.h"
#include "gongkai/v1/account.pb.h"

namespace gongkai {

inline constexpr char kAuthorizationHeader[] = "authorization";

struct Revocations {
  absl::flat_hash_map<std::string, int64_t> users;  // sessions issued up to then are refused
  absl::flat_hash_set<std::string> tokens;          // logged-out tokens
};

// True when `claims` belongs to a revoked session.
bool IsRevoked(const Revocations& revocations, const v1::TokenClaims& claims);

class CallAuthenticator {
 public:
  // The process's authenticator; Configure it before serving.
  static CallAuthenticator& Instance();

  void Configure(TokenKeys keys);
  void SetRevocations(Revocations revocations);

  // The claims of the token in an `authorization: Bearer <token>` header. UNAUTHENTICATED when
  // missing, malformed, forged, expired or revoked; UNAVAILABLE before the revoked sessions
  // could be read from Redis.
  absl::StatusOr<v1::TokenClaims> Authenticate(absl::string_view authorization,
                                               absl::Time now) const;

 private:
  mutable absl::Mutex mutex_;
  TokenKeys keys_ ABSL_GUARDED_BY(mutex_);
  bool configured_ ABSL_GUARDED_BY(mutex_) = false;
  bool revocations_loaded_ ABSL_GUARDED_BY(mutex_) = false;
  Revocations revocations_ ABSL_GUARDED_BY(mutex_);
  // Tokens whose signature was already checked: a session sends the same token with every call,
  // and an Ed25519 check costs more than the rest of a small call. Expiry and revocation are
  // still checked on every call. Emptied when full.
  mutable absl::flat_hash_map<std::string, v1::TokenClaims> verified_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace gongkai
