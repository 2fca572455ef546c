#include "test_console.h"

#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace gongkai::testing {
namespace {

int WaitForPort(const std::string& path, absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  while (absl::Now() < give_up) {
    std::ifstream file(path);
    int port = 0;
    if (file >> port && port > 0) return port;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return 0;
}

httplib::Headers HeadersOf(const std::map<std::string, std::string>& headers) {
  return httplib::Headers(headers.begin(), headers.end());
}

ConsoleAnswer AnswerOf(const httplib::Result& result) {
  ConsoleAnswer answer;
  if (!result) return answer;
  answer.status = result->status;
  answer.body = result->body;
  answer.headers.insert(result->headers.begin(), result->headers.end());
  return answer;
}

}  // namespace

TestConsole::TestConsole(TestStack& stack, const std::vector<std::string>& extra_flags) {
  tls_ = TestOverTls();
  const std::string port_file = absl::StrCat(stack.dir(), "/console.port");
  std::filesystem::remove(port_file);
  log_path_ = absl::StrCat(stack.dir(), "/console.log");
  auto address = [&](const char* service) {
    return absl::StrCat("--", service, "=127.0.0.1:", stack.port(service));
  };
  std::vector<std::string> argv = {
      absl::StrCat(GONGKAI_BIN_DIR, "/gongkai-console"),
      "--listen=127.0.0.1:0",
      absl::StrCat("--port_file=", port_file),
      absl::StrCat("--web_root=", GONGKAI_WEB_ROOT),
      absl::StrCat("--token_verify_key=", TestTokenKeyDir(), "/token-verify.pub"),
      address("intake"),
      address("routing"),
      address("review"),
      address("reply"),
      address("tracker"),
      "--http_threads=32",
      "--max_event_streams=4",
  };
  if (tls_) {
    argv.push_back(absl::StrCat("--tls_cert=", TestTlsDir(), "/server.crt"));
    argv.push_back(absl::StrCat("--tls_key=", TestTlsDir(), "/server.key"));
    argv.push_back(absl::StrCat("--tls_ca=", TestTlsDir(), "/ca.crt"));
  }
  for (const std::string& flag : extra_flags) argv.push_back(flag);
  process_ = std::make_unique<Process>(argv, log_path_);
  port_ = WaitForPort(port_file, absl::Seconds(10));
  EXPECT_GT(port_, 0) << "the console did not start; see " << log_path_;
}

TestConsole::~TestConsole() {
  if (process_ != nullptr && process_->running()) {
    process_->Signal(SIGTERM);
    process_->Wait();
  }
}

std::string ConsoleAnswer::Header(const std::string& name) const {
  auto found = headers.find(name);
  return found == headers.end() ? "" : found->second;
}

class ConsoleBrowser::Client {
 public:
  explicit Client(const TestConsole& console)
      : http(absl::StrCat(console.tls() ? "https" : "http", "://127.0.0.1:", console.port())) {
    if (console.tls()) http.set_ca_cert_path(absl::StrCat(TestTlsDir(), "/ca.crt"));
    http.set_read_timeout(20, 0);
    http.set_tcp_nodelay(true);
  }
  httplib::Client http;
};

ConsoleBrowser::ConsoleBrowser(const TestConsole& console)
    : client_(std::make_unique<Client>(console)) {}
ConsoleBrowser::~ConsoleBrowser() = default;

ConsoleAnswer ConsoleBrowser::Get(const std::string& path,
                                  const std::map<std::string, std::string>& headers) {
  httplib::Headers sent = HeadersOf(headers);
  if (!session_token_.empty()) sent.emplace("Cookie", absl::StrCat("gk_session=", session_token_));
  return AnswerOf(client_->http.Get(path.c_str(), sent));
}

ConsoleAnswer ConsoleBrowser::Post(const std::string& path, const std::string& body,
                                   const std::map<std::string, std::string>& headers,
                                   const std::string& content_type) {
  httplib::Headers sent = HeadersOf(headers);
  if (!session_token_.empty()) sent.emplace("Cookie", absl::StrCat("gk_session=", session_token_));
  return AnswerOf(client_->http.Post(path.c_str(), sent, body, content_type.c_str()));
}

ConsoleAnswer ConsoleBrowser::Delete(const std::string& path,
                                     const std::map<std::string, std::string>& headers) {
  httplib::Headers sent = HeadersOf(headers);
  if (!session_token_.empty()) sent.emplace("Cookie", absl::StrCat("gk_session=", session_token_));
  return AnswerOf(client_->http.Delete(path.c_str(), sent));
}

ConsoleAnswer ConsoleBrowser::SignIn(const std::string& user, const std::string& password) {
  ConsoleAnswer answer =
      Post("/api/session",
           absl::StrCat(R"({"user_id":")", user, R"(","password":")", password, R"("})"), {});
  if (answer.status == 200) {
    // The browser keeps the cookie's value; the attributes are the test's to check.
    const std::string cookie = answer.Header("Set-Cookie");
    const std::string value = cookie.substr(0, cookie.find(';'));
    session_token_ = value.substr(value.find('=') + 1);
    csrf_token_ = JsonField(answer.body, "csrf_token");
  }
  return answer;
}

ConsoleAnswer ConsoleBrowser::Session() {
  ConsoleAnswer answer = Get("/api/session");
  if (answer.status == 200) csrf_token_ = JsonField(answer.body, "csrf_token");
  return answer;
}

ConsoleAnswer ConsoleBrowser::SignOut() {
  return Delete("/api/session", {{"X-CSRF-Token", csrf_token_}});
}

ConsoleAnswer ConsoleBrowser::Call(const std::string& service_method, const std::string& json) {
  return Post(absl::StrCat("/api/rpc/", service_method), json, {{"X-CSRF-Token", csrf_token_}});
}

std::string ConsoleBrowser::ReadEvents(const std::string& path, const std::string& until,
                                       absl::Duration wait) {
  std::string received;
  httplib::Headers sent;
  if (!session_token_.empty()) sent.emplace("Cookie", absl::StrCat("gk_session=", session_token_));
  const absl::Time give_up = absl::Now() + wait;
  client_->http.set_read_timeout(absl::ToInt64Seconds(wait) + 1, 0);
  (void)client_->http.Get(path.c_str(), sent, [&](const char* data, size_t length) {
    received.append(data, length);
    return received.find(until) == std::string::npos && absl::Now() < give_up;
  });
  client_->http.set_read_timeout(20, 0);
  return received;
}

std::string JsonField(const std::string& json, const std::string& path) {
  google::protobuf::Value value;
  if (!google::protobuf::util::JsonStringToMessage(json, &value).ok()) return "";
  const google::protobuf::Value* at = &value;
  for (absl::string_view key : absl::StrSplit(path, '.')) {
    if (at->has_struct_value()) {
      auto found = at->struct_value().fields().find(std::string(key));
      if (found == at->struct_value().fields().end()) return "";
      at = &found->second;
    } else if (at->has_list_value()) {
      int index;
      if (!absl::SimpleAtoi(key, &index) || index < 0 || index >= at->list_value().values_size()) {
        return "";
      }
      at = &at->list_value().values(index);
    } else {
      return "";
    }
  }
  if (at->has_string_value()) return at->string_value();
  std::string text;
  (void)google::protobuf::util::MessageToJsonString(*at, &text);
  return text;
}

}  // namespace gongkai::testing
