// The department board's weekly trend: the counters a case counts in. As with the annual
// report's (report_counts.h), every change moves a case from the counters it counted in before
// to those it counts in afterwards, in the same atomic step (the store adds the differences to
// its partition's `trend` hash), so that the board reads a few counters instead of the cases.
//
// Fields, W the Monday (YYYYMMDD) of a week in China time, D the code of the department that
// holds the case now ("-" for none yet):
//   recv:<W>            received in week W: the legal receipt date (Art. 31)
//   recv:<W>:<D>        the same, per department
//   closed:<W>          closed in week W: closed_on (the reply's delivery date)
//   closed:<W>:<D>      the same, per department
// A case handed to another department moves its counts there; the totals stay.
//
// Example (received Wednesday 2026-11-04, held by czj, open):
//   TrendCounters(c) == {"recv:20261102", "recv:20261102:czj"}
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

std::vector<std::string> TrendCounters(const v1::Case& c);

// The Monday of the week (Monday to Sunday) that holds `day`.
absl::CivilDay WeekStart(absl::CivilDay day);

// "recv" or "closed", a week's Monday and a department code ("" for none; omitted: the total).
std::string TrendField(absl::string_view kind, absl::CivilDay week_start);
std::string TrendField(absl::string_view kind, absl::CivilDay week_start,
                       absl::string_view department);

}  // namespace gongkai
