#include "test_stack.h"

#include <fcntl.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/clock.h"
#include "redis/keys.h"
#include "rules/state_machine.h"
#include "staff.h"

namespace gongkai::testing {
namespace {

int ReadPortFile(const std::string& path, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    std::ifstream file(path);
    int port = 0;
    if (file >> port && port > 0) return port;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return 0;
}

}  // namespace

TestStack::TestStack(StackOptions options) : options_(std::move(options)) {
  char pattern[] = "/tmp/gongkai-test-XXXXXX";
  dir_ = mkdtemp(pattern);
  redis_server_ = std::make_unique<RedisServer>(dir_, options_.appendfsync);
  RedisOptions redis_options = OperatorOptions();
  redis_options.reconnect_backoff = absl::Milliseconds(20);
  redis_ = std::make_unique<RedisConnection>(redis_options);
}

TestStack::~TestStack() {
  // Close the test's connections first: an idle gRPC client only notices the server's GOAWAY
  // at its next backup poll (every 5 s), and a graceful shutdown waits for it.
  intake_.reset();
  routing_.reset();
  review_.reset();
  reply_.reset();
  tracker_.reset();
  report_.reset();
  account_.reset();
  for (auto& [name, process] : services_) process->Signal(SIGTERM);
  for (auto& [name, process] : services_) process->Wait();
  redis_server_.reset();
  // Keep the logs of a failed test for whoever reads its output; tidy up after a pass.
  if (!::testing::Test::HasFailure()) {
    std::filesystem::remove_all(dir_);
  } else {
    std::fprintf(stderr, "test stack logs kept in %s\n", dir_.c_str());
  }
}

long long TestStack::CountKeys(const std::string& pattern) {
  absl::StatusOr<std::vector<RedisReply>> found = redis_->OnEveryMaster({"KEYS", pattern});
  EXPECT_TRUE(found.ok()) << found.status();
  long long count = 0;
  if (!found.ok()) return -1;
  for (const RedisReply& reply : *found) {
    EXPECT_FALSE(reply.is_error()) << reply.str();
    count += static_cast<long long>(reply.size());
  }
  return count;
}

RedisOptions TestStack::OperatorOptions() const { return redis_server_->OperatorOptions(); }

RedisOptions TestStack::ServiceOptions() const { return redis_server_->ServiceOptions(); }

void TestStack::StartRedis() { redis_server_->Start(); }

void TestStack::KillRedis(int signal) { redis_server_->Kill(signal); }

void TestStack::StartAll() {
  for (const char* service : {"intake", "routing", "review", "reply", "tracker"}) Start(service);
}

void TestStack::Start(const std::string& service, const std::vector<std::string>& extra_flags) {
  const std::string port_file = absl::StrCat(dir_, "/", service, ".port");
  std::filesystem::remove(port_file);
  std::vector<std::string> argv = {
      absl::StrCat(GONGKAI_BIN_DIR, "/gongkai-", service),
      "--listen=127.0.0.1:0",
      absl::StrCat("--port_file=", port_file),
      absl::StrCat("--redis=", redis_server_->Address()),
      "--redis_user=gongkai",
      absl::StrCat("--redis_password_file=", redis_server_->ServicePasswordFile()),
      absl::StrCat("--claim_idle_ms=", options_.claim_idle_ms),
      absl::StrCat("--max_deliveries=", options_.max_deliveries),
      "--workers=2",
      absl::StrCat("--calendar=", options_.calendar_dir),
      absl::StrCat("--agencies=", GONGKAI_AGENCIES),
      absl::StrCat("--token_verify_key=", TestTokenKeyDir(), "/token-verify.pub"),
  };
  // On a cluster, as deployed there: a change is acknowledged once a replica has it too.
  if (redis_server_->is_cluster()) argv.push_back("--redis_wait_replicas=1");
  if (TestOverTls()) {
    argv.push_back(absl::StrCat("--tls_cert=", TestTlsDir(), "/server.crt"));
    argv.push_back(absl::StrCat("--tls_key=", TestTlsDir(), "/server.key"));
  }
  if (service == "tracker") {
    argv.push_back(absl::StrCat("--token_signing_key=", TestTokenKeyDir(), "/token-signing.key"));
  }
  for (const std::string& flag : extra_flags) argv.push_back(flag);
  services_[service] = std::make_unique<Process>(argv, absl::StrCat(dir_, "/", service, ".log"));
  const int port = ReadPortFile(port_file, absl::Seconds(10));
  ASSERT_GT(port, 0) << service << " did not start; see " << dir_ << "/" << service << ".log";
  ports_[service] = port;
  auto channel = TestChannel(port);
  ASSERT_TRUE(
      channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(5)));
  if (service == "intake") intake_ = v1::IntakeService::NewStub(channel);
  if (service == "routing") routing_ = v1::RoutingService::NewStub(channel);
  if (service == "review") review_ = v1::ReviewService::NewStub(channel);
  if (service == "reply") reply_ = v1::ReplyService::NewStub(channel);
  if (service == "tracker") {
    tracker_ = v1::TrackerService::NewStub(channel);
    report_ = v1::ReportService::NewStub(channel);
    account_ = v1::AccountService::NewStub(channel);
  }
}

