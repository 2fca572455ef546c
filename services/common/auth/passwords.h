// Staff passwords, stored only as argon2id hashes (libsodium's crypto_pwhash_str: salted, slow by
// design, with its parameters inside the stored string so that they can be raised later).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongkai {

// INVALID_ARGUMENT naming `password` unless it is 12 to 128 bytes.
absl::Status ValidatePassword(absl::string_view password);

absl::StatusOr<std::string> HashPassword(absl::string_view password);

// False for a wrong password and for a hash this build cannot read.
bool PasswordMatches(absl::string_view stored_hash, absl::string_view password);

// libsodium's one-time initialisation; safe to call from any thread, any number of times.
void InitSodium();

}  // namespace gongkai
