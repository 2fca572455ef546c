#include "auth/session_tokens.h"

#include <sodium.h>
#include <sys/stat.h>

#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "auth/passwords.h"
#include "base/staff_error.h"
#include "base/text_file.h"

namespace gongkai {
namespace {

constexpr absl::string_view kPrefix = "gk1.";
// Clocks of the machines in an office differ a little: a token issued "in the future" by up to
// this much is still taken.
constexpr absl::Duration kClockSkew = absl::Minutes(2);

absl::Status Malformed() {
  return StaffError(absl::StatusCode::kUnauthenticated, "登录令牌无效，请重新登录",
                    "the session token is malformed");
}

absl::StatusOr<std::string> ReadKey(const std::string& path, size_t size) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  std::string key;
  if (!absl::Base64Unescape(absl::StripAsciiWhitespace(*text), &key) || key.size() != size) {
    return absl::InvalidArgumentError(
        absl::StrCat("key file ", path, " does not hold a ", size, "-byte base64 key"));
  }
  return key;
}

absl::Status WriteKey(const std::string& path, const std::string& key, mode_t mode) {
  {
    std::ofstream out(path, std::ios::trunc);
    out << absl::Base64Escape(key) << "\n";
    if (!out) return absl::PermissionDeniedError(absl::StrCat("cannot write ", path));
  }
  if (chmod(path.c_str(), mode) != 0) {
    return absl::PermissionDeniedError(absl::StrCat("cannot set the mode of ", path));
  }
  return absl::OkStatus();
}

}  // namespace

TokenKeys GenerateTokenKeys() {
  InitSodium();
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  unsigned char secret_key[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(public_key, secret_key);
  TokenKeys keys;
  keys.public_key.assign(reinterpret_cast<char*>(public_key), sizeof public_key);
  keys.secret_key.assign(reinterpret_cast<char*>(secret_key), sizeof secret_key);
  sodium_memzero(secret_key, sizeof secret_key);
  return keys;
}

absl::StatusOr<TokenKeys> LoadTokenKeys(const std::string& secret_path,
                                        const std::string& public_path) {
  InitSodium();
  TokenKeys keys;
  if (!secret_path.empty()) {
    absl::StatusOr<std::string> secret = ReadKey(secret_path, crypto_sign_SECRETKEYBYTES);
    if (!secret.ok()) return secret.status();
    keys.secret_key = *std::move(secret);
    unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_ed25519_sk_to_pk(public_key,
                                 reinterpret_cast<const unsigned char*>(keys.secret_key.data()));
    keys.public_key.assign(reinterpret_cast<char*>(public_key), sizeof public_key);
    return keys;
  }
  absl::StatusOr<std::string> public_key = ReadKey(public_path, crypto_sign_PUBLICKEYBYTES);
  if (!public_key.ok()) return public_key.status();
  keys.public_key = *std::move(public_key);
  return keys;
}

absl::Status WriteTokenKeys(const TokenKeys& keys, const std::string& dir) {
  if (absl::Status status = WriteKey(dir + "/token-signing.key", keys.secret_key, 0600);
      !status.ok()) {
    return status;
  }
  return WriteKey(dir + "/token-verify.pub", keys.public_key, 0644);
}

std::string IssueToken(const v1::TokenClaims& claims, const TokenKeys& keys) {
  InitSodium();
  const std::string signed_part =
      absl::StrCat(kPrefix, absl::WebSafeBase64Escape(claims.SerializeAsString()));
  unsigned char signature[crypto_sign_BYTES];
  crypto_sign_detached(
      signature, nullptr, reinterpret_cast<const unsigned char*>(signed_part.data()),
      signed_part.size(), reinterpret_cast<const unsigned char*>(keys.secret_key.data()));
  return absl::StrCat(signed_part, ".",
                      absl::WebSafeBase64Escape(
                          absl::string_view(reinterpret_cast<char*>(signature), sizeof signature)));
}

absl::StatusOr<v1::TokenClaims> VerifyToken(absl::string_view token, const TokenKeys& keys,
                                            absl::Time now) {
  InitSodium();
  if (token.size() > kMaxTokenSize || !absl::StartsWith(token, kPrefix)) {
    return Malformed();
  }
  const size_t dot = token.rfind('.');
  const absl::string_view signed_part = token.substr(0, dot);
  std::string claims_bytes, signature;
  if (dot <= kPrefix.size() ||
      !absl::WebSafeBase64Unescape(signed_part.substr(kPrefix.size()), &claims_bytes) ||
      !absl::WebSafeBase64Unescape(token.substr(dot + 1), &signature) ||
      signature.size() != crypto_sign_BYTES ||
      keys.public_key.size() != crypto_sign_PUBLICKEYBYTES) {
    return Malformed();
  }
  if (crypto_sign_verify_detached(
          reinterpret_cast<const unsigned char*>(signature.data()),
          reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(),
          reinterpret_cast<const unsigned char*>(keys.public_key.data())) != 0) {
    return StaffError(absl::StatusCode::kUnauthenticated, "登录令牌无效（签名不符），请重新登录",
                      "the session token's signature is not valid");
  }
  v1::TokenClaims claims;
  if (!claims.ParseFromString(claims_bytes) || claims.user_id().empty()) {
    return Malformed();
  }
  const int64_t seconds = absl::ToUnixSeconds(now);
  if (claims.issued_at() > absl::ToUnixSeconds(now + kClockSkew)) {
    return StaffError(absl::StatusCode::kUnauthenticated,
                      "登录令牌尚未生效（签发时间晚于本服务的时间），请检查服务器时钟后重新登录",
                      "the session token is not valid yet");
  }
  if (claims.expires_at() <= seconds) {
    return StaffError(absl::StatusCode::kUnauthenticated, "登录已过期，请重新登录",
                      "the session token has expired; sign in again");
  }
  return claims;
}

}  // namespace gongkai
