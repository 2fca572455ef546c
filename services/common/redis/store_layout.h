// The layout of Gongkai's data in Redis, recorded with the data so that a build never reads data
// laid out for another: index scores, notice records and key names change between layouts, and
// a service reading the old ones would list every case as overdue or give every notice again.
//
// Layout 2: due scores are the due date's digits and the case number (rules/due_score.h); a
// case's notice:<kind>@<due date> fields hold the department told. Earlier data recorded no
// layout.
// Layout 3: the report counts a reconsideration or lawsuit by the year filed and the year
// decided (rdf:/rdd: fields, rules/report_counts.h) instead of by the year filed alone (rd:);
// each applicant's requests of a month are listed (gk:{seq}:applicant:...).
// Layout 4: the search box's indexes (every case in its partition's `recent` index, the cases of
// an applicant's name in `name:<digest>`, the description as searched in the case's `text`
// field) and the board's weekly trend counters (`trend`), all kept by the transition script
// from a case's registration on: cases stored before would be missing from them.
// Layout 5: every case belongs to an agency (its `agency` and running number); the work queues,
// open indexes and reply statistics are per agency and unit, the case's `dept` field holds
// "<agency>:<unit>", the trend counts per agency, and each agency has its own counter hash
// (`report:<agency>`): cases stored before belong to none.
// Layout 6: the case's hash holds the serialized case in two parts (`data` and `filed`,
// redis/stored_case.h), each written only when it changes: a case stored before as a whole in
// `data` would lose its applicant and request at its next change.
#pragma once

#include "absl/status/status.h"
#include "redis/redis_connection.h"

namespace gongkai {

inline constexpr int kStoreLayout = 6;

// OK when Redis holds this layout, or holds no case yet (the layout is then recorded).
// FAILED_PRECONDITION, saying what to do, when it holds cases of another or an unrecorded
// layout; UNAVAILABLE when Redis cannot be reached.
absl::Status CheckStoreLayout(RedisConnection& redis);

}  // namespace gongkai
