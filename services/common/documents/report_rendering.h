// The annual report's tables for people and spreadsheets: Markdown, CSV (UTF-8 with a BOM, so
// that spreadsheet programs read the Chinese labels), and printable HTML with the template's
// two-level column heading.
//
// The heading rows of table 三 (三, and （三）-（六）, which carry no figures) follow the 2021
// template: in HTML a group label （三）-（六） is a cell spanning its numbered sub-rows (rowspan),
// with the sub-row labels in a second label column, and every other row's label spans both
// columns; in Markdown and CSV, which have no merged cells, the heading row stands on its own
// line with empty figure cells and the rows below it are indented with ideographic spaces (U+3000)
// by level.
//
// Example:
//   std::string csv = RenderReport(report, ReportFormat::kCsv);
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongkai/v1/report.pb.h"

namespace gongkai {

enum class ReportFormat { kMarkdown, kCsv, kHtml };

// "md", "csv" or "html"; INVALID_ARGUMENT naming `format` otherwise.
absl::StatusOr<ReportFormat> ParseReportFormat(absl::string_view name);

std::string RenderReport(const v1::AnnualReport& report, ReportFormat format);

}  // namespace gongkai
