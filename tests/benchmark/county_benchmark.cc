// The county disclosure office's views at a whole county's scale: GetCountyOverview (every
// agency's figures of the year, the county's tables) and GetBulletin (the 通报 of the last full
// quarter, of the last year, of the longest period allowed), through the running tracker, on the
// Redis state that 1,000,000 cases over 113 agencies leave (county_load.h says what is loaded
// and what is not).
//
//   deploy/local.sh bench-county       (GONGKAI_BENCH_CASES to change the number of cases)
//
// It runs in two steps: `--write_agencies=FILE` writes the generated catalogue
// (county_catalogue.h) and exits, so that the tracker can be started with --agencies=FILE; then
// with --agencies=FILE it loads the state and measures. For each view: p50/p99/max over --calls
// calls after --warmup calls, by a county-wide manager of the catalogue's oversight agency; the
// commands the view sends to Redis and the time Redis spent on them (INFO commandstats); the CPU
// time per call of Redis, the tracker and this process. Then the agencies' figures alone, as the
// views read them and from two other layouts (county_alternatives.h). Last it checks that the
// figures shown are those of the cases made, and exits 1 if not (a run across midnight China
// time can differ in the overdue figures). The last line is one JSON object. Figures:
// docs/performance.md.
#include <grpcpp/grpcpp.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "base/clock.h"
#include "base/logging.h"
#include "calendar/working_calendar.h"
#include "county_alternatives.h"
#include "county_catalogue.h"
#include "county_load.h"
#include "county_views.h"
#include "gongkai/v1/report.grpc.pb.h"
#include "grpc/status_mapping.h"
#include "latencies.h"
#include "redis/keys.h"
#include "redis/report_store.h"
#include "redis_info.h"
#include "rules/annual_report.h"
#include "rules/county_bulletin.h"
#include "rules/department_key.h"
#include "rules/due_score.h"
#include "stack_access.h"
#include "staff.h"

ABSL_FLAG(std::string, write_agencies, "",
          "write the generated catalogue of 113 agencies to this file and exit");
ABSL_FLAG(std::string, agencies, "", "the catalogue the tracker serves (from --write_agencies)");
ABSL_FLAG(std::string, tracker, "127.0.0.1:7105", "the tracker service");
ABSL_FLAG(int, cases, 1000000, "cases to make, over the last three years");
ABSL_FLAG(int, calls, 200, "measured calls per view");
ABSL_FLAG(int, warmup, 20, "calls per view before measuring");
ABSL_FLAG(std::string, calendar, "deploy/calendar", "calendar directory");
ABSL_FLAG(uint64_t, seed, 20261202, "the cases made are the same for the same seed");
ABSL_FLAG(int, tracker_pid, 0, "the tracker's process, whose CPU time is shown (0: not shown)");

