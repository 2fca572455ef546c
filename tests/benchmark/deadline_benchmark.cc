// Loads a province's worth of open cases into Redis and measures what managers wait for:
// the first page of the overdue list and the department board (through the running tracker
// service), the sweeper's lag from a due moment to its notices, and — after as many cases again
// were answered and closed — the annual report's table. The cases are the county government's
// (the catalogue's `kind = county` agency, xzf in deploy/agencies.conf), routed to its units:
// one agency's office at full load. The county's view over every agency is county_benchmark.cc.
//
//   deploy/local.sh bench-deadlines          (1,000,000 cases; GONGKAI_BENCH_CASES to change)
//
// Prints the figures and, last, one JSON line.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/clock.h"
#include "base/logging.h"
#include "calendar/deadline.h"
#include "gongkai/v1/report.grpc.pb.h"
#include "gongkai/v1/tracker.grpc.pb.h"
#include "grpc/call_context.h"
#include "grpc/status_mapping.h"
#include "redis/case_store.h"
#include "redis/keys.h"
#include "redis/notice_store.h"
#include "rules/agency_catalogue.h"
#include "rules/annual_report.h"
#include "rules/case_commands.h"
#include "rules/department_key.h"
#include "rules/notice_ladder.h"
#include "sample_registration.h"
#include "stack_access.h"
#include "staff.h"
#include "sweeper.h"

ABSL_FLAG(std::string, tracker, "127.0.0.1:7105", "the tracker service");
ABSL_FLAG(int, cases, 1000000, "open cases to load");
ABSL_FLAG(int, closed_cases, 1000000, "cases answered and closed, for the annual report");
ABSL_FLAG(int, calls, 300, "calls per measured RPC");
ABSL_FLAG(std::string, calendar, "deploy/calendar", "calendar directory");
ABSL_FLAG(std::string, agencies, "deploy/agencies.conf",
          "agency catalogue: the cases are its county government's");

namespace gongkai {
namespace {

using bench::Check;
using bench::WaitForAofRewrite;

// The memory of the staff reminders the tracker keeps beside the cases: the partitions' notice
// streams (the outbox) and the {notices} slot's records and inboxes. Reported on its own: it
// grows with the notices given, not with the cases open.
long long ReminderBytes(RedisConnection& redis, const Agency& agency) {
  std::vector<std::string> names = {keys::NoticeCursors(),
                                    keys::NoticeSequence(),
                                    keys::NoticeRecords(),
                                    keys::NoticeMergeKeys(),
                                    keys::NoticeAges(),
                                    keys::NoticeInbox(DispatchAudience(agency.code)),
                                    keys::NoticeInbox(ManagersAudience(agency.code))};
  for (const Department& unit : agency.units.departments()) {
    names.push_back(keys::NoticeInbox(DepartmentAudience(DepartmentKey(agency.code, unit.code))));
  }
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    names.push_back(keys::Notices(partition));
  }
  std::vector<std::vector<std::string>> commands;
  for (const std::string& name : names)
    commands.push_back({"MEMORY", "USAGE", name, "SAMPLES", "0"});
  auto replies = redis.Pipeline(commands);
  Check(replies.status(), "MEMORY USAGE");
  long long bytes = 0;
  for (const RedisReply& reply : *replies) bytes += reply.integer();
  return bytes;
}

// Waits until the tracker has delivered every notice of the partitions' streams into the inboxes
// (each partition's cursor at its stream's last entry); returns how long that took.
absl::Duration WaitForDelivery(RedisConnection& redis) {
  const absl::Time started = absl::Now();
  for (;;) {
    std::vector<std::vector<std::string>> commands = {{"HGETALL", keys::NoticeCursors()}};
    for (int partition = 0; partition < kPartitionCount; ++partition) {
      commands.push_back({"XREVRANGE", keys::Notices(partition), "+", "-", "COUNT", "1"});
    }
    auto replies = redis.Pipeline(commands);
    Check(replies.status(), "delivery cursors");
    std::map<std::string, std::string> cursors;
    for (size_t f = 0; f + 1 < (*replies)[0].size(); f += 2) {
      cursors[std::string((*replies)[0].element(f).str())] =
          std::string((*replies)[0].element(f + 1).str());
    }
    bool delivered = true;
    for (int partition = 0; partition < kPartitionCount; ++partition) {
      const RedisReply& last = (*replies)[partition + 1];
      if (last.size() == 0) continue;
      char field[8];
      std::snprintf(field, sizeof field, "p%02d", partition);
      if (cursors[field] != last.element(0).element(0).str()) delivered = false;
    }
    if (delivered) return absl::Now() - started;
    absl::SleepFor(absl::Milliseconds(5));
  }
}

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<size_t>(p * values.size()))];
}

