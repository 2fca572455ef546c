// register, show, wait and health.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "absl/algorithm/container.h"
#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "base/clock.h"
#include "commands.h"
#include "documents/deadline_explanation.h"
#include "google/protobuf/struct.pb.h"
#include "grpc/health_probe.h"
#include "rules/case_number.h"
#include "rules/state_machine.h"

ABSL_FLAG(std::string, request_id, "", "idempotency key of a registration (default: random)");
ABSL_FLAG(std::string, applicant_type, "natural_person",
          "natural_person, commercial_enterprise, research_institution, "
          "social_welfare_organization, legal_service_institution, other_organization");
ABSL_FLAG(std::string, name, "", "applicant's name");
ABSL_FLAG(std::string, id_type, "resident_id_card",
          "resident_id_card, passport, other_personal, unified_social_credit_code");
ABSL_FLAG(std::string, id_number, "", "identity document number");
ABSL_FLAG(std::string, phone, "", "applicant's phone");
ABSL_FLAG(std::string, address, "", "applicant's postal address");
ABSL_FLAG(std::string, email, "", "applicant's e-mail");
ABSL_FLAG(std::string, description, "", "the information sought");
ABSL_FLAG(std::string, form, "paper", "paper or electronic");
ABSL_FLAG(std::string, delivery, "pickup", "post, email, pickup or fax");
ABSL_FLAG(std::string, channel, "in_person",
          "in_person, registered_post, ordinary_letter, online, fax, other");
ABSL_FLAG(std::string, received, "",
          "date received, YYYY-MM-DD (register: default today, China time; deadline: required)");
ABSL_FLAG(std::string, signed_for, "",
          "registered post: the day the office signed for it, YYYY-MM-DD (default: --received)");
ABSL_FLAG(std::string, confirmed, "",
          "ordinary letter (required), online, fax: the day the request was confirmed with the "
          "applicant, YYYY-MM-DD");
ABSL_FLAG(std::string, on_the_spot, "",
          "register: answered at once with this outcome (already_public, "
          "not_processed_publication, not_processed_petition, unavailable_not_held)");
ABSL_FLAG(std::string, answer, "", "register --on_the_spot: where it is published, or why not");
ABSL_FLAG(std::string, state, "", "wait: the state(s) to wait for, e.g. assigned,dispatch");
ABSL_FLAG(std::string, referred_from, "",
          "register: the case whose reply named this agency as the one holding the information "
          "(Art. 36(5)); the new case is linked to it");
ABSL_DECLARE_FLAG(std::string, agency);
ABSL_FLAG(int, wait_ms, 10000, "wait: how long to wait");
ABSL_DECLARE_FLAG(int, timeout_ms);  // cli_context.cc

namespace gongkai::cli {
namespace {

// The longest wait one WatchCase call may ask for (WatchCaseRequest.timeout_ms, tracker.proto).
constexpr int64_t kLongestWatchMs = 30000;

std::string RandomRequestId() {
  std::random_device device;
  std::mt19937_64 generator(device());
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "cli-%016llx", static_cast<unsigned long long>(generator()));
  return buffer;
}

std::string Label(v1::CaseState state) { return std::string(StateName(state)); }

void PrintCase(const v1::Case& c) {
  std::printf("案件 %s  %s  agency=%s state=%s version=%lld department=%s\n",
              c.case_number().c_str(), AgencyNumberOf(c).c_str(), c.agency().c_str(),
              Label(c.state()).c_str(), static_cast<long long>(c.version()),
              c.department().empty() ? "-" : c.department().c_str());
  if (!c.referred_from().empty()) std::printf("  转自案件: %s\n", c.referred_from().c_str());
  for (const std::string& to : c.referred_to()) std::printf("  已转登记: %s\n", to.c_str());
  std::printf("  申请人: %s (%s)\n", c.applicant().name().c_str(),
              EnumLabel(v1::ApplicantType_descriptor(), c.applicant().type()).c_str());
  std::printf("  申请内容: %s\n", c.request().description().c_str());
  std::printf("  channel=%s received=%s form=%s delivery=%s\n",
              EnumLabel(v1::Channel_descriptor(), c.request().channel()).c_str(),
              c.request().received_date().c_str(),
              EnumLabel(v1::InformationForm_descriptor(), c.request().form()).c_str(),
              EnumLabel(v1::DeliveryMethod_descriptor(), c.request().delivery()).c_str());
  if (c.has_deadline()) {
    const v1::Deadline& deadline = c.deadline();
    std::printf("  收到申请日期 %s，答复期限 %s%s\n", deadline.receipt_date().c_str(),
                deadline.due_date().c_str(), deadline.provisional() ? "（暂定）" : "");
    for (const std::string& line : DeadlineInChinese(deadline)) {
      std::printf("    %s\n", line.c_str());
    }
  }
  if (c.has_draft()) {
    std::printf("  draft: %s by %s\n",
                EnumLabel(v1::Outcome_descriptor(), c.draft().outcome()).c_str(),
                c.draft().drafter().c_str());
  }
  for (int i = 0; i < c.draft().withheld_size(); ++i) {
    const v1::WithheldSpan& span = c.draft().withheld(i);
    std::printf("    withheld %d-%d: %s\n", span.begin(), span.end(),
                EnumLabel(v1::Outcome_descriptor(), span.ground()).c_str());
  }
  for (int i = 0; i < c.draft().findings_size(); ++i) {
    const v1::ScreeningFinding& finding = c.draft().findings(i);
    std::printf("    finding %d: %s in %s %d-%d %s -> %s%s%s\n", i,
                EnumLabel(v1::FindingKind_descriptor(), finding.kind()).c_str(),
                finding.field().c_str(), finding.begin(), finding.end(), finding.masked().c_str(),
                EnumLabel(v1::FindingResolution_descriptor(), finding.resolution()).c_str(),
                finding.reason().empty() ? "" : ": ", finding.reason().c_str());
  }
  if (!c.reviewer().empty()) std::printf("  cleared by: %s\n", c.reviewer().c_str());
  if (!c.draft().signed_off_by().empty()) {
    std::printf("  signed off by: %s\n", c.draft().signed_off_by().c_str());
  }
  for (int i = 0; i < c.redress_size(); ++i) {
    const v1::Redress& redress = c.redress(i);
    std::printf("  redress %d: %s filed %s -> %s %s\n", i,
                EnumLabel(v1::RedressKind_descriptor(), redress.kind()).c_str(),
                redress.filed_on().c_str(),
                EnumLabel(v1::RedressResult_descriptor(), redress.result()).c_str(),
                redress.decided_on().c_str());
  }
  if (c.has_delivery()) {
    std::printf("  delivered: %s on %s\n",
                EnumLabel(v1::DeliveryMethod_descriptor(), c.delivery().method()).c_str(),
                c.delivery().delivered_on().c_str());
  }
  std::printf("  history:\n");
  for (const v1::CaseEvent& event : c.events()) {
    std::string details;
    for (const auto& [key, value] : event.details())
      absl::StrAppend(&details, " ", key, "=", value);
    std::printf("   v%-2lld %s %-15s %-13s -> %-13s by %s(%s)%s\n",
                static_cast<long long>(event.version()), event.at().c_str(),
                event.command().c_str(), Label(event.from_state()).c_str(),
                Label(event.to_state()).c_str(), event.actor().user_id().c_str(),
                event.actor().role().c_str(), details.c_str());
  }
}

}  // namespace

