#include "print_routes.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "call_setup.h"
#include "documents/html.h"
#include "documents/report_rendering.h"
#include "gongkai/v1/reply.grpc.pb.h"
#include "gongkai/v1/report.grpc.pb.h"
#include "http_errors.h"

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
  if (caller.session_token.empty())
    return PrintError(grpc::StatusCode::UNAUTHENTICATED, "请先登录");
  int year;
  if (!absl::SimpleAtoi(Param(query, "year"), &year)) {
    return PrintError(grpc::StatusCode::INVALID_ARGUMENT, "`year` 应为四位年份");
  }
  const std::string format_name = Param(query, "format").empty() ? "html" : Param(query, "format");
  if (format_name != "html" && format_name != "csv") {
    return PrintError(grpc::StatusCode::INVALID_ARGUMENT, "`format` 应为 html 或 csv");
  }
  v1::AnnualReportRequest request;
  request.set_year(year);
  v1::AnnualReport report;
  grpc::Status status = CallAs(caller, *v1::ReportService::NewStub(upstreams_.tracker()),
                               &v1::ReportService::Stub::GetAnnualReport, request, &report);
  if (!status.ok()) return PrintError(status);
  if (format_name == "csv") {
    HttpReply reply = Page("text/csv; charset=utf-8", RenderReport(report, ReportFormat::kCsv));
    reply.headers.emplace_back(
        "Content-Disposition",
        absl::StrCat("attachment; filename=\"annual-report-", year, ".csv\""));
    return reply;
  }
  return Page("text/html; charset=utf-8", RenderReport(report, ReportFormat::kHtml));
}

}  // namespace gongkai::console
