// What every service's main() shares: flags, logging, the gRPC server with health checking and
// reflection, a Redis health probe, background workers, and an orderly stop on SIGTERM.
//
// Example (main.cc):
//   InitService("intake", argc, argv);
//   auto options = ServerOptionsFromFlags("intake");
//   RedisWorkerPool pool(options->redis, options->workers);
//   IntakeServiceImpl service(pool, ...);
//   return RunServer(*options, {&service}, {}, &pool);
#pragma once

#include <grpcpp/impl/service_type.h>
#include <grpcpp/security/server_credentials.h>

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "auth/session_tokens.h"
#include "calendar/calendar_holder.h"
#include "metrics/service_metrics.h"
#include "redis/redis_connection.h"
#include "redis/stream_consumer.h"
#include "redis/worker_pool.h"
#include "rules/agency_catalogue.h"
#include "rules/department_catalogue.h"

namespace gongkai {

using BackgroundWork = std::function<void(const std::atomic<bool>& stop)>;

struct ServerOptions {
  std::string name;
  std::string listen;         // host:port; port 0 picks a free one
  std::string listen_socket;  // a unix socket's path to serve on as well, or empty
  std::string port_file;      // where to write the port actually bound; empty: nowhere
  RedisOptions redis;
  int workers = 4;
  // The county's agencies (--agencies, --default_agency): who issues each case's documents, its
  // units, who may see it.
  std::shared_ptr<const AgencyCatalogue> agencies;
  // The key that checks session tokens; the secret half too where tokens are issued.
  TokenKeys token_keys;
  // TLS from --tls_cert and --tls_key, or plaintext.
  std::shared_ptr<grpc::ServerCredentials> credentials;
  // Prometheus metrics from --metrics_listen and --metrics_port_file; a service adds its own
  // figures before RunServer.
  metrics::MetricsOptions metrics;
};

// The working-day calendar named by --calendar (directory of YYYY.conf files) and
// --unknown_years (provisional or refuse).
absl::StatusOr<std::unique_ptr<CalendarHolder>> LoadCalendarFromFlags();

// Background work that picks up changed calendar files every few seconds and then runs
// `on_change` (may be empty).
BackgroundWork WatchCalendar(CalendarHolder& holder, std::function<void()> on_change);

// The agency catalogue named by --agencies, with --default_agency as its default.
absl::StatusOr<std::shared_ptr<const AgencyCatalogue>> LoadAgenciesFromFlags();

// Parses the command line, blocks SIGTERM and SIGINT in every thread to come (one thread waits
// for them), and sets up the service's logger. Call first in main().
void InitService(absl::string_view name, int argc, char** argv);

// --listen, --port_file, --redis, --workers, --metrics_listen and the token keys
// (--token_verify_key, or --token_signing_key where tokens are issued), checked.
absl::StatusOr<ServerOptions> ServerOptionsFromFlags(absl::string_view name,
                                                     absl::string_view default_listen);

// --consumer, --claim_idle_ms and --max_deliveries for a service consuming `stage`; the group is
// named after the service, the consumer after the service and the host unless --consumer says.
StreamConsumerOptions ConsumerOptionsFromFlags(absl::string_view service, Stage stage);

// Serves until SIGTERM or SIGINT, then stops taking calls, finishes the calls in flight, stops
// the background work and returns the process exit code. With `options.metrics.listen`, also
// serves /metrics there (metrics/service_metrics.h) from before the gRPC port is announced.
// `pool` (may be null) is drained after the last call finished.
int RunServer(const ServerOptions& options, const std::vector<grpc::Service*>& services,
              std::vector<BackgroundWork> background, RedisWorkerPool* pool);

}  // namespace gongkai
