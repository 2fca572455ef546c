// Amendments to a published annual report (Regulations Art. 49-50): once an agency has published
// its report on a year, the figures it published stay as they were, and every later change of a
// case that would have moved them is recorded beside them, cell by cell — never silently.
//
// A cell is "<row>/<column>" of table 三 (row key as ReportRow.key, column 0-6 as its values)
// or "四/<redress kind>/<column>" of table 四 (kind 1-3 as RedressKind, column 0-4).
//
// Example (a case received in 2025 closed in 2026 as 予以公开 by a natural person): the 2025
// table is unchanged (still open at the year's end), so
//   ReportTableChanges(2025, before, after).empty()
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongkai {

struct ReportCellDelta {
  std::string cell;
  int64_t delta = 0;
  bool operator==(const ReportCellDelta&) const = default;
};

// How the tables of `year` move when one case's report counters (rules/report_counts.h) go from
// `before` to `after`: only the cells that change, in the tables' order.
std::vector<ReportCellDelta> ReportTableChanges(int year, const std::vector<std::string>& before,
                                                const std::vector<std::string>& after);

// The earliest year named by any of the counters, raised to the first year a report can have
// (2000, as BuildAnnualReport takes); 0 when they name none up to the last (2100). A change
// cannot move a table before it.
int EarliestCounterYear(const std::vector<std::string>& before,
                        const std::vector<std::string>& after);

// "3.1/0:1,4/0:-1" and back; INVALID_ARGUMENT for text not of that shape.
std::string FormatCellDeltas(const std::vector<ReportCellDelta>& deltas);
absl::StatusOr<std::vector<ReportCellDelta>> ParseCellDeltas(absl::string_view text);

// The cell as staff read it: "三（一）予以公开 · 自然人", "四 行政复议 · 结果维持".
std::string ReportCellLabel(absl::string_view cell);

}  // namespace gongkai
