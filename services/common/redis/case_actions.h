// The read-decide-commit cycle every command on an existing case goes through: load the case,
// check the version the caller saw, let the domain logic plan the change, commit it atomically.
// When the caller named no version and someone else changed the case in between, the cycle is
// run again on the fresh case (the domain checks then see the new state).
//
// Example:
//   return ActOnCase(store, request.case_number(), request.expected_version(), ack,
//                    [&](const v1::Case& current) { return AcceptCase(current, actor, now); });
#pragma once

#include <functional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gongkai/v1/case.pb.h"
#include "redis/case_store.h"
#include "rules/case_commands.h"

namespace gongkai {

using PlanChange = std::function<absl::StatusOr<CaseChange>(const v1::Case& current)>;

absl::Status ActOnCase(CaseStore& store, absl::string_view case_number, int64_t expected_version,
                       v1::CaseAck* ack, const PlanChange& plan);

}  // namespace gongkai
