#include "calendar/deadline.h"

#include <gtest/gtest.h>

#include "base/clock.h"

namespace gongkai {
namespace {

WorkingCalendar Shipped(UnknownYears policy = UnknownYears::kProvisional) {
  return *WorkingCalendar::LoadDirectory(GONGKAI_CALENDAR_DIR, policy);
}

absl::CivilDay Day(const char* text) {
  absl::CivilDay day;
  EXPECT_TRUE(ParseDay(text, &day)) << text;
  return day;
}

struct DueCase {
  const char* received;
  const char* due;
};

void PrintTo(const DueCase& c, std::ostream* out) { *out << c.received << " -> " << c.due; }

class TwentyWorkingDays : public testing::TestWithParam<DueCase> {};

TEST_P(TwentyWorkingDays, DueDateIsExact) {
  auto deadline = ComputeDeadline(Shipped(), {.receipt = Day(GetParam().received)});
  ASSERT_TRUE(deadline.ok()) << deadline.status();
  EXPECT_EQ(deadline->due_date(), GetParam().due);
  EXPECT_FALSE(deadline->provisional());
  EXPECT_EQ(deadline->working_days(), 20);
}

INSTANTIATE_TEST_SUITE_P(
    AroundEveryHolidayBlock, TwentyWorkingDays,
    testing::Values(
        // The worked examples of the calendar facts.
        DueCase{"2026-09-30", "2026-11-03"}, DueCase{"2026-01-30", "2026-03-05"},
        // 2025: 元旦, 春节 (with 除夕), 清明, 劳动节, 端午, 国庆 and 中秋.
        DueCase{"2024-12-31", "2025-02-05"}, DueCase{"2025-01-24", "2025-02-27"},
        DueCase{"2025-01-27", "2025-03-03"}, DueCase{"2025-04-03", "2025-05-06"},
        DueCase{"2025-04-25", "2025-05-27"}, DueCase{"2025-04-30", "2025-06-03"},
        DueCase{"2025-05-29", "2025-06-27"}, DueCase{"2025-05-30", "2025-06-30"},
        DueCase{"2025-09-26", "2025-10-30"}, DueCase{"2025-09-30", "2025-11-04"},
        // 2026: 元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆.
        DueCase{"2026-01-02", "2026-01-29"}, DueCase{"2026-02-13", "2026-03-19"},
        DueCase{"2026-02-24", "2026-03-23"}, DueCase{"2026-04-03", "2026-05-07"},
        DueCase{"2026-04-30", "2026-06-01"}, DueCase{"2026-06-18", "2026-07-17"},
        DueCase{"2026-09-24", "2026-10-29"},
        // Due dates that land on a make-up working Saturday or Sunday.
        DueCase{"2024-12-27", "2025-01-26"}, DueCase{"2025-01-06", "2025-02-08"},
        DueCase{"2025-03-28", "2025-04-27"}, DueCase{"2025-09-01", "2025-09-28"},
        DueCase{"2025-09-08", "2025-10-11"}, DueCase{"2025-12-04", "2026-01-04"},
        DueCase{"2026-01-19", "2026-02-14"}, DueCase{"2026-01-26", "2026-02-28"},
        DueCase{"2026-04-08", "2026-05-09"}, DueCase{"2026-08-24", "2026-09-20"},
        DueCase{"2026-09-07", "2026-10-10"}));

TEST(Deadline, ExplainsHolidaysAndMakeUpDaysMet) {
  auto deadline = ComputeDeadline(
      Shipped(),
      {.receipt = Day("2026-09-30"), .receipt_rule = "in person: the day it was handed in"});
  ASSERT_TRUE(deadline.ok());
  EXPECT_EQ(deadline->receipt_date(), "2026-09-30");
  EXPECT_EQ(deadline->clock_start(), "2026-09-30");
  EXPECT_EQ(
      std::vector<std::string>(deadline->holidays_met().begin(), deadline->holidays_met().end()),
      (std::vector<std::string>{"2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06",
                                "2026-10-07"}));
  EXPECT_EQ(std::vector<std::string>(deadline->make_up_days_met().begin(),
                                     deadline->make_up_days_met().end()),
            (std::vector<std::string>{"2026-10-10"}));
  EXPECT_EQ(deadline->explanation(0), "received 2026-09-30 (in person: the day it was handed in)");
  EXPECT_EQ(deadline->explanation(deadline->explanation_size() - 1),
            "due 2026-11-03 (Tuesday), the 20th working day");
}

TEST(Deadline, ASupplementRestartsTheTwentyDays) {
  auto deadline = ComputeDeadline(
      Shipped(), {.receipt = Day("2026-09-30"), .supplement_received = Day("2026-10-12")});
  ASSERT_TRUE(deadline.ok());
  EXPECT_EQ(deadline->clock_start(), "2026-10-12");
  EXPECT_EQ(deadline->due_date(), "2026-11-09");
  EXPECT_EQ(ComputeDeadline(
                Shipped(), {.receipt = Day("2026-09-30"), .supplement_received = Day("2026-09-29")})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

bool Explains(const v1::Deadline& deadline, const std::string& line) {
  for (const auto& explained : deadline.explanation()) {
    if (explained == line) return true;
  }
  return false;
}

TEST(Deadline, APauseLeavesOutTheWorkingDaysAfterItsFirstDayThroughItsLast) {
  auto deadline = ComputeDeadline(
      Shipped(),
      {.receipt = Day("2026-03-02"),
       .pauses = {{Day("2026-03-10"), Day("2026-03-20"), "consultation: 某公司 (Art. 33)"}}});
  ASSERT_TRUE(deadline.ok());
  // 03-11 .. 03-20 (eight working days) are left out; 03-10 itself counts.
  EXPECT_EQ(deadline->due_date(), "2026-04-10");
  EXPECT_EQ(deadline->paused(0), "2026-03-10:2026-03-20");
  EXPECT_TRUE(Explains(*deadline,
                       "consultation: 某公司 (Art. 33): 8 working day(s) not counted, those after "
                       "2026-03-10 up to and including 2026-03-20"));
}

TEST(Deadline, AConsultationSentAndAnsweredTheSameDayRemovesNothing) {
  // Issue 13: received 2026-02-26 in person, consulted and answered 2026-03-02 → 2026-03-25 (the
  // count that left out both end days gave 2026-03-26).
  auto deadline = ComputeDeadline(Shipped(), {.receipt = Day("2026-02-26"),
                                              .pauses = {{Day("2026-03-02"), Day("2026-03-02")}}});
  ASSERT_TRUE(deadline.ok());
  EXPECT_EQ(deadline->due_date(), "2026-03-25");
  EXPECT_EQ(deadline->paused(0), "2026-03-02:2026-03-02");
  EXPECT_TRUE(Explains(*deadline,
                       "paused: 0 working day(s) not counted, those after 2026-03-02 up to and "
                       "including 2026-03-02"));
  EXPECT_EQ(*CountWorkingDays(Shipped(), Day("2026-02-26"), Day("2026-03-25"),
                              {{Day("2026-03-02"), Day("2026-03-02")}}),
            20);
}

TEST(Deadline, OverlappingPausesAreAUnion) {
  // (03-10, 03-20] and (03-16, 03-25]: 03-11 .. 03-25 is left out once, eleven working days (the
  // two apart would be 8 + 7).
  const std::vector<ClockPause> overlapping = {{Day("2026-03-10"), Day("2026-03-20"), "A"},
                                               {Day("2026-03-16"), Day("2026-03-25"), "B"}};
  auto deadline = ComputeDeadline(Shipped(), {.receipt = Day("2026-03-02"), .pauses = overlapping});
  ASSERT_TRUE(deadline.ok());
  EXPECT_EQ(deadline->due_date(), "2026-04-15");
  EXPECT_TRUE(Explains(*deadline,
                       "A: 8 working day(s) not counted, those after 2026-03-10 up to and "
                       "including 2026-03-20"));
  EXPECT_TRUE(Explains(*deadline,
                       "B: 7 working day(s) not counted, those after 2026-03-16 up to and "
                       "including 2026-03-25"));
  EXPECT_TRUE(Explains(
      *deadline, "11 working day(s) not counted in all; a day in several pauses is left out once"));
  EXPECT_EQ(*CountWorkingDays(Shipped(), Day("2026-03-02"), Day("2026-04-15"), overlapping), 20);

  // A pause inside another changes nothing.
  auto nested = ComputeDeadline(Shipped(), {.receipt = Day("2026-03-02"),
                                            .pauses = {{Day("2026-03-10"), Day("2026-03-20")},
                                                       {Day("2026-03-12"), Day("2026-03-13")}}});
  ASSERT_TRUE(nested.ok());
  EXPECT_EQ(nested->due_date(), "2026-04-10");
}

TEST(Deadline, APauseOverAHolidayLeavesOutOnlyItsWorkingDays) {
  // (04-02, 04-08] spans 清明 (04-04 .. 04-06): only 04-03, 04-07 and 04-08 were working days.
  // Without the pause the 20th working day is 2026-04-28; with it three later, past 劳动节.
  auto deadline = ComputeDeadline(Shipped(), {.receipt = Day("2026-03-30"),
                                              .pauses = {{Day("2026-04-02"), Day("2026-04-08")}}});
  ASSERT_TRUE(deadline.ok());
  EXPECT_EQ(ComputeDeadline(Shipped(), {.receipt = Day("2026-03-30")})->due_date(), "2026-04-28");
  EXPECT_EQ(deadline->due_date(), "2026-05-06");
  // The holiday inside the pause was never met by the count; those of 劳动节 were.
  EXPECT_EQ(
      std::vector<std::string>(deadline->holidays_met().begin(), deadline->holidays_met().end()),
      (std::vector<std::string>{"2026-05-01", "2026-05-04", "2026-05-05"}));
  EXPECT_TRUE(Explains(*deadline,
                       "paused: 3 working day(s) not counted, those after 2026-04-02 up to and "
                       "including 2026-04-08"));
}

TEST(Deadline, APauseEndingBeforeItStartsIsRefused) {
  EXPECT_EQ(ComputeDeadline(Shipped(), {.receipt = Day("2026-03-02"),
                                        .pauses = {{Day("2026-03-10"), Day("2026-03-09")}}})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(Deadline, AnArt35LaterReplyDateIsTheDueDate) {
  // Received 2026-03-02: the ordinary 20th working day is 2026-03-30.
  auto later =
      ComputeDeadline(Shipped(), {.receipt = Day("2026-03-02"), .later_due = Day("2026-05-29")});
  ASSERT_TRUE(later.ok()) << later.status();
  EXPECT_EQ(later->due_date(), "2026-05-29");
  EXPECT_EQ(later->later_reply_date(), "2026-05-29");
  EXPECT_TRUE(Explains(*later,
                       "Art. 35: the office set a later reply date 2026-05-29; it replaces the "
                       "ordinary due date 2026-03-30"));
  EXPECT_EQ(later->explanation(later->explanation_size() - 1),
            "due 2026-05-29 (Friday), the later reply date (Art. 35)");

  // Pauses after the date was set can carry the ordinary count past it: the law's period stands.
  auto overtaken = ComputeDeadline(Shipped(), {.receipt = Day("2026-03-02"),
                                               .pauses = {{Day("2026-03-03"), Day("2026-04-30")}},
                                               .later_due = Day("2026-04-10")});
  ASSERT_TRUE(overtaken.ok());
  EXPECT_EQ(overtaken->due_date(), "2026-05-29");
  EXPECT_EQ(overtaken->later_reply_date(), "2026-04-10");
  EXPECT_TRUE(Explains(*overtaken,
                       "Art. 35: the office set a later reply date 2026-04-10, but the ordinary "
                       "count ends later, on 2026-05-29, and stands"));

  EXPECT_EQ(
      ComputeDeadline(Shipped(), {.receipt = Day("2026-03-02"), .later_due = Day("2026-03-02")})
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
}

TEST(Deadline, AnExtensionAddsUpToTwentyWorkingDays) {
  auto extended = ComputeDeadline(Shipped(), {.receipt = Day("2026-09-30"), .extension_days = 20});
  ASSERT_TRUE(extended.ok());
  EXPECT_EQ(extended->due_date(), "2026-12-01");
  EXPECT_EQ(extended->working_days(), 40);
  EXPECT_EQ(ComputeDeadline(Shipped(), {.receipt = Day("2026-09-30"), .extension_days = 21})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  auto everything = ComputeDeadline(Shipped(), {.receipt = Day("2026-09-30"),
                                                .supplement_received = Day("2026-10-12"),
                                                .pauses = {{Day("2026-10-20"), Day("2026-10-30")}},
                                                .extension_days = 20});
  ASSERT_TRUE(everything.ok());
  // Pause (10-20, 10-30]: 10-21 .. 10-30, eight working days left out.
  EXPECT_EQ(everything->due_date(), "2026-12-17");
}

TEST(Deadline, CountingIntoAnUnpublishedYearIsProvisionalOrRefused) {
  auto provisional = ComputeDeadline(Shipped(), {.receipt = Day("2026-12-15")});
  ASSERT_TRUE(provisional.ok());
  EXPECT_EQ(provisional->due_date(), "2027-01-13");
  EXPECT_TRUE(provisional->provisional());
  EXPECT_EQ(ComputeDeadline(Shipped(), {.receipt = Day("2026-12-31")})->due_date(), "2027-01-29");
  EXPECT_EQ(ComputeDeadline(Shipped(UnknownYears::kRefuse), {.receipt = Day("2026-12-15")})
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(LegalReceiptDate, FollowsTheChannel) {
  const absl::CivilDay arrived = Day("2026-11-20");
  auto in_person = LegalReceiptDate({.channel = v1::CHANNEL_IN_PERSON, .arrived = arrived});
  EXPECT_EQ(in_person->date, arrived);
  auto post = LegalReceiptDate({.channel = v1::CHANNEL_REGISTERED_POST,
                                .arrived = arrived,
                                .signed_for = Day("2026-11-23")});
  EXPECT_EQ(post->date, Day("2026-11-23"));
  EXPECT_EQ(post->rule, "registered post: the day the office signed for it");
  EXPECT_EQ(LegalReceiptDate({.channel = v1::CHANNEL_ORDINARY_LETTER, .arrived = arrived})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  auto letter = LegalReceiptDate(
      {.channel = v1::CHANNEL_ORDINARY_LETTER, .arrived = arrived, .confirmed = Day("2026-11-24")});
  EXPECT_EQ(letter->date, Day("2026-11-24"));
  auto online = LegalReceiptDate({.channel = v1::CHANNEL_ONLINE, .arrived = arrived});
  EXPECT_EQ(online->date, arrived);
  EXPECT_EQ(LegalReceiptDate(
                {.channel = v1::CHANNEL_FAX, .arrived = arrived, .confirmed = Day("2026-11-19")})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace gongkai
