#include "county_load.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "base/status_macros.h"
#include "calendar/deadline.h"
#include "redis/keys.h"
#include "rules/agency_counts.h"
#include "rules/case_number.h"
#include "rules/due_score.h"
#include "rules/report_counts.h"

namespace gongkai::bench {
namespace {

using Counters = absl::flat_hash_map<std::string, int64_t>;

// The agencies that receive the most requests in a county (land, housing, the government itself,
// social insurance, the police, the county town), in that order; then the rest in a shuffled
// order. Requests per agency fall off as 1/rank: with 113 agencies the first gets about a fifth,
// the last about 0.2%.
std::vector<double> AgencyWeights(const AgencyCatalogue& agencies, std::mt19937_64& random) {
  const std::vector<std::string> biggest = {"zrzyj", "xzf", "zjj", "rsj", "gaj", "cgz"};
  std::vector<size_t> order;
  std::vector<size_t> rest;
  for (const std::string& code : biggest) {
    for (size_t i = 0; i < agencies.agencies().size(); ++i) {
      if (agencies.agencies()[i].code == code) order.push_back(i);
    }
  }
  for (size_t i = 0; i < agencies.agencies().size(); ++i) {
    if (std::find(order.begin(), order.end(), i) == order.end()) rest.push_back(i);
  }
  std::shuffle(rest.begin(), rest.end(), random);
  order.insert(order.end(), rest.begin(), rest.end());
  std::vector<double> weights(agencies.agencies().size());
  for (size_t rank = 0; rank < order.size(); ++rank) weights[order[rank]] = 1.0 / (rank + 1);
  return weights;
}

// How likely a case received `age` days ago is still open: most of the last month's (20 working
// days to answer), a few of the month before, hardly any older. About 3% of three years' cases.
double OpenChance(int age) {
  if (age < 30) return 0.95;
  if (age < 50) return 0.15;
  if (age < 90) return 0.03;
  return 0;
}

// Applicants as a county sees them: mostly natural persons (table 三's columns 1-6).
constexpr int kApplicantWeights[] = {0, 85, 8, 1, 1, 3, 2};

// How cases end, per mille: every cell of table 三 that a reply fills.
struct OutcomeWeight {
  v1::Outcome outcome;
  int weight;
};
constexpr OutcomeWeight kOutcomes[] = {
    {v1::OUTCOME_DISCLOSED, 300},
    {v1::OUTCOME_ALREADY_PUBLIC, 120},
    {v1::OUTCOME_PARTIALLY_DISCLOSED, 80},
    {v1::OUTCOME_WITHHELD_STATE_SECRET, 2},
    {v1::OUTCOME_WITHHELD_PROHIBITED_BY_LAW, 5},
    {v1::OUTCOME_WITHHELD_SECURITY_STABILITY, 3},
    {v1::OUTCOME_WITHHELD_THIRD_PARTY, 15},
    {v1::OUTCOME_WITHHELD_INTERNAL_AFFAIRS, 10},
    {v1::OUTCOME_WITHHELD_PROCESS_INFORMATION, 15},
    {v1::OUTCOME_WITHHELD_ENFORCEMENT_FILE, 5},
    {v1::OUTCOME_WITHHELD_QUERY_MATTER, 10},
    {v1::OUTCOME_UNAVAILABLE_NOT_HELD, 200},
    {v1::OUTCOME_UNAVAILABLE_NEEDS_CREATION, 30},
    {v1::OUTCOME_UNAVAILABLE_STILL_UNCLEAR, 10},
    {v1::OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY, 60},
    {v1::OUTCOME_NOT_PROCESSED_PETITION, 50},
    {v1::OUTCOME_NOT_PROCESSED_REPEAT, 20},
    {v1::OUTCOME_NOT_PROCESSED_PUBLICATION, 5},
    {v1::OUTCOME_NOT_PROCESSED_EXCESSIVE, 10},
    {v1::OUTCOME_NOT_PROCESSED_CONFIRMATION, 10},
    {v1::OUTCOME_OTHER, 20},
};

std::string MonthOf(absl::CivilDay day) { return FormatDay(day).substr(0, 7); }

// Makes the cases and keeps what they leave: the counters summed per (partition, agency) and
// per partition, the open indexes' members, and the expected figures.
class CountyMaker {
 public:
  CountyMaker(const AgencyCatalogue& agencies, const WorkingCalendar& calendar,
              const CountyLoadOptions& options)
      : agencies_(agencies),
        calendar_(calendar),
        options_(options),
        today_(ChinaDay(options.now)),
        random_(options.seed),
        agency_counters_(kPartitionCount * agencies.agencies().size()),
        county_counters_(kPartitionCount),
        months_(options.months.begin(), options.months.end()) {
    const std::vector<double> weights = AgencyWeights(agencies, random_);
    pick_agency_ = std::discrete_distribution<size_t>(weights.begin(), weights.end());
    pick_applicant_ =
        std::discrete_distribution<int>(std::begin(kApplicantWeights), std::end(kApplicantWeights));
    std::vector<int> outcome_weights;
    for (const OutcomeWeight& outcome : kOutcomes) outcome_weights.push_back(outcome.weight);
    pick_outcome_ =
        std::discrete_distribution<size_t>(outcome_weights.begin(), outcome_weights.end());
  }

