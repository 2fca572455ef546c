// Building blocks of the workflow commands (case_commands.cc, clock_commands.cc): start a change
// from the case as loaded, record details in its event, finish it with the new state and version.
#pragma once

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "rules/case_commands.h"

namespace gongkai {

// Checks the transition and copies the case without its history.
absl::StatusOr<CaseChange> Begin(Command command, const v1::Case& current, const v1::Actor& actor,
                                 absl::Time now);

// Sets the state the command leads to (or keeps it, for commands on the clock alone) and the
// next version.
CaseChange Finish(CaseChange change);

void Detail(CaseChange& change, absl::string_view key, absl::string_view value);

}  // namespace gongkai
