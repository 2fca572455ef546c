// The Chinese names staff know the workflow's states, the clock's states, the roles and the
// calls by, for the services' messages. They are the console's (services/console/web/labels.js:
// CASE_STATES, CLOCK_STATES, ROLES, COMMANDS), so a refusal names a state or a step as the
// screen does; a unit test holds the two tables together.
//
// Example:
//   absl::StrCat("案件当前状态为", Quoted(StateLabel(v1::CASE_STATE_IN_REVIEW)), "，不能进行",
//                Quoted(CallLabel("Accept")))
//   // 案件当前状态为“保密审查中”，不能进行“部门接收”
#pragma once

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// "保密审查中" for CASE_STATE_IN_REVIEW; "未知状态" for a value this build does not know.
absl::string_view StateLabel(v1::CaseState state);

// "等待补正（停止计时）" for CLOCK_STATE_AWAITING_SUPPLEMENT; "未计时" for an unknown value.
absl::string_view ClockLabel(v1::ClockState clock);

// "部门经办" for "officer"; the role itself when it is none of the office's.
absl::string_view RoleLabel(absl::string_view role);

// "部门经办、窗口受理" for {"officer", "clerk"}.
template <typename Roles>
std::string RolesLabel(const Roles& roles) {
  return absl::StrJoin(roles, "、", [](std::string* out, const auto& role) {
    absl::StrAppend(out, RoleLabel(role));
  });
}

// What a call does, in staff's words: a command of the state machine ("Accept" → "部门接收") or
// any other RPC of the access policy ("GetCase" → "查看案件"); the name itself when unknown.
absl::string_view CallLabel(absl::string_view method);

// Whether CallLabel knows `method` (the unit test checks every command and RPC).
bool HasCallLabel(absl::string_view method);

// “text”, the quotation marks staff write.
std::string Quoted(absl::string_view text);

}  // namespace gongkai