  absl::Status MakeAll() {
    v1::Case c;
    for (int i = 0; i < options_.cases; ++i) {
      c.Clear();
      GK_RETURN_IF_ERROR(MakeOne(c));
    }
    return absl::OkStatus();
  }

  absl::Status Write(RedisConnection& redis) {
    std::vector<std::vector<std::string>> batch;
    auto flush = [&]() -> absl::Status {
      if (batch.empty()) return absl::OkStatus();
      GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis.Pipeline(batch));
      for (const RedisReply& reply : replies) {
        if (reply.is_error()) return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
      }
      batch.clear();
      return absl::OkStatus();
    };
    auto add = [&](std::vector<std::string> command) -> absl::Status {
      batch.push_back(std::move(command));
      return batch.size() == 64 ? flush() : absl::OkStatus();
    };
    auto hset = [&](std::string key, const Counters& counters) -> absl::Status {
      if (counters.empty()) return absl::OkStatus();
      std::vector<std::string> command = {"HSET", std::move(key)};
      for (const auto& [field, value] : counters) {
        command.push_back(field);
        command.push_back(std::to_string(value));
      }
      ++load_.counter_hashes;
      load_.counter_fields += counters.size();
      return add(std::move(command));
    };
    const size_t count = agencies_.agencies().size();
    for (int partition = 0; partition < kPartitionCount; ++partition) {
      GK_RETURN_IF_ERROR(hset(keys::ReportCounters(partition), county_counters_[partition]));
      for (size_t a = 0; a < count; ++a) {
        GK_RETURN_IF_ERROR(hset(keys::AgencyCounters(partition, agencies_.agencies()[a].code),
                                agency_counters_[partition * count + a]));
      }
    }
    for (auto& [key, members] : open_members_) {
      std::vector<std::string> command = {"ZADD", key};
      command.insert(command.end(), members.begin(), members.end());
      ++load_.open_indexes;
      GK_RETURN_IF_ERROR(add(std::move(command)));
    }
    // The reports on the year before: published by every agency but one in sixteen.
    const int report_year = options_.year - 1;
    std::vector<std::string> published = {"HSET", keys::PublishedReports()};
    for (size_t a = 0; a < count; ++a) {
      const Agency& agency = agencies_.agencies()[a];
      if (a % 16 == 5) {
        load_.unpublished.push_back(agency.code);
        continue;
      }
      const absl::CivilDay on = AnnualReportDue(agency, report_year) - 3;
      published.push_back(absl::StrCat(agency.code, ":", report_year));
      published.push_back(absl::StrCat(
          FormatTimestamp(absl::FromCivil(absl::CivilSecond(on.year(), on.month(), on.day(), 10),
                                          ChinaTimeZone())),
          " bench-publisher"));
    }
    GK_RETURN_IF_ERROR(add(std::move(published)));
    return flush();
  }

