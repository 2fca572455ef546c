// Confidentiality review, the office head's sign-off, the documents of a case, the annual report
// and the recording of reconsiderations and lawsuits.
#include <cstdio>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "commands.h"
#include "documents/county_rendering.h"
#include "documents/report_rendering.h"

ABSL_DECLARE_FLAG(int64_t, expected_version);
ABSL_DECLARE_FLAG(std::string, reason);
ABSL_DECLARE_FLAG(std::string, comments);

ABSL_FLAG(std::string, ground, "",
          "resolve --resolution=redacted: the 不予公开 ground, e.g. withheld_third_party");
ABSL_FLAG(bool, against_inaction, false, "redress: a complaint that no reply came at all (不作为)");
ABSL_FLAG(int, consultation, -1,
          "which consultation of the case (0-based); -1: the latest (document) or the only open "
          "one (commands)");
ABSL_FLAG(int, finding, -1, "resolve: the index of the finding (as `show` lists them)");
ABSL_FLAG(std::string, resolution, "", "resolve: redacted or released");
ABSL_FLAG(std::string, kind, "",
          "document: receipt, reply, supplement, extension or consultation; "
          "redress: reconsideration, litigation_direct or litigation_after_reconsideration");
ABSL_FLAG(std::string, format, "",
          "document: text (default) or html; report: md (default), csv or html");
ABSL_FLAG(int, year, 0, "report: the year of the annual report (default: this year)");
ABSL_FLAG(std::string, from, "", "report bulletin: the first month, YYYY-MM");
ABSL_FLAG(std::string, to, "", "report bulletin: the last month, YYYY-MM");
ABSL_DECLARE_FLAG(std::string, agency);
ABSL_FLAG(std::string, filed_on, "", "redress: the day it was filed, YYYY-MM-DD");
ABSL_FLAG(std::string, decision, "pending", "redress: pending, maintained, corrected or other");
ABSL_FLAG(std::string, decided_on, "", "redress: the day it was decided, YYYY-MM-DD");
ABSL_FLAG(std::string, body, "", "redress: the reconsideration organ or court");
ABSL_FLAG(int, index, -1, "redress: the record to update (-1: record a new one)");

