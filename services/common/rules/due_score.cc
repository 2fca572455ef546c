#include "rules/due_score.h"

#include "absl/strings/str_cat.h"
#include "base/clock.h"

namespace gongkai {
namespace {

constexpr int64_t kDayFactor = 100'000'000;  // room for the year's two digits and six of sequence
constexpr int64_t kYearFactor = 1'000'000;

int64_t DayDigits(absl::CivilDay day) {
  return day.year() * 10'000 + day.month() * 100 + day.day();
}

}  // namespace

int64_t DueScore(absl::CivilDay due, const CaseNumber& number) {
  return DayDigits(due) * kDayFactor + (number.year % 100) * kYearFactor +
         number.sequence % kYearFactor;
}

absl::StatusOr<int64_t> DueScoreOf(const v1::Deadline& deadline, const CaseNumber& number) {
  absl::CivilDay due;
  if (!ParseDay(deadline.due_date(), &due)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "`deadline.due_date` \"", deadline.due_date().substr(0, 16), "\" is not a date"));
  }
  return DueScore(due, number);
}

int64_t DueScoreFloor(absl::CivilDay day) { return DayDigits(day) * kDayFactor; }

int64_t DueScoreAfter(absl::Time moment) { return DueScoreFloor(ChinaDay(moment)); }

absl::CivilDay DueDayOfScore(int64_t score) {
  const int64_t digits = score / kDayFactor;
  return absl::CivilDay(digits / 10'000, digits / 100 % 100, digits % 100);
}

}  // namespace gongkai
