// A private Gongkai stack for one integration test: a real redis-server on a unix socket in its
// own temporary directory (AOF on; support/redis_server.h), and the four service binaries as
// separate processes talking real gRPC on loopback ports they pick themselves. Everything is
// stopped when the test ends.
//
// Example:
//   TestStack stack;
//   stack.StartAll();
//   v1::RegisterResponse response;
//   ASSERT_TRUE(stack.intake().Register(stack.As("w1", "clerk").get(), request, &response).ok());
#pragma once

#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "auth/session_tokens.h"
#include "calendar/working_calendar.h"
#include "gongkai/v1/account.grpc.pb.h"
#include "gongkai/v1/intake.grpc.pb.h"
#include "gongkai/v1/reply.grpc.pb.h"
#include "gongkai/v1/report.grpc.pb.h"
#include "gongkai/v1/review.grpc.pb.h"
#include "gongkai/v1/routing.grpc.pb.h"
#include "gongkai/v1/tracker.grpc.pb.h"
#include "office_days.h"
#include "process.h"
#include "redis/redis_connection.h"
#include "redis_server.h"
#include "sample_registration.h"

namespace gongkai::testing {

struct StackOptions {
  int claim_idle_ms = 500;
  int max_deliveries = 5;
  std::string appendfsync = "everysec";
  std::string calendar_dir = GONGKAI_CALENDAR_DIR;
};

class TestStack {
 public:
  explicit TestStack(StackOptions options = {});
  ~TestStack();

  void StartAll();
  // Starts (or restarts) one of intake, routing, review, reply, tracker; waits until it serves.
  void Start(const std::string& service, const std::vector<std::string>& extra_flags = {});
  void Kill(const std::string& service, int signal);
  // Sends `signal` and waits for the process to end; returns its exit status (waitpid's).
  int Stop(const std::string& service, int signal);
  // Starts a killed service again on the port it had, so that clients' channels find it.
  void Restart(const std::string& service, const std::vector<std::string>& extra_flags = {});
  // Stops and starts redis-server on the same socket and data directory (the AOF is replayed).
  void KillRedis(int signal);
  void StartRedis();

  v1::IntakeService::Stub& intake() { return *intake_; }
  v1::RoutingService::Stub& routing() { return *routing_; }
  v1::ReviewService::Stub& review() { return *review_; }
  v1::ReplyService::Stub& reply() { return *reply_; }
  v1::TrackerService::Stub& tracker() { return *tracker_; }
  v1::ReportService::Stub& report() { return *report_; }     // on the tracker
  v1::AccountService::Stub& account() { return *account_; }  // on the tracker

  // A call context carrying a session token for the user in one role, with a 5 s deadline.
  static std::unique_ptr<grpc::ClientContext> As(const std::string& user, const std::string& role,
                                                 const std::string& department = "");
  // The same with a given token (none when empty).
  static std::unique_ptr<grpc::ClientContext> WithToken(const std::string& token);
  // As staff of another agency than the test office's (kTestAgency); `county_wide` as a manager
  // of the county's disclosure office.
  static std::unique_ptr<grpc::ClientContext> AsOf(const std::string& agency,
                                                   const std::string& user, const std::string& role,
                                                   const std::string& department = "",
                                                   bool county_wide = false);

  // The test's own connection to the stack's Redis, for inspecting what the services stored.
  RedisConnection& redis() { return *redis_; }
  // How many keys match `pattern` on every master (KEYS on each: on a cluster the keys are
  // spread over the masters).
  long long CountKeys(const std::string& pattern);
  // The unix socket the stack's Redis listens on (and no TCP port).
  const std::string& redis_socket() const { return redis_server_->socket_path(); }
  // The stack's Redis: one server, or a cluster (GONGKAI_TEST_REDIS=cluster).
  RedisServer& redis_server() { return *redis_server_; }
  // How to reach this stack's Redis as its `operator` user (everything allowed).
  RedisOptions OperatorOptions() const;
  // ... and as the services do, as its `gongkai` user.
  RedisOptions ServiceOptions() const;
  // The port a started service listens on.
  int port(const std::string& service) const { return ports_.at(service); }
  const std::string& dir() const { return dir_; }

