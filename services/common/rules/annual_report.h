// The annual report's tables from the summed counters (report_counts.h): table 三 with its
// seven columns and every row of the template, and table 四. The balance of every column is
// checked before a table is given out.
//
// The heading rows 三 and （三）-（六） carry no values: in the 2021 template they are labels
// spanning their sub-rows (report_rendering.h lays them out). Table 四 of a year counts each
// result in the year it was decided, and as 尚未审结 what was filed by the year's end and not
// decided by then.
//
// Example:
//   GK_ASSIGN_OR_RETURN(v1::AnnualReport report, BuildAnnualReport(2026, counters));
//   // report.rows(0).label() == "一、本年新收政府信息公开申请数量"
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "gongkai/v1/report.pb.h"

namespace gongkai {

// The years an annual report can be built for.
inline constexpr int kFirstReportYear = 2000;
inline constexpr int kLastReportYear = 2100;

// Field name → value, summed over the partitions.
using ReportCounterValues = std::map<std::string, int64_t>;

// FAILED_PRECONDITION when a column does not balance (新收 + 上年结转 = 办理结果总计 + 结转下年度),
// more redress was decided by the year's end than filed, or a counter is negative, naming the
// column and the figures; INVALID_ARGUMENT for a year outside 2000-2100.
absl::StatusOr<v1::AnnualReport> BuildAnnualReport(int year, const ReportCounterValues& counters);

// The figures of a row by key ("3.3.4"); nullptr when there is no such row.
const v1::ReportRow* FindRow(const v1::AnnualReport& report, absl::string_view key);

}  // namespace gongkai
