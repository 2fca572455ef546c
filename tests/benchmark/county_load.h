// The Redis state a county's cases leave, for the county benchmark (county_benchmark.cc): made
// without the cases themselves. Synthetic cases spread over the catalogue's agencies (a few big,
// many small) and over the last three years are made one by one as v1::Case; the project's own
// ReportCounters and AgencyCounters say which counters each counts in; the counters are summed in
// memory per partition and agency and written with one HSET per hash — the agencies' hashes
// (report:<agency>) and the county's (report) — and the open cases are put in their unit's open
// index by DueScore, as the transition script would leave them. The case hashes, the due and
// work queues, the streams and the history are not written: the county's views never read them.
//
// Example:
//   CountyLoadOptions options{.cases = 1000000, .year = 2026, .months = {"2026-07", ...}};
//   auto loaded = LoadCounty(redis, catalogue, calendar, options);
//   loaded->year.at("czj").received  // the 县财政局's cases received in 2026
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "calendar/working_calendar.h"
#include "redis/redis_connection.h"
#include "rules/agency_catalogue.h"

namespace gongkai::bench {

struct CountyLoadOptions {
  int cases = 1000000;
  int days = 1095;                  // receipt dates over the last `days` days up to today
  uint64_t seed = 20261202;         // the same state for the same seed
  int year = 0;                     // the overview's year
  std::vector<std::string> months;  // the bulletin's months, YYYY-MM
  absl::Time now;
};

// One agency's figures as the cases were made (counted while making them, not from the
// counters): what the overview and the bulletin should show.
struct ExpectedFigures {
  int64_t received = 0;
  int64_t closed = 0;
  int64_t open = 0;
  int64_t overdue = 0;
  int64_t on_time = 0;
  int64_t late = 0;
};

struct CountyLoad {
  std::map<std::string, ExpectedFigures> year;    // by agency code, of options.year
  std::map<std::string, ExpectedFigures> months;  // by agency code, of options.months
  std::map<std::string, int64_t> cases;           // every case of each agency
  std::vector<std::string> unpublished;  // agencies whose report on the year before is not out
  int64_t counter_hashes = 0;
  int64_t counter_fields = 0;
  int64_t open_indexes = 0;  // the open indexes written
  int64_t open_cases = 0;
  int64_t stopped_clocks = 0;  // open cases whose clock is stopped (score +inf)
};

absl::StatusOr<CountyLoad> LoadCounty(RedisConnection& redis, const AgencyCatalogue& agencies,
                                      const WorkingCalendar& calendar,
                                      const CountyLoadOptions& options);

}  // namespace gongkai::bench