void TestStack::Kill(const std::string& service, int signal) { Stop(service, signal); }

int TestStack::Stop(const std::string& service, int signal) {
  auto found = services_.find(service);
  if (found == services_.end()) {
    ADD_FAILURE() << service << " is not running";
    return -1;
  }
  found->second->Signal(signal);
  const int status = found->second->Wait();
  services_.erase(found);
  return status;
}

void TestStack::Restart(const std::string& service, const std::vector<std::string>& extra_flags) {
  std::vector<std::string> flags = extra_flags;
  // A repeated flag takes its last value: this --listen replaces Start's port 0.
  flags.push_back(absl::StrCat("--listen=127.0.0.1:", ports_.at(service)));
  Start(service, flags);
}

bool TestOverTls() {
  const char* wanted = std::getenv("GONGKAI_TEST_TLS");
  return wanted != nullptr && std::string(wanted) == "1";
}

const std::string& TestTlsDir() {
  static const std::string* dir = [] {
    char pattern[] = "/tmp/gongkai-test-tls-XXXXXX";
    auto* made = new std::string(mkdtemp(pattern));
    const std::string command = absl::StrCat(GONGKAI_MAKE_TLS, " ", *made);
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    // The client the tests run (RunCli) trusts the same authority.
    setenv("GONGKAI_TLS_CA", (*made + "/ca.crt").c_str(), 1);
    return made;
  }();
  return *dir;
}

std::shared_ptr<grpc::Channel> TestChannel(int port) {
  const std::string target = absl::StrCat("127.0.0.1:", port);
  if (!TestOverTls()) return grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  grpc::SslCredentialsOptions options;
  std::ifstream ca(TestTlsDir() + "/ca.crt");
  options.pem_root_certs.assign(std::istreambuf_iterator<char>(ca), {});
  return grpc::CreateChannel(target, grpc::SslCredentials(options));
}

const TokenKeys& TestTokenKeys() {
  static const TokenKeys* keys = new TokenKeys(GenerateTokenKeys());
  return *keys;
}

const std::string& TestTokenKeyDir() {
  static const std::string* dir = [] {
    char pattern[] = "/tmp/gongkai-test-keys-XXXXXX";
    auto* made = new std::string(mkdtemp(pattern));
    EXPECT_TRUE(WriteTokenKeys(TestTokenKeys(), *made).ok());
    return made;
  }();
  return *dir;
}

std::string TestToken(const std::string& user, const std::vector<std::string>& roles,
                      const std::string& department, absl::Duration valid_for) {
  return StaffToken(TestTokenKeys(), user, roles, department, valid_for);
}

