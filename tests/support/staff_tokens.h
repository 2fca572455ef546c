// Session tokens for tests and benchmarks, signed as the tracker's Login signs them.
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "auth/session_tokens.h"

namespace gongkai {

std::string StaffToken(const TokenKeys& keys, const std::string& user,
                       const std::vector<std::string>& roles, const std::string& department = "",
                       absl::Duration valid_for = absl::Hours(9));

}  // namespace gongkai