int Failed(const CliContext& cli, const grpc::Status& status) {
  const std::string code =
      absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code()));
  if (cli.json()) {
    // {"error": {"code": "NOT_FOUND", "message": "..."}}, escaped by the JSON printer.
    google::protobuf::Struct error;
    auto& fields = *(*error.mutable_fields())["error"].mutable_struct_value()->mutable_fields();
    fields["code"].set_string_value(code);
    fields["message"].set_string_value(status.error_message());
    cli.PrintJson(error);
  } else {
    std::fprintf(stderr, "error: %s: %s\n", code.c_str(), status.error_message().c_str());
  }
  return 1;
}

int Usage(absl::string_view problem) {
  std::fprintf(stderr, "usage: %s (see gongkai --help)\n", std::string(problem).c_str());
  return 2;
}

int Register(CliContext& cli, const Args& args) {
  v1::RegisterRequest request;
  request.set_request_id(absl::GetFlag(FLAGS_request_id).empty() ? RandomRequestId()
                                                                 : absl::GetFlag(FLAGS_request_id));
  v1::Applicant& applicant = *request.mutable_applicant();
  v1::InformationRequest& info = *request.mutable_request();
  int applicant_type = 0, id_type = 0, form = 0, delivery = 0, channel = 0;
  for (const absl::Status& status :
       {ParseEnumFlag("applicant_type", absl::GetFlag(FLAGS_applicant_type),
                      v1::ApplicantType_descriptor(), &applicant_type),
        ParseEnumFlag("id_type", absl::GetFlag(FLAGS_id_type), v1::IdType_descriptor(), &id_type),
        ParseEnumFlag("form", absl::GetFlag(FLAGS_form), v1::InformationForm_descriptor(), &form),
        ParseEnumFlag("delivery", absl::GetFlag(FLAGS_delivery), v1::DeliveryMethod_descriptor(),
                      &delivery),
        ParseEnumFlag("channel", absl::GetFlag(FLAGS_channel), v1::Channel_descriptor(),
                      &channel)}) {
    if (!status.ok()) return Usage(status.message());
  }
  applicant.set_type(static_cast<v1::ApplicantType>(applicant_type));
  applicant.set_name(absl::GetFlag(FLAGS_name));
  applicant.set_id_type(static_cast<v1::IdType>(id_type));
  applicant.set_id_number(absl::GetFlag(FLAGS_id_number));
  applicant.set_phone(absl::GetFlag(FLAGS_phone));
  applicant.set_address(absl::GetFlag(FLAGS_address));
  applicant.set_email(absl::GetFlag(FLAGS_email));
  info.set_description(absl::GetFlag(FLAGS_description));
  info.set_form(static_cast<v1::InformationForm>(form));
  info.set_delivery(static_cast<v1::DeliveryMethod>(delivery));
  info.set_channel(static_cast<v1::Channel>(channel));
  const std::string received = absl::GetFlag(FLAGS_received);
  info.set_received_date(received.empty() ? FormatDay(ChinaDay(absl::Now())) : received);
  info.set_signed_for_date(absl::GetFlag(FLAGS_signed_for));
  info.set_confirmed_date(absl::GetFlag(FLAGS_confirmed));
  if (!absl::GetFlag(FLAGS_on_the_spot).empty()) {
    int outcome = 0;
    if (absl::Status parsed = ParseEnumFlag("on_the_spot", absl::GetFlag(FLAGS_on_the_spot),
                                            v1::Outcome_descriptor(), &outcome);
        !parsed.ok()) {
      return Usage(parsed.message());
    }
    request.mutable_on_the_spot()->set_outcome(static_cast<v1::Outcome>(outcome));
    request.mutable_on_the_spot()->set_text(absl::GetFlag(FLAGS_answer));
  }
  request.set_agency(absl::GetFlag(FLAGS_agency));
  request.set_referred_from(absl::GetFlag(FLAGS_referred_from));

  v1::RegisterResponse response;
  grpc::Status status = cli.intake().Register(cli.Call().get(), request, &response);
  if (!status.ok()) return Failed(cli, status);
  cli.Print(response, [&] {
    std::printf("%s %s (version %lld)\n\n%s", response.case_().case_number().c_str(),
                response.replayed() ? "was already registered" : "registered",
                static_cast<long long>(response.case_().version()), response.receipt().c_str());
  });
  return 0;
}

