#include "print_routes.h"

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "call_setup.h"
#include "documents/county_rendering.h"
#include "documents/html.h"
#include "documents/report_rendering.h"
#include "gongkai/v1/reply.grpc.pb.h"
#include "gongkai/v1/report.grpc.pb.h"
#include "http_errors.h"
#include "redis/missing_partitions.h"

namespace gongkai::console {
namespace {

std::string Param(const QueryParams& query, const std::string& name) {
  auto found = query.find(name);
  return found == query.end() ? "" : found->second;
}

HttpReply Page(std::string content_type, std::string body) {
  HttpReply reply;
  reply.content_type = std::move(content_type);
  reply.body = std::move(body);
  return reply;
}

// A page that could not be made: a short page in Chinese, in the tab the person opened for
// printing, instead of the API's JSON.
HttpReply PrintError(grpc::StatusCode code, absl::string_view message) {
  HttpReply reply =
      Page("text/html; charset=utf-8",
           absl::StrCat("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                        "<title>无法打印</title></head><body><h1>无法打印</h1><p>",
                        EscapeHtml(message.empty() ? "文书暂时无法生成，请稍后重试" : message),
                        "</p></body></html>"));
  reply.status = HttpStatusOf(code);
  return reply;
}

HttpReply PrintError(const grpc::Status& status) {
  return PrintError(status.error_code(), StaffMessageOf(status));
}

// A report, overview or bulletin that could not read every partition is not printed or
// downloaded: a paper or a file lives on without the warning the console shows beside it.
std::optional<HttpReply> RefuseIncomplete(
    const google::protobuf::RepeatedField<int32_t>& missing_partitions) {
  MissingPartitions missing;
  missing.AddFrom(missing_partitions);
  if (missing.empty()) return std::nullopt;
  return PrintError(
      grpc::StatusCode::UNAVAILABLE,
      absl::StrCat("部分数据（分区", missing.Names("、"),
                   "）所在的数据库节点暂时无法连接，打印件和下载文件须以完整数据生成，"
                   "请稍后再打印或下载"));
}

// The report formats a person opens or downloads: html (the default) or csv.
bool ParseFormat(const QueryParams& query, ReportFormat* format) {
  const std::string name = Param(query, "format");
  if (name.empty() || name == "html") {
    *format = ReportFormat::kHtml;
    return true;
  }
  if (name == "csv") {
    *format = ReportFormat::kCsv;
    return true;
  }
  return false;
}

HttpReply BadFormat() {
  return PrintError(grpc::StatusCode::INVALID_ARGUMENT, "`format` 应为 html 或 csv");
}

// What a year's page (the annual report, the county overview) needs first: a signed-in caller,
// the year and the format; the page to answer with at once when one of them is missing.
std::optional<HttpReply> YearPage(const QueryParams& query, const Caller& caller, int& year,
                                  ReportFormat& format) {
  if (caller.session_token.empty()) {
    return PrintError(grpc::StatusCode::UNAUTHENTICATED, "请先登录");
  }
  if (!absl::SimpleAtoi(Param(query, "year"), &year)) {
    return PrintError(grpc::StatusCode::INVALID_ARGUMENT, "`year` 应为四位年份");
  }
  if (!ParseFormat(query, &format)) return BadFormat();
  return std::nullopt;
}

// The rendered page, or the spreadsheet as a download named `file_stem`.csv. The stem is made
// of checked parameters only (digits, letters, hyphens): it goes into a header.
HttpReply Rendered(ReportFormat format, std::string body, const std::string& file_stem) {
  if (format != ReportFormat::kCsv) return Page("text/html; charset=utf-8", std::move(body));
  HttpReply reply = Page("text/csv; charset=utf-8", std::move(body));
  reply.headers.emplace_back("Content-Disposition",
                             absl::StrCat("attachment; filename=\"", file_stem, ".csv\""));
  return reply;
}

// An agency code as agencies.conf writes them (letters, digits, '_' or '-', at most 32), or "*"
// for the county's totals; the services say whether it exists and whether the caller may see it.
bool PlausibleAgency(absl::string_view code) {
  if (code == "*") return true;
  if (code.empty() || code.size() > 32) return false;
  for (char c : code) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

// YYYY-MM with a month 01-12.
bool PlausibleMonth(absl::string_view month) {
  if (month.size() != 7 || month[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(month[i]))) return false;
  }
  const int number = (month[5] - '0') * 10 + (month[6] - '0');
  return number >= 1 && number <= 12;
}

}  // namespace

HttpReply PrintRoutes::Document(const QueryParams& query, const Caller& caller) const {
  if (caller.session_token.empty())
    return PrintError(grpc::StatusCode::UNAUTHENTICATED, "请先登录");
  v1::GetDocumentRequest request;
  request.set_case_number(Param(query, "case"));
  v1::DocumentKind kind;
  if (!v1::DocumentKind_Parse(Param(query, "kind"), &kind) ||
      kind == v1::DOCUMENT_KIND_UNSPECIFIED) {
    return PrintError(grpc::StatusCode::INVALID_ARGUMENT, "`kind` 不是已知的文书种类");
  }
  request.set_kind(kind);
  request.set_format(v1::DOCUMENT_FORMAT_HTML);
  if (const std::string consultation = Param(query, "consultation"); !consultation.empty()) {
    int index;
    if (!absl::SimpleAtoi(consultation, &index) || index < 0) {
      return PrintError(grpc::StatusCode::INVALID_ARGUMENT, "`consultation` 应为从 0 起的序号");
    }
    request.set_consultation(index);
  }
  v1::Document document;
  grpc::Status status = CallAs(caller, *v1::ReplyService::NewStub(upstreams_.reply()),
                               &v1::ReplyService::Stub::GetDocument, request, &document);
  if (!status.ok()) return PrintError(status);
  return Page(document.content_type(), document.content());
}

HttpReply PrintRoutes::Report(const QueryParams& query, const Caller& caller) const {
  int year;
  ReportFormat format;
  if (std::optional<HttpReply> refused = YearPage(query, caller, year, format)) return *refused;
  const std::string agency = Param(query, "agency");
  if (!agency.empty() && !PlausibleAgency(agency)) {
    return PrintError(grpc::StatusCode::INVALID_ARGUMENT, "`agency` 不是机关代码");
  }
  v1::AnnualReportRequest request;
  request.set_year(year);
  request.set_agency(agency);
  v1::AnnualReport report;
  grpc::Status status = CallAs(caller, *v1::ReportService::NewStub(upstreams_.tracker()),
                               &v1::ReportService::Stub::GetAnnualReport, request, &report);
  if (!status.ok()) return PrintError(status);
  if (std::optional<HttpReply> refused = RefuseIncomplete(report.missing_partitions())) {
    return *refused;
  }
  // Another agency's report, or the county's totals, is named so in the file's name.
  const std::string stem = agency.empty()  ? absl::StrCat("annual-report-", year)
                           : agency == "*" ? absl::StrCat("annual-report-", year, "-county")
                                           : absl::StrCat("annual-report-", year, "-", agency);
  return Rendered(format, RenderReport(report, format), stem);
}

HttpReply PrintRoutes::County(const QueryParams& query, const Caller& caller) const {
  int year;
  ReportFormat format;
  if (std::optional<HttpReply> refused = YearPage(query, caller, year, format)) return *refused;
  v1::CountyOverviewRequest request;
  request.set_year(year);
  v1::CountyOverview overview;
  grpc::Status status = CallAs(caller, *v1::ReportService::NewStub(upstreams_.tracker()),
                               &v1::ReportService::Stub::GetCountyOverview, request, &overview);
  if (!status.ok()) return PrintError(status);
  if (std::optional<HttpReply> refused = RefuseIncomplete(overview.missing_partitions())) {
    return *refused;
  }
  return Rendered(format, RenderCountyOverview(overview, format),
                  absl::StrCat("county-overview-", year));
}

HttpReply PrintRoutes::Bulletin(const QueryParams& query, const Caller& caller) const {
  if (caller.session_token.empty())
    return PrintError(grpc::StatusCode::UNAUTHENTICATED, "请先登录");
  const std::string from = Param(query, "from");
  const std::string to = Param(query, "to");
  if (!PlausibleMonth(from)) {
    return PrintError(grpc::StatusCode::INVALID_ARGUMENT, "`from` 应为年月，如 2026-01");
  }
  if (!PlausibleMonth(to)) {
    return PrintError(grpc::StatusCode::INVALID_ARGUMENT, "`to` 应为年月，如 2026-03");
  }
  ReportFormat format;
  if (!ParseFormat(query, &format)) return BadFormat();
  v1::BulletinRequest request;
  request.set_from_month(from);
  request.set_to_month(to);
  v1::Bulletin bulletin;
  grpc::Status status = CallAs(caller, *v1::ReportService::NewStub(upstreams_.tracker()),
                               &v1::ReportService::Stub::GetBulletin, request, &bulletin);
  if (!status.ok()) return PrintError(status);
  if (std::optional<HttpReply> refused = RefuseIncomplete(bulletin.missing_partitions())) {
    return *refused;
  }
  return Rendered(format, RenderBulletin(bulletin, format),
                  absl::StrCat("bulletin-", from, "-", to));
}

}  // namespace gongkai::console
