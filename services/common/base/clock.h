// The time source of the services, injectable so that tests can set "now".
//
// Dates the law cares about are calendar dates in China Standard Time (UTC+8).
#pragma once

#include <atomic>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace gongkai {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

// China Standard Time has had no daylight saving since 1991: a fixed offset is exact.
inline absl::TimeZone ChinaTimeZone() { return absl::FixedTimeZone(8 * 60 * 60); }

inline absl::CivilDay ChinaDay(absl::Time t) { return absl::ToCivilDay(t, ChinaTimeZone()); }

// "2026-11-28T07:30:00.123Z": the form every stored moment takes.
std::string FormatTimestamp(absl::Time t);

// "2026-11-28".
std::string FormatDay(absl::CivilDay day);

// Parses a strict YYYY-MM-DD calendar date; rejects 2026-02-30 and the like.
bool ParseDay(absl::string_view text, absl::CivilDay* day);

}  // namespace gongkai
