// The annual report's tables for people and spreadsheets: Markdown, CSV (UTF-8 with a BOM, so
// that spreadsheet programs read the Chinese labels), and printable HTML with the template's
// two-level column heading.
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
