#include "rules/agency_catalogue.h"

#include <gtest/gtest.h>

#include <set>

namespace gongkai {
namespace {

constexpr char kCatalogue[] = R"(# a small county
[xzf]
name = 县人民政府
kind = county
reconsideration_body = 市人民政府
fee_payment = 县财政局非税收入汇缴结算户
window = 县政务服务中心一楼
unit = czj | 县财政局 | 财政, 预算
unit = jyj | 县教育局 | 学校, 招生

[czj]
name = 县财政局
kind = department   # its decisions go to the county government
letterhead = 县财政局（政府信息公开）
fee_payment = 县财政局非税收入汇缴结算户，执收单位县财政局
unit = ysg | 预算股 | 预算, 三公经费
unit = cgg | 政府采购股 | 政府采购, 中标

[hbz]
name = 杭埠镇人民政府
kind = township
fee_payment = 杭埠镇财政所
report_due = 02-28
unit = dzb | 党政办公室 | 杭埠镇, 会议纪要
)";

TEST(AgencyCatalogue, ReadsEveryAgencyWithItsUnitsAndDefaults) {
  auto catalogue = AgencyCatalogue::Parse(kCatalogue);
  ASSERT_TRUE(catalogue.ok()) << catalogue.status();
  ASSERT_EQ(catalogue->agencies().size(), 3u);
  EXPECT_EQ(catalogue->county().code, "xzf");
  EXPECT_EQ(catalogue->county().reconsideration_body, "市人民政府");
  EXPECT_EQ(catalogue->county().window, "县政务服务中心一楼");

  const Agency* czj = catalogue->Find("czj");
  ASSERT_NE(czj, nullptr);
  EXPECT_EQ(czj->name, "县财政局");
  EXPECT_EQ(czj->kind, AgencyKind::kDepartment);
  // 行政复议法 Art. 24: a county department's decisions are reconsidered by the county government.
  EXPECT_EQ(czj->reconsideration_body, "县人民政府");
  EXPECT_EQ(czj->letterhead, "县财政局（政府信息公开）");
  EXPECT_EQ(czj->window, "");
  ASSERT_EQ(czj->units.departments().size(), 2u);
  EXPECT_EQ(czj->units.departments()[1].name, "政府采购股");

  const Agency* hbz = catalogue->Find("hbz");
  ASSERT_NE(hbz, nullptr);
  EXPECT_EQ(hbz->letterhead, "杭埠镇人民政府");
  EXPECT_EQ(hbz->reconsideration_body, "县人民政府");
  EXPECT_EQ(catalogue->Find("jyj"), nullptr);  // a unit of the county, not an agency here
}

TEST(AgencyCatalogue, AnAgencyRoutesAmongItsOwnUnits) {
  auto catalogue = *AgencyCatalogue::Parse(kCatalogue);
  const Agency* czj = catalogue.Find("czj");
  ASSERT_NE(czj, nullptr);
  RoutingDecision decision = czj->units.Route("2025年部门预算和三公经费");
  ASSERT_TRUE(decision.department.has_value());
  EXPECT_EQ(*decision.department, "ysg");
  EXPECT_EQ(decision.matched_keywords, (std::vector<std::string>{"预算", "三公经费"}));
  EXPECT_FALSE(catalogue.county().units.Route("三公经费").department.has_value());
}

TEST(AgencyCatalogue, LettersCarryTheAgencysOwnHeadingAndReconsiderationBody) {
  auto catalogue = *AgencyCatalogue::Parse(kCatalogue);
  const Agency* czj = catalogue.Find("czj");
  ASSERT_NE(czj, nullptr);
  IssuingAgency issuing = czj->Issuing();
  EXPECT_EQ(issuing.name, "县财政局（政府信息公开）");
  EXPECT_EQ(issuing.reconsideration_body, "县人民政府");
  EXPECT_EQ(issuing.fee_payment, "县财政局非税收入汇缴结算户，执收单位县财政局");
}

TEST(AgencyCatalogue, AnnualReportsAreDueByArticle49OrTheCountysDate) {
  auto catalogue = *AgencyCatalogue::Parse(kCatalogue);
  const Agency* czj = catalogue.Find("czj");
  const Agency* hbz = catalogue.Find("hbz");
  ASSERT_NE(czj, nullptr);
  ASSERT_NE(hbz, nullptr);
  EXPECT_EQ(AnnualReportDue(*czj, 2025), absl::CivilDay(2026, 1, 31));
  EXPECT_EQ(AnnualReportDue(catalogue.county(), 2025), absl::CivilDay(2026, 3, 31));
  EXPECT_EQ(AnnualReportDue(*hbz, 2026), absl::CivilDay(2027, 2, 28));
}

TEST(AgencyCatalogue, CheckCodeAnswersInChineseNamingTheField) {
  auto catalogue = *AgencyCatalogue::Parse(kCatalogue);
  EXPECT_TRUE(catalogue.CheckCode("hbz").ok());
  absl::Status unknown = catalogue.CheckCode("xyz", "referral.agency");
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(unknown.message(), "`referral.agency` \"xyz\" 不在机关目录中");
  EXPECT_EQ(catalogue.CheckCode("").message(), "`agency` 未填写机关");
}

TEST(AgencyCatalogue, RequestsAndAccountsWithoutAnAgencyAreTheDefaultOnes) {
  auto catalogue = *AgencyCatalogue::Parse(kCatalogue);
  // The county government unless the deployment chose another.
  EXPECT_EQ(catalogue.default_agency().code, "xzf");
  EXPECT_EQ(catalogue.Resolve("")->code, "xzf");
  EXPECT_EQ(catalogue.Resolve("hbz")->code, "hbz");
  EXPECT_EQ(catalogue.Resolve("xyz"), nullptr);
  EXPECT_EQ(catalogue.CodeOf(""), "xzf");
  EXPECT_EQ(catalogue.CodeOf("xyz"), "");
  ASSERT_TRUE(catalogue.SetDefault("czj").ok());
  EXPECT_EQ(catalogue.CodeOf(""), "czj");
  EXPECT_EQ(catalogue.SetDefault("xyz").message(),
            "default agency `xyz` is not in the agency catalogue");
  // A case of an agency no longer listed still has a letterhead: the default's.
  EXPECT_EQ(catalogue.IssuingFor("hbz").name, "杭埠镇人民政府");
  EXPECT_EQ(catalogue.IssuingFor("gone").name, "县财政局（政府信息公开）");
}

TEST(AgencyCatalogue, TheDisclosureOfficeOverseesTheCounty) {
  auto catalogue = *AgencyCatalogue::Parse(std::string(kCatalogue) +
                                           "\n[zfb]\nname = 县人民政府办公室\nkind = department\n"
                                           "oversight = yes\nfee_payment = 账户\n"
                                           "unit = zwgk | 政务公开科 | 政务公开\n");
  EXPECT_TRUE(catalogue.Find("zfb")->oversees_county);
  EXPECT_FALSE(catalogue.Find("xzf")->oversees_county);
  EXPECT_FALSE(catalogue.Find("czj")->oversees_county);
  auto shipped = *AgencyCatalogue::Load(GONGKAI_AGENCIES);
  int overseers = 0;
  for (const Agency& agency : shipped.agencies()) overseers += agency.oversees_county ? 1 : 0;
  EXPECT_EQ(overseers, 1);
  EXPECT_TRUE(shipped.Find("zfb")->oversees_county);
}

// Each broken catalogue is refused with the line and the problem.
TEST(AgencyCatalogue, RefusesABrokenCatalogueNamingTheLine) {
  const std::string county =
      "[xzf]\nname = 县人民政府\nkind = county\nreconsideration_body = 市人民政府\n"
      "fee_payment = 账户\nunit = czj | 县财政局 | 财政\n";
  const std::pair<std::string, std::string> cases[] = {
      {"name = 县财政局\n", "agency catalogue line 1: a value before the first `[code]`"},
      {county + "[CZJ]\n",
       "agency catalogue line 7: agency code must be 1-16 of a-z, 0-9, _ and -"},
      {county + "[xzf]\n", "agency catalogue line 7: duplicate agency xzf"},
      {county + "colour = 红\n", "agency catalogue line 7: unknown key `colour`"},
      {county + "name = 又一个\n", "agency catalogue line 7: `name` given twice"},
      {county + "window\n", "agency catalogue line 7: expected `key = value`"},
      {county + "window = " + std::string(101, 'a') + "\n",
       "agency catalogue line 7: `window` must be 1-100 characters of UTF-8"},
      {county + "unit = czj | 重复 | 财政\n", "agency catalogue line 7: duplicate unit czj"},
      {county + "unit = 没有竖线\n",
       "agency catalogue line 7: unit: expected `code | name | keywords`"},
      {county + "[czj]\nname = 县财政局\nkind = department\nunit = ysg | 预算股 | 预算\n",
       "agency catalogue line 7: agency czj: `fee_payment` is missing"},
      {county + "[czj]\nname = 县财政局\nkind = bureau\nfee_payment = 账户\n",
       "agency catalogue line 7: agency czj: `kind` must be county, department or township"},
      {county + "[czj]\nname = 县财政局\nkind = department\nfee_payment = 账户\n",
       "agency catalogue line 7: agency czj: units: lists no department"},
      {county + "oversight = on\n",
       "agency catalogue line 1: agency xzf: `oversight` must be yes or no"},
      {county + "report_due = 02-29\n",
       "agency catalogue line 1: agency xzf: `report_due` must be MM-DD, a day every year has"},
      {county + "[xzf2]\nname = 又一个县\nkind = county\nreconsideration_body = 市人民政府\n"
                "fee_payment = 账户\nunit = a | 甲 | 甲\n",
       "agency catalogue line 7: a second county government"},
      {"[czj]\nname = 县财政局\nkind = department\nfee_payment = 账户\nunit = a | 甲 | 甲\n",
       "agency catalogue has no county government"},
      {"[xzf]\nname = 县人民政府\nkind = county\nfee_payment = 账户\nunit = a | 甲 | 甲\n",
       "agency catalogue line 1: agency xzf: `reconsideration_body` is missing (the government "
       "above the county)"},
  };
  for (const auto& [text, message] : cases) {
    auto catalogue = AgencyCatalogue::Parse(text);
    ASSERT_FALSE(catalogue.ok()) << text;
    EXPECT_EQ(catalogue.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(catalogue.status().message(), message) << text;
  }
}

// The catalogue the demo and the tests run with: a county's worth of agencies.
TEST(AgencyCatalogue, TheShippedCatalogueIsACountysWorth) {
  auto catalogue = AgencyCatalogue::Load(GONGKAI_AGENCIES);
  ASSERT_TRUE(catalogue.ok()) << catalogue.status();
  EXPECT_GE(catalogue->agencies().size(), 30u);
  std::set<AgencyKind> kinds;
  int windows = 0;
  for (const Agency& agency : catalogue->agencies()) {
    kinds.insert(agency.kind);
    if (!agency.window.empty()) ++windows;
    EXPECT_FALSE(agency.units.departments().empty()) << agency.code;
  }
  EXPECT_EQ(kinds.size(), 3u);
  EXPECT_GE(windows, 5);
  // The departments that act as 承办 for the county government are agencies of the catalogue.
  for (const Department& unit : catalogue->county().units.departments()) {
    const Agency* agency = catalogue->Find(unit.code);
    if (agency == nullptr) {
      ADD_FAILURE() << unit.code << " is not an agency of the catalogue";
      continue;
    }
    EXPECT_EQ(agency->name, unit.name);
  }
}

}  // namespace
}  // namespace gongkai