 private:
  StackOptions options_;
  std::string dir_;
  std::unique_ptr<RedisServer> redis_server_;
  std::map<std::string, std::unique_ptr<Process>> services_;
  std::map<std::string, int> ports_;
  std::unique_ptr<RedisConnection> redis_;
  std::unique_ptr<v1::IntakeService::Stub> intake_;
  std::unique_ptr<v1::RoutingService::Stub> routing_;
  std::unique_ptr<v1::ReviewService::Stub> review_;
  std::unique_ptr<v1::ReplyService::Stub> reply_;
  std::unique_ptr<v1::TrackerService::Stub> tracker_;
  std::unique_ptr<v1::ReportService::Stub> report_;
  std::unique_ptr<v1::AccountService::Stub> account_;
};

// Today in China time.
absl::CivilDay Today();

// A stored YYYY-MM-DD date (a case's due date, ...); fails the test when it is not one.
absl::CivilDay DayOf(const std::string& text);

// Runs `gongkai <arguments>` (the client binary as staff run it); returns what it printed, its
// standard error included, and sets its exit status.
std::string RunCli(const std::string& arguments, int* exit_status);

// With GONGKAI_TEST_TLS=1 every service of every stack serves over TLS with certificates made by
// deploy/make-tls.sh, and every client of the tests (stubs, channels, the CLI) trusts their
// authority: the whole integration suite runs over TLS (CTest's integration_over_tls).
bool TestOverTls();
const std::string& TestTlsDir();
// A channel to a service of the stack, over TLS when the tests run so.
std::shared_ptr<grpc::Channel> TestChannel(int port);

// The key pair of this test process, and the directory holding its files (the services of
// every stack check tokens with it; the tracker signs its own with it).
const TokenKeys& TestTokenKeys();
const std::string& TestTokenKeyDir();
// A session token signed with the test keys, as the tracker's Login would issue it.
std::string TestToken(const std::string& user, const std::vector<std::string>& roles,
                      const std::string& department = "",
                      absl::Duration valid_for = absl::Hours(1));

// Every gRPC service of the system ("IntakeService") and the process serving it ("intake").
const std::map<std::string, std::string>& ProcessOfService();

// A file holding such a token, for the client's --token_file.
std::string TestTokenFile(const std::string& user, const std::string& role,
                          const std::string& department = "");

// Registers `request` at the window of `clerk` (the call must succeed); returns the case as
// registered.
v1::Case Register(TestStack& stack, const v1::RegisterRequest& request,
                  const std::string& clerk = "window01");

// Registers the sample request with `request_id` at the window; returns the case number (empty,
// failing the test, if registration failed).
std::string RegisterSample(TestStack& stack, const std::string& request_id,
                           const std::string& description = "县财政预算");

// Registers the sample request with `description`, received `days_ago` calendar days ago (an
// old one is overdue at once), at the window; returns the case as registered.
v1::Case RegisterReceived(TestStack& stack, const std::string& request_id,
                          const std::string& description, int days_ago);

// Registers the sample request with `description`, received `days_ago` calendar days ago; waits
// until routing assigned it, and returns it so.
v1::Case RegisterAssigned(TestStack& stack, const std::string& request_id, int days_ago,
                          const std::string& description = "县财政预算");

// Calls `method` ("/gongkai.v1.IntakeService/Register") on a port with the request's raw bytes
// through gRPC's generic stub, as `context` says; returns the status the server answered.
grpc::Status CallRaw(int port, const std::string& method, const grpc::ByteBuffer& request,
                     grpc::ClientContext* context);

// The commands of the case's history, oldest first.
std::vector<std::string> CommandsOf(const v1::Case& c);

// Polls the case until it is in `state`; returns it (or the last seen state, failing the test).
v1::Case WaitForState(TestStack& stack, const std::string& case_number, v1::CaseState state,
                      absl::Duration timeout = absl::Seconds(10));

// Waits until the tracker's sweeper has made its first pass over every partition (its marks
// are written then, and afterwards only when they move): a test comparing all of Redis before
// and after a call takes its first picture after this, or the first pass may land in between.
void WaitForFirstSweep(TestStack& stack, absl::Duration timeout = absl::Seconds(10));

// The department's officer hands the case back to the dispatcher (the call must succeed).
v1::CaseAck HandBack(TestStack& stack, const std::string& case_number,
                     const std::string& department, const std::string& reason);

// The dispatcher assigns the case to `department` (the call must succeed).
v1::CaseAck Assign(TestStack& stack, const std::string& case_number, const std::string& department,
                   const std::string& note = "");

// The department's officer accepts the assigned case and drafts a disclosure, a reviewer clears
// it, and the window delivers the reply by post on `delivered_on` (every call must succeed; use
// under ASSERT_NO_FATAL_FAILURE).
void ReplyTo(TestStack& stack, const std::string& case_number, const std::string& department,
             absl::CivilDay delivered_on);

// Signs in through the tracker (AccountService.Login) with no token; from `address` (the
// console's forwarded gongkai-client-address metadata) or, when empty, from the test's own peer
// address. `out` may be null.
grpc::Status Login(TestStack& stack, const std::string& user, const std::string& password,
                   v1::LoginResponse* out = nullptr, const std::string& address = "");

// Polls `call` until it is refused as UNAUTHENTICATED (the services read ended sessions and
// revocations from Redis every second); false if it is not within five seconds.
bool RefusedSoon(const std::function<grpc::Status()>& call);

}  // namespace gongkai::testing
