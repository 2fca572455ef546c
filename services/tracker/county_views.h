// The county disclosure office's views: every agency's figures side by side with the county's
// totals (CountyOverview), and the 通报 ranking agencies by overdue and late replies over a
// period of months (Bulletin). Read from the agencies' counters (rules/agency_counts.h) and open
// indexes, never from the cases.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "calendar/working_calendar.h"
#include "gongkai/v1/report.pb.h"
#include "redis/redis_connection.h"
#include "rules/agency_catalogue.h"

namespace gongkai {

absl::StatusOr<v1::CountyOverview> ReadCountyOverview(RedisConnection& redis,
                                                      const AgencyCatalogue& agencies, int year,
                                                      absl::Time now);

absl::StatusOr<v1::Bulletin> ReadBulletin(RedisConnection& redis, const AgencyCatalogue& agencies,
                                          const v1::BulletinRequest& request, absl::Time now);

}  // namespace gongkai
