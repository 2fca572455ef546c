#include "test_stack.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
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
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "base/clock.h"
#include "rules/state_machine.h"
#include "staff.h"

namespace gongkai::testing {
namespace {

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

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

Process::Process(const std::vector<std::string>& argv, const std::string& log_path) {
  pid_ = fork();
  if (pid_ == 0) {
    const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
}

Process::~Process() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    Wait();
  }
}

void Process::Signal(int signal) {
  if (pid_ > 0) kill(pid_, signal);
}

int Process::Wait() {
  int status = 0;
  if (pid_ > 0) waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

TestStack::TestStack(StackOptions options) : options_(std::move(options)) {
  char pattern[] = "/tmp/gongkai-test-XXXXXX";
  dir_ = mkdtemp(pattern);
  redis_port_ = FreePort();
  WriteRedisUsers();
  StartRedis();
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
  if (redis_process_) {
    redis_process_->Signal(SIGTERM);
    redis_process_->Wait();
  }
  // Keep the logs of a failed test for whoever reads its output; tidy up after a pass.
  if (!::testing::Test::HasFailure()) {
    std::filesystem::remove_all(dir_);
  } else {
    std::fprintf(stderr, "test stack logs kept in %s\n", dir_.c_str());
  }
}

// The deployment's Redis users (deploy/redis-users.acl.in) with this stack's passwords: the
// services sign in as `gongkai`, whose command list the whole suite thereby checks; the test
// itself inspects Redis as `operator`.
void TestStack::WriteRedisUsers() {
  std::ifstream in(GONGKAI_REDIS_USERS);
  std::ofstream out(dir_ + "/users.acl");
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    out << absl::StrReplaceAll(line, {{"@SERVICE_PASSWORD@", "service-pw-test"},
                                      {"@OPERATOR_PASSWORD@", "operator-pw-test"}})
        << "\n";
  }
  std::ofstream(dir_ + "/service.password") << "service-pw-test\n";
}

RedisOptions TestStack::OperatorOptions() const {
  return {.port = redis_port_, .user = "operator", .password = "operator-pw-test"};
}

RedisOptions TestStack::ServiceOptions() const {
  return {.port = redis_port_, .user = "gongkai", .password = "service-pw-test"};
}

void TestStack::StartRedis() {
  redis_process_ = std::make_unique<Process>(
      std::vector<std::string>{"redis-server", "--port", std::to_string(redis_port_), "--bind",
                               "127.0.0.1", "--dir", dir_, "--appendonly", "yes", "--appendfsync",
                               options_.appendfsync, "--save", "", "--daemonize", "no", "--aclfile",
                               dir_ + "/users.acl"},
      dir_ + "/redis.log");
  RedisOptions probe = OperatorOptions();
  probe.reconnect_backoff = absl::ZeroDuration();
  for (int attempt = 0; attempt < 200; ++attempt) {
    RedisConnection connection(probe);
    auto pong = connection.Command({"PING"});
    if (pong.ok() && pong->str() == "PONG") return;
    absl::SleepFor(absl::Milliseconds(25));
  }
  FAIL() << "redis-server did not start; see " << dir_ << "/redis.log";
}

void TestStack::KillRedis(int signal) {
  redis_process_->Signal(signal);
  redis_process_->Wait();
}

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
      absl::StrCat("--redis=127.0.0.1:", redis_port_),
      "--redis_user=gongkai",
      absl::StrCat("--redis_password_file=", dir_, "/service.password"),
      absl::StrCat("--claim_idle_ms=", options_.claim_idle_ms),
      absl::StrCat("--max_deliveries=", options_.max_deliveries),
      "--workers=2",
      absl::StrCat("--calendar=", options_.calendar_dir),
      absl::StrCat("--token_verify_key=", TestTokenKeyDir(), "/token-verify.pub"),
  };
  if (TestOverTls()) {
    argv.push_back(absl::StrCat("--tls_cert=", TestTlsDir(), "/server.crt"));
    argv.push_back(absl::StrCat("--tls_key=", TestTlsDir(), "/server.key"));
  }
  if (service == "tracker") {
    argv.push_back(absl::StrCat("--token_signing_key=", TestTokenKeyDir(), "/token-signing.key"));
  }
  if (service == "routing" || service == "tracker") {
    argv.push_back(absl::StrCat("--catalogue=", GONGKAI_CATALOGUE));
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

std::unique_ptr<grpc::ClientContext> TestStack::WithToken(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  if (!token.empty()) context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  return context;
}

const WorkingCalendar& ShippedCalendar() {
  static const WorkingCalendar* calendar = new WorkingCalendar(
      *WorkingCalendar::LoadDirectory(GONGKAI_CALENDAR_DIR, UnknownYears::kProvisional));
  return *calendar;
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

std::string RegisterSample(TestStack& stack, const std::string& request_id,
                           const std::string& description) {
  v1::RegisterResponse response;
  grpc::Status status =
      stack.intake().Register(TestStack::As("window01", "clerk").get(),
                              SampleRegistration(request_id, description), &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.case_().case_number();
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
    grpc::Status status =
        stack.intake().GetCase(TestStack::As("t", "manager").get(), request, &found);
    if (status.ok() && found.state() == state) return found;
    absl::SleepFor(absl::Milliseconds(10));
  }
  ADD_FAILURE() << case_number << " did not reach " << StateName(state) << "; it is "
                << StateName(found.state());
  return found;
}

}  // namespace gongkai::testing