  CountyLoad& load() { return load_; }

 private:
  absl::Status MakeOne(v1::Case& c) {
    const size_t agency_index = pick_agency_(random_);
    const Agency& agency = agencies_.agencies()[agency_index];
    const int age = std::uniform_int_distribution<int>(0, options_.days - 1)(random_);
    const absl::CivilDay received = today_ - age;
    const int year = static_cast<int>(received.year());
    const CaseNumber number{year, ++sequences_[year]};
    const int partition = PartitionOf(number);
    c.set_case_number(FormatCaseNumber(number.year, number.sequence));
    c.set_agency(agency.code);
    c.mutable_applicant()->set_type(static_cast<v1::ApplicantType>(pick_applicant_(random_)));
    v1::InformationRequest& request = *c.mutable_request();
    request.set_channel(v1::CHANNEL_IN_PERSON);
    request.set_delivery(v1::DELIVERY_METHOD_PICKUP);
    request.set_received_date(FormatDay(received));
    ++load_.cases[agency.code];

    const bool open = Chance(OpenChance(age));
    bool overdue = false;
    bool on_time = false;
    absl::CivilDay closed_on;
    if (open) {
      GK_ASSIGN_OR_RETURN(*c.mutable_deadline(), InitialDeadline(calendar_, request));
      GK_RETURN_IF_ERROR(MakeOpen(c, agency, number, partition, overdue));
    } else {
      c.mutable_deadline()->set_receipt_date(FormatDay(received));
      MakeClosed(c, age, received, closed_on, on_time);
    }

    for (const std::string& field : ReportCounters(c)) {
      ++county_counters_[partition][field];
      ++agency_counters_[partition * agencies_.agencies().size() + agency_index][field];
    }
    for (const std::string& field : AgencyCounters(c)) {
      ++agency_counters_[partition * agencies_.agencies().size() + agency_index][field];
    }

    // What the views should show, from the choices just made.
    ExpectedFigures& of_year = load_.year[agency.code];
    ExpectedFigures& of_months = load_.months[agency.code];
    if (received.year() == options_.year) ++of_year.received;
    if (months_.count(MonthOf(received)) > 0) ++of_months.received;
    if (open) {
      for (ExpectedFigures* figures : {&of_year, &of_months}) {
        ++figures->open;
        if (overdue) ++figures->overdue;
      }
      return absl::OkStatus();
    }
    auto count_closed = [&](ExpectedFigures& figures) {
      ++figures.closed;
      ++(on_time ? figures.on_time : figures.late);
    };
    if (closed_on.year() == options_.year) count_closed(of_year);
    if (months_.count(MonthOf(closed_on)) > 0) count_closed(of_months);
    return absl::OkStatus();
  }

  // An open case: one in ten not yet in a unit (with the dispatchers), one in twenty of the rest
  // with its clock stopped (waiting for a supplement: +inf in the open index).
  absl::Status MakeOpen(v1::Case& c, const Agency& agency, const CaseNumber& number, int partition,
                        bool& overdue) {
    ++load_.open_cases;
    const std::vector<Department>& units = agency.units.departments();
    std::string unit;
    if (Chance(0.1)) {
      c.set_state(v1::CASE_STATE_DISPATCH);
    } else {
      unit = units[std::uniform_int_distribution<size_t>(0, units.size() - 1)(random_)].code;
      c.set_department(unit);
      c.set_state(Chance(0.7) ? v1::CASE_STATE_IN_DEPARTMENT : v1::CASE_STATE_IN_REVIEW);
    }
    std::string score = "+inf";
    if (!unit.empty() && Chance(0.05)) {
      c.set_clock(v1::CLOCK_STATE_AWAITING_SUPPLEMENT);
      ++load_.stopped_clocks;
    } else {
      c.set_clock(v1::CLOCK_STATE_RUNNING);
      GK_ASSIGN_OR_RETURN(int64_t due_score, DueScoreOf(c.deadline(), number));
      score = std::to_string(due_score);
      absl::CivilDay due;
      overdue = ParseDay(c.deadline().due_date(), &due) && due < today_;
    }
    std::vector<std::string>& members =
        open_members_[keys::OpenByDepartment(partition, agency.code, unit)];
    members.push_back(score);
    members.push_back(c.case_number());
    // And the agency's own open index, as the transition script keeps it.
    std::vector<std::string>& agency_members =
        open_members_[keys::OpenByAgency(partition, agency.code)];
    agency_members.push_back(std::move(score));
    agency_members.push_back(c.case_number());
    return absl::OkStatus();
  }

