// The console's HTTP server: the web app's files, the JSON API (/api/...), the live event
// streams and the printable pages, with the security headers every answer carries. The only
// file that includes cpp-httplib.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "auth/session_tokens.h"
#include "upstreams.h"

namespace gongkai::console {

struct ConsoleOptions {
  std::string host = "127.0.0.1";
  int port = 7180;  // 0: any free port
  std::string port_file;
  std::string web_root;  // the web app's directory (services/console/web)
  std::string tls_cert;  // serve HTTPS with these, when both are given
  std::string tls_key;
  int threads = 128;           // HTTP worker threads; an open event stream holds one
  int max_event_streams = 96;  // so that streams never take every thread
};

class ConsoleServer {
 public:
  ConsoleServer(ConsoleOptions options, const Upstreams& upstreams, const TokenKeys& keys);
  ~ConsoleServer();

  // Binds, writes the port file, and serves until Stop(); an error if it cannot bind.
  absl::Status Run();
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gongkai::console
