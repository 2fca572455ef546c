#include "rules/report_amendments.h"

#include <algorithm>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "rules/annual_report.h"

namespace gongkai {
namespace {

constexpr absl::string_view kRedressColumnLabels[] = {"结果维持", "结果纠正", "其他结果",
                                                      "尚未审结", "总计"};

// One case's tables of `year`: the counters it counts in, once each.
std::map<std::string, int64_t> CellsOf(int year, const std::vector<std::string>& fields) {
  ReportCounterValues counters;
  for (const std::string& field : fields) counters[field] += 1;
  std::map<std::string, int64_t> cells;
  absl::StatusOr<v1::AnnualReport> report = BuildAnnualReport(year, counters);
  // One case's counters always balance; a damaged case moves nothing it could be blamed for.
  if (!report.ok()) return cells;
  for (const v1::ReportRow& row : report->rows()) {
    for (int column = 0; column < row.values_size(); ++column) {
      if (row.values(column) != 0) cells[absl::StrCat(row.key(), "/", column)] = row.values(column);
    }
  }
  for (const v1::RedressRow& row : report->redress()) {
    for (int column = 0; column < row.values_size(); ++column) {
      if (row.values(column) != 0) {
        cells[absl::StrCat("四/", static_cast<int>(row.kind()), "/", column)] = row.values(column);
      }
    }
  }
  return cells;
}

// What ReportTableChanges answers, worked out: the two cases' tables built and compared.
std::vector<ReportCellDelta> TableChanges(int year, const std::vector<std::string>& before,
                                          const std::vector<std::string>& after) {
  std::map<std::string, int64_t> moved = CellsOf(year, after);
  for (const auto& [cell, value] : CellsOf(year, before)) moved[cell] -= value;
  std::vector<ReportCellDelta> deltas;
  for (const auto& [cell, delta] : moved) {
    if (delta != 0) deltas.push_back({cell, delta});
  }
  return deltas;
}

}  // namespace

std::vector<ReportCellDelta> ReportTableChanges(int year, const std::vector<std::string>& before,
                                                const std::vector<std::string>& after) {
  // Every registration and every closing asks this for each year its counters name, whether or
  // not that year's report is published (the transition script decides), and building the two
  // tables was most of those steps' CPU before Redis (gongkai-bench-steps). The answer depends
  // on the arguments alone, and the counters of cases take few shapes: kept per thread (no lock
  // on the services' hot path), forgotten whole past a bound.
  constexpr size_t kMaxRemembered = 4096;
  thread_local absl::flat_hash_map<std::string, std::vector<ReportCellDelta>> remembered;
  // Counter names hold neither ',' nor '|' (report_counts.h); the counts keep {} and {""} apart.
  // Each thread keeps at most kMaxRemembered answers of a few hundred bytes.
  std::string key = absl::StrCat(year, "|", before.size(), ":", absl::StrJoin(before, ","), "|",
                                 after.size(), ":", absl::StrJoin(after, ","));
  auto found = remembered.find(key);
  if (found != remembered.end()) return found->second;
  std::vector<ReportCellDelta> deltas = TableChanges(year, before, after);
  if (remembered.size() >= kMaxRemembered) remembered.clear();
  remembered.emplace(std::move(key), deltas);
  return deltas;
}

int EarliestCounterYear(const std::vector<std::string>& before,
                        const std::vector<std::string>& after) {
  int earliest = 0;
  for (const std::vector<std::string>* fields : {&before, &after}) {
    for (const std::string& field : *fields) {
      // Every counter's second part is a year (report_counts.h).
      const std::vector<absl::string_view> parts = absl::StrSplit(field, ':');
      int year = 0;
      if (parts.size() < 2 || !absl::SimpleAtoi(parts[1], &year)) continue;
      // A counter of a year before the first report still moves the reports after it (a case
      // open since then is carried over into each), so it counts as the first report's year:
      // starting earlier would only ask about years no report has, some two thousand for a
      // damaged date of year 1. A year after the last report moves none.
      if (year > kLastReportYear) continue;
      year = std::max(year, kFirstReportYear);
      if (earliest == 0 || year < earliest) earliest = year;
    }
  }
  return earliest;
}

std::string FormatCellDeltas(const std::vector<ReportCellDelta>& deltas) {
  return absl::StrJoin(deltas, ",", [](std::string* out, const ReportCellDelta& delta) {
    absl::StrAppend(out, delta.cell, ":", delta.delta);
  });
}

absl::StatusOr<std::vector<ReportCellDelta>> ParseCellDeltas(absl::string_view text) {
  std::vector<ReportCellDelta> deltas;
  if (text.empty()) return deltas;
  for (absl::string_view item : absl::StrSplit(text, ',')) {
    const size_t colon = item.rfind(':');
    ReportCellDelta delta;
    if (colon == absl::string_view::npos || colon == 0 ||
        !absl::SimpleAtoi(item.substr(colon + 1), &delta.delta)) {
      return absl::InvalidArgumentError(absl::StrCat("not a report cell change: ", item));
    }
    delta.cell = std::string(item.substr(0, colon));
    deltas.push_back(std::move(delta));
  }
  return deltas;
}

std::string ReportCellLabel(absl::string_view cell) {
  // The labels of an empty year's tables: the template's own.
  static const v1::AnnualReport* const kTemplate =
      new v1::AnnualReport(*BuildAnnualReport(2000, ReportCounterValues{}));
  const std::vector<absl::string_view> parts = absl::StrSplit(cell, '/');
  int column = -1;
  if (parts.size() == 3 && parts[0] == "四" && absl::SimpleAtoi(parts[2], &column)) {
    int kind = 0;
    for (const v1::RedressRow& row : kTemplate->redress()) {
      if (absl::SimpleAtoi(parts[1], &kind) && static_cast<int>(row.kind()) == kind &&
          column >= 0 && column < 5) {
        return absl::StrCat("四 ", row.label(), " · ", kRedressColumnLabels[column]);
      }
    }
  } else if (parts.size() == 2 && absl::SimpleAtoi(parts[1], &column)) {
    const v1::ReportRow* row = FindRow(*kTemplate, parts[0]);
    if (row != nullptr && column >= 0 && column < kTemplate->columns_size()) {
      const std::string section = row->level() == 0 ? "" : "三";
      return absl::StrCat(section, row->label(), " · ", kTemplate->columns(column));
    }
  }
  return std::string(cell);
}

}  // namespace gongkai
