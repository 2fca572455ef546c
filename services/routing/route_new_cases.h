// The routing service's own step: every newly registered case handed over on the routing stream
// is assigned by the department catalogue, or put in the dispatcher's queue.
#pragma once

#include "clock.h"
#include "department_catalogue.h"
#include "redis/stream_consumer.h"

namespace gongkai {

// Handles one routing-stream entry. A delivery for a case that has already moved on (a repeated
// or stale delivery) is discarded; the commit acknowledges the entry in the same atomic step.
absl::StatusOr<Disposition> RouteNewCase(const DepartmentCatalogue& catalogue, const Clock& clock,
                                         CaseStore& store, const StreamEntry& entry);

}  // namespace gongkai
