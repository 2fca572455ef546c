// Who may call what: one table of every RPC and the roles allowed to call it, with the scope a
// role has over cases (an officer only their department's, a window clerk only the cases they
// registered). Every case and every staff member belongs to an agency of the county
// (deploy/agencies.conf): staff reach their own agency's cases only, except the managers of the
// county's disclosure office (Actor.county_wide), who oversee every agency, and window clerks,
// who reach the cases they registered for whichever agency. The gRPC layer asks it for every
// call (grpc/call_context.h); handlers that load a case ask CheckCaseAccess before acting on it
// or answering with it, and handlers that take an agency or a department ask CheckAgencyAccess
// or CheckDepartmentAccess.
//
// Example:
//   GK_ASSIGN_OR_RETURN(v1::Actor actor, AuthorizeCall("Accept", claims));   // role chosen
//   GK_RETURN_IF_ERROR(CheckCaseAccess("Accept", actor, current));           // agency, department
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongkai/v1/account.pb.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// The roles of the office. "service" is the services' own steps and is never granted a call.
inline constexpr const char* kRoles[] = {"clerk", "dispatcher", "officer", "reviewer",
                                         "head",  "manager",    "admin"};
bool IsRole(absl::string_view role);

enum class CaseScope {
  kAny,              // every case
  kOwnDepartment,    // cases held by the caller's department (officers)
  kOwnRegistration,  // cases the caller registered (window clerks)
};

struct RoleGrant {
  absl::string_view role;
  CaseScope scope = CaseScope::kAny;
};

struct MethodPolicy {
  absl::string_view service;  // "IntakeService"
  absl::string_view method;   // "Register"
  bool open = false;          // callable without a token (sign-in)
  std::vector<RoleGrant> grants;
};

// Every RPC of every Gongkai service, once.
const std::vector<MethodPolicy>& AccessPolicy();
const MethodPolicy* FindMethodPolicy(absl::string_view method);

// The actor for a call of `method` by the holder of `claims`: under the first of their roles that
// the method grants, preferring one without a case scope. PERMISSION_DENIED naming the method and
// the caller's roles when none does. The actor's agency is the claims'; it is county-wide when
// the claims are (a member of the county's disclosure office) and the role chosen is "manager":
// the office's other staff work on the office's own cases like any agency's.
absl::StatusOr<v1::Actor> AuthorizeCall(absl::string_view method, const v1::TokenClaims& claims);

// The cases the actor's role reaches for `method`: kAny also when the role is not granted it at
// all (AuthorizeCall refuses that call before any case is looked at).
CaseScope CaseScopeOf(absl::string_view method, const v1::Actor& actor);

// PERMISSION_DENIED unless the actor's role reaches `current` for `method`: the case is of the
// actor's agency (unless the actor is county-wide, the services' own, or a window clerk whose
// scope is the cases they registered, for any agency), and within the role's scope.
absl::Status CheckCaseAccess(absl::string_view method, const v1::Actor& actor,
                             const v1::Case& current);

// PERMISSION_DENIED when the actor asks for another agency's queue, board or report: OK for
// `agency` empty (the caller's own) or the actor's, and for a county-wide actor any, "*" (the
// county's totals over every agency) included.
absl::Status CheckAgencyAccess(const v1::Actor& actor, absl::string_view agency);

// PERMISSION_DENIED when the actor asks for another agency's department queue or board
// (CheckAgencyAccess; `agency` empty: the caller's own), or an officer for another department's
// than their own.
absl::Status CheckDepartmentAccess(const v1::Actor& actor, absl::string_view agency,
                                   absl::string_view department);

}  // namespace gongkai
