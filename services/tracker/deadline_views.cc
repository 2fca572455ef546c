#include "deadline_views.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "base/logging.h"
#include "base/status_macros.h"
#include "grpc/call_context.h"
#include "redis/board_store.h"
#include "rules/clock_commands.h"
#include "rules/department_key.h"
#include "rules/due_score.h"
#include "rules/trend_counts.h"

namespace gongkai {
namespace {

// The open indexes to list: the department's, or the agency's (every unit's and its cases not
// yet in one); none (the due index of every case) for the whole county.
std::vector<std::string> IndexesOf(const Agency* agency, absl::string_view department) {
  if (agency == nullptr) return {};
  if (!department.empty()) return {DepartmentKey(agency->code, department)};
  return {agency->code};
}

// Lists cases scored in (max(page.after, floor), until); `working_days` gives each its figure.
template <typename WorkingDays>
absl::Status ListRange(CaseStore& store, const Agency* agency,
                       const v1::DeadlineQueueRequest& request, int64_t floor, int64_t until,
                       WorkingDays working_days, v1::DeadlineQueueResponse* response) {
  GK_ASSIGN_OR_RETURN(PageRequest page, ParsePage(request.page()));
  MissingPartitions missing;
  GK_ASSIGN_OR_RETURN(
      auto cases, store.ListByDueScore(IndexesOf(agency, request.department()),
                                       std::max(page.after, floor), until, page.size + 1, missing));
  missing.Answer("ListDeadlineQueue", response->mutable_missing_partitions());
  const bool more = cases.size() > static_cast<size_t>(page.size);
  if (more) cases.resize(page.size);
  for (const ScoredCase& scored : cases) {
    v1::DeadlineItem* out = response->add_cases();
    *out->mutable_summary() = Summarize(scored.item, scored.updated_at);
    GK_ASSIGN_OR_RETURN(int days, working_days(scored.item));
    out->set_working_days(days);
  }
  if (more && !cases.empty()) response->set_next_page_token(std::to_string(cases.back().score));
  return absl::OkStatus();
}

absl::CivilDay DueDay(const v1::Case& item) {
  absl::CivilDay day;
  ParseDay(item.deadline().due_date(), &day);
  return day;
}

}  // namespace

// A department is a unit of the agency; the whole county names none.
absl::Status CheckDepartmentOf(const Agency* agency, absl::string_view department) {
  if (agency != nullptr) return agency->units.CheckCode(department);
  if (department.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError("`department` 须与 `page.agency` 一并指定");
}

absl::Status ListOverdue(CaseStore& store, const WorkingCalendar& calendar, const Agency* agency,
                         absl::Time now, const v1::DeadlineQueueRequest& request,
                         v1::DeadlineQueueResponse* response) {
  GK_RETURN_IF_ERROR(CheckDepartmentOf(agency, request.department()));
  const absl::CivilDay today = ChinaDay(now);
  return ListRange(
      store, agency, request, 0, DueScoreAfter(now),
      [&](const v1::Case& item) { return CountWorkingDays(calendar, DueDay(item), today, {}); },
      response);
}

absl::Status ListDueSoon(CaseStore& store, const WorkingCalendar& calendar, const Agency* agency,
                         absl::Time now, const v1::DeadlineQueueRequest& request,
                         v1::DeadlineQueueResponse* response) {
  GK_RETURN_IF_ERROR(CheckDepartmentOf(agency, request.department()));
  const int within = request.within_working_days() == 0 ? kDefaultDueSoonWorkingDays
                                                        : request.within_working_days();
  if (within < 1 || within > 20) {
    return absl::InvalidArgumentError("`within_working_days` 须在 1 至 20 之间");
  }
  const absl::CivilDay today = ChinaDay(now);
  GK_ASSIGN_OR_RETURN(absl::CivilDay last, AddWorkingDays(calendar, today, within));
  const int64_t until = DueScoreFloor(last + 1);
  return ListRange(
      store, agency, request, DueScoreAfter(now) - 1, until,
      [&](const v1::Case& item) { return CountWorkingDays(calendar, today, DueDay(item), {}); },
      response);
}

absl::Status DepartmentBoard(RedisConnection& redis, const WorkingCalendar& calendar,
                             const Agency& agency, absl::Time now,
                             v1::DepartmentBoardResponse* response) {
  const DepartmentCatalogue& catalogue = agency.units;
  std::vector<std::string> codes = {""};
  for (const Department& department : catalogue.departments()) codes.push_back(department.code);
  std::vector<std::string> departments;
  for (const std::string& code : codes) departments.push_back(DepartmentKey(agency.code, code));
  const absl::CivilDay today = ChinaDay(now);
  GK_ASSIGN_OR_RETURN(absl::CivilDay last,
                      AddWorkingDays(calendar, today, kDefaultDueSoonWorkingDays));
  GK_ASSIGN_OR_RETURN(absl::CivilDay last_of_3,
                      AddWorkingDays(calendar, today, kBoardDueWithinWorkingDays));
  // The trend's weeks, oldest first, this week last.
  std::vector<absl::CivilDay> weeks;
  for (int back = kBoardTrendWeeks - 1; back >= 0; --back) {
    weeks.push_back(WeekStart(today) - 7 * back);
  }
  GK_ASSIGN_OR_RETURN(BoardCounts board,
                      ReadBoard(redis, agency.code, departments, DueScoreAfter(now),
                                DueScoreFloor(last + 1), DueScoreFloor(last_of_3 + 1), weeks));
  board.missing.Answer("DepartmentBoard", response->mutable_missing_partitions());
  std::map<std::string, DepartmentCounts>& counts = board.departments;
  std::map<std::string, std::vector<WeekCounts>>& weekly = board.weeks;
  const auto add_weeks = [&](const std::vector<WeekCounts>& counted,
                             google::protobuf::RepeatedPtrField<v1::WeekCount>* out) {
    for (size_t i = 0; i < weeks.size(); ++i) {
      v1::WeekCount* week = out->Add();
      week->set_week_start(FormatDay(weeks[i]));
      week->set_received(counted[i].received);
      week->set_closed(counted[i].closed);
    }
  };
  add_weeks(weekly["*"], response->mutable_weeks());
  for (const std::string& code : codes) {
    const std::string key = DepartmentKey(agency.code, code);
    const DepartmentCounts& row = counts[key];
    v1::DepartmentRow* out = response->add_departments();
    out->set_department(code.empty() ? "-" : code);
    const Department* department = catalogue.Find(code);
    out->set_name(department ? department->name : "待分办");
    out->set_open(row.open);
    out->set_due_soon(row.due_soon);
    out->set_overdue(row.overdue);
    out->set_replied_on_time(row.replied_on_time);
    out->set_replied_late(row.replied_late);
    out->set_median_working_days_to_reply(MedianWorkingDays(row.replies_by_working_days));
    out->set_due_within_3_working_days(row.due_within_3);
    add_weeks(weekly[key], out->mutable_weeks());
  }
  // The bulletin names the slowest units first.
  std::sort(response->mutable_departments()->begin(), response->mutable_departments()->end(),
            [](const v1::DepartmentRow& a, const v1::DepartmentRow& b) {
              return std::make_tuple(-a.overdue(), -a.replied_late(),
                                     -a.median_working_days_to_reply(), a.department()) <
                     std::make_tuple(-b.overdue(), -b.replied_late(),
                                     -b.median_working_days_to_reply(), b.department());
            });
  response->set_as_of(FormatTimestamp(now));
  return absl::OkStatus();
}

namespace {

bool SameDeadline(const v1::Deadline& a, const v1::Deadline& b) {
  return a.due_date() == b.due_date() && a.provisional() == b.provisional();
}

// One case, read again and committed again until no one else changes it in between.
absl::Status RecomputeOne(CaseStore& store, const WorkingCalendar& calendar,
                          const std::string& number, absl::Time now,
                          v1::ReloadCalendarResponse& response) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    absl::StatusOr<v1::Case> current = store.Load(number, /*with_events=*/false);
    if (!current.ok()) return absl::OkStatus();  // closed or gone meanwhile
    auto change = RecomputeDeadline(*current, calendar, ServiceActor("tracker"), now);
    if (!change.ok() || SameDeadline(current->deadline(), change->after.deadline())) {
      return absl::OkStatus();  // the clock stopped, or the due date did not move
    }
    absl::StatusOr<int64_t> committed = store.Commit(*change);
    if (absl::IsAborted(committed.status())) continue;
    GK_RETURN_IF_ERROR(committed.status());
    response.set_cases_changed(response.cases_changed() + 1);
    return absl::OkStatus();
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::ReloadCalendarResponse> RecomputeRunningClocks(CaseStore& store,
                                                                  const WorkingCalendar& calendar,
                                                                  absl::Time now) {
  v1::ReloadCalendarResponse response;
  for (int year = 2000; year <= 2200; ++year) {
    if (calendar.HasYear(year)) response.add_years(year);
  }
  GK_ASSIGN_OR_RETURN(std::vector<std::string> running, store.RunningClocks());
  const v1::Actor actor = ServiceActor("tracker");
  // A province's running clocks, a thousand at a time: one round trip to read them and one to
  // commit the ones whose due date moved.
  constexpr size_t kBatch = 1000;
  for (size_t first = 0; first < running.size(); first += kBatch) {
    const std::vector<std::string> batch(
        running.begin() + first, running.begin() + std::min(running.size(), first + kBatch));
    GK_ASSIGN_OR_RETURN(auto loaded, store.LoadMany(batch));
    std::vector<std::string> committing;
    std::vector<CaseChange> changes;
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!loaded[i]) continue;
      auto change = RecomputeDeadline(*loaded[i], calendar, actor, now);
      if (!change.ok()) continue;  // the clock stopped meanwhile
      response.set_cases_checked(response.cases_checked() + 1);
      if (SameDeadline(loaded[i]->deadline(), change->after.deadline())) continue;
      spdlog::info("event=deadline_recomputed case={} from={} to={}", batch[i],
                   loaded[i]->deadline().due_date(), change->after.deadline().due_date());
      changes.push_back(*std::move(change));
      committing.push_back(batch[i]);
    }
    if (changes.empty()) continue;
    GK_ASSIGN_OR_RETURN(auto committed, store.CommitMany(changes));
    for (size_t i = 0; i < committed.size(); ++i) {
      if (committed[i].ok()) {
        response.set_cases_changed(response.cases_changed() + 1);
      } else if (absl::IsAborted(committed[i].status())) {
        // Changed since it was read: count that one again on its own.
        GK_RETURN_IF_ERROR(RecomputeOne(store, calendar, committing[i], now, response));
      } else if (!absl::IsNotFound(committed[i].status())) {
        return committed[i].status();
      }
    }
  }
  return response;
}

}  // namespace gongkai
