#include "auth/passwords.h"

#include <sodium.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "base/staff_error.h"

namespace gongkai {

void InitSodium() {
  static const int initialised = sodium_init();
  if (initialised < 0) std::abort();  // no secure random source: nothing can be signed
}

absl::Status ValidatePassword(absl::string_view password) {
  if (password.size() < 12 || password.size() > 128) {
    return absl::InvalidArgumentError("`password` 须为 12 至 128 个字符");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> HashPassword(absl::string_view password) {
  InitSodium();
  if (absl::Status valid = ValidatePassword(password); !valid.ok()) return valid;
  char stored[crypto_pwhash_STRBYTES];
  // The interactive limits (64 MiB, 2 passes): a sign-in costs a fraction of a second.
  if (crypto_pwhash_str_alg(stored, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return StaffError(absl::StatusCode::kResourceExhausted,
                      "服务器暂时无法处理密码（内存不足），请稍后重试",
                      "not enough memory to hash the password");
  }
  return std::string(stored);
}

bool PasswordMatches(absl::string_view stored_hash, absl::string_view password) {
  InitSodium();
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string terminated(stored_hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

}  // namespace gongkai
