// The client as staff and scripts run it (the real binary, its JSON output): the window's
// deadline calculator, and `wait`, which a script uses to learn that a service moved a case on.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "redis/keys.h"
#include "rules/case_number.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

TEST(DeadlineCli, PrintsTheDueDateAsJson) {
  int status = -1;
  const std::string output = RunCli(
      absl::StrCat("deadline --received 2026-09-30 --calendar ", GONGKAI_CALENDAR_DIR, " --json"),
      &status);
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find("\"due_date\":\"2026-11-03\""), std::string::npos) << output;
  EXPECT_NE(output.find("\"make_up_days_met\":[\"2026-10-10\"]"), std::string::npos) << output;
}

TEST(DeadlineCli, TakesEveryStatutoryAdjustment) {
  int status = -1;
  const std::string output = RunCli(
      absl::StrCat("deadline --received 2026-09-28 --channel registered_post --signed_for "
                   "2026-09-30 --supplement_received 2026-10-12 --pause 2026-10-20:2026-10-30 "
                   "--extension 20 --calendar ",
                   GONGKAI_CALENDAR_DIR, " --json"),
      &status);
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find("\"receipt_date\":\"2026-09-30\""), std::string::npos) << output;
  // The pause leaves out the working days after 10-20 up to and including 10-30.
  EXPECT_NE(output.find("\"due_date\":\"2026-12-17\""), std::string::npos) << output;
}

