// The office's staff in tests and benchmarks: who acts, and their session tokens, signed as the
// tracker's Login signs them.
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "auth/session_tokens.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// An actor as the access policy makes it for a call.
v1::Actor StaffActor(const std::string& user, const std::string& role,
                     const std::string& department = "");

std::string StaffToken(const TokenKeys& keys, const std::string& user,
                       const std::vector<std::string>& roles, const std::string& department = "",
                       absl::Duration valid_for = absl::Hours(9));

}  // namespace gongkai
