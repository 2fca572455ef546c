// The department board's weekly trend: the counters a case counts in. As with the annual
// report's (report_counts.h), every change moves a case from the counters it counted in before
// to those it counts in afterwards, in the same atomic step (the store adds the differences to
// its partition's `trend` hash), so that the board reads a few counters instead of the cases.
//
// Fields, W the Monday (YYYYMMDD) of a week in China time, A the case's agency and D the code
// of the unit that holds the case now ("" for none yet):
//   recv:<W>:<A>        received by the agency in week W: the legal receipt date (Art. 31)
//   recv:<W>:<A>:<D>    the same, per unit
//   closed:<W>:<A>      closed in week W: closed_on (the reply's delivery date)
//   closed:<W>:<A>:<D>  the same, per unit
// A case handed to another unit moves its counts there; the agency's totals stay.
//
// Example (received Wednesday 2026-11-04 by xzf, held by czj, open):
//   TrendCounters(c) == {"recv:20261102:xzf", "recv:20261102:xzf:czj"}
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

// "recv" or "closed", a week's Monday, an agency, and a unit code of it ("" for none; omitted:
// the agency's total).
std::string TrendField(absl::string_view kind, absl::CivilDay week_start, absl::string_view agency);
std::string TrendField(absl::string_view kind, absl::CivilDay week_start, absl::string_view agency,
                       absl::string_view department);

}  // namespace gongkai