namespace gongkai {
namespace {

using bench::Check;

void WriteCatalogue(const std::string& path) {
  const std::string text = bench::GeneratedCountyCatalogue();
  Check(AgencyCatalogue::Parse(text).status(), "generated catalogue");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::exit(1);
  }
}

std::string FormatMonth(absl::CivilMonth month) {
  return absl::StrFormat("%04d-%02d", month.year(), month.month());
}

// The last quarter that has ended: "2026-07", "2026-09" on 2026-12-02.
std::pair<std::string, std::string> LastFullQuarter(absl::CivilDay today) {
  const absl::CivilMonth first_of_this(today.year(), (today.month() - 1) / 3 * 3 + 1);
  return {FormatMonth(first_of_this - 3), FormatMonth(first_of_this - 1)};
}

// INFO commandstats: calls and microseconds per command since the last CONFIG RESETSTAT.
std::map<std::string, bench::CommandStat> CommandStats(RedisConnection& redis) {
  return bench::CommandStats(bench::Info(redis, "commandstats"));
}

void ResetStats(RedisConnection& redis) {
  Check(redis.Command({"CONFIG", "RESETSTAT"}).status(), "CONFIG RESETSTAT");
}

// The commands one view sends: per agency and partition an HMGET of its counters and a ZCOUNT
// of its open index, the publications; the overview also the county's 16 counter hashes.
int64_t ViewCommands(const AgencyCatalogue& agencies, bool overview) {
  const int64_t commands =
      1 + kPartitionCount * 2 * static_cast<int64_t>(agencies.agencies().size());
  return overview ? commands + kPartitionCount : commands;
}

// The agencies' open indexes one per unit, as the first version of the overview read them
// (before the agency's own open index): measured beside the layouts that replaced it.
std::vector<AgencyIndexes> EveryAgencyIndexes(const AgencyCatalogue& agencies) {
  std::vector<AgencyIndexes> indexes;
  for (const Agency& agency : agencies.agencies()) {
    AgencyIndexes& out = indexes.emplace_back();
    out.agency = agency.code;
    out.departments.push_back(DepartmentKey(agency.code, ""));
    for (const Department& unit : agency.units.departments()) {
      out.departments.push_back(DepartmentKey(agency.code, unit.code));
    }
  }
  return indexes;
}

// CPU seconds used so far by Redis's main thread, the tracker and this process: where a call's
// time goes besides waiting.
struct CpuClock {
  double redis = 0;
  double tracker = 0;
  double self = 0;
};

double ProcessCpuSeconds(int pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t end = stat.rfind(')');
  if (end == std::string::npos) return 0;
  // After the command: state is field 3; utime and stime are fields 14 and 15.
  const std::vector<std::string> fields = absl::StrSplit(stat.substr(end + 2), ' ');
  double utime = 0, stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtod(fields[11], &utime) ||
      !absl::SimpleAtod(fields[12], &stime)) {
    return 0;
  }
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

CpuClock ReadCpu(RedisConnection& redis) {
  const auto info = bench::Info(redis, "cpu");
  CpuClock clock;
  for (const char* key : {"used_cpu_user_main_thread", "used_cpu_sys_main_thread"}) {
    double seconds = 0;
    auto found = info.find(key);
    if (found != info.end() && absl::SimpleAtod(found->second, &seconds)) clock.redis += seconds;
  }
  if (const int pid = absl::GetFlag(FLAGS_tracker_pid); pid > 0) {
    clock.tracker = ProcessCpuSeconds(pid);
  }
  timespec now;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  clock.self = now.tv_sec + now.tv_nsec / 1e9;
  return clock;
}

double LoadAverage() {
  std::ifstream in("/proc/loadavg");
  double load = 0;
  in >> load;
  return load;
}

// `calls` timed calls after `warmup` untimed ones; prints the percentiles and the CPU time per
// call.
void Measure(RedisConnection& redis, bench::Latencies& latencies, const std::string& name,
             int warmup, int calls, const std::function<void()>& call) {
  for (int i = 0; i < warmup; ++i) call();
  const CpuClock before = ReadCpu(redis);
  for (int i = 0; i < calls; ++i) {
    const absl::Time started = absl::Now();
    call();
    latencies.Add(name, absl::ToDoubleMilliseconds(absl::Now() - started));
  }
  const CpuClock after = ReadCpu(redis);
  const double per_call = 1000.0 / std::max(1, calls);
  std::printf("  %-30s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms\n", name.c_str(),
              latencies.Percentile(name, 0.5), latencies.Percentile(name, 0.99),
              latencies.Percentile(name, 1.0));
  std::printf("  %-30s CPU per call: Redis %.2f ms, tracker %.2f ms, this benchmark %.2f ms\n", "",
              (after.redis - before.redis) * per_call, (after.tracker - before.tracker) * per_call,
              (after.self - before.self) * per_call);
}

// Redis's own time on a view's calls (commandstats since the reset), per call of the view.
void PrintServerTime(RedisConnection& redis, int calls, int64_t expected_commands) {
  const std::map<std::string, bench::CommandStat> stats = CommandStats(redis);
  int64_t commands = 0, usec = 0;
  std::string parts;
  for (const char* name : {"hmget", "zcount", "hgetall"}) {
    auto found = stats.find(name);
    if (found == stats.end()) continue;
    commands += found->second.calls;
    usec += found->second.usec;
    absl::StrAppend(
        &parts, parts.empty() ? "" : ", ", name, " ", found->second.calls / std::max(1, calls),
        " in ", absl::StrFormat("%.2f", found->second.usec / 1000.0 / std::max(1, calls)), " ms");
  }
  std::printf("  Redis per call: %lld commands (expected %lld), %.2f ms of Redis's time (%s)\n",
              static_cast<long long>(commands / std::max(1, calls)),
              static_cast<long long>(expected_commands), usec / 1000.0 / std::max(1, calls),
              parts.c_str());
}

// The mismatches of one agency's (or the totals') figures.
void Compare(const std::string& what, const v1::AgencyFigures& shown,
             const bench::ExpectedFigures& made, bool with_open,
             std::vector<std::string>& mismatches) {
  auto check = [&](const char* field, int64_t got, int64_t want) {
    if (got != want) {
      mismatches.push_back(absl::StrCat(what, " ", field, ": shown ", got, ", made ", want));
    }
  };
  check("received", shown.received(), made.received);
  check("closed", shown.closed(), made.closed);
  check("replied_on_time", shown.replied_on_time(), made.on_time);
  check("replied_late", shown.replied_late(), made.late);
  if (with_open) {
    check("open", shown.open(), made.open);
    check("overdue", shown.overdue(), made.overdue);
  }
}

bench::ExpectedFigures Total(const std::map<std::string, bench::ExpectedFigures>& figures) {
  bench::ExpectedFigures total;
  for (const auto& [code, one] : figures) {
    total.received += one.received;
    total.closed += one.closed;
    total.open += one.open;
    total.overdue += one.overdue;
    total.on_time += one.on_time;
    total.late += one.late;
  }
  return total;
}

// The agencies whose report on the year before is past due and not published, in catalogue order.
std::vector<std::string> ExpectedLateReports(const AgencyCatalogue& agencies,
                                             const bench::CountyLoad& load, int report_year,
                                             absl::CivilDay today) {
  std::vector<std::string> late;
  for (const Agency& agency : agencies.agencies()) {
    if (std::find(load.unpublished.begin(), load.unpublished.end(), agency.code) ==
        load.unpublished.end()) {
      continue;
    }
    if (today > AnnualReportDue(agency, report_year)) late.push_back(agency.code);
  }
  return late;
}

std::vector<std::string> CheckOverview(const v1::CountyOverview& overview,
                                       const AgencyCatalogue& agencies,
                                       const bench::CountyLoad& load, absl::CivilDay today) {
  std::vector<std::string> mismatches;
  if (overview.agencies_size() != static_cast<int>(agencies.agencies().size())) {
    mismatches.push_back(absl::StrCat("overview: ", overview.agencies_size(), " agencies shown, ",
                                      agencies.agencies().size(), " in the catalogue"));
  }
  for (const v1::AgencyFigures& shown : overview.agencies()) {
    auto made = load.year.find(shown.agency());
    Compare(absl::StrCat("overview ", shown.agency()), shown,
            made == load.year.end() ? bench::ExpectedFigures{} : made->second, true, mismatches);
  }
  const bench::ExpectedFigures total = Total(load.year);
  Compare("overview totals", overview.totals(), total, true, mismatches);
  // The county's table 三 of the year: new, results in all, and carried over (every open case:
  // none received this year or before is closed after it).
  const v1::AnnualReport& report = overview.county_report();
  auto row_total = [&](const char* key) -> int64_t {
    const v1::ReportRow* row = FindRow(report, key);
    return row == nullptr || row->values_size() < 7 ? -1 : row->values(6);
  };
  for (const auto& [key, want] : std::vector<std::pair<const char*, int64_t>>{
           {"1", total.received}, {"3.7", total.closed}, {"4", total.open}}) {
    if (row_total(key) != want) {
      mismatches.push_back(
          absl::StrCat("county table 三 row ", key, ": shown ", row_total(key), ", made ", want));
    }
  }
  const std::vector<std::string> late =
      ExpectedLateReports(agencies, load, overview.report_year(), today);
  const std::vector<std::string> shown_late(overview.late_reports().begin(),
                                            overview.late_reports().end());
  if (shown_late != late) {
    mismatches.push_back(
        absl::StrCat("late reports: ", shown_late.size(), " shown, ", late.size(), " made"));
  }
  return mismatches;
}

std::vector<std::string> CheckBulletin(const v1::Bulletin& bulletin,
                                       const AgencyCatalogue& agencies,
                                       const bench::CountyLoad& load, absl::CivilDay today) {
  std::vector<std::string> mismatches;
  const int listed = bulletin.ranked_size() + bulletin.clean_size();
  if (listed != static_cast<int>(agencies.agencies().size())) {
    mismatches.push_back(absl::StrCat("bulletin: ", listed, " agencies ranked or clean, ",
                                      agencies.agencies().size(), " in the catalogue"));
  }
  auto compare = [&](const v1::AgencyFigures& shown) {
    auto made = load.months.find(shown.agency());
    Compare(absl::StrCat("bulletin ", shown.agency()), shown,
            made == load.months.end() ? bench::ExpectedFigures{} : made->second, true, mismatches);
  };
  for (const v1::BulletinEntry& entry : bulletin.ranked()) compare(entry.figures());
  for (const v1::AgencyFigures& clean : bulletin.clean()) compare(clean);
  Compare("bulletin totals", bulletin.totals(), Total(load.months), true, mismatches);
  const std::vector<std::string> late =
      ExpectedLateReports(agencies, load, static_cast<int>(today.year()) - 1, today);
  if (bulletin.late_reports_size() != static_cast<int>(late.size())) {
    mismatches.push_back(absl::StrCat("bulletin late reports: ", bulletin.late_reports_size(),
                                      " shown, ", late.size(), " made"));
  }
  return mismatches;
}

int64_t UsedMemory(RedisConnection& redis) {
  return bench::InfoNumber(bench::Info(redis, "memory"), "used_memory");
}

// How Redis holds the counter hashes: a listpack (up to hash-max-listpack-entries fields) finds
// a field by scanning it, a hashtable by hashing: the views' HMGETs cost accordingly.
void PrintHashEncodings(RedisConnection& redis, const AgencyCatalogue& agencies) {
  std::vector<std::vector<std::string>> commands = {{"CONFIG", "GET", "hash-max-listpack-entries"}};
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    for (const Agency& agency : agencies.agencies()) {
      commands.push_back({"OBJECT", "ENCODING", keys::AgencyCounters(partition, agency.code)});
    }
  }
  auto replies = redis.Pipeline(commands);
  Check(replies.status(), "OBJECT ENCODING");
  std::map<std::string, int> encodings;
  for (size_t i = 1; i < replies->size(); ++i) {
    const RedisReply& reply = (*replies)[i];
    if (reply.is_error()) continue;
    // No hash: an agency without a case in the partition.
    ++encodings[reply.is_nil() ? "absent" : std::string(reply.str())];
  }
  std::string text;
  for (const auto& [encoding, count] : encodings) {
    absl::StrAppend(&text, text.empty() ? "" : ", ", count, " ", encoding);
  }
  const RedisReply& limit = (*replies)[0];
  std::printf("agency counter hashes: %s (hash-max-listpack-entries %s)\n", text.c_str(),
              limit.size() == 2 ? std::string(limit.element(1).str()).c_str() : "?");
}

}  // namespace
}  // namespace gongkai

