// An agency's annual report (or the county's totals): live from the counters until the agency
// publishes it, then as published with the amendments recorded since; and its publication.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "gongkai/v1/case.pb.h"
#include "gongkai/v1/report.pb.h"
#include "redis/redis_connection.h"
#include "rules/agency_catalogue.h"

namespace gongkai {

// `agency` null: the county's totals over every agency (never published as such: the county
// government publishes its own report as an agency).
absl::StatusOr<v1::AnnualReport> ReadAnnualReport(RedisConnection& redis,
                                                  const AgencyCatalogue& agencies,
                                                  const Agency* agency, int year, absl::Time now);

// FAILED_PRECONDITION when the year is not over or the report was published already.
absl::StatusOr<v1::AnnualReport> PublishAnnualReport(RedisConnection& redis,
                                                     const AgencyCatalogue& agencies,
                                                     const Agency& agency, int year,
                                                     const v1::Actor& actor, absl::Time now);

}  // namespace gongkai