  // A closed case: replied and delivered on the day it closed, on time (within 20 working days,
  // here at most 26 calendar days) or, for one in fourteen old enough, late; a few taken to
  // reconsideration or to court afterwards.
  void MakeClosed(v1::Case& c, int age, absl::CivilDay received, absl::CivilDay& closed_on,
                  bool& on_time) {
    int took = 0;
    on_time = age < 30 || !Chance(0.07);
    if (!on_time) {
      took = std::uniform_int_distribution<int>(30, std::min(75, age))(random_);
    } else if (age > 0) {
      took = std::uniform_int_distribution<int>(std::min(1, age), std::min(26, age))(random_);
    }
    closed_on = received + took;
    c.set_state(v1::CASE_STATE_CLOSED);
    c.set_clock(v1::CLOCK_STATE_STOPPED);
    c.set_closed_on(FormatDay(closed_on));
    c.mutable_draft()->set_outcome(kOutcomes[pick_outcome_(random_)].outcome);
    c.mutable_delivery()->set_delivered_on(FormatDay(closed_on));
    c.set_replied_on_time(on_time);
    if (!Chance(0.006)) return;
    const absl::CivilDay filed = closed_on + std::uniform_int_distribution<int>(20, 60)(random_);
    if (filed > today_) return;
    v1::Redress& redress = *c.add_redress();
    const double kind = std::uniform_real_distribution<double>(0, 1)(random_);
    redress.set_kind(kind < 0.7   ? v1::REDRESS_KIND_RECONSIDERATION
                     : kind < 0.9 ? v1::REDRESS_KIND_LITIGATION_DIRECT
                                  : v1::REDRESS_KIND_LITIGATION_AFTER_RECONSIDERATION);
    redress.set_filed_on(FormatDay(filed));
    const absl::CivilDay decided = filed + std::uniform_int_distribution<int>(60, 90)(random_);
    if (decided > today_) {
      redress.set_result(v1::REDRESS_RESULT_PENDING);
      return;
    }
    const double result = std::uniform_real_distribution<double>(0, 1)(random_);
    redress.set_result(result < 0.75  ? v1::REDRESS_RESULT_MAINTAINED
                       : result < 0.9 ? v1::REDRESS_RESULT_CORRECTED
                                      : v1::REDRESS_RESULT_OTHER);
    redress.set_decided_on(FormatDay(decided));
  }

  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(random_) < p; }

  const AgencyCatalogue& agencies_;
  const WorkingCalendar& calendar_;
  const CountyLoadOptions& options_;
  const absl::CivilDay today_;
  std::mt19937_64 random_;
  std::discrete_distribution<size_t> pick_agency_;
  std::discrete_distribution<int> pick_applicant_;
  std::discrete_distribution<size_t> pick_outcome_;
  std::map<int, int64_t> sequences_;       // the case numbers given, by year
  std::vector<Counters> agency_counters_;  // [partition * agencies + agency]
  std::vector<Counters> county_counters_;  // [partition]
  absl::flat_hash_map<std::string, std::vector<std::string>> open_members_;  // key: score, case
  const std::set<std::string> months_;
  CountyLoad load_;
};

}  // namespace

absl::StatusOr<CountyLoad> LoadCounty(RedisConnection& redis, const AgencyCatalogue& agencies,
                                      const WorkingCalendar& calendar,
                                      const CountyLoadOptions& options) {
  CountyMaker maker(agencies, calendar, options);
  GK_RETURN_IF_ERROR(maker.MakeAll());
  GK_RETURN_IF_ERROR(maker.Write(redis));
  return std::move(maker.load());
}

}  // namespace gongkai::bench
