#include "rules/trend_counts.h"

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "rules/receipt_date.h"

namespace gongkai {

absl::CivilDay WeekStart(absl::CivilDay day) {
  // The last Monday before the next day: `day` itself when it is a Monday.
  return absl::PrevWeekday(day + 1, absl::Weekday::monday);
}

namespace {

std::string TrendField(absl::string_view kind, absl::CivilDay week_start) {
  return absl::StrCat(kind, ":", absl::Dec(week_start.year(), absl::kZeroPad4),
                      absl::Dec(week_start.month(), absl::kZeroPad2),
                      absl::Dec(week_start.day(), absl::kZeroPad2));
}

}  // namespace

std::string TrendField(absl::string_view kind, absl::CivilDay week_start,
                       absl::string_view agency) {
  return absl::StrCat(TrendField(kind, week_start), ":", agency);
}

std::string TrendField(absl::string_view kind, absl::CivilDay week_start, absl::string_view agency,
                       absl::string_view department) {
  return absl::StrCat(TrendField(kind, week_start), ":", agency, ":", department);
}

std::vector<std::string> TrendCounters(const v1::Case& c) {
  std::vector<std::string> fields;
  if (c.state() == v1::CASE_STATE_UNSPECIFIED) return fields;
  absl::CivilDay received;
  if (ParseDay(ReceiptDateOf(c), &received)) {
    fields.push_back(TrendField("recv", WeekStart(received), c.agency()));
    fields.push_back(TrendField("recv", WeekStart(received), c.agency(), c.department()));
  }
  absl::CivilDay closed;
  if (c.state() == v1::CASE_STATE_CLOSED && ParseDay(c.closed_on(), &closed)) {
    fields.push_back(TrendField("closed", WeekStart(closed), c.agency()));
    fields.push_back(TrendField("closed", WeekStart(closed), c.agency(), c.department()));
  }
  return fields;
}

}  // namespace gongkai
