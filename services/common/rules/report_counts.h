// The annual report's counters a case counts in. Every change of a case moves it from the
// counters it counted in before to the ones it counts in afterwards, in the same atomic step
// (the store adds the differences to its partition's counter hash), so that a year's table is
// a sum of counters, not a scan of a year of cases.
//
// Fields, per applicant column c (1-6, the ApplicantType values) and years:
//   new:<R>:<c>          received (legal receipt date) in year R
//   open:<R>:<c>         received in year R and still open
//   done:<C>:<row>:<c>   closed in year C in the row of table 三 (3.1, 3.3.4, ...)
//   late:<C>:<R>:<c>     closed in year C, received in an earlier year R
// and, per reconsideration or lawsuit (RedressKind k, RedressResult r), whether the case is
// open or closed (a complaint of no reply, 不作为, is recorded against an open case):
//   rdf:<F>:<k>          filed in year F, one per record
//   rdd:<D>:<k>:<r>      decided in year D with result r (维持, 纠正 or 其他), one per decided
//   record
// Table 四 of year Y shows the results decided in Y, and as 尚未审结 those filed by the end of Y
// and not decided by then: Σ rdf with F ≤ Y minus Σ rdd with D ≤ Y (annual_report.cc).
// Every name is letters, digits, '.' and ':' (report_amendments.cc keys its memory on lists of
// them joined with ',').
//
// Example:
//   ReportCounters(closed_case) == {"new:2026:1", "done:2026:3.1:1"}
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "gongkai/v1/case.pb.h"

namespace gongkai {

std::vector<std::string> ReportCounters(const v1::Case& c);

// The increments that turn `before` into `after`: +1 for a field only in after, -1 only in
// before; fields in both are left out.
std::vector<std::pair<std::string, int>> CounterChanges(std::vector<std::string> before,
                                                        std::vector<std::string> after);

}  // namespace gongkai