// Commits a batch of changes in one round trip through the store, as the services commit them,
// and empties it.
void CommitAll(CaseStore& store, std::vector<CaseChange>& changes) {
  auto committed = store.CommitMany(changes);
  Check(committed.status(), "load");
  for (const absl::StatusOr<int64_t>& result : *committed) Check(result.status(), "load");
  changes.clear();
}

// Registers and routes `count` cases of `agency`, received over the last 60 days, to its units in
// turn, in pipelined batches through the same transition script the services use.
void Load(RedisConnection& redis, const WorkingCalendar& calendar, const Agency& agency,
          int count) {
  const absl::Time now = absl::Now();
  const absl::CivilDay today = ChinaDay(now);
  const int year = static_cast<int>(today.year());
  const v1::Actor clerk = StaffActor("bench-window", "clerk");
  const v1::Actor router = ServiceActor("routing");
  constexpr int kBatch = 2000;
  CaseStore store(redis);
  std::vector<CaseChange> registers, routes;
  const absl::Time started = absl::Now();
  for (int i = 1; i <= count; ++i) {
    v1::RegisterRequest request =
        SampleRegistration(absl::StrCat("bench-", i), "2025年县级财政预算和三公经费决算");
    request.set_agency(agency.code);
    // Every column of the annual report: the six applicant types in turn.
    request.mutable_applicant()->set_type(static_cast<v1::ApplicantType>(i % 6 + 1));
    // Picked up at the window, without an address: the case the memory figures were measured on.
    request.mutable_applicant()->clear_address();
    v1::InformationRequest& info = *request.mutable_request();
    info.set_delivery(v1::DELIVERY_METHOD_PICKUP);
    info.set_received_date(FormatDay(today - (i % 60)));
    auto deadline = InitialDeadline(calendar, info);
    Check(deadline.status(), "deadline");
    const std::string number = FormatCaseNumber(year, i);
    auto registered = RegisterCase(number, request, *deadline, clerk, now);
    Check(registered.status(), "register");
    registered->after.set_agency_sequence(i);
    RoutingDecision decision;
    decision.department = agency.units.departments()[i % agency.units.departments().size()].code;
    decision.explanation = "benchmark";
    auto routed = RouteCase(registered->after, decision, router, now);
    Check(routed.status(), "route");
    registers.push_back(*std::move(registered));
    routes.push_back(*std::move(routed));
    if (registers.size() == kBatch || i == count) {
      for (auto* changes : {&registers, &routes}) CommitAll(store, *changes);
    }
    if (i % 100000 == 0) {
      std::printf("  loaded %d cases (%.0f/s)\n", i,
                  i / absl::ToDoubleSeconds(absl::Now() - started));
      std::fflush(stdout);
    }
  }
  // The routing stream's entries were for this loader only; the routing service never ran.
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    (void)redis.Command({"DEL", keys::Stream(partition, Stage::kRouting)});
  }
  (void)redis.Command({"SET", keys::CaseCounter(year), std::to_string(count)});
  (void)redis.Command({"SET", keys::AgencyNumberCounter(agency.code, year), std::to_string(count)});
}

