// Two other layouts the county overview could read, built beside the real one from the loaded
// state so that the benchmark can time their reads on the same data (nothing in the services
// uses them; they are measured to size a proposal in docs/performance.md):
//
//   agency index   gk:{pNN}:bench-open:<agency>: every open case of the agency in the partition,
//                  the union of its units' open indexes: one ZCOUNT per agency and partition
//                  instead of one per unit
//   overview hash  gk:{pNN}:bench-overview: the agencies' overview counters of the partition in
//                  one hash, fields "<agency>|<field>": one HMGET per partition instead of one per
//                  agency
//
// Example:
//   Check(BuildAlternatives(redis, catalogue), "alternatives");
//   auto totals = ReadWithAgencyIndexes(redis, catalogue, fields, DueScoreAfter(now));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "redis/redis_connection.h"
#include "rules/agency_catalogue.h"

namespace gongkai::bench {

absl::Status BuildAlternatives(RedisConnection& redis, const AgencyCatalogue& agencies);

// The sums over every agency the read found: what each layout must agree on.
struct AlternativeTotals {
  int64_t fields = 0;  // the sum of every counter field read
  int64_t overdue = 0;
  int64_t commands = 0;  // sent in the one round trip
};

// Per agency and partition an HMGET of its own hash and a ZCOUNT of its agency index.
absl::StatusOr<AlternativeTotals> ReadWithAgencyIndexes(RedisConnection& redis,
                                                        const AgencyCatalogue& agencies,
                                                        const std::vector<std::string>& fields,
                                                        int64_t overdue_until);

// Per partition one HMGET of the overview hash, and per agency and partition a ZCOUNT of its
// agency index.
absl::StatusOr<AlternativeTotals> ReadWithOverviewHash(RedisConnection& redis,
                                                       const AgencyCatalogue& agencies,
                                                       const std::vector<std::string>& fields,
                                                       int64_t overdue_until);

}  // namespace gongkai::bench
