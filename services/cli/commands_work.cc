// The work of departments, dispatchers, reviewers and the window after registration.
#include <cstdio>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/clock.h"
#include "base/status_macros.h"
#include "commands.h"
#include "rules/state_machine.h"

ABSL_FLAG(std::string, responsible_agency, "",
          "draft --outcome=unavailable_not_this_agency: the agency responsible, where known");
ABSL_FLAG(std::string, responsible_contact, "", "draft: how to reach the agency responsible");
ABSL_FLAG(std::string, dept, "", "department code (queue, assign, overdue, due-soon)");
ABSL_FLAG(int, page_size, 50, "queue page size (1-500)");
ABSL_DECLARE_FLAG(std::string, agency);
ABSL_FLAG(std::string, page_token, "", "next_page_token of the previous page");
ABSL_FLAG(int64_t, expected_version, 0, "act only if the case is at this version (0: any)");
ABSL_FLAG(std::string, reason, "", "handback: why the case is not this department's");
ABSL_FLAG(std::string, note, "", "assign: a note for the department");
ABSL_FLAG(std::string, outcome, "",
          "draft: disclosed, already_public, partially_disclosed, withheld_state_secret, ... "
          "(the Outcome values of protos/gongkai/v1/case.proto)");
ABSL_FLAG(std::string, grounds, "", "draft: reasons and facts relied on");
ABSL_FLAG(std::string, text, "", "draft: the information released, or where to find it");
ABSL_FLAG(std::string, comments, "", "clear/return/sign-off: the reviewer's or head's comments");
ABSL_FLAG(std::string, withheld, "",
          "draft: the withheld parts of a partial disclosure, BEGIN-END:GROUND,... in characters "
          "of --text, e.g. 20-22:withheld_third_party");
ABSL_FLAG(std::string, delivered_by, "pickup", "issue: post, email, pickup or fax");
ABSL_FLAG(std::string, delivered_on, "", "issue: delivery date YYYY-MM-DD (default: today)");
ABSL_FLAG(std::string, reference, "", "issue: tracking number or other proof of delivery");

namespace gongkai::cli {

v1::QueuePage PageFromFlags() {
  v1::QueuePage page;
  page.set_page_size(absl::GetFlag(FLAGS_page_size));
  page.set_page_token(absl::GetFlag(FLAGS_page_token));
  page.set_agency(absl::GetFlag(FLAGS_agency));
  return page;
}

void PrintSummaryRow(const v1::CaseSummary& item) {
  std::printf("%-12s %-14s %-8s %-11s %-11s %s\n", item.case_number().c_str(),
              std::string(StateName(item.state())).c_str(),
              item.department().empty() ? "-" : item.department().c_str(),
              item.received_date().c_str(),
              (item.due_date() + (item.due_date_provisional() ? "*" : "")).c_str(),
              item.description().c_str());
}

int PrintQueue(CliContext& cli, const grpc::Status& status, const v1::QueueResponse& response) {
  if (!status.ok()) return Failed(cli, status);
  cli.Print(response, [&] {
    std::printf("%-12s %-14s %-8s %-11s %-11s %s\n", "case", "state", "dept", "received", "due",
                "description");
    for (const v1::CaseSummary& item : response.cases()) PrintSummaryRow(item);
    if (!response.next_page_token().empty()) {
      std::printf("more: --page_token=%s\n", response.next_page_token().c_str());
    }
  });
  return 0;
}

int PrintAck(CliContext& cli, const grpc::Status& status, const v1::CaseAck& ack) {
  if (!status.ok()) return Failed(cli, status);
  cli.Print(ack, [&] {
    std::printf("%s %s version %lld\n", ack.case_number().c_str(),
                std::string(StateName(ack.state())).c_str(), static_cast<long long>(ack.version()));
  });
  return 0;
}

int Departments(CliContext& cli, const Args& args) {
  v1::ListDepartmentsRequest request;
  request.set_agency(absl::GetFlag(FLAGS_agency));
  v1::ListDepartmentsResponse response;
  grpc::Status status = cli.routing().ListDepartments(cli.Call().get(), request, &response);
  if (!status.ok()) return Failed(cli, status);
  cli.Print(response, [&] {
    std::printf("units of %s:\n", response.agency().c_str());
    for (const v1::Department& department : response.departments()) {
      std::printf("  %-8s %s\n", department.code().c_str(), department.name().c_str());
    }
    std::printf("agencies of the county:\n");
    for (const v1::AgencyEntry& agency : response.agencies()) {
      std::printf("  %-8s %s\n", agency.code().c_str(), agency.name().c_str());
    }
  });
  return 0;
}

int Queue(CliContext& cli, const Args& args) {
  v1::DepartmentQueueRequest request;
  request.set_department(absl::GetFlag(FLAGS_dept));
  *request.mutable_page() = PageFromFlags();
  v1::QueueResponse response;
  return PrintQueue(cli, cli.routing().ListDepartmentQueue(cli.Call().get(), request, &response),
                    response);
}

int DispatchQueue(CliContext& cli, const Args& args) {
  v1::QueueResponse response;
  return PrintQueue(
      cli, cli.routing().ListDispatchQueue(cli.Call().get(), PageFromFlags(), &response), response);
}

int ReviewQueue(CliContext& cli, const Args& args) {
  v1::QueueResponse response;
  return PrintQueue(cli, cli.review().ListReviewQueue(cli.Call().get(), PageFromFlags(), &response),
                    response);
}

int ReplyQueue(CliContext& cli, const Args& args) {
  v1::QueueResponse response;
  return PrintQueue(cli, cli.reply().ListReplyQueue(cli.Call().get(), PageFromFlags(), &response),
                    response);
}

int Accept(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai accept <case-number>");
  v1::AcceptRequest request;
  request.set_case_number(args[0]);
  request.set_expected_version(absl::GetFlag(FLAGS_expected_version));
  v1::CaseAck ack;
  return PrintAck(cli, cli.routing().Accept(cli.Call().get(), request, &ack), ack);
}

int HandBack(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai handback <case-number> --reason=...");
  v1::HandBackRequest request;
  request.set_case_number(args[0]);
  request.set_expected_version(absl::GetFlag(FLAGS_expected_version));
  request.set_reason(absl::GetFlag(FLAGS_reason));
  v1::CaseAck ack;
  return PrintAck(cli, cli.routing().HandBack(cli.Call().get(), request, &ack), ack);
}

int Assign(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai assign <case-number> --dept=<code>");
  v1::AssignRequest request;
  request.set_case_number(args[0]);
  request.set_expected_version(absl::GetFlag(FLAGS_expected_version));
  request.set_department(absl::GetFlag(FLAGS_dept));
  request.set_note(absl::GetFlag(FLAGS_note));
  v1::CaseAck ack;
  return PrintAck(cli, cli.routing().Assign(cli.Call().get(), request, &ack), ack);
}

namespace {

// "20-22:withheld_third_party,30-41:withheld_state_secret" into the request's withheld spans.
absl::Status ParseWithheld(absl::string_view text, v1::SubmitDraftRequest* request) {
  if (text.empty()) return absl::OkStatus();
  for (absl::string_view item : absl::StrSplit(text, ',')) {
    std::vector<absl::string_view> parts = absl::StrSplit(item, absl::ByAnyChar("-:"));
    int begin = 0, end = 0, ground = 0;
    if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &begin) ||
        !absl::SimpleAtoi(parts[1], &end)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--withheld: \"", item, "\" is not BEGIN-END:GROUND"));
    }
    GK_RETURN_IF_ERROR(ParseEnumFlag("withheld", parts[2], v1::Outcome_descriptor(), &ground));
    v1::WithheldSpan& span = *request->add_withheld();
    span.set_begin(begin);
    span.set_end(end);
    span.set_ground(static_cast<v1::Outcome>(ground));
  }
  return absl::OkStatus();
}

}  // namespace

