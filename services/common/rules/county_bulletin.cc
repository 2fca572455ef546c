#include "rules/county_bulletin.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "absl/numeric/int128.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/clock.h"

namespace gongkai {
namespace {

// Months since year 0: the period's bounds compare and subtract as plain integers.
int MonthIndex(int year, int month) { return year * 12 + (month - 1); }

absl::Status ParseMonth(absl::string_view field, absl::string_view text, int& year, int& month) {
  const bool shaped = text.size() == 7 && text[4] == '-' &&
                      std::all_of(text.begin(), text.begin() + 4, absl::ascii_isdigit) &&
                      absl::ascii_isdigit(text[5]) && absl::ascii_isdigit(text[6]) &&
                      absl::SimpleAtoi(text.substr(0, 4), &year) &&
                      absl::SimpleAtoi(text.substr(5, 2), &month) && month >= 1 && month <= 12;
  if (!shaped) {
    return absl::InvalidArgumentError(
        absl::StrCat("`", field, "` 须为 YYYY-MM 格式的年月，如 2026-01"));
  }
  if (year < 2000 || year > 2100) {
    return absl::InvalidArgumentError(absl::StrCat("`", field, "` 的年份须在 2000 至 2100 之间"));
  }
  return absl::OkStatus();
}

std::string YearMonth(int year, int month) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", year, month);
  return text;
}

// The share of an agency's replies that came late, compared without rounding: a/b > c/d as
// a*d > c*b. No replies at all counts as no late share.
bool LateShareGreater(const v1::AgencyFigures& a, const v1::AgencyFigures& b) {
  const absl::int128 a_replies = absl::int128(a.replied_on_time()) + a.replied_late();
  const absl::int128 b_replies = absl::int128(b.replied_on_time()) + b.replied_late();
  const absl::int128 a_side = a_replies == 0 ? 0 : absl::int128(a.replied_late()) * b_replies;
  const absl::int128 b_side = b_replies == 0 ? 0 : absl::int128(b.replied_late()) * a_replies;
  return a_side > b_side;
}

int64_t Faults(const v1::AgencyFigures& figures) {
  return figures.overdue() + figures.replied_late();
}

bool SameFigures(const v1::AgencyFigures& a, const v1::AgencyFigures& b) {
  return std::make_tuple(a.overdue(), a.replied_late(), a.replied_on_time()) ==
         std::make_tuple(b.overdue(), b.replied_late(), b.replied_on_time());
}

}  // namespace

absl::StatusOr<BulletinPeriod> ParseBulletinPeriod(absl::string_view from_month,
                                                   absl::string_view to_month) {
  BulletinPeriod period{};
  if (absl::Status status =
          ParseMonth("from_month", from_month, period.from_year, period.from_month);
      !status.ok()) {
    return status;
  }
  if (absl::Status status = ParseMonth("to_month", to_month, period.to_year, period.to_month);
      !status.ok()) {
    return status;
  }
  const int from = MonthIndex(period.from_year, period.from_month);
  const int to = MonthIndex(period.to_year, period.to_month);
  if (to < from) return absl::InvalidArgumentError("`to_month` 不得早于 `from_month`");
  if (to - from + 1 > kMaxBulletinMonths) {
    return absl::InvalidArgumentError(
        absl::StrCat("`to_month` 距 `from_month` 不得超过 ", kMaxBulletinMonths, " 个月"));
  }
  return period;
}

std::vector<std::string> MonthsOf(const BulletinPeriod& period) {
  std::vector<std::string> months;
  const int to = MonthIndex(period.to_year, period.to_month);
  for (int m = MonthIndex(period.from_year, period.from_month); m <= to; ++m) {
    months.push_back(YearMonth(m / 12, m % 12 + 1));
  }
  return months;
}

