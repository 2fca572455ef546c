// The web console (gongkai-console) in front of a TestStack, as a process of its own on a port
// it picks, and an HTTP client for it that keeps one browser's cookies. Over TLS when the
// integration suite runs so (GONGKAI_TEST_TLS=1): then the console serves HTTPS with the test
// certificates and the client trusts their authority.
//
// Example:
//   TestConsole console(stack);
//   ConsoleBrowser clerk(console);
//   ASSERT_EQ(clerk.SignIn("w1", password).status, 200);
//   ConsoleAnswer answer = clerk.Call("gongkai.v1.IntakeService/GetCase",
//   R"({"case_number":"…"})");
#pragma once

#include <map>
#include <memory>
#include <string>

#include "../integration/test_stack.h"
#include "process.h"

namespace gongkai::testing {

class TestConsole {
 public:
  explicit TestConsole(TestStack& stack, const std::vector<std::string>& extra_flags = {});
  ~TestConsole();

  int port() const { return port_; }
  bool tls() const { return tls_; }
  const std::string& log_path() const { return log_path_; }

 private:
  std::unique_ptr<Process> process_;
  std::string log_path_;
  int port_ = 0;
  bool tls_ = false;
};

struct ConsoleAnswer {
  int status = 0;  // 0 when the console could not be reached
  std::string body;
  std::multimap<std::string, std::string> headers;

  std::string Header(const std::string& name) const;
};

// One browser: its cookie jar (the session cookie) and the CSRF token it was given.
class ConsoleBrowser {
 public:
  explicit ConsoleBrowser(const TestConsole& console);
  ~ConsoleBrowser();

  ConsoleAnswer SignIn(const std::string& user, const std::string& password);
  // GET /api/session; keeps the csrf_token it answers.
  ConsoleAnswer Session();
  ConsoleAnswer SignOut();
  // POST /api/rpc/<service_method> with the session cookie and the CSRF token.
  ConsoleAnswer Call(const std::string& service_method, const std::string& json);

  ConsoleAnswer Get(const std::string& path,
                    const std::map<std::string, std::string>& headers = {});
  ConsoleAnswer Post(const std::string& path, const std::string& body,
                     const std::map<std::string, std::string>& headers,
                     const std::string& content_type = "application/json");
  ConsoleAnswer Delete(const std::string& path, const std::map<std::string, std::string>& headers);

  // Opens an event stream and returns what it sent until `until` is found in it or `wait` passes.
  std::string ReadEvents(const std::string& path, const std::string& until, absl::Duration wait);

  // The browser holds this session token (as a cookie set by another browser would be copied).
  void UseSessionToken(const std::string& token) { session_token_ = token; }
  const std::string& session_token() const { return session_token_; }
  const std::string& csrf_token() const { return csrf_token_; }

 private:
  class Client;
  std::unique_ptr<Client> client_;
  std::string session_token_;
  std::string csrf_token_;
};

// A field of a JSON answer, by a path of object keys ("user.user_id") or array indexes
// ("error.field_violations.0.field"); "" when absent. Strings come unquoted, anything else as
// JSON text.
std::string JsonField(const std::string& json, const std::string& path);

}  // namespace gongkai::testing
