// A service refuses data laid out for another build (redis/store_layout.h): it exits with 2 and
// says why, instead of listing every old case as overdue or giving every notice again; on an
// empty store it records its layout.
#include "redis/store_layout.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "process.h"
#include "redis/keys.h"
#include "store_fixture.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

class StoreLayout : public RedisServerTest {
 protected:
  StoreLayout() : RedisServerTest("gongkai-layout"), redis_(server_.OperatorOptions()) {}

  std::unique_ptr<Process> StartIntake() {
    return std::make_unique<Process>(
        std::vector<std::string>{
            absl::StrCat(GONGKAI_BIN_DIR, "/gongkai-intake"), "--listen=127.0.0.1:0",
            absl::StrCat("--redis=", server_.Address()), "--redis_user=gongkai",
            absl::StrCat("--redis_password_file=", server_.ServicePasswordFile()),
            absl::StrCat("--calendar=", GONGKAI_CALENDAR_DIR),
            absl::StrCat("--agencies=", GONGKAI_AGENCIES),
            absl::StrCat("--token_verify_key=", TestTokenKeyDir(), "/token-verify.pub")},
        log_);
  }

  std::string Log() const {
    std::ifstream file(log_);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }

  RedisConnection redis_;
  std::string log_ = dir_ + "/intake.log";
};

TEST_F(StoreLayout, AnEmptyStoreGetsTheLayoutRecorded) {
  auto intake = StartIntake();
  std::string layout;
  for (int i = 0; i < 250 && layout.empty(); ++i) {
    auto reply = redis_.Command({"GET", keys::StoreLayout()});
    if (reply.ok() && reply->is_string()) layout = std::string(reply->str());
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(layout, std::to_string(kStoreLayout));
  intake->Signal(SIGTERM);
  EXPECT_EQ(intake->ExitCodeWithin(absl::Seconds(10)), 0);
}

TEST_F(StoreLayout, CasesOfAnUnrecordedLayoutAreRefused) {
  ASSERT_TRUE(
      redis_.Command({"HSET", keys::ReportCounters(3), "new:2026:natural_person", "1"}).ok());
  auto intake = StartIntake();
  EXPECT_EQ(intake->ExitCodeWithin(absl::Seconds(10)), 2);
  EXPECT_NE(Log().find("event=store_layout_refused"), std::string::npos) << Log();
  EXPECT_NE(Log().find("start from an empty data directory"), std::string::npos);
  // Nothing recorded over the old data.
  EXPECT_TRUE(redis_.Command({"GET", keys::StoreLayout()})->is_nil());
}

TEST_F(StoreLayout, AnotherRecordedLayoutIsRefused) {
  ASSERT_TRUE(redis_.Command({"SET", keys::StoreLayout(), "1"}).ok());
  auto intake = StartIntake();
  EXPECT_EQ(intake->ExitCodeWithin(absl::Seconds(10)), 2);
  EXPECT_NE(Log().find(absl::StrCat("layout 1; this build reads layout ", kStoreLayout)),
            std::string::npos)
      << Log();
}

}  // namespace
}  // namespace gongkai::testing
