// The routing service's own step: every newly registered case handed over on the routing stream
// is assigned by the department catalogue, or put in the dispatcher's queue.
#pragma once

#include "base/clock.h"
#include "redis/stream_consumer.h"
#include "rules/agency_catalogue.h"

namespace gongkai {

// Plans the routing of one routing-stream entry's case; nothing for a delivery whose case has
// already moved on (a repeated or stale delivery). The consumer commits the change together with
// the entry's acknowledgement.
absl::StatusOr<std::optional<CaseChange>> RouteNewCase(const AgencyCatalogue& agencies,
                                                       const Clock& clock, CaseStore& store,
                                                       const StreamEntry& entry);

}  // namespace gongkai