TEST(DeadlineCli, SaysProvisionalOrRefusesAnUnpublishedYear) {
  int status = -1;
  std::string output = RunCli(
      absl::StrCat("deadline --received 2026-12-15 --calendar ", GONGKAI_CALENDAR_DIR, " --json"),
      &status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(output.find("\"provisional\":true"), std::string::npos) << output;
  output = RunCli(absl::StrCat("deadline --received 2026-12-15 --unknown_years refuse --calendar ",
                               GONGKAI_CALENDAR_DIR),
                  &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(output.find("尚未载入 2027 年的节假日安排"), std::string::npos) << output;
}

// The due date a `deadline` command line prints (its JSON's due_date), or its whole output.
std::string DueDate(const std::string& flags) {
  int status = -1;
  const std::string output = RunCli(
      absl::StrCat("deadline --calendar=", GONGKAI_CALENDAR_DIR, " --json ", flags), &status);
  EXPECT_EQ(status, 0) << flags << ": " << output;
  const size_t at = output.find("\"due_date\":\"");
  return at == std::string::npos ? output : output.substr(at + 12, 10);
}

TEST(DeadlineCli, TakesTheArrivalFlagsOfRegister) {
  // Registered post counts from the day the office signed for it; an ordinary letter from the
  // day it was confirmed with the applicant: the same flags, spelt as `register` spells them.
  EXPECT_EQ(DueDate("--received=2026-09-28 --channel=registered_post --signed_for=2026-09-30"),
            DueDate("--received=2026-09-30"));
  EXPECT_EQ(DueDate("--received=2026-09-28 --channel=ordinary_letter --confirmed=2026-09-30"),
            DueDate("--received=2026-09-30"));
  EXPECT_NE(DueDate("--received=2026-09-28"), DueDate("--received=2026-09-30"));
}

TEST(DeadlineCli, CountsEveryPauseWhetherRepeatedOrCommaSeparated) {
  const std::string first = "2026-10-20:2026-10-23", second = "2026-11-02:2026-11-06";
  const std::string repeated =
      DueDate(absl::StrCat("--received=2026-09-30 --pause=", first, " --pause ", second));
  EXPECT_EQ(repeated, DueDate(absl::StrCat("--received=2026-09-30 --pause=", first, ",", second)));
  // Neither pause is dropped: with only one of them the due date is earlier.
  EXPECT_GT(repeated, DueDate(absl::StrCat("--received=2026-09-30 --pause=", first)));
  EXPECT_GT(repeated, DueDate(absl::StrCat("--received=2026-09-30 --pause=", second)));
}

TEST(DeadlineCli, RefusesBadInputNamingTheFlag) {
  int status = -1;
  const std::string output = RunCli("deadline --received 2026-02-30", &status);
  EXPECT_EQ(status, 2);
  EXPECT_NE(output.find("--received must be a date"), std::string::npos) << output;
  struct Bad {
    std::string flags;
    std::string says;
  };
  for (const Bad& bad : {
           Bad{"", "--received=YYYY-MM-DD is required"},
           Bad{"--received=2026-09-28 --channel=registered_post --signed_for=2026-09-31",
               "--signed_for must be a date"},
           Bad{"--received=2026-09-28 --supplement_received=tomorrow",
               "--supplement_received must be a date"},
           Bad{"--received=2026-09-28 --pause=2026-10-20", "--pause must be FROM:TO dates"},
           Bad{"--received=2026-09-28 --channel=pigeon", "--channel must be one of"},
           Bad{"--received=2026-09-28 --unknown_years=guess", "--unknown_years must be"},
           Bad{"--received=2026-09-28 --channel=ordinary_letter", "`confirmed` is required"},
           Bad{"--received=2026-09-28 --extension=21", "`extension` must be between 0 and 20"},
       }) {
    const std::string refused =
        RunCli(absl::StrCat("deadline --calendar=", GONGKAI_CALENDAR_DIR, " ", bad.flags), &status);
    EXPECT_EQ(status, 2) << bad.flags << ": " << refused;
    EXPECT_TRUE(absl::StrContains(refused, bad.says)) << bad.flags << ": " << refused;
  }
  // The hyphenated spellings are gone; absl names the flag it does not know.
  const std::string old = RunCli("deadline --received=2026-09-28 --signed-for=2026-09-30", &status);
  EXPECT_NE(status, 0) << old;
  EXPECT_TRUE(absl::StrContains(old, "signed-for")) << old;
}

// `wait` learns where a case stands from the tracker's WatchCase. Reading the case (GetCase)
// would record, for every poll, a reading of the applicant's personal data by the clerk.
TEST(WaitCli, WaitsForRoutingWithoutReadingTheApplicantsData) {
  TestStack stack;
  stack.Start("intake");
  stack.Start("tracker");
  const std::string number = RegisterSample(stack, "wait-cli-0001");
  const std::string reads = keys::Reads(*ParseCaseNumber(number));
  const long long reads_before = stack.redis().Command({"LLEN", reads})->integer();
  // The clerk who registered it: the one whose GetCase is an unmasked, recorded reading.
  const std::string clerk = absl::StrCat("--token_file=", TestTokenFile("window01", "clerk"),
                                         " --intake=127.0.0.1:", stack.port("intake"),
                                         " --tracker=127.0.0.1:", stack.port("tracker"));
  std::future<std::pair<int, std::string>> waited = std::async(std::launch::async, [&] {
    int status = -1;
    std::string output =
        RunCli(absl::StrCat(clerk, " --json wait ", number, " --state=assigned,dispatch"), &status);
    return std::make_pair(status, output);
  });
  // Routing is not running yet: the client has to wait for it.
  EXPECT_EQ(waited.wait_for(std::chrono::milliseconds(500)), std::future_status::timeout);
  stack.Start("routing");
  auto [status, output] = waited.get();
  EXPECT_EQ(status, 0) << output;
  EXPECT_TRUE(absl::StrContains(output, "\"state\":\"CASE_STATE_ASSIGNED\"")) << output;
  EXPECT_TRUE(absl::StrContains(output, "\"version\":\"2\"")) << output;

  // Already there: answered at once.
  output = RunCli(absl::StrCat(clerk, " wait ", number, " --state=assigned"), &status);
  EXPECT_EQ(status, 0) << output;
  EXPECT_TRUE(absl::StrContains(output, absl::StrCat(number, " ASSIGNED version 2\n"))) << output;
  // Not there within --wait_ms.
  output = RunCli(absl::StrCat(clerk, " wait ", number, " --state=closed --wait_ms=300"), &status);
  EXPECT_EQ(status, 1) << output;
  EXPECT_TRUE(absl::StrContains(
      output, absl::StrCat("DEADLINE_EXCEEDED: case ", number, " is still ASSIGNED")))
      << output;

  EXPECT_EQ(stack.redis().Command({"LLEN", reads})->integer(), reads_before);
  // The count does see a reading: the clerk's `show` is one.
  output = RunCli(absl::StrCat(clerk, " show ", number), &status);
  EXPECT_EQ(status, 0) << output;
  EXPECT_EQ(stack.redis().Command({"LLEN", reads})->integer(), reads_before + 1);
}

}  // namespace
}  // namespace gongkai::testing
