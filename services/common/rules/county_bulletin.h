// The county's 通报: over a period of months, the agencies that left requests unanswered past
// their due date or answered late, worst first, so that the county government can name the
// lagging units and ask them to put things right (Regulations Art. 46-47: the disclosure office
// assesses the agencies' work, 督促整改 or 通报批评). Also the period's label and the title the
// bulletin carries, and the county's totals printed under every agency's figures.
//
// Ranking: an agency with any overdue (open past its due date, as of today) or late (answered
// after it) request is ranked; the others are listed as clean. Worst first by overdue + late,
// then overdue, then the share of its replies that came late, then fewer replies on time (which
// decides only between agencies whose faults are all overdue), then the catalogue's order.
// Agencies with the same overdue, late and on-time figures share a rank (1, 2, 2, 4).
//
// The period is whole months, at most 24; the counters are per month (late:2026-01), so
// MonthsOf gives the fields to read and sum.
//
// Example:
//   GK_ASSIGN_OR_RETURN(BulletinPeriod period, ParseBulletinPeriod("2026-01", "2026-03"));
//   PeriodLabel(period) == "2026年第一季度";
//   v1::Bulletin bulletin =
//       MakeBulletin(figures, period, absl::CivilDay(2026, 4, 3), "某某县人民政府");
//   // bulletin.title() == "关于2026年第一季度政府信息公开申请办理情况的通报"
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "gongkai/v1/report.pb.h"

namespace gongkai {

// Whole months, from the first through the last (inclusive).
struct BulletinPeriod {
  int from_year;
  int from_month;
  int to_year;
  int to_month;
};

// The longest period a bulletin covers, in months.
inline constexpr int kMaxBulletinMonths = 24;

// `from_month` and `to_month` as YYYY-MM, years 2000-2100, from not after to, at most
// kMaxBulletinMonths months inclusive; INVALID_ARGUMENT naming the field, in Chinese, otherwise.
absl::StatusOr<BulletinPeriod> ParseBulletinPeriod(absl::string_view from_month,
                                                   absl::string_view to_month);

// "2026-01", "2026-02", …: every month of the period, in order.
std::vector<std::string> MonthsOf(const BulletinPeriod& period);

// "2026年第一季度", "2026年上半年", "2026年下半年", "2026年" (a whole calendar year), "2026年3月",
// "2026年1月至5月", "2025年11月至2026年2月".
std::string PeriodLabel(const BulletinPeriod& period);

// "关于2026年第一季度政府信息公开申请办理情况的通报".
std::string BulletinTitle(const BulletinPeriod& period);

// The county's totals: agency "*", name 全县, the counts summed, the report fields empty.
v1::AgencyFigures SumFigures(const std::vector<v1::AgencyFigures>& agencies);

// The bulletin over `agencies` (in the catalogue's order), issued on `issued_on` by `issuer`.
v1::Bulletin MakeBulletin(std::vector<v1::AgencyFigures> agencies, const BulletinPeriod& period,
                          absl::CivilDay issued_on, absl::string_view issuer);

}  // namespace gongkai