std::string PeriodLabel(const BulletinPeriod& period) {
  static constexpr absl::string_view kQuarters[] = {"第一季度", "第二季度", "第三季度", "第四季度"};
  const int year = period.from_year;
  const int first = period.from_month;
  const int last = period.to_month;
  if (period.to_year != year) {
    return absl::StrCat(year, "年", first, "月至", period.to_year, "年", last, "月");
  }
  if (first == 1 && last == 12) return absl::StrCat(year, "年");
  if (first == 1 && last == 6) return absl::StrCat(year, "年上半年");
  if (first == 7 && last == 12) return absl::StrCat(year, "年下半年");
  if ((first - 1) % 3 == 0 && last == first + 2) {
    return absl::StrCat(year, "年", kQuarters[(first - 1) / 3]);
  }
  if (first == last) return absl::StrCat(year, "年", first, "月");
  return absl::StrCat(year, "年", first, "月至", last, "月");
}

std::string BulletinTitle(const BulletinPeriod& period) {
  return absl::StrCat("关于", PeriodLabel(period), "政府信息公开申请办理情况的通报");
}

v1::AgencyFigures SumFigures(const std::vector<v1::AgencyFigures>& agencies) {
  v1::AgencyFigures totals;
  totals.set_agency("*");
  totals.set_name("全县");
  for (const v1::AgencyFigures& figures : agencies) {
    totals.set_received(totals.received() + figures.received());
    totals.set_closed(totals.closed() + figures.closed());
    totals.set_open(totals.open() + figures.open());
    totals.set_overdue(totals.overdue() + figures.overdue());
    totals.set_replied_on_time(totals.replied_on_time() + figures.replied_on_time());
    totals.set_replied_late(totals.replied_late() + figures.replied_late());
  }
  return totals;
}

v1::Bulletin MakeBulletin(std::vector<v1::AgencyFigures> agencies, const BulletinPeriod& period,
                          absl::CivilDay issued_on, absl::string_view issuer) {
  v1::Bulletin bulletin;
  bulletin.set_title(BulletinTitle(period));
  bulletin.set_from_month(YearMonth(period.from_year, period.from_month));
  bulletin.set_to_month(YearMonth(period.to_year, period.to_month));
  bulletin.set_issued_on(FormatDay(issued_on));
  bulletin.set_issuer(std::string(issuer));
  *bulletin.mutable_totals() = SumFigures(agencies);

  std::vector<size_t> ranked;  // indexes into `agencies`, so that ties keep the catalogue's order
  for (size_t i = 0; i < agencies.size(); ++i) {
    if (Faults(agencies[i]) > 0) {
      ranked.push_back(i);
    } else {
      *bulletin.add_clean() = agencies[i];
    }
    if (agencies[i].report_late()) *bulletin.add_late_reports() = agencies[i];
  }
  std::stable_sort(ranked.begin(), ranked.end(), [&](size_t left, size_t right) {
    const v1::AgencyFigures& a = agencies[left];
    const v1::AgencyFigures& b = agencies[right];
    if (Faults(a) != Faults(b)) return Faults(a) > Faults(b);
    if (a.overdue() != b.overdue()) return a.overdue() > b.overdue();
    if (LateShareGreater(a, b)) return true;
    if (LateShareGreater(b, a)) return false;
    // Decides only when neither replied late (equal faults and overdue with an equal late share
    // means equal late replies, and then equal on-time ones unless there are none late): keeps
    // agencies with the same figures side by side, so that they share a rank.
    return a.replied_on_time() < b.replied_on_time();
  });
  for (size_t position = 0; position < ranked.size(); ++position) {
    v1::AgencyFigures& figures = agencies[ranked[position]];
    const v1::BulletinEntry* previous =
        position == 0 ? nullptr : &bulletin.ranked(bulletin.ranked_size() - 1);
    const bool tied = previous != nullptr && SameFigures(figures, previous->figures());
    const int rank = tied ? previous->rank() : static_cast<int>(position) + 1;
    v1::BulletinEntry* entry = bulletin.add_ranked();
    entry->set_rank(rank);
    *entry->mutable_figures() = std::move(figures);
  }
  return bulletin;
}

}  // namespace gongkai
