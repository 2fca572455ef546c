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

// The parts the county's documents (county_rendering.h) share with the report:
// tables 三 and 四 as HTML (their headings and tables), for a page styled with kReportTableCss;
std::string RenderReportTablesHtml(const v1::AnnualReport& report);
// the print style of those tables: A4 landscape, ruled cells, figures (td.n) right-aligned;
inline constexpr absl::string_view kReportTableCss =
    "@page { size: A4 landscape; margin: 20mm 15mm; }\n"
    "body { max-width: none; font-size: 11pt; line-height: 16pt; }\n"
    "h2 { font-family: SimHei, \"黑体\", sans-serif; font-size: 14pt; font-weight: normal; }\n"
    "table { border-collapse: collapse; width: 100%; page-break-inside: avoid; }\n"
    "th, td { border: 1px solid #000; padding: 2pt 4pt; }\n"
    "td.n { text-align: right; font-variant-numeric: tabular-nums; }\n"
    "td.l1 { padding-left: 1.5em; } td[rowspan] { vertical-align: middle; }\n";
// a CSV field: quoted, its quotes doubled.
std::string CsvField(absl::string_view text);

}  // namespace gongkai