int Draft(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai draft <case-number> --outcome=... --text=...");
  v1::SubmitDraftRequest request;
  request.set_case_number(args[0]);
  request.set_expected_version(absl::GetFlag(FLAGS_expected_version));
  int outcome = 0;
  if (absl::Status parsed = ParseEnumFlag("outcome", absl::GetFlag(FLAGS_outcome),
                                          v1::Outcome_descriptor(), &outcome);
      !parsed.ok()) {
    return Usage(parsed.message());
  }
  request.set_outcome(static_cast<v1::Outcome>(outcome));
  request.set_grounds(absl::GetFlag(FLAGS_grounds));
  request.set_disclosed_text(absl::GetFlag(FLAGS_text));
  request.set_responsible_agency(absl::GetFlag(FLAGS_responsible_agency));
  request.set_responsible_contact(absl::GetFlag(FLAGS_responsible_contact));
  if (absl::Status parsed = ParseWithheld(absl::GetFlag(FLAGS_withheld), &request); !parsed.ok()) {
    return Usage(parsed.message());
  }
  v1::CaseAck ack;
  return PrintAck(cli, cli.review().SubmitDraft(cli.Call().get(), request, &ack), ack);
}

int Clear(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai clear <case-number> [--comments=...]");
  v1::ReviewDecisionRequest request;
  request.set_case_number(args[0]);
  request.set_expected_version(absl::GetFlag(FLAGS_expected_version));
  request.set_comments(absl::GetFlag(FLAGS_comments));
  v1::CaseAck ack;
  return PrintAck(cli, cli.review().Clear(cli.Call().get(), request, &ack), ack);
}

int Return(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai return <case-number> --comments=...");
  v1::ReviewDecisionRequest request;
  request.set_case_number(args[0]);
  request.set_expected_version(absl::GetFlag(FLAGS_expected_version));
  request.set_comments(absl::GetFlag(FLAGS_comments));
  v1::CaseAck ack;
  return PrintAck(cli, cli.review().Return(cli.Call().get(), request, &ack), ack);
}

int Letter(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai letter <case-number>");
  v1::GetCaseRequest request;
  request.set_case_number(args[0]);
  v1::ReplyLetter letter;
  grpc::Status status = cli.reply().GetReplyLetter(cli.Call().get(), request, &letter);
  if (!status.ok()) return Failed(cli, status);
  cli.Print(letter, [&] { std::printf("%s", letter.text().c_str()); });
  return 0;
}

int Issue(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai issue <case-number> --delivered_by=... ");
  v1::IssueReplyRequest request;
  request.set_case_number(args[0]);
  request.set_expected_version(absl::GetFlag(FLAGS_expected_version));
  int method = 0;
  if (absl::Status parsed = ParseEnumFlag("delivered_by", absl::GetFlag(FLAGS_delivered_by),
                                          v1::DeliveryMethod_descriptor(), &method);
      !parsed.ok()) {
    return Usage(parsed.message());
  }
  v1::DeliveryRecord& delivery = *request.mutable_delivery();
  delivery.set_method(static_cast<v1::DeliveryMethod>(method));
  const std::string on = absl::GetFlag(FLAGS_delivered_on);
  delivery.set_delivered_on(on.empty() ? FormatDay(ChinaDay(absl::Now())) : on);
  delivery.set_reference(absl::GetFlag(FLAGS_reference));
  v1::CaseAck ack;
  return PrintAck(cli, cli.reply().IssueReply(cli.Call().get(), request, &ack), ack);
}

}  // namespace gongkai::cli
