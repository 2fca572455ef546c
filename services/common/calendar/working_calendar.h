// Working days in mainland China: Monday-Friday, minus the days off of the State Council's
// yearly holiday notice, plus the weekend days it declares working days (调休上班).
//
// Years are loaded from data files (deploy/calendar/YYYY.conf, format in its README). A date in
// a year with no file is either classified by the provisional rule and marked provisional, or
// refused with FAILED_PRECONDITION, by policy: never a silent guess.
//
// Example:
//   GK_ASSIGN_OR_RETURN(WorkingCalendar calendar,
//                       WorkingCalendar::LoadDirectory("deploy/calendar",
//                       UnknownYears::kProvisional));
//   GK_ASSIGN_OR_RETURN(DayInfo day, calendar.Classify(absl::CivilDay(2026, 2, 14)));
//   // day.working == true, day.kind == DayKind::kMakeUpWorkday
#pragma once

#include <map>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace gongkai {

enum class UnknownYears { kProvisional, kRefuse };

enum class DayKind {
  kWeekday,        // an ordinary Monday-Friday
  kWeekend,        // an ordinary Saturday or Sunday
  kHoliday,        // a day off by the notice (or a local day off)
  kMakeUpWorkday,  // a weekend day the notice makes a working day
};

struct DayInfo {
  bool working = false;
  DayKind kind = DayKind::kWeekday;
  bool provisional = false;  // the year's notice is not loaded; the provisional rule decided
};

// One year's notice: its days off and its make-up working days.
struct CalendarYear {
  int year = 0;
  std::string source;
  std::set<absl::CivilDay> days_off;
  std::set<absl::CivilDay> working_weekend_days;
};

class WorkingCalendar {
 public:
  explicit WorkingCalendar(UnknownYears policy = UnknownYears::kProvisional) : policy_(policy) {}

  // Parses a year file or a local overlay file. INVALID_ARGUMENT naming the line on error.
  static absl::StatusOr<CalendarYear> ParseYear(absl::string_view text);

  // Every YYYY.conf of `directory`, then every local-*.conf on top.
  static absl::StatusOr<WorkingCalendar> LoadDirectory(const std::string& directory,
                                                       UnknownYears policy);

  // Adds a national year (replacing one already loaded: a corrected notice).
  void SetYear(CalendarYear year);
  // Adds local days off to a year.
  void AddLocalDaysOff(const CalendarYear& overlay);

  absl::StatusOr<DayInfo> Classify(absl::CivilDay day) const;

  bool HasYear(int year) const { return years_.count(year) > 0; }
  const CalendarYear* Year(int year) const;
  UnknownYears policy() const { return policy_; }

 private:
  UnknownYears policy_;
  std::map<int, CalendarYear> years_;
  std::map<int, std::set<absl::CivilDay>> local_days_off_;
};

// "Saturday" and the like, for explanations.
absl::string_view WeekdayName(absl::CivilDay day);

}  // namespace gongkai
