// The indexes the transition script keeps for the search box and the board's weekly trend,
// through CaseStore against a real redis-server: a case enters its name's index and gets its
// searchable description in the step that creates it, moves in the recent index with every
// change, and moves its weekly counts with its department; the reads over all partitions.
#include <gtest/gtest.h>

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "calendar/deadline.h"
#include "grpc/call_context.h"
#include "office_days.h"
#include "redis/board_store.h"
#include "redis/case_store.h"
#include "redis/keys.h"
#include "redis/search_store.h"
#include "rules/case_commands.h"
#include "rules/case_search.h"
#include "rules/clock_commands.h"
#include "rules/department_catalogue.h"
#include "rules/trend_counts.h"
#include "sample_registration.h"
#include "staff.h"
#include "store_fixture.h"

namespace gongkai::testing {
namespace {

class SearchAndTrend : public StoreTest {
 protected:
  SearchAndTrend()
      : catalogue_(*DepartmentCatalogue::Parse("czj | 县财政局 | 预算\nrsj | 县人社局 | 社保\n")) {}

  static v1::RegisterRequest Request(const std::string& name, const std::string& description,
                                     const char* received) {
    v1::RegisterRequest request = SampleRegistration("r-" + name + received, description);
    request.mutable_applicant()->set_name(name);
    request.mutable_request()->set_received_date(received);
    return request;
  }

  // Registers `number` at the window on the day it was received.
  v1::Case Register(const std::string& number, const std::string& name,
                    const std::string& description, const char* received) {
    const v1::RegisterRequest request = Request(name, description, received);
    auto deadline = InitialDeadline(calendar_, request.request());
    EXPECT_TRUE(deadline.ok()) << deadline.status();
    return Commit(RegisterCase(number, request, *deadline, StaffActor("w1", "clerk"),
                               TenInTheMorning(received)));
  }

  v1::Case Route(const v1::Case& registered, const std::string& department, const char* on) {
    RoutingDecision decision;
    decision.department = department;
    return Commit(RouteCase(registered, decision, ServiceActor("routing"), TenInTheMorning(on)));
  }

  std::string Field(const std::string& key, const std::string& field) {
    auto value = inspect_.Command({"HGET", key, field});
    EXPECT_TRUE(value.ok());
    return value->is_nil() ? "" : std::string(value->str());
  }

  static std::vector<std::string> Numbers(const std::vector<CaseNumber>& numbers) {
    std::vector<std::string> formatted;
    for (const CaseNumber& n : numbers) formatted.push_back(FormatCaseNumber(n.year, n.sequence));
    std::sort(formatted.begin(), formatted.end());
    return formatted;
  }