namespace gongkai::cli {
namespace {

v1::ReviewDecisionRequest Decision(const Args& args) {
  v1::ReviewDecisionRequest request;
  request.set_case_number(args[0]);
  request.set_expected_version(absl::GetFlag(FLAGS_expected_version));
  request.set_comments(absl::GetFlag(FLAGS_comments));
  return request;
}

}  // namespace

int ResolveFinding(CliContext& cli, const Args& args) {
  if (!OneCase(args)) {
    return Usage(
        "gongkai resolve <case-number> --finding=N --resolution=redacted|released "
        "[--reason=...] [--ground=withheld_third_party]");
  }
  v1::ResolveFindingRequest request;
  request.set_case_number(args[0]);
  request.set_expected_version(absl::GetFlag(FLAGS_expected_version));
  request.set_finding(absl::GetFlag(FLAGS_finding));
  int resolution = 0;
  if (absl::Status parsed = ParseEnumFlag("resolution", absl::GetFlag(FLAGS_resolution),
                                          v1::FindingResolution_descriptor(), &resolution);
      !parsed.ok()) {
    return Usage(parsed.message());
  }
  request.set_resolution(static_cast<v1::FindingResolution>(resolution));
  request.set_reason(absl::GetFlag(FLAGS_reason));
  if (!absl::GetFlag(FLAGS_ground).empty()) {
    int ground = 0;
    if (absl::Status parsed =
            ParseEnumFlag("ground", absl::GetFlag(FLAGS_ground), v1::Outcome_descriptor(), &ground);
        !parsed.ok()) {
      return Usage(parsed.message());
    }
    request.set_ground(static_cast<v1::Outcome>(ground));
  }
  v1::CaseAck ack;
  return PrintAck(cli, cli.review().ResolveFinding(cli.Call().get(), request, &ack), ack);
}

int SignOffQueue(CliContext& cli, const Args& args) {
  v1::QueueResponse response;
  grpc::Status status = cli.review().ListSignOffQueue(cli.Call().get(), PageFromFlags(), &response);
  return PrintQueue(cli, status, response);
}

int SignOff(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai sign-off <case-number> [--comments=...]");
  v1::CaseAck ack;
  return PrintAck(cli, cli.review().SignOff(cli.Call().get(), Decision(args), &ack), ack);
}

int RefuseSignOff(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai refuse-sign-off <case-number> --comments=...");
  v1::CaseAck ack;
  return PrintAck(cli, cli.review().RefuseSignOff(cli.Call().get(), Decision(args), &ack), ack);
}

int Document(CliContext& cli, const Args& args) {
  if (!OneCase(args)) {
    return Usage(
        "gongkai document <case-number> --kind=receipt|reply|supplement|extension|"
        "consultation|fee_notice|disclosure_notice|reasons_request|later_reply "
        "[--consultation=N] [--format=text|html]");
  }
  v1::GetDocumentRequest request;
  request.set_case_number(args[0]);
  int kind = 0;
  if (absl::Status parsed =
          ParseEnumFlag("kind", absl::GetFlag(FLAGS_kind), v1::DocumentKind_descriptor(), &kind);
      !parsed.ok()) {
    return Usage(parsed.message());
  }
  request.set_kind(static_cast<v1::DocumentKind>(kind));
  if (absl::GetFlag(FLAGS_consultation) >= 0) {
    request.set_consultation(absl::GetFlag(FLAGS_consultation));
  }
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format != "" && format != "text" && format != "html") {
    return Usage("--format must be text or html");
  }
  request.set_format(format == "html" ? v1::DOCUMENT_FORMAT_HTML : v1::DOCUMENT_FORMAT_TEXT);
  v1::Document document;
  grpc::Status status = cli.reply().GetDocument(cli.Call().get(), request, &document);
  if (!status.ok()) return Failed(cli, status);
  cli.Print(document,
            [&] { std::fwrite(document.content().data(), 1, document.content().size(), stdout); });
  return 0;
}

int AnnualReport(CliContext& cli, bool publish, ReportFormat format) {
  const int year = absl::GetFlag(FLAGS_year);
  v1::AnnualReport report;
  grpc::Status status;
  if (publish) {
    v1::PublishAnnualReportRequest request;
    request.set_year(year);
    request.set_agency(absl::GetFlag(FLAGS_agency));
    status = cli.report().PublishAnnualReport(cli.Call().get(), request, &report);
  } else {
    v1::AnnualReportRequest request;
    request.set_year(year != 0 ? year : static_cast<int>(ChinaDay(absl::Now()).year()));
    request.set_agency(absl::GetFlag(FLAGS_agency));
    status = cli.report().GetAnnualReport(cli.Call().get(), request, &report);
  }
  if (!status.ok()) return Failed(cli, status);
  cli.Print(report, [&] {
    std::printf("%s %d年度报告（应于%s前发布）%s\n\n", report.agency_name().c_str(), report.year(),
                report.due_date().c_str(),
                report.published_at().empty()
                    ? "：未发布"
                    : absl::StrCat("：已于", report.published_at(), "发布").c_str());
    const std::string text = RenderReport(report, format);
    std::fwrite(text.data(), 1, text.size(), stdout);
    for (const v1::ReportAmendment& amendment : report.amendments()) {
      std::printf("更正 %s %s:", amendment.at().c_str(), amendment.case_number().c_str());
      for (const v1::ReportCellChange& cell : amendment.cells()) {
        std::printf(" %s %+lld;", cell.label().c_str(), static_cast<long long>(cell.delta()));
      }
      std::printf("\n");
    }
  });
  return 0;
}

