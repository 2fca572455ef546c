// The county overview's counters a case counts in, kept in its agency's counter hash beside the
// annual report's (redis/keys.h, `report:<agency>`), moved by the same atomic step as every
// change (report_counts.h explains the before/after differences). The county's view and the
// 通报 then read a few fields per agency and partition instead of the cases.
//
// Fields, Y a year and M a month (YYYY-MM) in China time:
//   received:<Y> received:<M>   received (legal receipt date, Art. 31)
//   closed:<Y> closed:<M>       closed (closed_on)
//   on_time:<Y> on_time:<M>     closed by a reply delivered on or before the due date
//   late:<Y> late:<M>           closed by a reply delivered after it
//   open                        still open
//
// Example (received 2026-03-02, replied late on 2026-04-08):
//   AgencyCounters(c) == {"received:2026", "received:2026-03", "closed:2026", "closed:2026-04",
//                         "late:2026", "late:2026-04"}
#pragma once

#include <string>
#include <vector>

#include "gongkai/v1/case.pb.h"

namespace gongkai {

std::vector<std::string> AgencyCounters(const v1::Case& c);

}  // namespace gongkai
