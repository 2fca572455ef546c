#include "base/clock.h"

#include <cstdio>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace gongkai {

namespace {

constexpr char kTimestampFormat[] = "%Y-%m-%dT%H:%M:%E3SZ";

// The years whose text FormatTimestamp and FormatDay build themselves; others (never a moment of
// the office's work) go to the general formatters. FormatTime's %Y does not pad (year 999 is
// "999") where "%04d" does ("0999"): FormatTimestamp's own range starts at 1000.
bool TimestampYear(int64_t year) { return year >= 1000 && year <= 9999; }
bool DayYear(int64_t year) { return year >= 0 && year <= 9999; }

}  // namespace

// Every change stamps its event with this, and absl::FormatTime's general formatter was a few
// per cent of a step's CPU (gongkai-bench-steps): the same text, from the civil second.
std::string FormatTimestamp(absl::Time t) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::CivilSecond second = absl::ToCivilSecond(t, utc);
  if (t == absl::InfiniteFuture() || t == absl::InfinitePast() || !TimestampYear(second.year())) {
    return absl::FormatTime(kTimestampFormat, t, utc);
  }
  // The civil second is t's floor, so this lies in [0, 999]; %E3S truncates the same way.
  const int64_t millis = absl::ToInt64Milliseconds(t - absl::FromCivil(second, utc));
  return absl::StrCat(
      absl::Dec(second.year(), absl::kZeroPad4), "-", absl::Dec(second.month(), absl::kZeroPad2),
      "-", absl::Dec(second.day(), absl::kZeroPad2), "T", absl::Dec(second.hour(), absl::kZeroPad2),
      ":", absl::Dec(second.minute(), absl::kZeroPad2), ":",
      absl::Dec(second.second(), absl::kZeroPad2), ".", absl::Dec(millis, absl::kZeroPad3), "Z");
}

std::string FormatDay(absl::CivilDay day) {
  if (!DayYear(day.year())) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02d", static_cast<long long>(day.year()),
                  day.month(), day.day());
    return buffer;
  }
  return absl::StrCat(absl::Dec(day.year(), absl::kZeroPad4), "-",
                      absl::Dec(day.month(), absl::kZeroPad2), "-",
                      absl::Dec(day.day(), absl::kZeroPad2));
}

bool ParseDay(absl::string_view text, absl::CivilDay* day) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int year = 0, month = 0, dom = 0;
  if (!absl::SimpleAtoi(text.substr(0, 4), &year) || !absl::SimpleAtoi(text.substr(5, 2), &month) ||
      !absl::SimpleAtoi(text.substr(8, 2), &dom)) {
    return false;
  }
  for (char c : text) {
    if (c != '-' && (c < '0' || c > '9')) return false;
  }
  absl::CivilDay parsed(year, month, dom);
  // CivilDay normalises 02-30 to 03-02; a date that does not survive the round trip is invalid.
  if (parsed.year() != year || parsed.month() != month || parsed.day() != dom) return false;
  *day = parsed;
  return true;
}

}  // namespace gongkai
