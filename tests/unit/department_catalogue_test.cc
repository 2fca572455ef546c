#include "rules/department_catalogue.h"

#include <gtest/gtest.h>

#include "rules/agency_catalogue.h"

namespace gongkai {
namespace {

constexpr char kCatalogue[] = R"(# county catalogue
czj   | 县财政局           | 财政, 预算, 三公经费
zjj   | 县住房和城乡建设局 | 棚户区，拆迁、施工许可
hjt   | 杭埠镇人民政府     | 杭埠镇, 拆迁
)";

TEST(DepartmentCatalogue, ParsesCodesNamesAndAllCommaStyles) {
  auto catalogue = DepartmentCatalogue::Parse(kCatalogue);
  ASSERT_TRUE(catalogue.ok()) << catalogue.status();
  ASSERT_EQ(catalogue->departments().size(), 3u);
  const Department* zjj = catalogue->Find("zjj");
  ASSERT_NE(zjj, nullptr);
  EXPECT_EQ(zjj->name, "县住房和城乡建设局");
  EXPECT_EQ(zjj->keywords, (std::vector<std::string>{"棚户区", "拆迁", "施工许可"}));
  EXPECT_EQ(catalogue->Find("nope"), nullptr);
}

TEST(DepartmentCatalogue, RoutesToTheLongestTotalMatch) {
  auto catalogue = *DepartmentCatalogue::Parse(kCatalogue);
  RoutingDecision decision = catalogue.Route("2025年县级财政预算及三公经费");
  ASSERT_TRUE(decision.department.has_value());
  EXPECT_EQ(*decision.department, "czj");
  EXPECT_EQ(decision.matched_keywords, (std::vector<std::string>{"财政", "预算", "三公经费"}));
  EXPECT_EQ(decision.explanation, "matched 财政、预算、三公经费 (score 8)");
}

TEST(DepartmentCatalogue, ATieGoesToTheDispatcher) {
  auto catalogue = *DepartmentCatalogue::Parse(kCatalogue);
  // 棚户区(3)+拆迁(2) for zjj, 杭埠镇(3)+拆迁(2) for hjt.
  RoutingDecision decision = catalogue.Route("杭埠镇棚户区拆迁补偿标准");
  EXPECT_FALSE(decision.department.has_value());
  EXPECT_EQ(decision.explanation, "tie between zjj, hjt");
}

TEST(DepartmentCatalogue, NoMatchGoesToTheDispatcher) {
  auto catalogue = *DepartmentCatalogue::Parse(kCatalogue);
  RoutingDecision decision = catalogue.Route("举报某村干部");
  EXPECT_FALSE(decision.department.has_value());
  EXPECT_EQ(decision.explanation, "no catalogue keyword matched the description");
}

TEST(DepartmentCatalogue, ErrorsNameTheLine) {
  EXPECT_EQ(DepartmentCatalogue::Parse("czj | 县财政局\n").status().message(),
            "department catalogue line 1: expected `code | name | keywords`");
  EXPECT_EQ(DepartmentCatalogue::Parse("# c\nCZJ | 县财政局 | 预算\n").status().message(),
            "department catalogue line 2: code must be 1-16 of a-z, 0-9, _ and -");
  EXPECT_EQ(DepartmentCatalogue::Parse("czj | 财政 | 预算\nczj | 财政 | 决算\n").status().message(),
            "department catalogue line 2: duplicate code czj");
  EXPECT_EQ(DepartmentCatalogue::Parse("# nothing\n").status().code(),
            absl::StatusCode::kInvalidArgument);
}

// The county government's units in the shipped agency catalogue: the departments acting as 承办.
TEST(DepartmentCatalogue, ShippedUnitsRoute) {
  auto agencies = AgencyCatalogue::Load(GONGKAI_AGENCIES);
  ASSERT_TRUE(agencies.ok()) << agencies.status();
  const DepartmentCatalogue& units = agencies->county().units;
  EXPECT_GE(units.departments().size(), 8u);
  EXPECT_EQ(*units.Route("2025年县级财政预算、决算及三公经费公开情况").department, "czj");
}

}  // namespace
}  // namespace gongkai
