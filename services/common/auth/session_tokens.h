// Session tokens: the claims of a signed-in staff member (account.proto's TokenClaims), signed
// with Ed25519 by the one service that holds the secret key, checked by every service with the
// public key. Text form: "gk1.<claims>.<signature>", both parts URL-safe base64.
//
// Example:
//   GK_ASSIGN_OR_RETURN(TokenKeys keys, LoadTokenKeys("keys/token-signing.key", ""));
//   const std::string token = IssueToken(claims, keys);
//   GK_ASSIGN_OR_RETURN(v1::TokenClaims checked, VerifyToken(token, keys, absl::Now()));
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gongkai/v1/account.pb.h"

namespace gongkai {

inline constexpr size_t kMaxTokenSize = 4096;

struct TokenKeys {
  std::string public_key;  // 32 bytes: enough to verify
  std::string secret_key;  // 64 bytes, only where tokens are issued; empty elsewhere
};

// A new key pair from the system's secure random source.
TokenKeys GenerateTokenKeys();

// Key files hold one line of standard base64. `secret_path` may be empty (verify only); the
// public key is then read from `public_path`, otherwise derived from the secret.
absl::StatusOr<TokenKeys> LoadTokenKeys(const std::string& secret_path,
                                        const std::string& public_path);
// Writes <dir>/token-signing.key (mode 0600) and <dir>/token-verify.pub.
absl::Status WriteTokenKeys(const TokenKeys& keys, const std::string& dir);

// Needs keys.secret_key.
std::string IssueToken(const v1::TokenClaims& claims, const TokenKeys& keys);

// UNAUTHENTICATED, saying why (malformed, bad signature, not yet valid, expired), unless the
// token was signed with these keys and is valid at `now`.
absl::StatusOr<v1::TokenClaims> VerifyToken(absl::string_view token, const TokenKeys& keys,
                                            absl::Time now);

}  // namespace gongkai
