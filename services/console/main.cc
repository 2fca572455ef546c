// gongkai-console: the staff's web console (工作台). Serves the web app and its JSON API on
// loopback and relays every call to the five services with the signed-in person's token.
//
// Its flags, for example: --listen=127.0.0.1:7180 --web_root=services/console/web
// --token_verify_key=keys/token-verify.pub --intake=127.0.0.1:7101 ... --tracker=127.0.0.1:7105
// (each service also as unix:/path, as deploy/local.sh gives them).
#include <signal.h>
#include <sodium.h>

#include <thread>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "base/logging.h"
#include "console_server.h"
#include "grpc/server_main.h"
#include "metrics/callback_gauges.h"
#include "metrics/metrics_endpoint.h"
#include "upstreams.h"

// Shared with the services (grpc/server_main.cc): where to listen, TLS, the token key.
ABSL_DECLARE_FLAG(std::string, listen);
ABSL_DECLARE_FLAG(std::string, port_file);
ABSL_DECLARE_FLAG(std::string, tls_cert);
ABSL_DECLARE_FLAG(std::string, tls_key);
ABSL_DECLARE_FLAG(std::string, token_verify_key);
ABSL_DECLARE_FLAG(std::string, metrics_listen);
ABSL_DECLARE_FLAG(std::string, metrics_port_file);

ABSL_FLAG(std::string, intake, "127.0.0.1:7101",
          "the intake service: host:port, unix:/path or an address list");
ABSL_FLAG(std::string, routing, "127.0.0.1:7102", "the routing service, as --intake");
ABSL_FLAG(std::string, review, "127.0.0.1:7103", "the review service, as --intake");
ABSL_FLAG(std::string, reply, "127.0.0.1:7104", "the reply service, as --intake");
ABSL_FLAG(std::string, tracker, "127.0.0.1:7105", "the tracker service, as --intake");
ABSL_FLAG(std::string, tls_ca, "", "CA that signed the services' certificates (TLS to them)");
ABSL_FLAG(std::string, web_root, "services/console/web", "directory of the web app's files");
ABSL_FLAG(int, http_threads, 128, "HTTP worker threads (8-1024); an open event stream holds one");
ABSL_FLAG(int, max_event_streams, 96, "event streams open at once (1 to http_threads - 8)");

namespace {

int Fail(const absl::Status& status) {
  spdlog::critical("event=start_failed error=\"{}\"", status.ToString());
  return 1;
}

// gongkai_upstream_ready{upstream}: whether the console's channel to each service process is
// connected. Asking connects an idle channel, so a service that went away shows as 0 within a
// scrape or two, even while no one uses the console.
std::shared_ptr<gongkai::metrics::CallbackGauges> UpstreamGauges(
    const gongkai::console::Upstreams& upstreams) {
  auto gauges = std::make_shared<gongkai::metrics::CallbackGauges>("console");
  const std::pair<const char*, std::shared_ptr<grpc::Channel>> channels[] = {
      {"intake", upstreams.Find("gongkai.v1.IntakeService")->channel},
      {"routing", upstreams.Find("gongkai.v1.RoutingService")->channel},
      {"review", upstreams.Find("gongkai.v1.ReviewService")->channel},
      {"reply", upstreams.reply()},
      {"tracker", upstreams.tracker()},
  };
  for (const auto& [name, channel] : channels) {
    gauges->Add("gongkai_upstream_ready",
                "1 when the console's channel to the service process is connected, else 0",
                {{"upstream", name}}, [channel = channel] {
                  const bool ready =
                      channel->GetState(/*try_to_connect=*/true) == GRPC_CHANNEL_READY;
                  return ready ? 1.0 : 0.0;
                });
  }
  return gauges;
}

}  // namespace

int main(int argc, char** argv) {
  gongkai::InitService("console", argc, argv);
  if (sodium_init() < 0) return Fail(absl::InternalError("libsodium cannot start"));

  gongkai::console::ConsoleOptions options;
  std::string listen = absl::GetFlag(FLAGS_listen);
  if (listen.empty()) listen = "127.0.0.1:7180";
  std::pair<std::string, std::string> host_port = absl::StrSplit(listen, absl::MaxSplits(':', 1));
  if (!absl::SimpleAtoi(host_port.second, &options.port) || options.port < 0 ||
      options.port > 65535) {
    return Fail(absl::InvalidArgumentError("`listen` must be host:port"));
  }
  options.host = host_port.first;
  options.port_file = absl::GetFlag(FLAGS_port_file);
  options.web_root = absl::GetFlag(FLAGS_web_root);
  options.tls_cert = absl::GetFlag(FLAGS_tls_cert);
  options.tls_key = absl::GetFlag(FLAGS_tls_key);
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return Fail(absl::InvalidArgumentError("`tls_cert` and `tls_key` go together"));
  }
  options.threads = absl::GetFlag(FLAGS_http_threads);
  options.max_event_streams = absl::GetFlag(FLAGS_max_event_streams);
  if (options.threads < 8 || options.threads > 1024 || options.max_event_streams < 1 ||
      options.max_event_streams > options.threads - 8) {
    return Fail(absl::InvalidArgumentError(
        "`http_threads` must be 8-1024 and `max_event_streams` 1 to http_threads - 8"));
  }
  auto keys = gongkai::LoadTokenKeys("", absl::GetFlag(FLAGS_token_verify_key));
  if (!keys.ok()) return Fail(keys.status());
  auto upstreams = gongkai::console::Upstreams::Connect({
      .intake = absl::GetFlag(FLAGS_intake),
      .routing = absl::GetFlag(FLAGS_routing),
      .review = absl::GetFlag(FLAGS_review),
      .reply = absl::GetFlag(FLAGS_reply),
      .tracker = absl::GetFlag(FLAGS_tracker),
      .tls_ca = absl::GetFlag(FLAGS_tls_ca),
  });
  if (!upstreams.ok()) return Fail(upstreams.status());

  // The endpoint serves the gauges only while they live: both stay until main returns.
  std::shared_ptr<gongkai::metrics::CallbackGauges> upstream_gauges;
  std::unique_ptr<gongkai::metrics::MetricsEndpoint> metrics;
  if (const std::string metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
      !metrics_listen.empty()) {
    auto started = gongkai::metrics::MetricsEndpoint::Start(metrics_listen,
                                                            absl::GetFlag(FLAGS_metrics_port_file));
    if (!started.ok()) return Fail(started.status());
    metrics = *std::move(started);
    upstream_gauges = UpstreamGauges(*upstreams);
    metrics->Register(upstream_gauges);
    spdlog::info("event=metrics_serving port={}", metrics->port());
  }

  gongkai::console::ConsoleServer server(std::move(options), *upstreams, *keys);
  // InitService blocked the termination signals in every thread: this one waits for them.
  std::thread stopper([&server] {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("event=stopping signal={}", received);
    server.Stop();
  });
  absl::Status served = server.Run();
  if (!served.ok()) {
    // Nothing to stop: end the waiting thread the way a signal would.
    kill(getpid(), SIGTERM);
  }
  stopper.join();
  if (!served.ok()) return Fail(served);
  spdlog::info("event=stopped");
  return 0;
}
