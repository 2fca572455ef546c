// The stored forms of a moment and a day: FormatTimestamp and FormatDay build them themselves,
// and must give exactly what absl::FormatTime and "%04d-%02d-%02d" give: over 1900-2200 and at
// the edges of the years they write themselves.
#include <gtest/gtest.h>

#include <cstdint>
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

std::string PrintfDay(absl::CivilDay day) {
  char text[32];
  std::snprintf(text, sizeof text, "%04lld-%02d-%02d", static_cast<long long>(day.year()),
                day.month(), day.day());
  return text;
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

TEST(FormatTimestamp, MatchesAbslFormatTime) {
  std::mt19937_64 random(20261203);
  // 1900 to 2200, to the microsecond.
  std::uniform_int_distribution<int64_t> micros(-2208988800LL * 1000000, 7258118400LL * 1000000);
  for (int i = 0; i < 20000; ++i) {
    const absl::Time t = absl::FromUnixMicros(micros(random));
    ASSERT_EQ(FormatTimestamp(t), Reference(t)) << absl::ToUnixMicros(t);
  }
  EXPECT_EQ(FormatTimestamp(absl::InfiniteFuture()), Reference(absl::InfiniteFuture()));
  EXPECT_EQ(FormatTimestamp(absl::InfinitePast()), Reference(absl::InfinitePast()));
  // The edges of the years written here and past them, at a second's last millisecond.
  for (const int64_t year : {-1, 0, 1, 999, 1000, 9999, 10000, 12026}) {
    const absl::Time t =
        absl::FromCivil(absl::CivilSecond(year, 12, 31, 23, 59, 59), absl::UTCTimeZone()) +
        absl::Microseconds(999999);
    EXPECT_EQ(FormatTimestamp(t), Reference(t)) << year;
  }
}

TEST(FormatDay, MatchesPrintf) {
  EXPECT_EQ(FormatDay(absl::CivilDay(2026, 2, 3)), "2026-02-03");
  for (absl::CivilDay day(1900, 1, 1); day < absl::CivilDay(2201, 1, 1); day += 1) {
    ASSERT_EQ(FormatDay(day), PrintfDay(day));
  }
  for (const int64_t year : {-1, 0, 5, 999, 9999, 10000, 12345}) {
    const absl::CivilDay day(year, 6, 7);
    EXPECT_EQ(FormatDay(day), PrintfDay(day)) << year;
  }
  EXPECT_EQ(FormatDay(absl::CivilDay(12345, 6, 7)), "12345-06-07");
}

}  // namespace
}  // namespace gongkai
