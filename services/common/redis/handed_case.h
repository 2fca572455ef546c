// What a service does with a case handed to it on a stream, in one place: take the case the
// entry carries (or load it), make sure the delivery is not a repeat (the case must still be in
// `expected` at the handed-over version) and plan the change. The stream consumer commits it
// together with the entry's acknowledgement.
//
// A delivery for a case that has moved on, or does not exist, plans nothing (the entry is
// acknowledged without effect); a case that cannot be read, or a Redis failure, is an error and
// leaves the entry pending for another delivery (and, after enough of them, the dead-letter
// stream).
#pragma once

#include <optional>

#include "redis/case_actions.h"
#include "redis/stream_consumer.h"

namespace gongkai {

absl::StatusOr<std::optional<CaseChange>> PlanHandedCase(CaseStore& store, const StreamEntry& entry,
                                                         v1::CaseState expected,
                                                         const PlanChange& plan);

}  // namespace gongkai