int CountyOverview(CliContext& cli, ReportFormat format) {
  v1::CountyOverviewRequest request;
  const int year = absl::GetFlag(FLAGS_year);
  request.set_year(year != 0 ? year : static_cast<int>(ChinaDay(absl::Now()).year()));
  v1::CountyOverview overview;
  grpc::Status status = cli.report().GetCountyOverview(cli.Call().get(), request, &overview);
  if (!status.ok()) return Failed(cli, status);
  cli.Print(overview, [&] {
    const std::string text = RenderCountyOverview(overview, format);
    std::fwrite(text.data(), 1, text.size(), stdout);
  });
  return 0;
}

int Bulletin(CliContext& cli, ReportFormat format) {
  v1::BulletinRequest request;
  request.set_from_month(absl::GetFlag(FLAGS_from));
  request.set_to_month(absl::GetFlag(FLAGS_to));
  v1::Bulletin bulletin;
  grpc::Status status = cli.report().GetBulletin(cli.Call().get(), request, &bulletin);
  if (!status.ok()) return Failed(cli, status);
  cli.Print(bulletin, [&] {
    const std::string text = RenderBulletin(bulletin, format);
    std::fwrite(text.data(), 1, text.size(), stdout);
  });
  return 0;
}

int Report(CliContext& cli, const Args& args) {
  constexpr char kUsage[] =
      "gongkai report annual [--year=YYYY] [--agency=CODE|*] [--format=md|csv|html]\n"
      "       gongkai report publish --year=YYYY [--agency=CODE]\n"
      "       gongkai report county [--year=YYYY] [--format=md|csv|html]\n"
      "       gongkai report bulletin --from=YYYY-MM --to=YYYY-MM [--format=md|csv|html]";
  if (args.size() != 1) return Usage(kUsage);
  const std::string format_name = absl::GetFlag(FLAGS_format);
  absl::StatusOr<ReportFormat> format = ParseReportFormat(format_name.empty() ? "md" : format_name);
  if (!format.ok()) return Usage(format.status().message());
  if (args[0] == "annual") return AnnualReport(cli, /*publish=*/false, *format);
  if (args[0] == "publish") return AnnualReport(cli, /*publish=*/true, *format);
  if (args[0] == "county") return CountyOverview(cli, *format);
  if (args[0] == "bulletin") return Bulletin(cli, *format);
  return Usage(kUsage);
}

int Redress(CliContext& cli, const Args& args) {
  if (!OneCase(args)) {
    return Usage(
        "gongkai redress <case-number> --kind=reconsideration --filed_on=DATE "
        "[--decision=maintained --decided_on=DATE] [--index=N] [--against_inaction]");
  }
  v1::RecordRedressRequest request;
  request.set_case_number(args[0]);
  request.set_expected_version(absl::GetFlag(FLAGS_expected_version));
  request.set_index(absl::GetFlag(FLAGS_index));
  int kind = 0, result = 0;
  if (absl::Status parsed =
          ParseEnumFlag("kind", absl::GetFlag(FLAGS_kind), v1::RedressKind_descriptor(), &kind);
      !parsed.ok()) {
    return Usage(parsed.message());
  }
  if (absl::Status parsed = ParseEnumFlag("decision", absl::GetFlag(FLAGS_decision),
                                          v1::RedressResult_descriptor(), &result);
      !parsed.ok()) {
    return Usage(parsed.message());
  }
  v1::Redress& redress = *request.mutable_redress();
  redress.set_kind(static_cast<v1::RedressKind>(kind));
  redress.set_result(static_cast<v1::RedressResult>(result));
  redress.set_filed_on(absl::GetFlag(FLAGS_filed_on));
  redress.set_decided_on(absl::GetFlag(FLAGS_decided_on));
  redress.set_against_inaction(absl::GetFlag(FLAGS_against_inaction));
  redress.set_body(absl::GetFlag(FLAGS_body));
  v1::CaseAck ack;
  return PrintAck(cli, cli.report().RecordRedress(cli.Call().get(), request, &ack), ack);
}

}  // namespace gongkai::cli
