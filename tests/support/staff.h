// The office's staff in tests and benchmarks: who acts, and their session tokens, signed as the
// tracker's Login signs them.
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "auth/session_tokens.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// The agency of the test office's staff: the county government of deploy/agencies.conf, the
// services' default agency (its units are the departments the tests name).
inline constexpr char kTestAgency[] = "xzf";

// An actor as the access policy makes it for a call.
v1::Actor StaffActor(const std::string& user, const std::string& role,
                     const std::string& department = "", const std::string& agency = kTestAgency);

// A token as Login issues it; `county_wide` as for a manager of the county's disclosure office.
std::string StaffToken(const TokenKeys& keys, const std::string& user,
                       const std::vector<std::string>& roles, const std::string& department = "",
                       absl::Duration valid_for = absl::Hours(9),
                       const std::string& agency = kTestAgency, bool county_wide = false);

}  // namespace gongkai
