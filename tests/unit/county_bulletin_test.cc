#include "rules/county_bulletin.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "agency_figures.h"

namespace gongkai {
namespace {

BulletinPeriod Period(absl::string_view from, absl::string_view to) {
  absl::StatusOr<BulletinPeriod> period = ParseBulletinPeriod(from, to);
  EXPECT_TRUE(period.ok()) << period.status();
  return period.value_or(BulletinPeriod{});
}

std::string Error(absl::string_view from, absl::string_view to) {
  absl::StatusOr<BulletinPeriod> period = ParseBulletinPeriod(from, to);
  EXPECT_EQ(period.status().code(), absl::StatusCode::kInvalidArgument) << from << " " << to;
  return std::string(period.status().message());
}

TEST(BulletinPeriod, AcceptsWholeMonthsUpToTwoYears) {
  BulletinPeriod quarter = Period("2026-01", "2026-03");
  EXPECT_EQ(quarter.from_year, 2026);
  EXPECT_EQ(quarter.from_month, 1);
  EXPECT_EQ(quarter.to_year, 2026);
  EXPECT_EQ(quarter.to_month, 3);

  BulletinPeriod longest = Period("2025-01", "2026-12");  // 24 months, both ends included
  EXPECT_EQ(longest.from_year, 2025);
  EXPECT_EQ(longest.to_month, 12);
  EXPECT_EQ(MonthsOf(longest).size(), 24u);

  BulletinPeriod edge = Period("2100-12", "2100-12");
  EXPECT_EQ(MonthsOf(edge), std::vector<std::string>{"2100-12"});
  EXPECT_EQ(Period("2000-01", "2000-01").from_year, 2000);
}

TEST(BulletinPeriod, RejectsEachFieldWithItsMessage) {
  const std::string from_format = "`from_month` 须为 YYYY-MM 格式的年月，如 2026-01";
  const std::string to_format = "`to_month` 须为 YYYY-MM 格式的年月，如 2026-01";
  for (absl::string_view bad : {"", "2026-1", "2026-13", "2026-00", "2026/01", "2026-01-01",
                                "202a-01", "+026-01", "2026--1", " 2026-01"}) {
    EXPECT_EQ(Error(bad, "2026-03"), from_format) << bad;
    EXPECT_EQ(Error("2026-01", bad), to_format) << bad;
  }
  EXPECT_EQ(Error("1999-12", "2000-01"), "`from_month` 的年份须在 2000 至 2100 之间");
  EXPECT_EQ(Error("2100-12", "2101-01"), "`to_month` 的年份须在 2000 至 2100 之间");
  EXPECT_EQ(Error("2026-03", "2026-02"), "`to_month` 不得早于 `from_month`");
  EXPECT_EQ(Error("2026-01", "2025-12"), "`to_month` 不得早于 `from_month`");
  EXPECT_EQ(Error("2025-01", "2027-01"), "`to_month` 距 `from_month` 不得超过 24 个月");
  // The first bad field is the one named.
  EXPECT_EQ(Error("x", "y"), from_format);
}

TEST(BulletinPeriod, MonthsRunAcrossTheYearEnd) {
  EXPECT_EQ(MonthsOf(Period("2025-11", "2026-02")),
            (std::vector<std::string>{"2025-11", "2025-12", "2026-01", "2026-02"}));
  EXPECT_EQ(MonthsOf(Period("2026-09", "2026-10")),
            (std::vector<std::string>{"2026-09", "2026-10"}));
}

TEST(BulletinPeriod, LabelsNameQuartersHalvesYearsAndRanges) {
  const std::vector<std::pair<std::pair<std::string, std::string>, std::string>> cases = {
      {{"2026-01", "2026-03"}, "2026年第一季度"},
      {{"2026-04", "2026-06"}, "2026年第二季度"},
      {{"2026-07", "2026-09"}, "2026年第三季度"},
      {{"2026-10", "2026-12"}, "2026年第四季度"},
      {{"2026-01", "2026-06"}, "2026年上半年"},
      {{"2026-07", "2026-12"}, "2026年下半年"},
      {{"2026-01", "2026-12"}, "2026年"},
      {{"2026-03", "2026-03"}, "2026年3月"},
      {{"2026-01", "2026-05"}, "2026年1月至5月"},
      {{"2026-02", "2026-04"}, "2026年2月至4月"},  // three months, but not a quarter
      {{"2026-03", "2026-12"}, "2026年3月至12月"},
      {{"2025-11", "2026-02"}, "2025年11月至2026年2月"},
      {{"2025-01", "2026-12"}, "2025年1月至2026年12月"},
      {{"2025-10", "2025-12"}, "2025年第四季度"},
  };
  for (const auto& [months, label] : cases) {
    EXPECT_EQ(PeriodLabel(Period(months.first, months.second)), label) << months.first;
  }
  EXPECT_EQ(BulletinTitle(Period("2026-01", "2026-03")),
            "关于2026年第一季度政府信息公开申请办理情况的通报");
  EXPECT_EQ(BulletinTitle(Period("2025-11", "2026-02")),
            "关于2025年11月至2026年2月政府信息公开申请办理情况的通报");
}

// Every agency's report on the year before is due by 31 January.
v1::AgencyFigures Figures(const std::string& code, const std::string& name, const std::string& kind,
                          int64_t received, int64_t closed, int64_t open, int64_t overdue,
                          int64_t on_time, int64_t late) {
  v1::AgencyFigures figures =
      AgencyFiguresOf(code, name, kind, received, closed, open, overdue, on_time, late);
  figures.set_report_due("2026-01-31");
  return figures;
}

// Eleven agencies in the catalogue's order, scripted to exercise every key of the ranking.
std::vector<v1::AgencyFigures> County() {
  std::vector<v1::AgencyFigures> agencies = {
      Figures("xzf", "县人民政府", "county", 6, 5, 1, 0, 5, 0),          // clean
      Figures("czj", "县财政局", "department", 8, 4, 4, 2, 3, 1),        // 3 faults, 2 overdue
      Figures("jyj", "县教育局", "department", 4, 4, 0, 0, 1, 3),        // 3 faults, 0 overdue
      Figures("gaj", "县公安局", "department", 8, 6, 2, 1, 3, 3),        // 4 faults: the worst
      Figures("zrj", "县自然资源局", "department", 6, 4, 2, 2, 3, 1),    // as czj: shares its rank
      Figures("jz", "甲镇人民政府", "township", 0, 0, 0, 0, 0, 0),       // clean, nothing received
      Figures("yz", "乙镇人民政府", "township", 3, 0, 3, 3, 0, 0),       // 3 overdue, no reply
      Figures("wsj", "县卫生健康委", "department", 10, 10, 0, 0, 9, 1),  // 1 late of 10
      Figures("bz", "丙镇人民政府", "township", 2, 2, 0, 0, 1, 1),       // 1 late of 2
      Figures("dz", "丁镇人民政府", "township", 7, 4, 3, 3, 4, 0),       // 3 overdue, 4 on time
      Figures("wz", "戊镇人民政府", "township", 3, 0, 3, 3, 0, 0),       // as 乙镇, not beside it
  };
  agencies[1].set_report_late(true);
  agencies[5].set_report_late(true);
  agencies[0].set_report_due("2026-03-31");
  agencies[0].set_report_published("2026-03-20T02:00:00Z");
  return agencies;
}

TEST(Bulletin, RanksWorstFirstWithSharedRanks) {
  const v1::Bulletin bulletin = MakeBulletin(County(), Period("2026-01", "2026-03"),
                                             absl::CivilDay(2026, 4, 3), "某某县人民政府");
  std::vector<std::pair<int, std::string>> ranked;
  for (const v1::BulletinEntry& entry : bulletin.ranked()) {
    ranked.emplace_back(entry.rank(), entry.figures().name());
  }
  const std::vector<std::pair<int, std::string>> expected = {
      {1, "县公安局"},      // overdue + late 4
      {2, "乙镇人民政府"},  // 3, of which 3 overdue, no reply at all
      {2, "戊镇人民政府"},  // the same figures: the same rank, beside it
      {4, "丁镇人民政府"},  // 3 overdue too, but 4 replies on time
      {5, "县财政局"},      // 3, of which 2 overdue, 1 of 4 replies late
      {5, "县自然资源局"},  // the same figures
      {7, "县教育局"},      // 3, none overdue
      {8, "丙镇人民政府"},  // 1: half its replies late
      {9, "县卫生健康委"},  // 1: a tenth of its replies late, though earlier in the catalogue
  };
  EXPECT_EQ(ranked, expected);
  // The figures travel with the entry.
  EXPECT_EQ(bulletin.ranked(0).figures().agency(), "gaj");
  EXPECT_EQ(bulletin.ranked(0).figures().replied_late(), 3);

  std::vector<std::string> clean;
  for (const v1::AgencyFigures& figures : bulletin.clean()) clean.push_back(figures.name());
  EXPECT_EQ(clean, (std::vector<std::string>{"县人民政府", "甲镇人民政府"}));

  std::vector<std::string> late;
  for (const v1::AgencyFigures& figures : bulletin.late_reports()) late.push_back(figures.name());
  EXPECT_EQ(late, (std::vector<std::string>{"县财政局", "甲镇人民政府"}));
}

TEST(Bulletin, CarriesTitlePeriodDateIssuerAndTotals) {
  const v1::Bulletin bulletin = MakeBulletin(County(), Period("2025-11", "2026-02"),
                                             absl::CivilDay(2026, 3, 5), "某某县人民政府");
  EXPECT_EQ(bulletin.title(), "关于2025年11月至2026年2月政府信息公开申请办理情况的通报");
  EXPECT_EQ(bulletin.from_month(), "2025-11");
  EXPECT_EQ(bulletin.to_month(), "2026-02");
  EXPECT_EQ(bulletin.issued_on(), "2026-03-05");
  EXPECT_EQ(bulletin.issuer(), "某某县人民政府");

  const v1::AgencyFigures& totals = bulletin.totals();
  EXPECT_EQ(totals.agency(), "*");
  EXPECT_EQ(totals.name(), "全县");
  EXPECT_EQ(totals.kind(), "");
  EXPECT_EQ(totals.received(), 57);
  EXPECT_EQ(totals.closed(), 39);
  EXPECT_EQ(totals.open(), 18);
  EXPECT_EQ(totals.overdue(), 14);
  EXPECT_EQ(totals.replied_on_time(), 29);
  EXPECT_EQ(totals.replied_late(), 10);
  EXPECT_EQ(totals.report_due(), "");
  EXPECT_EQ(totals.report_published(), "");
  EXPECT_FALSE(totals.report_late());
}

TEST(Bulletin, EveryoneCleanRanksNobody) {
  std::vector<v1::AgencyFigures> agencies = {
      Figures("czj", "县财政局", "department", 2, 2, 0, 0, 2, 0),
      Figures("jz", "甲镇人民政府", "township", 0, 0, 0, 0, 0, 0),
  };
  const v1::Bulletin bulletin = MakeBulletin(agencies, Period("2026-03", "2026-03"),
                                             absl::CivilDay(2026, 4, 1), "某某县人民政府");
  EXPECT_EQ(bulletin.title(), "关于2026年3月政府信息公开申请办理情况的通报");
  EXPECT_EQ(bulletin.ranked_size(), 0);
  ASSERT_EQ(bulletin.clean_size(), 2);
  EXPECT_EQ(bulletin.clean(0).agency(), "czj");
  EXPECT_EQ(bulletin.clean(1).agency(), "jz");
  EXPECT_EQ(bulletin.late_reports_size(), 0);
}

TEST(SumFigures, OfNothingIsZeros) {
  const v1::AgencyFigures totals = SumFigures({});
  EXPECT_EQ(totals.agency(), "*");
  EXPECT_EQ(totals.name(), "全县");
  EXPECT_EQ(totals.received(), 0);
  EXPECT_EQ(totals.replied_late(), 0);
}

}  // namespace
}  // namespace gongkai
