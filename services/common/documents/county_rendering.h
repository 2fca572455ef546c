// The county disclosure office's documents for people and spreadsheets, in the formats of the
// annual report (report_rendering.h): the 通报 (rules/county_bulletin.h) and the overview of
// every agency's figures side by side.
//
// The bulletin in HTML is an official document on A4 paper (the style sheet of html.h): title,
// addressees, the period's totals, the ranked agencies in a table, the clean ones named in a
// sentence, the agencies whose annual report is past due, a request to put things right, the
// issuer and the date. In CSV and Markdown it is the table alone: the ranked agencies, then the
// clean ones (no rank), then 全县合计. A late share without any reply is "—" (empty in CSV).
//
// The overview is one row per agency (机关, 类别, the counts, its annual report on the year
// before), then 全县合计; in HTML (A4 landscape) and Markdown the county's tables 三 and 四
// follow, summed over every agency.
//
// Example:
//   std::string html = RenderBulletin(bulletin, ReportFormat::kHtml);
//   std::string csv = RenderCountyOverview(overview, ReportFormat::kCsv);
#pragma once

#include <string>

#include "documents/report_rendering.h"
#include "gongkai/v1/report.pb.h"

namespace gongkai {

std::string RenderBulletin(const v1::Bulletin& bulletin, ReportFormat format);

std::string RenderCountyOverview(const v1::CountyOverview& overview, ReportFormat format);

}  // namespace gongkai
