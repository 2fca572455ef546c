// What a service does with a case handed to it on a stream, in one place: load the case, make
// sure the delivery is not a repeat (the case must still be in `expected` at the handed-over
// version), plan the change and commit it together with the entry's acknowledgement.
//
// A delivery for a case that has moved on, or does not exist, is discarded; a case that cannot
// be read, or a Redis failure, leaves the entry pending for another delivery (and, after
// enough of them, the dead-letter stream).
#pragma once

#include "case_actions.h"
#include "redis/stream_consumer.h"

namespace gongkai {

absl::StatusOr<Disposition> ActOnHandedCase(CaseStore& store, const StreamEntry& entry,
                                            v1::CaseState expected, const PlanChange& plan);

}  // namespace gongkai
