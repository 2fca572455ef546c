// The window's deadline calculator, run as staff run it: the real binary, its JSON output.
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
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
      absl::StrCat("deadline --received 2026-09-28 --channel registered_post --signed-for "
                   "2026-09-30 --supplement-received 2026-10-12 --pause 2026-10-20:2026-10-30 "
                   "--extension 20 --calendar ",
                   GONGKAI_CALENDAR_DIR, " --json"),
      &status);
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find("\"receipt_date\":\"2026-09-30\""), std::string::npos) << output;
  EXPECT_NE(output.find("\"due_date\":\"2026-12-18\""), std::string::npos) << output;
}

TEST(DeadlineCli, SaysProvisionalOrRefusesAnUnpublishedYear) {
  int status = -1;
  std::string output = RunCli(
      absl::StrCat("deadline --received 2026-12-15 --calendar ", GONGKAI_CALENDAR_DIR, " --json"),
      &status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(output.find("\"provisional\":true"), std::string::npos) << output;
  output = RunCli(absl::StrCat("deadline --received 2026-12-15 --unknown-years refuse --calendar ",
                               GONGKAI_CALENDAR_DIR),
                  &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(output.find("2027 is not loaded"), std::string::npos) << output;
}

TEST(DeadlineCli, RefusesBadInputNamingTheFlag) {
  int status = -1;
  const std::string output = RunCli("deadline --received 2026-02-30", &status);
  EXPECT_EQ(status, 2);
  EXPECT_NE(output.find("--received must be a date"), std::string::npos) << output;
}

}  // namespace
}  // namespace gongkai::testing
