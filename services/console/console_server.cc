#include "console_server.h"

// cpp-httplib is Debian's libcpp-httplib-dev: a small, maintained HTTP/1.1 server with TLS
// through OpenSSL and a thread pool, which is all the console needs (see docs/console.md).
#include <httplib.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/logging.h"
#include "event_streams.h"
#include "http_errors.h"
#include "print_routes.h"
#include "rpc_gateway.h"
#include "session_cookie.h"
#include "session_routes.h"

namespace gongkai::console {
namespace {

// The web app runs only its own files: no inline script or style, nothing from elsewhere, not
// framed by another site.
constexpr char kAppPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'";
// The printed documents are the services' own HTML pages with their A4 styles inline; they may
// run no script at all.
constexpr char kPrintPolicy[] =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; "
    "base-uri 'none'; form-action 'none'";

void SecurityHeaders(const httplib::Request& request, httplib::Response& response, bool tls) {
  response.set_header("Content-Security-Policy",
                      absl::StartsWith(request.path, "/print/") ? kPrintPolicy : kAppPolicy);
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Referrer-Policy", "no-referrer");
  response.set_header("Cache-Control", "no-store");
  if (tls) response.set_header("Strict-Transport-Security", "max-age=31536000");
}

Caller CallerOf(const httplib::Request& request) {
  return Caller{.session_token = SessionTokenFromCookies(request.get_header_value("Cookie")),
                .client_address = request.remote_addr};
}

void Send(httplib::Response& response, HttpReply reply) {
  response.status = reply.status;
  for (auto& [name, value] : reply.headers) response.set_header(name, value);
  response.set_content(std::move(reply.body), reply.content_type);
}

// Every change must carry the session's CSRF token, and come as JSON: a form on another site
// can send neither. A request whose session has ended is told so (401, to sign in again) rather
// than that its token is missing: a page that lost its token with its session could not fetch a
// new one anyway.
bool CsrfChecked(const httplib::Request& request, const Caller& caller,
                 const SessionRoutes& sessions, httplib::Response& response) {
  if (CsrfTokenMatches(caller.session_token, request.get_header_value("X-CSRF-Token"))) return true;
  if (caller.session_token.empty()) {
    Send(response, ErrorReply(grpc::StatusCode::UNAUTHENTICATED, "请先登录"));
    return false;
  }
  HttpReply session = sessions.Current(caller);
  Send(response, session.status == 401
                     ? std::move(session)
                     : ErrorReply(grpc::StatusCode::PERMISSION_DENIED,
                                  "请求缺少有效的防跨站令牌（X-CSRF-Token），请刷新页面后重试"));
  return false;
}

bool JsonBody(const httplib::Request& request, httplib::Response& response) {
  const std::string type = request.get_header_value("Content-Type");
  if (!request.body.empty() && !absl::StartsWith(type, "application/json")) {
    Send(response, ErrorReply(grpc::StatusCode::INVALID_ARGUMENT,
                              "请求体须为 JSON（Content-Type: application/json）"));
    return false;
  }
  return true;
}

QueryParams QueryOf(const httplib::Request& request) {
  return QueryParams(request.params.begin(), request.params.end());
}

// cpp-httplib 0.11 enforces its payload limit only on a Content-Length: a chunked body, a body
// read until the connection closes, or a compressed one that grows when inflated would be read
// whole into memory before any handler runs. Such bodies are refused before they are read, by
// whoever sends them, signed in or not; the connection is closed after the answer, so the unread
// body is never taken for the next request.
std::optional<HttpReply> RefusedBody(const httplib::Request& request) {
  if (request.method != "POST" && request.method != "PUT" && request.method != "PATCH" &&
      request.method != "DELETE") {
    return std::nullopt;
  }
  auto refuse = [](int status, grpc::StatusCode code, absl::string_view message) {
    HttpReply reply = ErrorReply(code, message);
    reply.status = status;
    reply.headers.emplace_back("Connection", "close");
    return reply;
  };
  if (request.has_header("Transfer-Encoding")) {
    return refuse(411, grpc::StatusCode::INVALID_ARGUMENT,
                  "请求体须带 Content-Length，不接受分块传输");
  }
  const std::string encoding = request.get_header_value("Content-Encoding");
  if (!encoding.empty() && encoding != "identity") {
    return refuse(415, grpc::StatusCode::INVALID_ARGUMENT, "请求体不得压缩");
  }
  const std::string length_text = request.get_header_value("Content-Length");
  size_t length = 0;
  if (length_text.empty()) {
    if (request.method == "DELETE") return std::nullopt;
    return refuse(411, grpc::StatusCode::INVALID_ARGUMENT, "请求须带 Content-Length");
  }
  if (!absl::SimpleAtoi(length_text, &length)) {
    return refuse(400, grpc::StatusCode::INVALID_ARGUMENT, "Content-Length 不是整数");
  }
  if (length > kMaxRequestBody) {
    return refuse(413, grpc::StatusCode::RESOURCE_EXHAUSTED, "请求体过大（上限 1 MiB）");
  }
  return std::nullopt;
}

// What an error status the library set itself (before or without a route) means to a person.
HttpReply LibraryError(const httplib::Request& request, int status) {
  grpc::StatusCode code = grpc::StatusCode::INTERNAL;
  std::string message = "服务内部错误，请稍后重试或联系系统管理员";
  switch (status) {
    case 400:
      code = grpc::StatusCode::INVALID_ARGUMENT;
      message = "请求格式不正确";
      break;
    case 404:
      code = grpc::StatusCode::NOT_FOUND;
      message = absl::StrCat("没有这个接口：", request.method, " ", request.path);
      break;
    case 405:
      code = grpc::StatusCode::NOT_FOUND;
      message = "这个接口不接受此请求方法";
      break;
    case 413:
      code = grpc::StatusCode::RESOURCE_EXHAUSTED;
      message = "请求体过大（上限 1 MiB）";
      break;
    case 414:
      code = grpc::StatusCode::INVALID_ARGUMENT;
      message = "请求地址过长";
      break;
    default:
      break;
  }
  HttpReply reply = ErrorReply(code, message);
  reply.status = status;
  return reply;
}

}  // namespace

class ConsoleServer::Impl {
 public:
  Impl(ConsoleOptions options, const Upstreams& upstreams, const TokenKeys& keys)
      : options_(std::move(options)),
        gateway_(upstreams),
        sessions_(upstreams, keys, !options_.tls_cert.empty()),
        prints_(upstreams),
        streams_(upstreams, options_.max_event_streams) {
    if (options_.tls_cert.empty()) {
      server_ = std::make_unique<httplib::Server>();
    } else {
      server_ =
          std::make_unique<httplib::SSLServer>(options_.tls_cert.c_str(), options_.tls_key.c_str());
    }
  }