// Registers `count` more cases (numbers after `first`), each answered at the window and closed at
// once with one of the four outcomes an answer on the spot may have, received over the last 60
// days: the closing counters of `agency`'s table of the year, written by the same transition
// script.
void LoadAnswered(RedisConnection& redis, const WorkingCalendar& calendar, const Agency& agency,
                  int first, int count) {
  const absl::Time now = absl::Now();
  const absl::CivilDay today = ChinaDay(now);
  const int year = static_cast<int>(today.year());
  constexpr v1::Outcome kOutcomes[] = {v1::OUTCOME_ALREADY_PUBLIC, v1::OUTCOME_UNAVAILABLE_NOT_HELD,
                                       v1::OUTCOME_NOT_PROCESSED_PETITION,
                                       v1::OUTCOME_NOT_PROCESSED_PUBLICATION};
  const v1::Actor clerk = StaffActor("bench-window", "clerk");
  CaseStore store(redis);
  std::vector<CaseChange> changes;
  for (int i = first + 1; i <= first + count; ++i) {
    v1::RegisterRequest request;
    request.set_agency(agency.code);
    v1::Applicant& applicant = *request.mutable_applicant();
    applicant.set_type(static_cast<v1::ApplicantType>(i % 6 + 1));
    applicant.set_name("李四");
    v1::InformationRequest& info = *request.mutable_request();
    info.set_description("2025年县级财政预算和三公经费决算");
    info.set_channel(v1::CHANNEL_IN_PERSON);
    info.set_received_date(FormatDay(today - (i % 60)));
    request.mutable_on_the_spot()->set_outcome(kOutcomes[i % 4]);
    request.mutable_on_the_spot()->set_text("已在县政府网站公开");
    auto deadline = InitialDeadline(calendar, info);
    Check(deadline.status(), "deadline");
    auto answered =
        RegisterAnsweredOnTheSpot(FormatCaseNumber(year, i), request, *deadline, clerk, now);
    Check(answered.status(), "answer on the spot");
    answered->after.set_agency_sequence(i);
    changes.push_back(*std::move(answered));
    if (changes.size() == 2000 || i == first + count) CommitAll(store, changes);
  }
}

template <typename Call>
std::vector<double> Measure(int calls, Call call) {
  std::vector<double> millis;
  for (int i = 0; i < calls; ++i) {
    const absl::Time started = absl::Now();
    call();
    millis.push_back(absl::ToDoubleMilliseconds(absl::Now() - started));
  }
  return millis;
}

// A signed-in staff member's session token, signed with the stack's key: staff of the county
// government (kTestAgency, staff.h), whose cases these are.
std::string TokenOf(const std::string& user, const std::string& role) {
  return StaffToken(bench::StackTokenKeys(), user, {role});
}

std::unique_ptr<grpc::ClientContext> AsManager() {
  return bench::StaffContext(TokenOf("bench-manager", "manager"), absl::Seconds(10));
}

}  // namespace
}  // namespace gongkai

