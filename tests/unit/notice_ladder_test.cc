// The escalation ladder of staff reminders and their titles, with exact values.
#include "rules/notice_ladder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gongkai {
namespace {

using Audiences = std::vector<std::string>;

TEST(NoticeLadder, DueSoonAndLapsedConsultationsGoToTheDepartment) {
  EXPECT_EQ(*NoticeAudiences("due_soon_5", "xzf:czj", false), Audiences({"dept:xzf:czj"}));
  EXPECT_EQ(*NoticeAudiences("due_soon_1", "xzf:zrzyj", false), Audiences({"dept:xzf:zrzyj"}));
  EXPECT_EQ(*NoticeAudiences("consultation_lapsed", "xzf:jyj", false), Audiences({"dept:xzf:jyj"}));
}

TEST(NoticeLadder, OverdueGoesToTheDepartmentAndTheHeadAndManagers) {
  EXPECT_EQ(*NoticeAudiences("overdue", "xzf:czj", false),
            Audiences({"dept:xzf:czj", "managers:xzf"}));
}

TEST(NoticeLadder, CasesWithoutADepartmentGoToTheDispatchersInstead) {
  EXPECT_EQ(*NoticeAudiences("due_soon_5", "xzf:", false), Audiences({"dispatch:xzf"}));
  EXPECT_EQ(*NoticeAudiences("consultation_lapsed", "xzf:", false), Audiences({"dispatch:xzf"}));
  EXPECT_EQ(*NoticeAudiences("overdue", "xzf:", false),
            Audiences({"dispatch:xzf", "managers:xzf"}));
}

TEST(NoticeLadder, AnOverdueCaseMovedOnIsNewsOnlyToWhoHoldsItNow) {
  // The department it came from and the head and managers were told when it first went overdue.
  EXPECT_EQ(*NoticeAudiences("overdue", "xzf:rsj", /*moved=*/true), Audiences({"dept:xzf:rsj"}));
  EXPECT_EQ(*NoticeAudiences("overdue", "xzf:", /*moved=*/true), Audiences({"dispatch:xzf"}));
  // Its first notice in a department still escalates.
  EXPECT_EQ(*NoticeAudiences("overdue", "xzf:rsj", /*moved=*/false),
            Audiences({"dept:xzf:rsj", "managers:xzf"}));
  // Other kinds go to the department (or the dispatchers) either way.
  EXPECT_EQ(*NoticeAudiences("due_soon_5", "xzf:rsj", /*moved=*/true), Audiences({"dept:xzf:rsj"}));
  EXPECT_EQ(*NoticeAudiences("due_soon_1", "xzf:", /*moved=*/true), Audiences({"dispatch:xzf"}));
  EXPECT_EQ(*NoticeAudiences("consultation_lapsed", "xzf:jyj", /*moved=*/true),
            Audiences({"dept:xzf:jyj"}));
  EXPECT_EQ(NoticeAudiences("late", "xzf:rsj", /*moved=*/true).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(NoticeLadder, RefusesUnknownKindsAndMalformedDepartmentsNamingTheField) {
  for (const char* kind : {"", "late", "due_soon_", "due_soon_0", "due_soon_21", "due_soon_05",
                           "due_soon_+5", "due_soon_x", "OVERDUE"}) {
    const auto audiences = NoticeAudiences(kind, "xzf:czj", false);
    EXPECT_EQ(audiences.status().code(), absl::StatusCode::kInvalidArgument) << kind;
    EXPECT_EQ(audiences.status().message(),
              "`kind` must be overdue, due_soon_<1-20> or consultation_lapsed")
        << kind;
  }
  EXPECT_TRUE(NoticeAudiences("due_soon_20", "xzf:czj", false).ok());
  for (const char* department : {"czj", "", ":czj", "xzf:CZJ", "xzf:czj,jyj", "xzf:a b",
                                 "xzf:dept|x", "xzf:abcdefghijklmnopq", "xzf:czj:ysg"}) {
    const auto audiences = NoticeAudiences("overdue", department, false);
    EXPECT_EQ(audiences.status().code(), absl::StatusCode::kInvalidArgument) << department;
    EXPECT_EQ(audiences.status().message(), "`department` must be <agency>:<unit> or <agency>:");
  }
}

TEST(NoticeLadder, APersonBelongsToTheAudiencesOfEachOfTheirRoles) {
  EXPECT_EQ(PersonAudiences({"officer"}, "xzf", "czj"), Audiences({"dept:xzf:czj"}));
  EXPECT_EQ(PersonAudiences({"dispatcher"}, "xzf", ""), Audiences({"dispatch:xzf"}));
  EXPECT_EQ(PersonAudiences({"head"}, "xzf", ""), Audiences({"managers:xzf"}));
  EXPECT_EQ(PersonAudiences({"manager"}, "xzf", ""), Audiences({"managers:xzf"}));
  EXPECT_EQ(PersonAudiences({"head", "manager"}, "xzf", ""), Audiences({"managers:xzf"}));
  EXPECT_EQ(PersonAudiences({"manager", "dispatcher", "officer"}, "xzf", "jyj"),
            Audiences({"dept:xzf:jyj", "dispatch:xzf", "managers:xzf"}));
  // A department on the token does not make a manager an officer of it.
  EXPECT_EQ(PersonAudiences({"manager"}, "xzf", "czj"), Audiences({"managers:xzf"}));
  // An officer without a department hears of no department's cases.
  EXPECT_EQ(PersonAudiences({"officer"}, "xzf", ""), Audiences({}));
  for (const char* role : {"clerk", "reviewer", "admin", "service", ""}) {
    EXPECT_EQ(PersonAudiences({role}, "xzf", "czj"), Audiences({})) << role;
  }
}

TEST(NoticeLadder, EveryNoticeReachesSomeoneWhoCanActOnIt) {
  // The audiences of a notice and of a person meet exactly where the ladder says.
  auto reaches = [](const char* kind, const char* department, std::vector<std::string> roles,
                    const char* person_department) {
    const Audiences told = *NoticeAudiences(kind, department, /*moved=*/false);
    for (const std::string& audience : PersonAudiences(roles, "xzf", person_department)) {
      if (std::find(told.begin(), told.end(), audience) != told.end()) return true;
    }
    return false;
  };
  EXPECT_TRUE(reaches("overdue", "xzf:czj", {"officer"}, "czj"));
  EXPECT_FALSE(reaches("overdue", "xzf:czj", {"officer"}, "jyj"));
  EXPECT_TRUE(reaches("overdue", "xzf:czj", {"head"}, ""));
  EXPECT_TRUE(reaches("overdue", "xzf:", {"manager"}, ""));
  EXPECT_FALSE(reaches("due_soon_5", "xzf:czj", {"manager"}, ""));
  EXPECT_TRUE(reaches("due_soon_5", "xzf:", {"dispatcher"}, ""));
  EXPECT_FALSE(reaches("due_soon_5", "xzf:czj", {"dispatcher"}, ""));
  EXPECT_FALSE(reaches("overdue", "xzf:czj", {"clerk"}, "czj"));
}

TEST(NoticeTitle, SaysHowManyCasesAndWhatIsDue) {
  EXPECT_EQ(*NoticeTitle("overdue", "2026-11-03", 3),
            "3件申请已超过答复期限（应于2026年11月3日前答复）");
  EXPECT_EQ(*NoticeTitle("overdue", "2026-10-09", 1),
            "1件申请已超过答复期限（应于2026年10月9日前答复）");
  // The window includes its last working day: a case due in exactly 5 is "within 5".
  EXPECT_EQ(*NoticeTitle("due_soon_5", "2026-11-03", 2),
            "2件申请将于5个工作日内到期（答复期限至2026年11月3日）");
  EXPECT_EQ(*NoticeTitle("due_soon_1", "2026-11-04", 12),
            "12件申请将于1个工作日内到期（答复期限至2026年11月4日）");
  EXPECT_EQ(*NoticeTitle("consultation_lapsed", "2026-11-03", 1),
            "1件申请征求意见期限已满（2026年11月3日届满）");
  EXPECT_EQ(NoticeTitle("unknown", "2026-11-03", 1).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(NoticeTitle("overdue", "20261103", 1).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(NoticeKind, ParsesTheSweepersKinds) {
  EXPECT_EQ(ParseNoticeKind("overdue")->kind, NoticeKind::kOverdue);
  EXPECT_EQ(ParseNoticeKind("consultation_lapsed")->kind, NoticeKind::kConsultationLapsed);
  const auto due_soon = ParseNoticeKind("due_soon_12");
  ASSERT_TRUE(due_soon.ok());
  EXPECT_EQ(due_soon->kind, NoticeKind::kDueSoon);
  EXPECT_EQ(due_soon->working_days, 12);
}

}  // namespace
}  // namespace gongkai

namespace gongkai {
namespace {

TEST(NoticeKind, NamesWhatItParses) {
  EXPECT_EQ(NoticeKindName({NoticeKind::kOverdue}), "overdue");
  EXPECT_EQ(NoticeKindName({NoticeKind::kConsultationLapsed}), "consultation_lapsed");
  EXPECT_EQ(NoticeKindName({NoticeKind::kDueSoon, 5}), "due_soon_5");
  for (const char* name : {"overdue", "consultation_lapsed", "due_soon_1", "due_soon_20"}) {
    EXPECT_EQ(NoticeKindName(*ParseNoticeKind(name)), name);
  }
}

}  // namespace
}  // namespace gongkai
