#include "documents/county_rendering.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "agency_figures.h"
#include "rules/annual_report.h"
#include "rules/county_bulletin.h"

namespace gongkai {
namespace {

// Two ranked (乙镇 worse than 县财政局), two clean (丙镇 received nothing, so has no late share).
v1::Bulletin SmallBulletin(const std::string& finance_name = "县财政局") {
  std::vector<v1::AgencyFigures> agencies = {
      AgencyFiguresOf("czj", finance_name, "department", 8, 4, 4, 2, 3, 1),
      AgencyFiguresOf("jz", "甲镇人民政府", "township", 2, 2, 0, 0, 2, 0),
      AgencyFiguresOf("yz", "乙镇人民政府", "township", 3, 0, 3, 3, 0, 0),
      AgencyFiguresOf("bz", "丙镇人民政府", "township", 0, 0, 0, 0, 0, 0),
  };
  agencies[0].set_report_due("2026-01-31");
  agencies[0].set_report_late(true);
  absl::StatusOr<BulletinPeriod> period = ParseBulletinPeriod("2026-01", "2026-03");
  EXPECT_TRUE(period.ok());
  return MakeBulletin(agencies, *period, absl::CivilDay(2026, 4, 3), "某某县人民政府");
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(BulletinRendering, CsvIsTheWholeTableWithTotals) {
  EXPECT_EQ(RenderBulletin(SmallBulletin(), ReportFormat::kCsv),
            "\xEF\xBB\xBF"
            "\"名次\",\"机关\",\"逾期未答复\",\"逾期答复\",\"按期答复\",\"逾期答复占比\","
            "\"收到申请\",\"办结\"\r\n"
            "1,\"乙镇人民政府\",3,0,0,,3,0\r\n"
            "2,\"县财政局\",2,1,3,25.0%,8,4\r\n"
            ",\"甲镇人民政府\",0,0,2,0.0%,2,2\r\n"
            ",\"丙镇人民政府\",0,0,0,,0,0\r\n"
            ",\"全县合计\",5,1,5,16.7%,13,6\r\n");
}

TEST(BulletinRendering, CsvQuotesNamesWithQuotes) {
  const std::string csv = RenderBulletin(SmallBulletin("县\"财政\",局"), ReportFormat::kCsv);
  EXPECT_TRUE(Contains(csv, "\r\n2,\"县\"\"财政\"\",局\",2,1,3,25.0%,8,4\r\n")) << csv;
}

TEST(BulletinRendering, MarkdownIsAHeadingAndTheTable) {
  EXPECT_EQ(RenderBulletin(SmallBulletin("县财政局|预算"), ReportFormat::kMarkdown),
            "## 关于2026年第一季度政府信息公开申请办理情况的通报\n\n"
            "| 名次 | 机关 | 逾期未答复 | 逾期答复 | 按期答复 | 逾期答复占比 | 收到申请 | 办结 |\n"
            "|---:|---|---:|---:|---:|---:|---:|---:|\n"
            "| 1 | 乙镇人民政府 | 3 | 0 | 0 | — | 3 | 0 |\n"
            "| 2 | 县财政局\\|预算 | 2 | 1 | 3 | 25.0% | 8 | 4 |\n"
            "|  | 甲镇人民政府 | 0 | 0 | 2 | 0.0% | 2 | 2 |\n"
            "|  | 丙镇人民政府 | 0 | 0 | 0 | — | 0 | 0 |\n"
            "|  | 全县合计 | 5 | 1 | 5 | 16.7% | 13 | 6 |\n");
}

// The late share is rounded half up to a tenth of a percent.
TEST(BulletinRendering, LateShareHasOneDecimal) {
  const std::vector<std::pair<std::pair<int64_t, int64_t>, std::string>> cases = {
      {{1, 15}, "6.3%"},   // 6.25
      {{2, 1}, "66.7%"},   // 66.666…
      {{1, 2}, "33.3%"},   // 33.333…
      {{1, 7}, "12.5%"},   // exact
      {{3, 0}, "100.0%"},  // every reply late
  };
  for (const auto& [late_and_on_time, share] : cases) {
    v1::Bulletin bulletin;
    *bulletin.mutable_totals() = AgencyFiguresOf("*", "全县", "", 0, 0, 0, 0,
                                                 late_and_on_time.second, late_and_on_time.first);
    EXPECT_TRUE(Contains(RenderBulletin(bulletin, ReportFormat::kCsv),
                         absl::StrCat(",", share, ",0,0\r\n")))
        << share;
  }
}

TEST(BulletinRendering, HtmlIsAnA4DocumentWithEscapedNames) {
  const std::string html = RenderBulletin(SmallBulletin("县<财政>&局"), ReportFormat::kHtml);
  EXPECT_TRUE(Contains(html, "<!DOCTYPE html>"));
  EXPECT_TRUE(Contains(html, "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }"));
  EXPECT_TRUE(Contains(html,
                       "<h1>关于2026年第一季度政府信息公开申请办理情况的通报</h1>\n"
                       "<p class=\"flush\">各乡镇人民政府，县政府各部门：</p>\n"));
  EXPECT_TRUE(Contains(html,
                       "<p>2026年第一季度，全县共收到政府信息公开申请13件，办结6件，其中按期答复"
                       "5件、逾期答复1件；截至2026年4月3日，仍有5件申请逾期未答复。现将各单位办理"
                       "情况通报如下。</p>\n"))
      << html;
  EXPECT_TRUE(
      Contains(html,
               "<p class=\"section\">一、存在逾期情况的单位</p>\n"
               "<p>本期有2个单位存在逾期未答复或逾期答复的情况，按逾期件数（逾期未答复与逾期"
               "答复之和）由多到少排列如下：</p>\n<table>\n<thead>\n<tr><th>名次</th>"
               "<th>机关</th><th>逾期未答复</th><th>逾期答复</th><th>按期答复</th>"
               "<th>逾期答复占比</th><th>收到申请</th><th>办结</th></tr>\n</thead>\n"))
      << html;
  EXPECT_TRUE(Contains(html,
                       "<tr><td class=\"n\">1</td><td>乙镇人民政府</td><td class=\"n\">3</td>"
                       "<td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">—</td>"
                       "<td class=\"n\">3</td><td class=\"n\">0</td></tr>\n"
                       "<tr><td class=\"n\">2</td><td>县&lt;财政&gt;&amp;局</td>"
                       "<td class=\"n\">2</td><td class=\"n\">1</td><td class=\"n\">3</td>"
                       "<td class=\"n\">25.0%</td><td class=\"n\">8</td><td class=\"n\">4</td>"
                       "</tr>\n</tbody>\n</table>\n"))
      << html;
  EXPECT_TRUE(Contains(html,
                       "<p class=\"section\">二、无逾期情况的单位</p>\n"
                       "<p>甲镇人民政府、丙镇人民政府等2个单位本期无逾期未答复和逾期答复的情况。"
                       "</p>\n"))
      << html;
  EXPECT_TRUE(
      Contains(html,
               "<p class=\"section\">三、年度报告逾期未发布的单位</p>\n"
               "<p>截至2026年4月3日，县&lt;财政&gt;&amp;局（应于2026年1月31日前发布）尚未"
               "发布2025年政府信息公开工作年度报告，已超过《中华人民共和国政府信息公开条例》"
               "第四十九条规定的期限。</p>\n"))
      << html;
  EXPECT_TRUE(
      Contains(html,
               "<p>请上述存在逾期情况的单位认真分析原因，限期整改，对逾期未答复的申请尽快"
               "依法作出答复；年度报告逾期未发布的单位应当立即发布。各单位要严格执行"
               "《中华人民共和国政府信息公开条例》规定的答复期限，加强对申请办理的跟踪督办，"
               "确保每一件申请依法按期答复。</p>\n"
               "<p class=\"signature\">某某县人民政府</p>\n"
               "<p class=\"date\">2026年4月3日</p>\n</body>\n</html>\n"))
      << html;
  EXPECT_FALSE(Contains(html, "<财政>"));
  EXPECT_FALSE(Contains(html, "全县合计"));  // the totals are in the opening paragraph
}

TEST(BulletinRendering, HtmlOfACleanPeriod) {
  std::vector<v1::AgencyFigures> agencies = {
      AgencyFiguresOf("czj", "县财政局", "department", 2, 2, 0, 0, 2, 0)};
  absl::StatusOr<BulletinPeriod> period = ParseBulletinPeriod("2026-03", "2026-03");
  ASSERT_TRUE(period.ok());
  const std::string html =
      RenderBulletin(MakeBulletin(agencies, *period, absl::CivilDay(2026, 4, 1), "某某县人民政府"),
                     ReportFormat::kHtml);
  EXPECT_TRUE(Contains(html, "<p class=\"flush\">县政府各部门：</p>\n"));
  EXPECT_TRUE(Contains(html, "截至2026年4月1日，无逾期未答复的申请。")) << html;
  EXPECT_TRUE(Contains(html, "<p>本期各单位均无逾期未答复或逾期答复的情况。</p>\n"));
  EXPECT_TRUE(Contains(html, "<p>县财政局本期无逾期未答复和逾期答复的情况。</p>\n"));
  EXPECT_TRUE(Contains(html, "<p>各单位要严格执行《中华人民共和国政府信息公开条例》规定的"));
  EXPECT_FALSE(Contains(html, "<table>"));
  EXPECT_FALSE(Contains(html, "三、"));
  EXPECT_FALSE(Contains(html, "限期整改"));
}

v1::CountyOverview SmallOverview() {
  v1::CountyOverview overview;
  overview.set_year(2026);
  overview.set_today("2026-04-03");
  overview.set_report_year(2025);
  v1::AgencyFigures* county = overview.add_agencies();
  *county = AgencyFiguresOf("xzf", "县人民政府", "county", 6, 5, 1, 0, 5, 0);
  county->set_report_due("2026-03-31");
  county->set_report_published("2026-03-19T17:00:00Z");  // 20 March in China
  v1::AgencyFigures* finance = overview.add_agencies();
  *finance = AgencyFiguresOf("czj", "县<财政>&局", "department", 8, 4, 4, 2, 3, 1);
  finance->set_report_due("2026-01-31");
  finance->set_report_late(true);
  v1::AgencyFigures* township = overview.add_agencies();
  *township = AgencyFiguresOf("jz", "甲镇人民政府", "township", 2, 2, 0, 0, 2, 0);
  township->set_report_due("2026-03-31");
  overview.add_late_reports("czj");
  *overview.mutable_totals() = SumFigures({overview.agencies().begin(), overview.agencies().end()});
  absl::StatusOr<v1::AnnualReport> report = BuildAnnualReport(2026, {});
  EXPECT_TRUE(report.ok()) << report.status();
  *overview.mutable_county_report() = *report;
  return overview;
}

TEST(OverviewRendering, CsvIsOneRowPerAgencyAndTotals) {
  EXPECT_EQ(RenderCountyOverview(SmallOverview(), ReportFormat::kCsv),
            "\xEF\xBB\xBF"
            "\"机关\",\"类别\",\"收到申请\",\"办结\",\"在办\",\"逾期未答复\",\"按期答复\","
            "\"逾期答复\",\"2025年度报告\"\r\n"
            "\"县人民政府\",\"县政府\",6,5,1,0,5,0,\"已发布（2026年3月20日）\"\r\n"
            "\"县<财政>&局\",\"部门\",8,4,4,2,3,1,\"逾期未发布（应于2026年1月31日前发布）\"\r\n"
            "\"甲镇人民政府\",\"乡镇\",2,2,0,0,2,0,\"未发布（应于2026年3月31日前发布）\"\r\n"
            "\"全县合计\",\"\",16,11,5,2,10,1,\"\"\r\n");
}

TEST(OverviewRendering, HtmlHasTheTableTheLateReportsAndTheCountyTables) {
  const std::string html = RenderCountyOverview(SmallOverview(), ReportFormat::kHtml);
  EXPECT_TRUE(Contains(html, "size: A4 landscape"));
  EXPECT_TRUE(Contains(html, "<h1>2026年全县政府信息公开申请办理情况</h1>\n"));
  EXPECT_TRUE(Contains(html,
                       "<p>收到申请、办结、按期答复、逾期答复为2026年的件数；在办、逾期未答复为截至"
                       "2026年4月3日的件数。</p>\n"));
  EXPECT_TRUE(Contains(html,
                       "<table class=\"agencies\">\n<thead>\n<tr><th>机关</th><th>类别</th>"
                       "<th>收到申请</th><th>办结</th><th>在办</th><th>逾期未答复</th>"
                       "<th>按期答复</th><th>逾期答复</th><th>2025年度报告</th></tr>\n"))
      << html;
  EXPECT_TRUE(Contains(html,
                       "<tr><td>县&lt;财政&gt;&amp;局</td><td>部门</td><td class=\"n\">8</td>"
                       "<td class=\"n\">4</td><td class=\"n\">4</td><td class=\"n\">2</td>"
                       "<td class=\"n\">3</td><td class=\"n\">1</td>"
                       "<td>逾期未发布（应于2026年1月31日前发布）</td></tr>\n"))
      << html;
  EXPECT_TRUE(
      Contains(html,
               "<tr><td>全县合计</td><td></td><td class=\"n\">16</td><td class=\"n\">11</td>"
               "<td class=\"n\">5</td><td class=\"n\">2</td><td class=\"n\">10</td>"
               "<td class=\"n\">1</td><td></td></tr>\n</tbody>\n</table>\n"))
      << html;
  EXPECT_TRUE(Contains(html, "<p>2025年度报告逾期未发布：县&lt;财政&gt;&amp;局。</p>\n"));
  EXPECT_TRUE(
      Contains(html, "<h2>全县各机关合计</h2>\n<h2>三、收到和处理政府信息公开申请情况</h2>"));
  EXPECT_TRUE(Contains(html, "<h2>四、政府信息公开行政复议、行政诉讼情况</h2>"));
  EXPECT_FALSE(Contains(html, "<财政>"));
  EXPECT_EQ(html.substr(html.size() - 16), "</body>\n</html>\n");
}

TEST(OverviewRendering, MarkdownHasTheTableThenTheCountyReport) {
  const std::string md = RenderCountyOverview(SmallOverview(), ReportFormat::kMarkdown);
  EXPECT_EQ(
      md.substr(0, md.find("\n## ")),
      "## 2026年全县政府信息公开申请办理情况（截至2026年4月3日）\n\n"
      "| 机关 | 类别 | 收到申请 | 办结 | 在办 | 逾期未答复 | 按期答复 | 逾期答复 | 2025年度报告 |\n"
      "|---|---|---:|---:|---:|---:|---:|---:|---|\n"
      "| 县人民政府 | 县政府 | 6 | 5 | 1 | 0 | 5 | 0 | 已发布（2026年3月20日） |\n"
      "| 县<财政>&局 | 部门 | 8 | 4 | 4 | 2 | 3 | 1 | 逾期未发布（应于2026年1月31日前发布） |\n"
      "| 甲镇人民政府 | 乡镇 | 2 | 2 | 0 | 0 | 2 | 0 | 未发布（应于2026年3月31日前发布） |\n"
      "| 全县合计 |  | 16 | 11 | 5 | 2 | 10 | 1 |  |\n\n"
      "2025年度报告逾期未发布：县<财政>&局。\n");
  EXPECT_TRUE(Contains(md, "\n## 2026年 三、收到和处理政府信息公开申请情况\n")) << md;
}

}  // namespace
}  // namespace gongkai
