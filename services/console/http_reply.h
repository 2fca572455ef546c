// What the console's route handlers answer, independent of the HTTP library: the handlers stay
// plain functions that tests can call, and only console_server.cc includes cpp-httplib.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace gongkai::console {

inline constexpr char kJsonType[] = "application/json; charset=utf-8";

struct HttpReply {
  int status = 200;
  std::string content_type = kJsonType;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, e.g. Set-Cookie
};

// Who is calling, as the HTTP request tells it.
struct Caller {
  std::string session_token;   // from the session cookie; empty when there is none
  std::string client_address;  // the browser's address, forwarded to sign-in's rate limits
};

}  // namespace gongkai::console