const std::map<std::string, std::string>& ProcessOfService() {
  static const auto* processes = new std::map<std::string, std::string>{
      {"IntakeService", "intake"},  {"RoutingService", "routing"}, {"ReviewService", "review"},
      {"ReplyService", "reply"},    {"TrackerService", "tracker"}, {"ReportService", "tracker"},
      {"AccountService", "tracker"}};
  return *processes;
}

std::string TestTokenFile(const std::string& user, const std::string& role,
                          const std::string& department) {
  const std::string path = absl::StrCat(TestTokenKeyDir(), "/", user, "-", role, ".token");
  std::ofstream(path) << TestToken(user, {role}, department) << "\n";
  return path;
}

std::unique_ptr<grpc::ClientContext> TestStack::As(const std::string& user, const std::string& role,
                                                   const std::string& department) {
  return WithToken(TestToken(user, {role}, department));
}

std::unique_ptr<grpc::ClientContext> TestStack::AsOf(const std::string& agency,
                                                     const std::string& user,
                                                     const std::string& role,
                                                     const std::string& department,
                                                     bool county_wide) {
  return WithToken(
      StaffToken(TestTokenKeys(), user, {role}, department, absl::Hours(1), agency, county_wide));
}

std::unique_ptr<grpc::ClientContext> TestStack::WithToken(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  if (!token.empty()) context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  return context;
}

absl::CivilDay DayOf(const std::string& text) {
  absl::CivilDay day;
  EXPECT_TRUE(ParseDay(text, &day)) << text;
  return day;
}

absl::CivilDay Today() { return ChinaDay(absl::Now()); }

std::string RunCli(const std::string& arguments, int* exit_status) {
  const std::string command = absl::StrCat(GONGKAI_BIN_DIR, "/gongkai ", arguments, " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  if (pipe == nullptr) {
    *exit_status = -1;
    return output;
  }
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  *exit_status = WEXITSTATUS(pclose(pipe));
  return output;
}

