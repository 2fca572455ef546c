// The score of a case in its partition's due, open and consulting indexes: the one place that
// says how a due date becomes a number in Redis and back.
//
//   score = YYYYMMDD of the due date × 10^8 + (year of the case number mod 100) × 10^6
//           + (sequence mod 10^6)
//
// so that the order is "due earliest first", every case due on a day has its own score (cursors
// never skip a tie; two cases tie only if due the same day with numbers a century apart or a
// million apart within a year), the due date can be read off a score in redis-cli, and every
// score is an integer below 2^53 (for due dates before the year 9000), exact as Redis's double.
// A due date passes at the end of its day in China time (DueMoment), so "overdue at a moment" is
// "due before that moment's day".
//
// Example:
//   DueScore(2026-11-03, {2026, 123}) == 2026110326000123
//   DueScoreFloor(2026-11-04)          == 2026110400000000: every case due 2026-11-03 lies below
//   DueDayOfScore(2026110326000123)    == 2026-11-03
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gongkai/v1/case.pb.h"
#include "rules/case_number.h"

namespace gongkai {

int64_t DueScore(absl::CivilDay due, const CaseNumber& number);

// The score of a deadline's due date; INVALID_ARGUMENT when the deadline has no valid due date.
absl::StatusOr<int64_t> DueScoreOf(const v1::Deadline& deadline, const CaseNumber& number);

// The lowest score of a case due on `day` or later.
int64_t DueScoreFloor(absl::CivilDay day);

// The lowest score of a case whose due date has not passed at `moment`: every score below it is
// overdue then.
int64_t DueScoreAfter(absl::Time moment);

// The due date a score stands for.
absl::CivilDay DueDayOfScore(int64_t score);

}  // namespace gongkai