  DepartmentCatalogue catalogue_;
};

TEST_F(SearchAndTrend, WeeklyCountsFollowReceiptClosingAndTheDepartmentHolding) {
  const absl::CivilDay w1(2026, 10, 26), w2(2026, 11, 2), w3(2026, 11, 9);
  const v1::Actor officer = StaffActor("czj-li", "officer", "czj");
  const v1::Actor dispatcher = StaffActor("diaodu", "dispatcher");
  // Received Wednesday of w1, 县财政局's.
  Route(Register("2026-000001", "张三", "县级财政预算", "2026-10-28"), "czj", "2026-10-28");
  // Received Tuesday of w2, routed to 县财政局, handed back and assigned to 县人社局.
  const v1::Case routed =
      Route(Register("2026-000002", "李四", "社保缴费记录", "2026-11-03"), "czj", "2026-11-03");
  const v1::Case handed_back =
      Commit(HandBackCase(routed, "不属于本局", officer, TenInTheMorning("2026-11-04")));
  Commit(AssignCase(handed_back, catalogue_, "rsj", "", dispatcher, TenInTheMorning("2026-11-05")));
  // Answered at the window on Wednesday of w2: received and closed, in no department.
  v1::RegisterRequest on_the_spot = Request("王五", "政府工作报告", "2026-11-04");
  on_the_spot.mutable_on_the_spot()->set_outcome(v1::OUTCOME_ALREADY_PUBLIC);
  on_the_spot.mutable_on_the_spot()->set_text("已在县政府网站公开");
  Commit(RegisterAnsweredOnTheSpot("2026-000003", on_the_spot,
                                   *InitialDeadline(calendar_, on_the_spot.request()),
                                   StaffActor("w1", "clerk"), TenInTheMorning("2026-11-04")));
  // Received Monday of w3, sent back for a supplement that never came: closed Thursday of w3.
  const v1::Case waiting = Commit(
      RequestSupplement(Register("2026-000004", "赵六", "补助资金", "2026-11-09"), calendar_,
                        "请写明资金名称", "2026-11-11", dispatcher, TenInTheMorning("2026-11-10")));
  Commit(CloseUnsupplemented(waiting, dispatcher, TenInTheMorning("2026-11-12")));
  // Received the week before w1: in none of the weeks asked for.
  Route(Register("2026-000005", "钱七", "决算", "2026-10-20"), "czj", "2026-10-20");

  auto counts = CountByWeek(redis_, "xzf", {"xzf:", "xzf:czj", "xzf:rsj"}, {w1, w2, w3});
  ASSERT_TRUE(counts.ok()) << counts.status();
  auto figures = [&](const std::string& row) {
    std::vector<std::pair<int64_t, int64_t>> out;
    for (const WeekCounts& week : (*counts)[row]) out.emplace_back(week.received, week.closed);
    return out;
  };
  using Weeks = std::vector<std::pair<int64_t, int64_t>>;
  EXPECT_EQ(figures("*"), (Weeks{{1, 0}, {2, 1}, {1, 1}}));
  EXPECT_EQ(figures("xzf:czj"), (Weeks{{1, 0}, {0, 0}, {0, 0}}));
  EXPECT_EQ(figures("xzf:rsj"), (Weeks{{0, 0}, {1, 0}, {0, 0}}));
  EXPECT_EQ(figures("xzf:"), (Weeks{{0, 0}, {1, 1}, {1, 1}}));
  // The hand-over moved the count, in the case's own partition.
  EXPECT_EQ(Field(keys::TrendCounters(2), "recv:20261102:xzf:czj"), "0");
  EXPECT_EQ(Field(keys::TrendCounters(2), "recv:20261102:xzf:"), "0");
  EXPECT_EQ(Field(keys::TrendCounters(2), "recv:20261102:xzf:rsj"), "1");
  EXPECT_EQ(Field(keys::TrendCounters(2), "recv:20261102:xzf"), "1");
}

TEST_F(SearchAndTrend, ACaseEntersItsNamesIndexWhenCreatedAndNoNameIsAKey) {
  const v1::Case first = Register("2026-000001", "张三", "２０２５年县级财政预算", "2026-10-28");
  Register("2026-000002", "李四", "本人社保缴费记录", "2026-10-28");
  Register("2026-000019", "张 三", "三公经费", "2026-10-29");

  auto named = CasesOfName(redis_, ApplicantNameDigest("张三"), kSearchNameCases);
  ASSERT_TRUE(named.ok()) << named.status();
  ASSERT_EQ(named->size(), 2u);  // newest first
  EXPECT_EQ(FormatCaseNumber((*named)[0].year, (*named)[0].sequence), "2026-000019");
  EXPECT_EQ(FormatCaseNumber((*named)[1].year, (*named)[1].sequence), "2026-000001");
  named = CasesOfName(redis_, ApplicantNameDigest("张三"), 1);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(Numbers(*named), std::vector<std::string>{"2026-000019"});
  named = CasesOfName(redis_, ApplicantNameDigest("王五"), kSearchNameCases);
  ASSERT_TRUE(named.ok());
  EXPECT_TRUE(named->empty());

  const CaseNumber number = *ParseCaseNumber("2026-000001");
  EXPECT_EQ(Field(keys::Case(number), "text"), "2025年县级财政预算");
  auto listed =
      inspect_.Command({"ZSCORE", keys::NameIndex(1, ApplicantNameDigest("张三")), "2026-000001"});
  EXPECT_EQ(listed->str(), std::to_string(QueueScore(number)));
  // Routing moves the case in the recent index to the moment of the change, and nothing else.
  Route(first, "czj", "2026-10-30");
  auto recent = inspect_.Command({"ZSCORE", keys::RecentIndex(1), "2026-000001"});
  EXPECT_EQ(recent->str(), std::to_string(absl::ToUnixMillis(TenInTheMorning("2026-10-30"))));
  auto members = inspect_.Command({"ZCARD", keys::NameIndex(1, ApplicantNameDigest("张三"))});
  EXPECT_EQ(members->integer(), 1);

  auto all = inspect_.Command({"KEYS", "*"});
  ASSERT_TRUE(all.ok());
  for (size_t i = 0; i < all->size(); ++i) {
    EXPECT_FALSE(absl::StrContains(all->element(i).str(), "张")) << all->element(i).str();
  }
}

TEST_F(SearchAndTrend, TheTextScanLooksAtTheCasesChangedMostRecentlyUpToItsBound) {
  const v1::Case oldest = Register("2026-000001", "张三", "县级财政预算", "2026-10-26");
  Register("2026-000002", "李四", "乡镇财政预算执行情况", "2026-10-27");
  Register("2026-000003", "王五", "社保缴费记录", "2026-10-28");

  auto found = CasesWithText(redis_, "财政预算", kSearchScanCases);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(Numbers(found->cases), (std::vector<std::string>{"2026-000001", "2026-000002"}));
  EXPECT_FALSE(found->bounded);
  // Two cases scanned: the newest changes, 2026-000002 and 2026-000003.
  found = CasesWithText(redis_, "财政预算", 2);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(Numbers(found->cases), std::vector<std::string>{"2026-000002"});
  EXPECT_TRUE(found->bounded);
  // A change brings the oldest case back among the most recent.
  Route(oldest, "czj", "2026-10-29");
  found = CasesWithText(redis_, "财政预算", 2);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(Numbers(found->cases), (std::vector<std::string>{"2026-000001"}));
  // Pattern characters are plain text: no description holds a '.', which as a Lua pattern would
  // match every one of them, nor "[财]", a set of bytes as a pattern (matching those that share a
  // byte with 财); a lone '%' would be a malformed pattern.
  for (const char* text : {".", "%.", "%", "[财]"}) {
    found = CasesWithText(redis_, text, kSearchScanCases);
    ASSERT_TRUE(found.ok()) << text << ": " << found.status();
    EXPECT_TRUE(found->cases.empty()) << text;
  }
  // The stored description is folded (full width as half width, lower case), so the folded
  // text finds it.
  Register("2026-000004", "赵六", "县城ＡＢＣ小区的门牌编号", "2026-10-30");
  found = CasesWithText(redis_, "abc小区", kSearchScanCases);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(Numbers(found->cases), std::vector<std::string>{"2026-000004"});
}

}  // namespace
}  // namespace gongkai::testing
