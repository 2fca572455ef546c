// The statutory clock: supplements, consultations, extensions, and the managers' views.
#include <cstdio>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "commands.h"
#include "rules/state_machine.h"

ABSL_DECLARE_FLAG(std::string, dept);
ABSL_DECLARE_FLAG(int64_t, expected_version);
ABSL_DECLARE_FLAG(int, consultation);
ABSL_DECLARE_FLAG(std::string, reason);
ABSL_FLAG(std::string, items, "", "supplement: everything the applicant must add");
ABSL_FLAG(std::string, reply_by, "", "supplement: the period given to the applicant, YYYY-MM-DD");
ABSL_FLAG(std::string, on, "",
          "the day it happened, YYYY-MM-DD (supplement received, "
          "consultation sent or ended)");
ABSL_FLAG(std::string, party_type, "third_party", "consult: third_party or other_agency");
ABSL_FLAG(std::string, party, "", "consult: who is consulted (no personal data)");
ABSL_FLAG(std::string, result, "answered", "consult-end: answered, objected or lapsed");
ABSL_FLAG(int, days, 0, "extend: working days (1-20)");
ABSL_FLAG(int, within, 5, "due-soon: within this many working days");
ABSL_DECLARE_FLAG(std::string, agency);

namespace gongkai::cli {
namespace {

int PrintDeadlineQueue(CliContext& cli, const grpc::Status& status,
                       const v1::DeadlineQueueResponse& response, const char* figure) {
  if (!status.ok()) return Failed(cli, status);
  cli.Print(response, [&] {
    std::printf("%-12s %-14s %-8s %-11s %-5s %s\n", "case", "state", "dept", "due", figure,
                "description");
    for (const v1::DeadlineItem& item : response.cases()) {
      const v1::CaseSummary& c = item.summary();
      std::printf("%-12s %-14s %-8s %-11s %-5d %s\n", c.case_number().c_str(),
                  std::string(StateName(c.state())).c_str(),
                  c.department().empty() ? "-" : c.department().c_str(),
                  (c.due_date() + (c.due_date_provisional() ? "*" : "")).c_str(),
                  item.working_days(), c.description().c_str());
    }
    if (!response.next_page_token().empty()) {
      std::printf("more: --page_token=%s\n", response.next_page_token().c_str());
    }
  });
  return 0;
}

}  // namespace

int Overdue(CliContext& cli, const Args& args) {
  v1::DeadlineQueueRequest request;
  request.set_department(absl::GetFlag(FLAGS_dept));
  *request.mutable_page() = PageFromFlags();
  v1::DeadlineQueueResponse response;
  return PrintDeadlineQueue(cli, cli.tracker().ListOverdue(cli.Call().get(), request, &response),
                            response, "late");
}

int DueSoon(CliContext& cli, const Args& args) {
  v1::DeadlineQueueRequest request;
  request.set_department(absl::GetFlag(FLAGS_dept));
  request.set_within_working_days(absl::GetFlag(FLAGS_within));
  *request.mutable_page() = PageFromFlags();
  v1::DeadlineQueueResponse response;
  return PrintDeadlineQueue(cli, cli.tracker().ListDueSoon(cli.Call().get(), request, &response),
                            response, "left");
}

int Board(CliContext& cli, const Args& args) {
  v1::DepartmentBoardRequest request;
  request.set_agency(absl::GetFlag(FLAGS_agency));
  v1::DepartmentBoardResponse response;
  grpc::Status status = cli.tracker().DepartmentBoard(cli.Call().get(), request, &response);
  if (!status.ok()) return Failed(cli, status);
  cli.Print(response, [&] {
    std::printf("department board as of %s (slowest first)\n", response.as_of().c_str());
    std::printf("%-7s %-5s %-8s %-6s %-8s %-8s %-5s %-6s  %s\n", "dept", "open", "due-soon",
                "due-3", "overdue", "on-time", "late", "median", "name");
    for (const v1::DepartmentRow& row : response.departments()) {
      std::printf(
          "%-7s %-5lld %-8lld %-6lld %-8lld %-8lld %-5lld %-6.1f  %s\n", row.department().c_str(),
          static_cast<long long>(row.open()), static_cast<long long>(row.due_soon()),
          static_cast<long long>(row.due_within_3_working_days()),
          static_cast<long long>(row.overdue()), static_cast<long long>(row.replied_on_time()),
          static_cast<long long>(row.replied_late()), row.median_working_days_to_reply(),
          row.name().c_str());
    }
    // The weekly trend of every department together (--json gives each department's).
    std::printf("近%d周（周一起）收到申请 / 办结：\n", response.weeks_size());
    for (const v1::WeekCount& week : response.weeks()) {
      std::printf("  %s  收到 %-5lld 办结 %lld\n", week.week_start().c_str(),
                  static_cast<long long>(week.received()), static_cast<long long>(week.closed()));
    }
  });
  return 0;
}

int RequestSupplement(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai supplement <case> --items=... --reply_by=YYYY-MM-DD");
  v1::RequestSupplementRequest request;
  request.set_case_number(args[0]);
  request.set_expected_version(absl::GetFlag(FLAGS_expected_version));
  request.set_items(absl::GetFlag(FLAGS_items));
  request.set_reply_by(absl::GetFlag(FLAGS_reply_by));
  v1::CaseAck ack;
  return PrintAck(cli, cli.tracker().RequestSupplement(cli.Call().get(), request, &ack), ack);
}

int ReceiveSupplement(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai supplement-received <case> --on=YYYY-MM-DD");
  v1::ReceiveSupplementRequest request;
  request.set_case_number(args[0]);
  request.set_expected_version(absl::GetFlag(FLAGS_expected_version));
  request.set_received_on(absl::GetFlag(FLAGS_on));
  v1::CaseAck ack;
  return PrintAck(cli, cli.tracker().ReceiveSupplement(cli.Call().get(), request, &ack), ack);
}

int CloseUnsupplemented(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai close-unsupplemented <case>");
  v1::CaseCommand request;
  request.set_case_number(args[0]);
  request.set_expected_version(absl::GetFlag(FLAGS_expected_version));
  v1::CaseAck ack;
  return PrintAck(cli, cli.tracker().CloseUnsupplemented(cli.Call().get(), request, &ack), ack);
}

int StartConsultation(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai consult <case> --party=... --on=YYYY-MM-DD");
  v1::StartConsultationRequest request;
  request.set_case_number(args[0]);
  request.set_expected_version(absl::GetFlag(FLAGS_expected_version));
  int party_type = 0;
  if (absl::Status parsed = ParseEnumFlag("party_type", absl::GetFlag(FLAGS_party_type),
                                          v1::ConsultedParty_descriptor(), &party_type);
      !parsed.ok()) {
    return Usage(parsed.message());
  }
  request.set_party_type(static_cast<v1::ConsultedParty>(party_type));
  request.set_party(absl::GetFlag(FLAGS_party));
  request.set_sent_on(absl::GetFlag(FLAGS_on));
  v1::CaseAck ack;
  return PrintAck(cli, cli.tracker().StartConsultation(cli.Call().get(), request, &ack), ack);
}

int EndConsultation(CliContext& cli, const Args& args) {
  if (!OneCase(args))
    return Usage("gongkai consult-end <case> --on=YYYY-MM-DD --result=answered [--consultation=N]");
  v1::EndConsultationRequest request;
  request.set_case_number(args[0]);
  request.set_expected_version(absl::GetFlag(FLAGS_expected_version));
  request.set_ended_on(absl::GetFlag(FLAGS_on));
  request.set_result(absl::GetFlag(FLAGS_result));
  if (absl::GetFlag(FLAGS_consultation) >= 0) {
    request.set_consultation(absl::GetFlag(FLAGS_consultation));
  }
  v1::CaseAck ack;
  return PrintAck(cli, cli.tracker().EndConsultation(cli.Call().get(), request, &ack), ack);
}

int Extend(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai extend <case> --days=20 --reason=...");
  v1::GrantExtensionRequest request;
  request.set_case_number(args[0]);
  request.set_expected_version(absl::GetFlag(FLAGS_expected_version));
  request.set_days(absl::GetFlag(FLAGS_days));
  request.set_reason(absl::GetFlag(FLAGS_reason));
  v1::CaseAck ack;
  return PrintAck(cli, cli.tracker().GrantExtension(cli.Call().get(), request, &ack), ack);
}

int ReloadCalendar(CliContext& cli, const Args& args) {
  v1::ReloadCalendarResponse response;
  grpc::Status status =
      cli.tracker().ReloadCalendar(cli.Call().get(), v1::ReloadCalendarRequest(), &response);
  if (!status.ok()) return Failed(cli, status);
  cli.Print(response, [&] {
    std::printf("calendar years:");
    for (int year : response.years()) std::printf(" %d", year);
    std::printf("\nrunning clocks checked %lld, due dates changed %lld\n",
                static_cast<long long>(response.cases_checked()),
                static_cast<long long>(response.cases_changed()));
  });
  return 0;
}

}  // namespace gongkai::cli