  absl::Status Run();
  absl::Status Listen();
  // Safe at any moment, also before Run() has started listening: it then keeps Run() from
  // listening at all, or waits until the server runs to stop it.
  void Stop() {
    stopping_.store(true);
    streams_.CancelAll();
    while (!run_returned_.load()) {
      if (server_->is_running()) {
        server_->stop();
        return;
      }
      absl::SleepFor(absl::Milliseconds(5));
    }
  }

 private:
  void Routes();
  void StreamEvents(const httplib::Request& request, httplib::Response& response,
                    std::function<grpc::Status(const Caller&)> first_look,
                    std::function<void(const Caller&, const EventWriter&)> stream);

  ConsoleOptions options_;
  RpcGateway gateway_;
  SessionRoutes sessions_;
  PrintRoutes prints_;
  EventStreams streams_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> run_returned_{false};
  std::unique_ptr<httplib::Server> server_;
};

void ConsoleServer::Impl::StreamEvents(
    const httplib::Request& request, httplib::Response& response,
    std::function<grpc::Status(const Caller&)> first_look,
    std::function<void(const Caller&, const EventWriter&)> stream) {
  const Caller caller = CallerOf(request);
  if (caller.session_token.empty()) {
    Send(response, ErrorReply(grpc::StatusCode::UNAUTHENTICATED, "请先登录"));
    return;
  }
  // The services' first answer comes before the stream: a refusal (no access, the session
  // ended, the services down) is an HTTP error, which a browser's EventSource takes as final
  // instead of reconnecting every few seconds.
  if (grpc::Status looked = first_look(caller); !looked.ok()) {
    Send(response, ErrorReply(looked));
    return;
  }
  if (!streams_.TryOpen()) {
    Send(response,
         ErrorReply(grpc::StatusCode::RESOURCE_EXHAUSTED, "实时更新的连接已满，请稍后刷新"));
    return;
  }
  response.set_header("X-Accel-Buffering", "no");
  response.set_chunked_content_provider(
      "text/event-stream; charset=utf-8",
      [this, caller, stream = std::move(stream)](size_t, httplib::DataSink& sink) {
        const EventWriter write = [&sink](absl::string_view chunk) {
          return sink.is_writable() && sink.write(chunk.data(), chunk.size());
        };
        // A stream that ends after it started (the services refused a later call) is retried
        // by the browser no sooner than this.
        if (write(kRetryField)) stream(caller, write);
        sink.done();
        return true;
      },
      [this](bool) { streams_.Close(); });
}

void ConsoleServer::Impl::Routes() {
  httplib::Server& http = *server_;
  http.Get("/api/health", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(R"({"status":"SERVING"})", kJsonType);
  });
  http.Post("/api/session", [this](const httplib::Request& request, httplib::Response& response) {
    if (!JsonBody(request, response)) return;
    Send(response, sessions_.SignIn(request.body, CallerOf(request)));
  });
  http.Get("/api/session", [this](const httplib::Request& request, httplib::Response& response) {
    Send(response, sessions_.Current(CallerOf(request)));
  });
  http.Delete("/api/session", [this](const httplib::Request& request, httplib::Response& response) {
    const Caller caller = CallerOf(request);
    if (!CsrfChecked(request, caller, sessions_, response)) return;
    Send(response, sessions_.SignOut(caller));
  });
  http.Post(
      R"(/api/rpc/([A-Za-z0-9_.]{1,100})/([A-Za-z0-9_]{1,100}))",
      [this](const httplib::Request& request, httplib::Response& response) {
        const Caller caller = CallerOf(request);
        if (!CsrfChecked(request, caller, sessions_, response) || !JsonBody(request, response)) {
          return;
        }
        Send(response, gateway_.Relay(request.matches[1].str(), request.matches[2].str(),
                                      request.body, caller));
      });
  http.Get(R"(/api/events/case/(\d{4}-\d{6}))", [this](const httplib::Request& request,
                                                       httplib::Response& response) {
    int64_t after_version = 0;
    std::string last_id = request.get_header_value("Last-Event-ID");
    if (last_id.empty()) last_id = request.get_param_value("after_version");
    if (!last_id.empty() && !absl::SimpleAtoi(last_id, &after_version)) {
      Send(response, ErrorReply(grpc::StatusCode::INVALID_ARGUMENT, "`after_version` 应为整数"));
      return;
    }
    const std::string number = request.matches[1].str();
    auto first = std::make_shared<v1::CaseVersion>();
    StreamEvents(
        request, response,
        [this, number, after_version, first](const Caller& caller) {
          return streams_.FirstCaseLook(caller, number, after_version, *first);
        },
        [this, number, after_version, first](const Caller& caller, const EventWriter& write) {
          streams_.CaseChanges(caller, number, after_version, *first, write, stopping_);
        });
  });
  http.Get(
      "/api/events/notices", [this](const httplib::Request& request, httplib::Response& response) {
        auto after_id = std::make_shared<std::string>(request.get_header_value("Last-Event-ID"));
        if (after_id->size() > 20) after_id->clear();
        StreamEvents(
            request, response,
            [this, after_id](const Caller& caller) {
              return streams_.FirstRemindersLook(caller, *after_id);
            },
            [this, after_id](const Caller& caller, const EventWriter& write) {
              streams_.Reminders(caller, *after_id, write, stopping_);
            });
      });
  http.Get("/print/document", [this](const httplib::Request& request, httplib::Response& response) {
    Send(response, prints_.Document(QueryOf(request), CallerOf(request)));
  });
  http.Get("/print/report", [this](const httplib::Request& request, httplib::Response& response) {
    Send(response, prints_.Report(QueryOf(request), CallerOf(request)));
  });
  http.Get("/print/county", [this](const httplib::Request& request, httplib::Response& response) {
    Send(response, prints_.County(QueryOf(request), CallerOf(request)));
  });
  http.Get("/print/bulletin", [this](const httplib::Request& request, httplib::Response& response) {
    Send(response, prints_.Bulletin(QueryOf(request), CallerOf(request)));
  });
  // An error the library found itself (no route, a body too large, ...), answered under /api in
  // JSON with its own status rather than by the files.
  http.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    if (absl::StartsWith(request.path, "/api/") && response.body.empty()) {
      Send(response, LibraryError(request, response.status));
    }
  });
  http.set_exception_handler(
      [](const httplib::Request& request, httplib::Response& response, std::exception_ptr) {
        spdlog::error("event=http_handler_exception method={} path={}", request.method,
                      absl::CHexEscape(request.path));
        Send(response,
             ErrorReply(grpc::StatusCode::INTERNAL, "服务内部错误，请稍后重试或联系系统管理员"));
      });
  http.set_pre_routing_handler([](const httplib::Request& request, httplib::Response& response) {
    if (std::optional<HttpReply> refused = RefusedBody(request)) {
      Send(response, *std::move(refused));
      return httplib::Server::HandlerResponse::Handled;
    }
    // No compression: cpp-httplib compresses text/* with Brotli at its highest quality — 0.34 s
    // for the app's 255 KB of scripts, styles and pages on every load, far more than the bytes
    // save on a loopback or office network — and would compress the event streams as well,
    // where a compressor may hold events back. (It leaves the JSON answers alone: their type
    // carries a charset.) The request object is the server's own (not const), so it may drop
    // the header that asks for it.
    const_cast<httplib::Request&>(request).headers.erase("Accept-Encoding");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http.set_post_routing_handler([tls = !options_.tls_cert.empty()](const httplib::Request& request,
                                                                   httplib::Response& response) {
    SecurityHeaders(request, response, tls);
  });
  http.set_logger([](const httplib::Request& request, const httplib::Response& response) {
    // The path only: query strings and bodies may carry what staff typed. Escaped: a decoded
    // path may hold a line break.
    spdlog::debug("event=http method={} path={} status={}", request.method,
                  absl::CHexEscape(request.path), response.status);
  });
}

absl::Status ConsoleServer::Impl::Run() {
  absl::Status run = Listen();
  run_returned_.store(true);
  return run;
}

absl::Status ConsoleServer::Impl::Listen() {
  if (!server_->is_valid()) {
    return absl::InvalidArgumentError("the TLS certificate or key cannot be used");
  }
  const int threads = options_.threads;
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_->set_payload_max_length(kMaxRequestBody);
  // cpp-httplib waits for a connection's next request on a worker thread: short waits keep
  // idle keep-alive connections and slow senders from holding the threads.
  server_->set_read_timeout(5, 0);
  server_->set_keep_alive_timeout(3);
  // A page load fetches some thirty files and calls: keep the browser's connections for all of
  // them (the library's default closes a connection after five requests).
  server_->set_keep_alive_max_count(1000);
  server_->set_tcp_nodelay(true);
  if (!server_->set_mount_point("/", options_.web_root)) {
    return absl::NotFoundError(absl::StrCat("web_root ", options_.web_root, " is not a directory"));
  }
  server_->set_file_extension_and_mimetype_mapping("js", "text/javascript; charset=utf-8");
  server_->set_file_extension_and_mimetype_mapping("css", "text/css; charset=utf-8");
  server_->set_file_extension_and_mimetype_mapping("html", "text/html; charset=utf-8");
  Routes();
  int port = options_.port;
  if (port == 0) {
    port = server_->bind_to_any_port(options_.host);
    if (port < 0) return absl::UnavailableError("cannot bind any port");
  } else if (!server_->bind_to_port(options_.host, port)) {
    return absl::UnavailableError(absl::StrCat("cannot bind ", options_.host, ":", port));
  }
  if (!options_.port_file.empty()) {
    // Written to a temporary name and renamed, so a reader never sees a half-written port.
    const std::string temporary = options_.port_file + ".tmp";
    std::ofstream(temporary) << port << "\n";
    std::rename(temporary.c_str(), options_.port_file.c_str());
  }
  spdlog::info("event=serving address={}:{} tls={}", options_.host, port,
               !options_.tls_cert.empty());
  if (!stopping_.load()) server_->listen_after_bind();
  return absl::OkStatus();
}

ConsoleServer::ConsoleServer(ConsoleOptions options, const Upstreams& upstreams,
                             const TokenKeys& keys)
    : impl_(std::make_unique<Impl>(std::move(options), upstreams, keys)) {}
ConsoleServer::~ConsoleServer() = default;
absl::Status ConsoleServer::Run() { return impl_->Run(); }
void ConsoleServer::Stop() { impl_->Stop(); }

}  // namespace gongkai::console
