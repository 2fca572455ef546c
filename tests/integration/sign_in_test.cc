// Signing in and out through the real tracker: sign-out everywhere, the administrator's changes
// to an account, and the limits on failed sign-ins (per account and per client address).
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "base/text_file.h"
#include "grpc/field_errors.h"
#include "redis/keys.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

constexpr char kLocked[] = "登录尝试过于频繁，请 15 分钟后再试";
constexpr char kRefused[] = "用户名或密码不正确，或账户已停用";

class SignIn : public ::testing::Test {
 protected:
  void SetUp() override { stack_.StartAll(); }

  // Added by an administrator (a test token: no sign-in is spent on it).
  void AddUser(const std::string& user, const std::string& role, const std::string& password,
               const std::string& department = "") {
    v1::AddUserRequest request;
    request.mutable_account()->set_user_id(user);
    request.mutable_account()->set_display_name(absl::StrCat(user, "的名字"));
    request.mutable_account()->add_roles(role);
    request.mutable_account()->set_department(department);
    request.set_password(password);
    v1::UserAccount added;
    const grpc::Status status = stack_.account().AddUser(Admin().get(), request, &added);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  static std::unique_ptr<grpc::ClientContext> Admin() { return TestStack::As("root", "admin"); }

  grpc::Status Login(const std::string& user, const std::string& password,
                     v1::LoginResponse* out = nullptr, const std::string& address = "") {
    return testing::Login(stack_, user, password, out, address);
  }

  std::string Token(const std::string& user, const std::string& password) {
    v1::LoginResponse response;
    const grpc::Status status = Login(user, password, &response);
    EXPECT_TRUE(status.ok()) << user << ": " << status.error_message();
    return response.token();
  }

  // A call every role may make.
  grpc::Status Use(const std::string& token) {
    v1::ListDepartmentsRequest request;
    v1::ListDepartmentsResponse response;
    return stack_.routing().ListDepartments(TestStack::WithToken(token).get(), request, &response);
  }

  // The services read ended sessions from Redis every second: a session ends within that.
  bool RefusedSoon(const std::string& token) {
    return testing::RefusedSoon([&] { return Use(token); });
  }

  // Moves every counted failure of a sign-in key out of the window, as if 16 minutes passed.
  void AgeFailures(const std::string& key) {
    auto members = stack_.redis().Command({"ZRANGE", key, "0", "-1"});
    ASSERT_TRUE(members.ok());
    ASSERT_GT(members->size(), 0u) << key;
    const std::string old = std::to_string(absl::ToUnixMillis(absl::Now() - absl::Minutes(16)));
    for (size_t i = 0; i < members->size(); ++i) {
      ASSERT_TRUE(stack_.redis()
                      .Command({"ZADD", key, "XX", old, std::string(members->element(i).str())})
                      .ok());
    }
  }

  TestStack stack_;
};

TEST_F(SignIn, SignOutEverywhereEndsEverySessionOfThePersonOnly) {
  AddUser("w1", "clerk", "window-one-password");
  AddUser("w2", "clerk", "window-two-password");
  const std::string browser = Token("w1", "window-one-password");
  const std::string command_line = Token("w1", "window-one-password");
  const std::string colleague = Token("w2", "window-two-password");
  ASSERT_TRUE(Use(browser).ok());
  ASSERT_TRUE(Use(command_line).ok());

  v1::LogoutRequest everywhere;
  everywhere.set_everywhere(true);
  v1::LogoutResponse out;
  const grpc::Status logout =
      stack_.account().Logout(TestStack::WithToken(browser).get(), everywhere, &out);
  ASSERT_TRUE(logout.ok()) << logout.error_message();
  // Signing in again at once, even within the second the sessions ended, gives a session dated
  // after that end.
  const std::string again = Token("w1", "window-one-password");
  absl::StatusOr<v1::TokenClaims> claims = VerifyToken(again, TestTokenKeys(), absl::Now());
  ASSERT_TRUE(claims.ok()) << claims.status();
  const auto ended = stack_.redis().Command({"HGET", keys::Revoked(), "user:w1"});
  ASSERT_TRUE(ended.ok() && ended->is_string());
  EXPECT_GT(claims->issued_at(), std::stoll(std::string(ended->str())));
  // The other session of the person is refused: signed out everywhere.
  EXPECT_TRUE(RefusedSoon(command_line));
  EXPECT_TRUE(RefusedSoon(browser));
  const grpc::Status refused = Use(command_line);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(refused.error_message(), "登录已结束（已退出登录或账户已停用、已修改），请重新登录");
  // A colleague's session goes on, and so does the new one.
  EXPECT_TRUE(Use(colleague).ok());
  EXPECT_TRUE(Use(again).ok()) << Use(again).error_message();

  // A plain sign-out ends only its own session.
  const std::string other = Token("w1", "window-one-password");
  ASSERT_TRUE(
      stack_.account().Logout(TestStack::WithToken(again).get(), v1::LogoutRequest(), &out).ok());
  EXPECT_TRUE(RefusedSoon(again));
  EXPECT_TRUE(Use(other).ok());
}

TEST_F(SignIn, AnAdministratorChangesAnAccountAndEndsItsSessions) {
  AddUser("czj-li", "officer", "officer-li-password", "czj");
  const std::string first = Token("czj-li", "officer-li-password");
  ASSERT_TRUE(Use(first).ok());
  const std::string revoked_field = "user:czj-li";

  v1::UpdateUserRequest rename;
  rename.set_user_id("czj-li");
  rename.set_display_name("李四");
  v1::UserAccount updated;
  grpc::Status status = stack_.account().UpdateUser(Admin().get(), rename, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.display_name(), "李四");
  EXPECT_EQ(updated.department(), "czj");
  ASSERT_EQ(updated.roles_size(), 1);
  EXPECT_EQ(updated.roles(0), "officer");
  // A new name ends no session.
  EXPECT_TRUE(stack_.redis().Command({"HGET", keys::Revoked(), revoked_field})->is_nil());

  // Only administrators change accounts.
  v1::UpdateUserRequest by_officer = rename;
  EXPECT_EQ(stack_.account()
                .UpdateUser(TestStack::WithToken(first).get(), by_officer, &updated)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // A bad change names the field, in Chinese, and changes nothing.
  v1::UpdateUserRequest no_department;
  no_department.set_user_id("czj-li");
  no_department.set_department("");
  status = stack_.account().UpdateUser(Admin().get(), no_department, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "`department` 部门经办人员（officer）须指定所属部门");
  EXPECT_EQ(FieldViolationsOf(status),
            (std::vector<FieldViolation>{{"department", "部门经办人员（officer）须指定所属部门"}}));
  v1::UpdateUserRequest nobody = rename;
  nobody.set_user_id("nobody");
  status = stack_.account().UpdateUser(Admin().get(), nobody, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "`user_id` 账户 \"nobody\" 不存在");

  // Moving the officer to another department ends the session (its token names czj).
  v1::UpdateUserRequest move;
  move.set_user_id("czj-li");
  move.set_department("jyj");
  status = stack_.account().UpdateUser(Admin().get(), move, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.department(), "jyj");
  EXPECT_EQ(updated.display_name(), "李四");
  EXPECT_TRUE(RefusedSoon(first));
  v1::LoginResponse moved;
  ASSERT_TRUE(Login("czj-li", "officer-li-password", &moved).ok());
  EXPECT_EQ(moved.account().department(), "jyj");
  EXPECT_EQ(moved.account().display_name(), "李四");
  EXPECT_TRUE(Use(moved.token()).ok());

  // Disabled: the session ends and sign-in is refused; enabled again: sign-in works.
  v1::UpdateUserRequest disable;
  disable.set_user_id("czj-li");
  disable.set_disabled(true);
  ASSERT_TRUE(stack_.account().UpdateUser(Admin().get(), disable, &updated).ok());
  EXPECT_TRUE(updated.disabled());
  EXPECT_TRUE(RefusedSoon(moved.token()));
  status = Login("czj-li", "officer-li-password");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status.error_message(), kRefused);
  v1::UpdateUserRequest enable;
  enable.set_user_id("czj-li");
  enable.set_disabled(false);
  ASSERT_TRUE(stack_.account().UpdateUser(Admin().get(), enable, &updated).ok());
  EXPECT_FALSE(updated.disabled());

  // A new password: the old one no longer signs in, the new one does; roles change with it.
  v1::UpdateUserRequest reset;
  reset.set_user_id("czj-li");
  reset.set_password("a-brand-new-password");
  reset.add_roles("officer");
  reset.add_roles("reviewer");
  status = stack_.account().UpdateUser(Admin().get(), reset, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.roles_size(), 2);
  EXPECT_EQ(Login("czj-li", "officer-li-password").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  v1::LoginResponse renewed;
  ASSERT_TRUE(Login("czj-li", "a-brand-new-password", &renewed).ok());
  EXPECT_EQ(renewed.account().roles_size(), 2);
  EXPECT_TRUE(Use(renewed.token()).ok());
  // The password is stored hashed and appears in no log.
  const auto stored = stack_.redis().Command({"HGET", keys::User("czj-li"), "pwhash"});
  EXPECT_TRUE(absl::StartsWith(stored->str(), "$argon2id$")) << stored->str();
  // Stopped first: a service writes its info lines in batches, the last ones as it ends.
  stack_.Kill("tracker", SIGTERM);
  absl::StatusOr<std::string> log = ReadTextFile(absl::StrCat(stack_.dir(), "/tracker.log"));
  ASSERT_TRUE(log.ok());
  EXPECT_FALSE(absl::StrContains(*log, "a-brand-new-password"));
  EXPECT_FALSE(absl::StrContains(*log, "officer-li-password"));
}

TEST_F(SignIn, TheCommandLineUpdatesAccountsAndSignsOutEverywhere) {
  AddUser("czj-li", "officer", "officer-li-password", "czj");
  const std::string tracker = absl::StrCat(" --tracker=127.0.0.1:", stack_.port("tracker"));
  const std::string admin = absl::StrCat("--token_file=", TestTokenFile("root", "admin"), tracker);
  int exit_status = -1;
  std::string output = RunCli(absl::StrCat(admin,
                                           " --json admin user update --user=czj-li "
                                           "--dept=jyj --display_name=李四 --disable"),
                              &exit_status);
  EXPECT_EQ(exit_status, 0) << output;
  EXPECT_TRUE(absl::StrContains(output, "\"department\":\"jyj\"")) << output;
  EXPECT_TRUE(absl::StrContains(output, "\"displayName\":\"李四\"") ||
              absl::StrContains(output, "\"display_name\":\"李四\""))
      << output;
  EXPECT_TRUE(absl::StrContains(output, "\"disabled\":true")) << output;
  // --dept=- takes the department away: not from an officer.
  output = RunCli(absl::StrCat(admin, " admin user update --user=czj-li --dept=- --enable"),
                  &exit_status);
  EXPECT_EQ(exit_status, 1) << output;
  EXPECT_TRUE(absl::StrContains(
      output, "INVALID_ARGUMENT: `department` 部门经办人员（officer）须指定所属部门"))
      << output;
  output = RunCli(absl::StrCat(admin, " admin user update --user=czj-li --enable --disable"),
                  &exit_status);
  EXPECT_EQ(exit_status, 2) << output;
  // A new password from a file; the account enabled again.
  const std::string password_file = absl::StrCat(stack_.dir(), "/new-password");
  {
    FILE* file = std::fopen(password_file.c_str(), "w");
    ASSERT_NE(file, nullptr);
    std::fputs("a-brand-new-password\n", file);
    std::fclose(file);
  }
  output = RunCli(absl::StrCat(admin, " admin user update --user=czj-li --enable --password_file=",
                               password_file),
                  &exit_status);
  EXPECT_EQ(exit_status, 0) << output;
  EXPECT_TRUE(absl::StrContains(output, "active")) << output;

  // Signed in on the command line and elsewhere; `logout --everywhere` ends both.
  const std::string token_file = absl::StrCat(stack_.dir(), "/czj-li.token");
  const std::string officer = absl::StrCat("--token_file=", token_file, tracker);
  output = RunCli(absl::StrCat(officer, " login --user=czj-li --password_file=", password_file),
                  &exit_status);
  ASSERT_EQ(exit_status, 0) << output;
  const std::string browser = Token("czj-li", "a-brand-new-password");
  ASSERT_TRUE(Use(browser).ok());
  output = RunCli(absl::StrCat(officer, " logout --everywhere"), &exit_status);
  EXPECT_EQ(exit_status, 0) << output;
  EXPECT_TRUE(absl::StrContains(output, "signed out everywhere")) << output;
  EXPECT_TRUE(RefusedSoon(browser));
}

TEST_F(SignIn, FiveFailuresLockTheAccountUntilTheWindowPasses) {
  AddUser("w1", "clerk", "window-one-password");
  AddUser("w2", "clerk", "window-two-password");
  // Four failures, then the right password: the failures are forgotten.
  for (int i = 0; i < 4; ++i) {
    const grpc::Status status = Login("w1", absl::StrCat("wrong-password-", i));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << i;
    EXPECT_EQ(status.error_message(), kRefused);
  }
  ASSERT_TRUE(Login("w1", "window-one-password").ok());
  EXPECT_EQ(stack_.redis().Command({"EXISTS", keys::SignInFailures("w1")})->integer(), 0);

  // Five failures lock the account: the sixth attempt is refused, the right password too.
  for (int i = 0; i < 5; ++i) {
    const grpc::Status status = Login("w1", absl::StrCat("wrong-password-", i));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << i;
  }
  for (const char* password : {"window-one-password", "wrong-password-x"}) {
    const grpc::Status status = Login("w1", password);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << password;
    EXPECT_EQ(status.error_message(), kLocked);
  }
  // The count is kept in Redis for the window only.
  const long long ttl = stack_.redis().Command({"TTL", keys::SignInFailures("w1")})->integer();
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 900);
  EXPECT_EQ(stack_.redis().Command({"ZCARD", keys::SignInFailures("w1")})->integer(), 5);
  // Another account from the same address signs in.
  EXPECT_TRUE(Login("w2", "window-two-password").ok());
  // An unknown account locks the same way, so that a lock tells nothing of who exists.
  for (int i = 0; i < 5; ++i) Login("nobody", "wrong-password-here");
  EXPECT_EQ(Login("nobody", "wrong-password-here").error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);

  // Once the failures have left the 15-minute window, the account signs in again.
  AgeFailures(keys::SignInFailures("w1"));
  v1::LoginResponse session;
  const grpc::Status status = Login("w1", "window-one-password", &session);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(Use(session.token()).ok());
}

TEST_F(SignIn, ThirtyFailuresFromOneAddressStopItsSignIns) {
  AddUser("w1", "clerk", "window-one-password");
  const std::string browser = "203.0.113.7";
  // One failure each to 29 accounts (no account reaches its own limit) ...
  for (int i = 1; i <= 29; ++i) {
    const grpc::Status status =
        Login(absl::StrFormat("guess%02d", i), "wrong-password-here", nullptr, browser);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << i;
  }
  // ... a sign-in that succeeds does not count ...
  ASSERT_TRUE(Login("w1", "window-one-password", nullptr, browser).ok());
  // ... the thirtieth failure is still answered ...
  EXPECT_EQ(Login("guess30", "wrong-password-here", nullptr, browser).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // ... and then the address is refused, whoever signs in, with whatever password.
  grpc::Status status = Login("w1", "window-one-password", nullptr, browser);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(status.error_message(), kLocked);
  EXPECT_EQ(stack_.redis().Command({"ZCARD", keys::SignInAddressFailures(browser)})->integer(), 30);
  // Other addresses are not: another browser behind the console, or the test's own peer.
  EXPECT_TRUE(Login("w1", "window-one-password", nullptr, "203.0.113.8").ok());
  EXPECT_TRUE(Login("w1", "window-one-password").ok());
  // The window passes: the address signs in again.
  AgeFailures(keys::SignInAddressFailures(browser));
  status = Login("w1", "window-one-password", nullptr, browser);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

}  // namespace
}  // namespace gongkai::testing