int main(int argc, char** argv) {
  using namespace gongkai;
  absl::ParseCommandLine(argc, argv);
  // Loading two million cases through the store would log each commit.
  spdlog::set_level(spdlog::level::warn);
  RedisConnection redis(bench::StackRedisOptions());
  auto calendar =
      WorkingCalendar::LoadDirectory(absl::GetFlag(FLAGS_calendar), UnknownYears::kProvisional);
  Check(calendar.status(), "calendar");
  auto catalogue = AgencyCatalogue::Load(absl::GetFlag(FLAGS_agencies));
  Check(catalogue.status(), "agencies");
  const Agency& agency = catalogue->county();
  if (agency.code != kTestAgency) {
    std::fprintf(stderr, "agencies: the county government's code is %s, the staff's %s\n",
                 agency.code.c_str(), kTestAgency);
    return 1;
  }
  const int count = absl::GetFlag(FLAGS_cases);

  auto used = [&] {
    auto reply = redis.Command({"INFO", "memory"});
    const std::string text(reply->str());
    const size_t at = text.find("used_memory:");
    return std::stoll(text.substr(at + 12));
  };
  const long long used_before = used();
  std::printf("loading %d open cases...\n", count);
  const absl::Time load_started = absl::Now();
  Load(redis, *calendar, agency, count);
  const double load_seconds = absl::ToDoubleSeconds(absl::Now() - load_started);
  const long long reminder_bytes = ReminderBytes(redis, agency);
  const long long bytes_per_case = (used() - used_before - reminder_bytes) / std::max(1, count);
  std::printf(
      "loaded in %.1f s; Redis memory %lld bytes per open case, besides %lld bytes of the "
      "reminders the tracker gave meanwhile (notice streams and inboxes)\n",
      load_seconds, bytes_per_case, reminder_bytes);

  // Loading a million cases makes Redis rewrite its AOF in a forked child; on two cores that
  // child would take one from the measurements. Measure in steady state.
  WaitForAofRewrite(redis);

  auto channel =
      grpc::CreateChannel(absl::GetFlag(FLAGS_tracker), grpc::InsecureChannelCredentials());
  auto tracker = v1::TrackerService::NewStub(channel);
  v1::DeadlineQueueRequest first_page;
  first_page.mutable_page()->set_page_size(100);
  int overdue_listed = 0;
  const int calls = absl::GetFlag(FLAGS_calls);
  auto overdue_ms = Measure(calls, [&] {
    v1::DeadlineQueueResponse response;
    Check(FromGrpcStatus(tracker->ListOverdue(AsManager().get(), first_page, &response)),
          "ListOverdue");
    overdue_listed = response.cases_size();
  });
  v1::DeadlineQueueRequest department_page = first_page;
  department_page.set_department(agency.units.departments()[0].code);
  auto department_ms = Measure(calls, [&] {
    v1::DeadlineQueueResponse response;
    Check(FromGrpcStatus(tracker->ListOverdue(AsManager().get(), department_page, &response)),
          "ListOverdue by department");
  });
  long long board_overdue = 0;
  auto board_ms = Measure(calls, [&] {
    v1::DepartmentBoardResponse response;
    Check(FromGrpcStatus(
              tracker->DepartmentBoard(AsManager().get(), v1::DepartmentBoardRequest(), &response)),
          "DepartmentBoard");
    board_overdue = 0;
    for (const auto& row : response.departments()) board_overdue += row.overdue();
  });
  std::printf("overdue first page (100 of %lld): p50 %.2f ms, p99 %.2f ms\n", board_overdue,
              Percentile(overdue_ms, 0.5), Percentile(overdue_ms, 0.99));
  std::printf("overdue first page of one department: p50 %.2f ms, p99 %.2f ms\n",
              Percentile(department_ms, 0.5), Percentile(department_ms, 0.99));
  std::printf("department board (%zu departments): p50 %.2f ms, p99 %.2f ms\n",
              agency.units.departments().size() + 1, Percentile(board_ms, 0.5),
              Percentile(board_ms, 0.99));

  // Re-computing every running clock, as a newly published calendar makes the tracker do.
  v1::ReloadCalendarResponse reloaded;
  const absl::Time reload_started = absl::Now();
  Check(FromGrpcStatus(tracker->ReloadCalendar(
            bench::StaffContext(TokenOf("bench-admin", "admin"), absl::Minutes(10)).get(),
            v1::ReloadCalendarRequest(), &reloaded)),
        "ReloadCalendar");
  const double reload_seconds = absl::ToDoubleSeconds(absl::Now() - reload_started);
  std::printf("calendar reload: %lld running clocks counted again in %.1f s (%lld changed)\n",
              static_cast<long long>(reloaded.cases_checked()), reload_seconds,
              static_cast<long long>(reloaded.cases_changed()));

  // The sweeper: first catch up with every notice already due, then cross the end of a busy
  // due day and time how long the notices of that moment take.
  SweeperOptions sweeper;
  const absl::CivilDay busy = *AddWorkingDays(*calendar, ChinaDay(absl::Now()), 3);
  const absl::Time moment = absl::FromCivil(busy + 1, ChinaTimeZone());
  int caught_up = 0;
  for (;;) {
    auto pass = SweepOnce(redis, *calendar, moment - absl::Seconds(1), sweeper);
    Check(pass.status(), "sweep");
    caught_up += pass->notices;
    if (!pass->more) break;
  }
  // The tracker delivers what the catch-up gave before the moment is measured: the sweeper's
  // own time, then the time until the moment's reminders are in the inboxes.
  WaitForDelivery(redis);
  const absl::Time crossed = absl::Now();
  int at_moment = 0;
  for (;;) {
    auto pass = SweepOnce(redis, *calendar, moment + absl::Milliseconds(1), sweeper);
    Check(pass.status(), "sweep");
    at_moment += pass->notices;
    if (!pass->more) break;
  }
  const double sweep_ms = absl::ToDoubleMilliseconds(absl::Now() - crossed);
  const double lag_ms = sweep_ms + absl::ToDoubleMilliseconds(sweeper.interval);
  WaitForDelivery(redis);
  const double delivered_ms = absl::ToDoubleMilliseconds(absl::Now() - crossed) +
                              absl::ToDoubleMilliseconds(sweeper.interval);
  std::printf(
      "sweeper: %d notices caught up before; %d notices (overdue and due soon) at one due moment "
      "in %.0f ms; worst lag %.0f ms (pass + %lld ms interval); in the staff's inboxes after "
      "%.0f ms\n",
      caught_up, at_moment, sweep_ms, lag_ms,
      static_cast<long long>(absl::ToInt64Milliseconds(sweeper.interval)), delivered_ms);
  // The annual report of this year: the closing counters of every case, summed over the
  // partitions, whatever the number of cases.
  const int closed = absl::GetFlag(FLAGS_closed_cases);
  std::printf("answering and closing %d more cases...\n", closed);
  const absl::Time closing_started = absl::Now();
  LoadAnswered(redis, *calendar, agency, count, closed);
  std::printf("closed in %.1f s\n", absl::ToDoubleSeconds(absl::Now() - closing_started));
  WaitForAofRewrite(redis);
  auto reports = v1::ReportService::NewStub(channel);
  v1::AnnualReportRequest this_year;
  this_year.set_year(static_cast<int>(ChinaDay(absl::Now()).year()));
  long long reported_new = 0, reported_closed = 0;
  auto report_ms = Measure(calls, [&] {
    v1::AnnualReport report;
    Check(FromGrpcStatus(reports->GetAnnualReport(AsManager().get(), this_year, &report)),
          "GetAnnualReport");
    reported_new = FindRow(report, "1")->values(6);
    reported_closed = FindRow(report, "3.7")->values(6);
  });
  std::printf("annual report (%lld new, %lld closed this year): p50 %.2f ms, p99 %.2f ms\n",
              reported_new, reported_closed, Percentile(report_ms, 0.5),
              Percentile(report_ms, 0.99));
  std::printf(
      "{\"cases\":%d,\"load_seconds\":%.1f,\"redis_bytes_per_case\":%lld,"
      "\"overdue_page_p50_ms\":%.2f,\"overdue_page_p99_ms\":%.2f,"
      "\"department_overdue_page_p99_ms\":%.2f,\"board_p50_ms\":%.2f,\"board_p99_ms\":%.2f,"
      "\"reminder_bytes\":%lld,\"notices_at_moment\":%d,\"sweeper_lag_ms\":%.0f,"
      "\"reminders_delivered_ms\":%.0f,\"overdue_listed\":%d,"
      "\"reload_seconds\":%.1f,\"report_cases\":%lld,\"report_p50_ms\":%.2f,"
      "\"report_p99_ms\":%.2f}\n",
      count, load_seconds, bytes_per_case, Percentile(overdue_ms, 0.5),
      Percentile(overdue_ms, 0.99), Percentile(department_ms, 0.99), Percentile(board_ms, 0.5),
      Percentile(board_ms, 0.99), reminder_bytes, at_moment, lag_ms, delivered_ms, overdue_listed,
      reload_seconds, reported_new, Percentile(report_ms, 0.5), Percentile(report_ms, 0.99));
  return 0;
}
