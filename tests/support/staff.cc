#include "staff.h"

#include <unistd.h>

#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace gongkai {

v1::Actor StaffActor(const std::string& user, const std::string& role,
                     const std::string& department, const std::string& agency) {
  v1::Actor actor;
  actor.set_user_id(user);
  actor.set_role(role);
  actor.set_department(department);
  actor.set_agency(agency);
  return actor;
}

std::string StaffToken(const TokenKeys& keys, const std::string& user,
                       const std::vector<std::string>& roles, const std::string& department,
                       absl::Duration valid_for, const std::string& agency, bool county_wide) {
  v1::TokenClaims claims;
  claims.set_user_id(user);
  claims.set_display_name(user);
  for (const std::string& role : roles) claims.add_roles(role);
  claims.set_department(department);
  claims.set_agency(agency);
  claims.set_county_wide(county_wide);
  const absl::Time now = absl::Now();
  claims.set_issued_at(absl::ToUnixSeconds(now));
  claims.set_expires_at(absl::ToUnixSeconds(now + valid_for));
  static std::atomic<int> next_id = 0;
  claims.set_token_id(absl::StrCat("test-", getpid(), "-", next_id++));
  return IssueToken(claims, keys);
}

}  // namespace gongkai
