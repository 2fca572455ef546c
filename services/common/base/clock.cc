#include "base/clock.h"

#include <cstdio>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"

namespace gongkai {

std::string FormatTimestamp(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", t, absl::UTCTimeZone());
}

std::string FormatDay(absl::CivilDay day) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", static_cast<int>(day.year()), day.month(),
                day.day());
  return buffer;
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
