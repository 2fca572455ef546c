// A service started with --listen_socket serves on that unix socket the same calls as on its
// port: the web console and the benchmarks on the same machine come that way.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "base/text_file.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

TEST(UnixSocket, AServiceAnswersOnItsSocketAsOnItsPort) {
  if (TestOverTls()) GTEST_SKIP() << "the sockets are for the stack without TLS";
  TestStack stack;
  const std::string socket = absl::StrCat(stack.dir(), "/intake.sock");
  stack.Start("intake", {absl::StrCat("--listen_socket=", socket)});
  ASSERT_TRUE(std::filesystem::is_socket(socket));

  auto channel =
      grpc::CreateChannel(absl::StrCat("unix:", socket), grpc::InsecureChannelCredentials());
  auto through_socket = v1::IntakeService::NewStub(channel);
  v1::RegisterResponse registered;
  const grpc::Status status =
      through_socket->Register(TestStack::As("w1", "clerk").get(),
                               SampleRegistration("socket-0001", "县财政预算"), &registered);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(registered.case_().state(), v1::CASE_STATE_REGISTERED);

  // The same case through the port, and the token is checked on the socket as on the port.
  v1::GetCaseRequest get;
  get.set_case_number(registered.case_().case_number());
  v1::Case through_port;
  ASSERT_TRUE(stack.intake().GetCase(TestStack::As("w1", "clerk").get(), get, &through_port).ok());
  EXPECT_EQ(through_port.version(), registered.case_().version());
  v1::Case unsigned_read;
  EXPECT_EQ(
      through_socket->GetCase(TestStack::WithToken("").get(), get, &unsigned_read).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
}

TEST(UnixSocket, ASocketPathThatCannotServeStopsTheServiceAtStart) {
  TestStack stack;
  struct Refused {
    std::string path;
    int exit_code;       // 2: a refused configuration; 1: it could not serve
    std::string logged;  // what its log says
  };
  const std::vector<Refused> refused = {
      {"intake.sock", 2, "`listen_socket` must be an absolute path of at most 100 bytes"},
      {absl::StrCat(stack.dir(), "/", std::string(120, 's')), 2,
       "`listen_socket` must be an absolute path of at most 100 bytes"},
      {absl::StrCat(stack.dir(), "/no-such-directory/intake.sock"), 1,
       absl::StrCat("event=listen_failed listen=127.0.0.1:0 listen_socket=", stack.dir(),
                    "/no-such-directory/intake.sock")},
  };
  int attempt = 0;
  for (const Refused& expected : refused) {
    const std::string log = absl::StrCat(stack.dir(), "/refused-", ++attempt, ".log");
    Process intake(
        {absl::StrCat(GONGKAI_BIN_DIR, "/gongkai-intake"), "--listen=127.0.0.1:0",
         absl::StrCat("--listen_socket=", expected.path),
         absl::StrCat("--redis=", stack.redis_server().Address()), "--redis_user=gongkai",
         absl::StrCat("--redis_password_file=", stack.redis_server().ServicePasswordFile()),
         absl::StrCat("--agencies=", GONGKAI_AGENCIES),
         absl::StrCat("--calendar=", GONGKAI_CALENDAR_DIR),
         absl::StrCat("--token_verify_key=", TestTokenKeyDir(), "/token-verify.pub")},
        log);
    // -1: still running after 10 s (or killed by a signal), which no refusal should leave.
    EXPECT_EQ(intake.ExitCodeWithin(absl::Seconds(10)), expected.exit_code) << expected.path;
    absl::StatusOr<std::string> written = ReadTextFile(log);
    ASSERT_TRUE(written.ok()) << written.status();
    EXPECT_NE(written->find(expected.logged), std::string::npos) << *written;
  }
}

}  // namespace
}  // namespace gongkai::testing