int main(int argc, char** argv) {
  using namespace gongkai;
  absl::ParseCommandLine(argc, argv);
  spdlog::set_level(spdlog::level::warn);
  if (const std::string path = absl::GetFlag(FLAGS_write_agencies); !path.empty()) {
    WriteCatalogue(path);
    return 0;
  }
  auto catalogue = AgencyCatalogue::Load(absl::GetFlag(FLAGS_agencies));
  Check(catalogue.status(), "agencies");
  const Agency* oversight = nullptr;
  for (const Agency& agency : catalogue->agencies()) {
    if (agency.oversees_county) oversight = &agency;
  }
  if (oversight == nullptr) {
    std::fprintf(stderr, "agencies: no agency has `oversight = yes`\n");
    return 1;
  }
  auto calendar =
      WorkingCalendar::LoadDirectory(absl::GetFlag(FLAGS_calendar), UnknownYears::kProvisional);
  Check(calendar.status(), "calendar");
  if (absl::GetFlag(FLAGS_cases) < 1 || absl::GetFlag(FLAGS_cases) > 10000000 ||
      absl::GetFlag(FLAGS_calls) < 1 || absl::GetFlag(FLAGS_calls) > 10000 ||
      absl::GetFlag(FLAGS_warmup) < 0 || absl::GetFlag(FLAGS_warmup) > 10000) {
    std::fprintf(stderr, "--cases must be 1-10,000,000, --calls 1-10,000, --warmup 0-10,000\n");
    return 1;
  }
  RedisConnection redis(bench::StackRedisOptions());

  const absl::Time now = absl::Now();
  const absl::CivilDay today = ChinaDay(now);
  const int year = static_cast<int>(today.year());
  const auto [from_month, to_month] = LastFullQuarter(today);
  auto period = ParseBulletinPeriod(from_month, to_month);
  Check(period.status(), "bulletin period");

  bench::CountyLoadOptions options;
  options.cases = absl::GetFlag(FLAGS_cases);
  options.seed = absl::GetFlag(FLAGS_seed);
  options.year = year;
  options.months = MonthsOf(*period);
  options.now = now;
  const int64_t memory_before = UsedMemory(redis);
  std::printf("making %d cases over %zu agencies and loading what they leave...\n", options.cases,
              catalogue->agencies().size());
  std::fflush(stdout);
  const absl::Time load_started = absl::Now();
  auto load = bench::LoadCounty(redis, *catalogue, *calendar, options);
  Check(load.status(), "load");
  const double load_seconds = absl::ToDoubleSeconds(absl::Now() - load_started);
  const int64_t memory_after = UsedMemory(redis);
  std::vector<std::pair<int64_t, std::string>> sizes;
  for (const auto& [code, count] : load->cases) sizes.push_back({count, code});
  std::sort(sizes.rbegin(), sizes.rend());
  const bench::ExpectedFigures year_total = Total(load->year);
  std::printf(
      "loaded in %.1f s: %lld counter hashes (%lld fields), %lld open cases in %lld open "
      "indexes (%lld overdue, %lld with the clock stopped); agencies from %lld cases (%s) down "
      "to %lld (%s); Redis used_memory %.1f MiB (%+.1f MiB for this state)\n",
      load_seconds, static_cast<long long>(load->counter_hashes),
      static_cast<long long>(load->counter_fields), static_cast<long long>(load->open_cases),
      static_cast<long long>(load->open_indexes), static_cast<long long>(year_total.overdue),
      static_cast<long long>(load->stopped_clocks), static_cast<long long>(sizes.front().first),
      sizes.front().second.c_str(), static_cast<long long>(sizes.back().first),
      sizes.back().second.c_str(), memory_after / 1048576.0,
      (memory_after - memory_before) / 1048576.0);
  PrintHashEncodings(redis, *catalogue);
  bench::WaitForAofRewrite(redis);

  const int calls = absl::GetFlag(FLAGS_calls);
  const int warmup = absl::GetFlag(FLAGS_warmup);
  bench::Latencies latencies;
  const std::string token = StaffToken(bench::StackTokenKeys(), "bench-county", {"manager"}, "",
                                       absl::Hours(9), oversight->code, /*county_wide=*/true);
  auto channel =
      grpc::CreateChannel(absl::GetFlag(FLAGS_tracker), grpc::InsecureChannelCredentials());
  auto reports = v1::ReportService::NewStub(channel);

  // The county overview: through the tracker, then the same read in-process.
  std::printf("measuring (load average %.2f)\n", LoadAverage());
  v1::CountyOverviewRequest overview_request;
  overview_request.set_year(year);
  v1::CountyOverview overview;
  auto get_overview = [&] {
    Check(FromGrpcStatus(reports->GetCountyOverview(
              bench::StaffContext(token, absl::Seconds(10)).get(), overview_request, &overview)),
          "GetCountyOverview");
  };
  for (int i = 0; i < warmup; ++i) get_overview();
  ResetStats(redis);
  std::printf("county overview of %d (%zu agencies):\n", year, catalogue->agencies().size());
  Measure(redis, latencies, "GetCountyOverview (gRPC)", 0, calls, get_overview);
  const int64_t overview_commands = ViewCommands(*catalogue, true);
  PrintServerTime(redis, calls, overview_commands);
  std::printf("  response %d bytes\n", static_cast<int>(overview.ByteSizeLong()));
  Measure(redis, latencies, "in-process, no gRPC", warmup, calls, [&] {
    Check(ReadCountyOverview(redis, *catalogue, year, absl::Now()).status(), "overview");
  });

  // The 通报 of the last full quarter (its figures are checked below), of the last whole year,
  // and of the longest period allowed (24 months up to the quarter's end).
  const std::vector<std::array<std::string, 3>> periods = {
      {"GetBulletin quarter (gRPC)", from_month, to_month},
      {"GetBulletin year (gRPC)", absl::StrCat(year - 1, "-01"), absl::StrCat(year - 1, "-12")},
      {"GetBulletin 24 months (gRPC)",
       FormatMonth(absl::CivilMonth(today.year(), (today.month() - 1) / 3 * 3 + 1) - 24),
       to_month}};
  v1::Bulletin bulletin;
  for (const auto& [name, from, to] : periods) {
    v1::BulletinRequest request;
    request.set_from_month(from);
    request.set_to_month(to);
    v1::Bulletin response;
    auto get_bulletin = [&] {
      Check(FromGrpcStatus(reports->GetBulletin(bench::StaffContext(token, absl::Seconds(10)).get(),
                                                request, &response)),
            "GetBulletin");
    };
    for (int i = 0; i < warmup; ++i) get_bulletin();
    ResetStats(redis);
    std::printf("bulletin %s to %s:\n", from.c_str(), to.c_str());
    Measure(redis, latencies, name, 0, calls, get_bulletin);
    PrintServerTime(redis, calls, ViewCommands(*catalogue, false));
    std::printf("  %s: %d agencies ranked, response %d bytes\n", response.title().c_str(),
                response.ranked_size(), static_cast<int>(response.ByteSizeLong()));
    if (from == from_month) bulletin = response;
  }

  // The agencies' figures alone: the read the views make, then the same from the other layouts
  // (county_alternatives.h) to size a proposal; with the overview's fields and the quarter's.
  Check(bench::BuildAlternatives(redis, *catalogue), "alternatives");
  const std::vector<AgencyIndexes> indexes = EveryAgencyIndexes(*catalogue);
  std::vector<std::string> mismatches;
  const std::vector<std::pair<std::string, std::vector<std::string>>> field_sets = {
      {"year", {std::to_string(year)}}, {"quarter", options.months}};
  for (const auto& [label, periods_read] : field_sets) {
    std::vector<std::string> fields = {"open"};
    for (const char* kind : {"received", "closed", "on_time", "late"}) {
      for (const std::string& period : periods_read) {
        fields.push_back(absl::StrCat(kind, ":", period));
      }
    }
    std::printf(
        "the agencies' figures alone, %zu fields of the %s (the other layouts are measured "
        "here only):\n",
        fields.size(), label.c_str());
    bench::AlternativeTotals now_read;
    Measure(redis, latencies, absl::StrCat(label, ": per unit (first version)"), warmup, calls,
            [&] {
              auto read = ReadAgencyCounts(redis, indexes, fields, DueScoreAfter(absl::Now()));
              Check(read.status(), "ReadAgencyCounts");
              now_read = {};
              for (const AgencyCounts& agency : *read) {
                for (const auto& [field, value] : agency.fields) now_read.fields += value;
                now_read.overdue += agency.overdue;
              }
            });
    std::printf("  %-30s %lld commands\n", "",
                static_cast<long long>(ViewCommands(*catalogue, false) - 1));
    for (const bool overview_hash : {false, true}) {
      const std::string name =
          absl::StrCat(label, overview_hash ? ": overview hash + agency index" : ": agency index");
      bench::AlternativeTotals read;
      Measure(redis, latencies, name, warmup, calls, [&] {
        auto totals = overview_hash ? bench::ReadWithOverviewHash(redis, *catalogue, fields,
                                                                  DueScoreAfter(absl::Now()))
                                    : bench::ReadWithAgencyIndexes(redis, *catalogue, fields,
                                                                   DueScoreAfter(absl::Now()));
        Check(totals.status(), "alternative read");
        read = *totals;
      });
      std::printf("  %-30s %lld commands\n", "", static_cast<long long>(read.commands));
      if (read.fields != now_read.fields || read.overdue != now_read.overdue) {
        mismatches.push_back(absl::StrCat(name, ": fields ", read.fields, " overdue ", read.overdue,
                                          ", per unit (first version): ", now_read.fields, " and ",
                                          now_read.overdue));
      }
    }
  }
  std::printf("measured (load average %.2f)\n", LoadAverage());

  // The figures shown are those of the cases made.
  for (const std::vector<std::string>& found :
       {CheckOverview(overview, *catalogue, *load, today),
        CheckBulletin(bulletin, *catalogue, *load, today)}) {
    mismatches.insert(mismatches.end(), found.begin(), found.end());
  }
  if (mismatches.empty()) {
    std::printf(
        "check: every agency's figures and the totals are those of the cases made (%lld received "
        "in %d, %lld closed, %lld open, %lld overdue)\n",
        static_cast<long long>(year_total.received), year,
        static_cast<long long>(year_total.closed), static_cast<long long>(year_total.open),
        static_cast<long long>(year_total.overdue));
  } else {
    std::printf("check FAILED: %zu mismatches\n", mismatches.size());
    for (size_t i = 0; i < mismatches.size() && i < 20; ++i) {
      std::printf("  %s\n", mismatches[i].c_str());
    }
  }
  auto p = [&](const std::string& name, double q) { return latencies.Percentile(name, q); };
  std::printf(
      "{\"cases\":%d,\"agencies\":%zu,\"load_seconds\":%.1f,\"redis_used_memory_mib\":%.1f,"
      "\"overview_commands\":%lld,\"overview_p50_ms\":%.2f,\"overview_p99_ms\":%.2f,"
      "\"overview_max_ms\":%.2f,\"overview_in_process_p99_ms\":%.2f,"
      "\"bulletin_quarter_p50_ms\":%.2f,\"bulletin_quarter_p99_ms\":%.2f,"
      "\"bulletin_year_p99_ms\":%.2f,\"bulletin_24_months_p99_ms\":%.2f,"
      "\"year_read_p99_ms\":%.2f,\"year_agency_index_p99_ms\":%.2f,"
      "\"year_overview_hash_p99_ms\":%.2f,\"check\":%s}\n",
      options.cases, catalogue->agencies().size(), load_seconds, memory_after / 1048576.0,
      static_cast<long long>(overview_commands), p("GetCountyOverview (gRPC)", 0.5),
      p("GetCountyOverview (gRPC)", 0.99), p("GetCountyOverview (gRPC)", 1.0),
      p("in-process, no gRPC", 0.99), p("GetBulletin quarter (gRPC)", 0.5),
      p("GetBulletin quarter (gRPC)", 0.99), p("GetBulletin year (gRPC)", 0.99),
      p("GetBulletin 24 months (gRPC)", 0.99), p("year: per unit (first version)", 0.99),
      p("year: agency index", 0.99), p("year: overview hash + agency index", 0.99),
      mismatches.empty() ? "true" : "false");
  return mismatches.empty() ? 0 : 1;
}