v1::Case Register(TestStack& stack, const v1::RegisterRequest& request, const std::string& clerk) {
  v1::RegisterResponse response;
  const grpc::Status status =
      stack.intake().Register(TestStack::As(clerk, "clerk").get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.case_();
}

std::string RegisterSample(TestStack& stack, const std::string& request_id,
                           const std::string& description) {
  return Register(stack, SampleRegistration(request_id, description)).case_number();
}

std::vector<std::string> CommandsOf(const v1::Case& c) {
  std::vector<std::string> commands;
  for (const v1::CaseEvent& event : c.events()) commands.push_back(event.command());
  return commands;
}

v1::Case WaitForState(TestStack& stack, const std::string& case_number, v1::CaseState state,
                      absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  v1::GetCaseRequest request;
  request.set_case_number(case_number);
  v1::Case found;
  while (absl::Now() < deadline) {
    found.Clear();
    grpc::Status status = stack.intake().GetCase(
        TestStack::AsOf("zfb", "t", "manager", "", /*county_wide=*/true).get(), request, &found);
    if (status.ok() && found.state() == state) return found;
    absl::SleepFor(absl::Milliseconds(10));
  }
  ADD_FAILURE() << case_number << " did not reach " << StateName(state) << "; it is "
                << StateName(found.state());
  return found;
}

void WaitForFirstSweep(TestStack& stack, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    const std::string marks = keys::SweepMarks(partition);
    for (;;) {
      auto exists = stack.redis().Command({"EXISTS", marks});
      if (exists.ok() && exists->integer() == 1) break;
      if (absl::Now() >= deadline) {
        ADD_FAILURE() << "the sweeper has not passed over partition " << partition;
        return;
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
  }
}

v1::Case RegisterReceived(TestStack& stack, const std::string& request_id,
                          const std::string& description, int days_ago) {
  v1::RegisterRequest request = SampleRegistration(request_id, description);
  request.mutable_request()->set_received_date(FormatDay(Today() - days_ago));
  return Register(stack, request, "w1");
}

v1::Case RegisterAssigned(TestStack& stack, const std::string& request_id, int days_ago,
                          const std::string& description) {
  const v1::Case registered = RegisterReceived(stack, request_id, description, days_ago);
  return WaitForState(stack, registered.case_number(), v1::CASE_STATE_ASSIGNED);
}

grpc::Status CallRaw(int port, const std::string& method, const grpc::ByteBuffer& request,
                     grpc::ClientContext* context) {
  grpc::GenericStub stub(TestChannel(port));
  grpc::CompletionQueue queue;
  auto call = stub.PrepareUnaryCall(context, method, request, &queue);
  call->StartCall();
  grpc::ByteBuffer response;
  grpc::Status status;
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  EXPECT_TRUE(queue.Next(&tag, &ok));
  return status;
}

v1::CaseAck HandBack(TestStack& stack, const std::string& case_number,
                     const std::string& department, const std::string& reason) {
  v1::HandBackRequest request;
  request.set_case_number(case_number);
  request.set_reason(reason);
  v1::CaseAck ack;
  const grpc::Status status = stack.routing().HandBack(
      TestStack::As(department + "-li", "officer", department).get(), request, &ack);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return ack;
}

v1::CaseAck Assign(TestStack& stack, const std::string& case_number, const std::string& department,
                   const std::string& note) {
  v1::AssignRequest request;
  request.set_case_number(case_number);
  request.set_department(department);
  request.set_note(note);
  v1::CaseAck ack;
  const grpc::Status status =
      stack.routing().Assign(TestStack::As("d1", "dispatcher").get(), request, &ack);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return ack;
}

void ReplyTo(TestStack& stack, const std::string& case_number, const std::string& department,
             absl::CivilDay delivered_on) {
  const auto officer = [&] { return TestStack::As(department + "-li", "officer", department); };
  v1::CaseAck ack;
  v1::AcceptRequest accept;
  accept.set_case_number(case_number);
  grpc::Status status = stack.routing().Accept(officer().get(), accept, &ack);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::SubmitDraftRequest draft;
  draft.set_case_number(case_number);
  draft.set_outcome(v1::OUTCOME_DISCLOSED);
  draft.set_disclosed_text("所申请的信息见附件");
  status = stack.review().SubmitDraft(officer().get(), draft, &ack);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::ReviewDecisionRequest clear;
  clear.set_case_number(case_number);
  status = stack.review().Clear(TestStack::As("zhao", "reviewer").get(), clear, &ack);
  ASSERT_TRUE(status.ok()) << status.error_message();
  WaitForState(stack, case_number, v1::CASE_STATE_REPLY_READY);
  v1::IssueReplyRequest issue;
  issue.set_case_number(case_number);
  issue.mutable_delivery()->set_method(v1::DELIVERY_METHOD_POST);
  issue.mutable_delivery()->set_delivered_on(FormatDay(delivered_on));
  status = stack.reply().IssueReply(TestStack::As("w1", "clerk").get(), issue, &ack);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

grpc::Status Login(TestStack& stack, const std::string& user, const std::string& password,
                   v1::LoginResponse* out, const std::string& address) {
  v1::LoginRequest request;
  request.set_user_id(user);
  request.set_password(password);
  auto context = TestStack::WithToken("");
  if (!address.empty()) context->AddMetadata("gongkai-client-address", address);
  v1::LoginResponse ignored;
  return stack.account().Login(context.get(), request, out == nullptr ? &ignored : out);
}

bool RefusedSoon(const std::function<grpc::Status()>& call) {
  const absl::Time until = absl::Now() + absl::Seconds(5);
  while (absl::Now() < until) {
    if (call().error_code() == grpc::StatusCode::UNAUTHENTICATED) return true;
    absl::SleepFor(absl::Milliseconds(100));
  }
  return false;
}

}  // namespace gongkai::testing