int Show(CliContext& cli, const Args& args) {
  if (args.size() != 1) return Usage("gongkai show <case-number>");
  v1::GetCaseRequest request;
  request.set_case_number(args[0]);
  v1::Case response;
  grpc::Status status = cli.intake().GetCase(cli.Call().get(), request, &response);
  if (!status.ok()) return Failed(cli, status);
  cli.Print(response, [&] { PrintCase(response); });
  return 0;
}

// Watches the case on the tracker rather than reading it: each GetCase by the window or the
// department is recorded as a reading of the applicant's personal data, and a script waiting for
// routing would fill that record with readings nobody made. WatchCase answers with the version
// and state only, at once for after_version 0, then each time the case moves on.
int Wait(CliContext& cli, const Args& args) {
  if (args.size() != 1) return Usage("gongkai wait <case-number> --state=<state>[,<state>...]");
  std::vector<int> wanted;
  for (absl::string_view name : absl::StrSplit(absl::GetFlag(FLAGS_state), ',')) {
    int state = 0;
    if (absl::Status parsed = ParseEnumFlag("state", name, v1::CaseState_descriptor(), &state);
        !parsed.ok()) {
      return Usage(parsed.message());
    }
    wanted.push_back(state);
  }
  v1::WatchCaseRequest request;
  request.set_case_number(args[0]);
  request.set_after_version(0);
  const absl::Time deadline = absl::Now() + absl::Milliseconds(absl::GetFlag(FLAGS_wait_ms));
  v1::CaseVersion current;
  while (true) {
    const int64_t left = absl::ToInt64Milliseconds(deadline - absl::Now());
    request.set_timeout_ms(static_cast<int32_t>(std::clamp<int64_t>(left, 1, kLongestWatchMs)));
    std::unique_ptr<grpc::ClientContext> context = cli.Call();
    // The call's own allowance (--timeout_ms) on top of the time the tracker may wait.
    context->set_deadline(
        std::chrono::system_clock::now() +
        std::chrono::milliseconds(request.timeout_ms() + absl::GetFlag(FLAGS_timeout_ms)));
    grpc::Status status = cli.tracker().WatchCase(context.get(), request, &current);
    if (!status.ok()) return Failed(cli, status);
    if (absl::c_linear_search(wanted, static_cast<int>(current.state()))) break;
    if (absl::Now() >= deadline) {
      return Failed(cli, grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                      absl::StrCat("case ", args[0], " is still ",
                                                   StateName(current.state()))));
    }
    request.set_after_version(current.version());
  }
  cli.Print(current, [&] {
    std::printf("%s %s version %lld\n", current.case_number().c_str(),
                Label(current.state()).c_str(), static_cast<long long>(current.version()));
  });
  return 0;
}

int Health(CliContext& cli, const Args& args) {
  int failures = 0;
  google::protobuf::Struct report;
  for (const auto& [name, channel] : cli.channels()) {
    const ServingHealth health = ProbeHealth(channel, absl::Seconds(2));
    const bool serving = health == ServingHealth::kServing;
    if (!serving) ++failures;
    (*report.mutable_fields())[name].set_bool_value(serving);
    if (!cli.json()) {
      std::printf("%-8s %s\n", name.c_str(),
                  serving                                ? "SERVING"
                  : health == ServingHealth::kNotServing ? "NOT_SERVING"
                                                         : "UNREACHABLE");
    }
  }
  if (cli.json()) cli.PrintJson(report);  // {"intake": true, "routing": true, ...}
  return failures == 0 ? 0 : 1;
}

}  // namespace gongkai::cli
