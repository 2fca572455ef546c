// The stored forms of a moment and a day: FormatTimestamp and FormatDay build them themselves,
// and must give exactly what absl::FormatTime and "%04d-%02d-%02d" give.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "base/clock.h"

namespace gongkai {
namespace {

std::string Reference(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", t, absl::UTCTimeZone());
}

TEST(FormatTimestamp, WritesUtcToTheMillisecond) {
  const absl::Time t =
      absl::FromCivil(absl::CivilSecond(2026, 11, 28, 7, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(FormatTimestamp(t + absl::Milliseconds(123)), "2026-11-28T07:30:00.123Z");
  // Truncated, not rounded.
  EXPECT_EQ(FormatTimestamp(t + absl::Microseconds(999999)), "2026-11-28T07:30:00.999Z");
  EXPECT_EQ(FormatTimestamp(absl::UnixEpoch()), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(absl::FromUnixMillis(-1)), "1969-12-31T23:59:59.999Z");
  // China's midnight is the day before in UTC.
  EXPECT_EQ(
      FormatTimestamp(absl::FromCivil(absl::CivilSecond(2027, 1, 1, 0, 0, 0), ChinaTimeZone())),
      "2026-12-31T16:00:00.000Z");
}

TEST(FormatTimestamp, MatchesAbslFormatTimeEverywhere) {
  std::mt19937_64 random(20261203);
  // 1900 to 2200, to the microsecond.
  std::uniform_int_distribution<int64_t> micros(-2208988800LL * 1000000, 7258118400LL * 1000000);
  for (int i = 0; i < 20000; ++i) {
    const absl::Time t = absl::FromUnixMicros(micros(random));
    ASSERT_EQ(FormatTimestamp(t), Reference(t)) << absl::ToUnixMicros(t);
  }
  for (const absl::Time t :
       {absl::InfiniteFuture(), absl::InfinitePast(),
        absl::FromCivil(absl::CivilSecond(12026, 1, 1, 0, 0, 0), absl::UTCTimeZone())}) {
    EXPECT_EQ(FormatTimestamp(t), Reference(t));
  }
}

TEST(FormatDay, MatchesPrintfEverywhere) {
  EXPECT_EQ(FormatDay(absl::CivilDay(2026, 2, 3)), "2026-02-03");
  for (absl::CivilDay day(1900, 1, 1); day < absl::CivilDay(2201, 1, 1); day += 1) {
    char expected[32];
    std::snprintf(expected, sizeof expected, "%04d-%02d-%02d", static_cast<int>(day.year()),
                  day.month(), day.day());
    ASSERT_EQ(FormatDay(day), expected);
  }
  EXPECT_EQ(FormatDay(absl::CivilDay(12345, 6, 7)), "12345-06-07");
}

}  // namespace
}  // namespace gongkai
