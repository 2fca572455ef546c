#include "calendar/working_calendar.h"

#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/staff_error.h"
#include "base/status_macros.h"
#include "base/text_file.h"

namespace gongkai {
namespace {

constexpr int kMaxRangeDays = 31;

bool IsWeekend(absl::CivilDay day) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
}

// The fixed-date holidays of the holiday law, the only days off a provisional year assumes.
bool IsFixedHoliday(absl::CivilDay day) {
  const int m = day.month(), d = day.day();
  return (m == 1 && d == 1) || (m == 5 && (d == 1 || d == 2)) || (m == 10 && d >= 1 && d <= 3);
}

absl::Status LineError(int line, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("calendar line ", line, ": ", problem));
}

// "02-15" within `year`.
bool ParseMonthDay(int year, absl::string_view text, absl::CivilDay* day) {
  int month = 0, dom = 0;
  if (text.size() != 5 || text[2] != '-' || !absl::SimpleAtoi(text.substr(0, 2), &month) ||
      !absl::SimpleAtoi(text.substr(3, 2), &dom)) {
    return false;
  }
  const absl::CivilDay parsed(year, month, dom);
  if (parsed.month() != month || parsed.day() != dom) return false;
  *day = parsed;
  return true;
}

}  // namespace

absl::string_view WeekdayName(absl::CivilDay day) {
  static constexpr absl::string_view kNames[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                 "Friday", "Saturday", "Sunday"};
  return kNames[static_cast<int>(absl::GetWeekday(day))];
}

absl::StatusOr<CalendarYear> WorkingCalendar::ParseYear(absl::string_view text) {
  CalendarYear year;
  int line_number = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++line_number;
    absl::string_view line = absl::StripAsciiWhitespace(raw.substr(0, raw.find('#')));
    if (line.empty()) continue;
    const size_t space = line.find(' ');
    const absl::string_view keyword = line.substr(0, space);
    const absl::string_view value =
        space == absl::string_view::npos ? "" : absl::StripAsciiWhitespace(line.substr(space));
    if (keyword == "year") {
      if (!absl::SimpleAtoi(value, &year.year) || year.year < 2000 || year.year > 2200) {
        return LineError(line_number, "`year` must be a year such as 2026");
      }
      continue;
    }
    if (keyword == "source") {
      year.source = std::string(value);
      continue;
    }
    if (keyword != "off" && keyword != "work") {
      return LineError(line_number, "expected `year`, `source`, `off` or `work`");
    }
    if (year.year == 0) return LineError(line_number, "`year` must come first");
    std::vector<absl::string_view> ends = absl::StrSplit(value, "..");
    absl::CivilDay first, last;
    if (ends.empty() || ends.size() > 2 || !ParseMonthDay(year.year, ends.front(), &first) ||
        !ParseMonthDay(year.year, ends.back(), &last) || last < first ||
        last - first >= kMaxRangeDays) {
      return LineError(line_number, "expected MM-DD or MM-DD..MM-DD (at most 31 days)");
    }
    for (absl::CivilDay day = first; day <= last; ++day) {
      if (keyword == "off") {
        year.days_off.insert(day);
      } else if (!IsWeekend(day)) {
        return LineError(line_number,
                         absl::StrCat("`work` day ", ends.front(), " is not a Saturday or Sunday"));
      } else {
        year.working_weekend_days.insert(day);
      }
    }
  }
  if (year.year == 0) return absl::InvalidArgumentError("calendar file names no `year`");
  for (absl::CivilDay day : year.working_weekend_days) {
    if (year.days_off.count(day)) {
      return absl::InvalidArgumentError(
          absl::StrCat("calendar ", year.year, ": a day is both `off` and `work`"));
    }
  }
  return year;
}

absl::StatusOr<WorkingCalendar> WorkingCalendar::LoadDirectory(const std::string& directory,
                                                               UnknownYears policy) {
  WorkingCalendar calendar(policy);
  std::vector<std::filesystem::path> national, local;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    const std::string name = entry.path().filename().string();
    if (!absl::EndsWith(name, ".conf")) continue;
    (absl::StartsWith(name, "local-") ? local : national).push_back(entry.path());
  }
  if (error) {
    return absl::NotFoundError(absl::StrCat("cannot read calendar directory ", directory));
  }
  std::sort(national.begin(), national.end());
  std::sort(local.begin(), local.end());
  for (const auto& path : national) {
    GK_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path.string()));
    absl::StatusOr<CalendarYear> year = ParseYear(text);
    if (!year.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path.filename().string(), ": ", year.status().message()));
    }
    calendar.SetYear(*std::move(year));
  }
  for (const auto& path : local) {
    GK_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path.string()));
    absl::StatusOr<CalendarYear> overlay = ParseYear(text);
    if (!overlay.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path.filename().string(), ": ", overlay.status().message()));
    }
    calendar.AddLocalDaysOff(*overlay);
  }
  return calendar;
}

void WorkingCalendar::SetYear(CalendarYear year) { years_[year.year] = std::move(year); }

void WorkingCalendar::AddLocalDaysOff(const CalendarYear& overlay) {
  local_days_off_[overlay.year].insert(overlay.days_off.begin(), overlay.days_off.end());
}

const CalendarYear* WorkingCalendar::Year(int year) const {
  auto found = years_.find(year);
  return found == years_.end() ? nullptr : &found->second;
}

absl::StatusOr<DayInfo> WorkingCalendar::Classify(absl::CivilDay day) const {
  DayInfo info;
  const int year = static_cast<int>(day.year());
  auto local = local_days_off_.find(year);
  const bool local_off = local != local_days_off_.end() && local->second.count(day) > 0;
  const CalendarYear* notice = Year(year);
  if (notice == nullptr) {
    if (policy_ == UnknownYears::kRefuse) {
      return StaffError(
          absl::StatusCode::kFailedPrecondition,
          absl::StrCat("尚未载入 ", year,
                       " 年的节假日安排，无法计算该年的工作日；请联系系统管理员"
                       "载入当年的工作日历后再办理"),
          absl::StrCat("the holiday notice for ", year, " is not loaded; working days in ", year,
                       " cannot be counted yet"));
    }
    info.provisional = true;
    if (IsFixedHoliday(day) || local_off) {
      info.kind = DayKind::kHoliday;
    } else {
      info.kind = IsWeekend(day) ? DayKind::kWeekend : DayKind::kWeekday;
    }
  } else if (notice->days_off.count(day) || local_off) {
    info.kind = DayKind::kHoliday;
  } else if (notice->working_weekend_days.count(day)) {
    info.kind = DayKind::kMakeUpWorkday;
  } else {
    info.kind = IsWeekend(day) ? DayKind::kWeekend : DayKind::kWeekday;
  }
  info.working = info.kind == DayKind::kWeekday || info.kind == DayKind::kMakeUpWorkday;
  return info;
}

}  // namespace gongkai
