#include "grpc/server_main.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/impl/server_builder_option.h>
#include <grpcpp/impl/server_builder_plugin.h>
#include <grpcpp/impl/server_initializer.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "auth/call_authenticator.h"
#include "base/buffered_stderr_sink.h"
#include "base/logging.h"
#include "base/mutex_deadlock_detection.h"
#include "base/socket_path.h"
#include "base/staff_error.h"
#include "base/status_macros.h"
#include "grpc/parse_failure_interceptor.h"
#include "grpc/tls.h"
#include "grpc/unary_call.h"
#include "redis/account_store.h"
#include "redis/keys.h"
#include "redis/store_layout.h"

ABSL_FLAG(std::string, listen, "", "host:port to serve gRPC on (port 0: any free port)");
ABSL_FLAG(std::string, port_file, "", "file to write the bound port to, once serving");
ABSL_FLAG(std::string, listen_socket, "",
          "absolute path (at most 100 bytes) of a unix socket to serve gRPC on besides --listen, "
          "for clients on the same machine; a socket file already there is replaced");
ABSL_FLAG(std::string, redis, "127.0.0.1:6379",
          "Redis server, host:port (on a Redis Cluster: any node; the others are discovered)");
ABSL_FLAG(int, redis_wait_replicas, 0,
          "after every change, wait until this many replicas of its master have it (WAIT); "
          "fewer within --redis_wait_timeout_ms is UNAVAILABLE to the caller. 0: do not wait");
ABSL_FLAG(int, redis_wait_timeout_ms, 1000, "how long a change waits for its replicas");
ABSL_FLAG(int, workers, 4, "threads doing Redis work for calls (1-64; 0: on gRPC's own threads)");
ABSL_FLAG(std::string, agencies, "deploy/agencies.conf",
          "the county's agency catalogue (docs/agencies.md): every agency's name, letterhead, "
          "reconsideration body, fee payment and units");
ABSL_FLAG(std::string, default_agency, "",
          "the agency of accounts and requests that name none (default: the county government)");
ABSL_FLAG(std::string, consumer, "",
          "name in the stage's consumer group; keep it across restarts (default <service>-<host>)");
ABSL_FLAG(int, claim_idle_ms, 30000,
          "claim stream entries another consumer left pending this long");
ABSL_FLAG(int, max_deliveries, 5, "deliveries of a stream entry before it is dead-lettered");
ABSL_FLAG(std::string, calendar, "deploy/calendar", "directory of the working-day calendar files");
ABSL_FLAG(std::string, unknown_years, "provisional",
          "years without a holiday notice: provisional (weekends and fixed holidays, flagged) or "
          "refuse");
ABSL_FLAG(std::string, tls_cert, "", "PEM certificate chain: serve over TLS (with --tls_key)");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert");
ABSL_FLAG(std::string, redis_user, "",
          "Redis ACL user the service signs in as (empty: the default user)");
ABSL_FLAG(std::string, redis_password_file, "", "file whose first line is that user's password");
ABSL_FLAG(std::string, token_verify_key, "",
          "file with the public key that checks session tokens (required unless "
          "--token_signing_key is given)");
ABSL_FLAG(std::string, token_signing_key, "",
          "file with the secret key that signs session tokens (the tracker only)");
ABSL_FLAG(std::string, log_level, "info", "trace, debug, info, warn, error");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port to serve Prometheus metrics on, at /metrics (port 0: any free port; empty: "
          "none). Unauthenticated: bind to loopback or a monitoring-only address");
ABSL_FLAG(std::string, metrics_port_file, "", "file to write the bound metrics port to");

namespace gongkai {
namespace {

sigset_t TerminationSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

// Keeps the health service in step with Redis: a service that cannot reach its system of record
// is not serving, whatever else works.
// Set when Redis holds data of another layout (redis/store_layout.h): the service stops and
// exits with 2 rather than read it.
std::atomic<bool> layout_refused = false;

// Checks the store's data layout; on a mismatch logs why and stops the service. True when the
// layout is this build's; false when Redis could not be asked (checked again later).
bool LayoutChecked(RedisConnection& redis) {
  const absl::Status layout = CheckStoreLayout(redis);
  if (absl::IsFailedPrecondition(layout)) {
    spdlog::critical("event=store_layout_refused error=\"{}\"", layout.message());
    layout_refused = true;
    kill(getpid(), SIGTERM);
  }
  return layout.ok();
}

void ProbeRedis(const RedisOptions& options, grpc::HealthCheckServiceInterface* health,
                const std::vector<grpc::Service*>& services, bool layout_checked,
                const std::atomic<bool>& stop) {
  RedisOptions probe_options = options;
  probe_options.command_timeout = absl::Milliseconds(500);
  RedisConnection redis(probe_options);
  int last = -1;
  while (!stop.load()) {
    // The master of the {config} slot: the layout is read there. On a cluster, a master down
    // stalls only its own partitions' cases, so it does not take the service out of rotation.
    auto pong = redis.Command(keys::ConfigRoute(), {"PING"});
    // Not serving data of another layout: checked once, when Redis first answers.
    if (!layout_checked && pong.ok() && !pong->is_error()) layout_checked = LayoutChecked(redis);
    const bool serving = pong.ok() && !pong->is_error() && layout_checked;
    if (static_cast<int>(serving) != last) {
      health->SetServingStatus(serving);
      if (serving) {
        spdlog::info("event=redis_reachable serving=true");
      } else {
        spdlog::error("event=redis_unreachable serving=false error=\"{}\"",
                      pong.ok() ? std::string(pong->str()) : std::string(pong.status().message()));
      }
      last = serving;
    }
    absl::SleepFor(absl::Milliseconds(250));
  }
}

// Tells the parse-failure interceptor which methods this server serves. gRPC shows the names of
// the registered services only to builder plugins: their InitServer runs once every service is
// registered and before the server takes its first call, so the set is complete before it is read.
class ServedMethodsPlugin final : public grpc::ServerBuilderPlugin {
 public:
  explicit ServedMethodsPlugin(std::shared_ptr<ServedMethods> served)
      : served_(std::move(served)) {}
  std::string name() override { return "gongkai_served_methods"; }
  void InitServer(grpc::ServerInitializer* initializer) override {
    served_->Serve(*initializer->GetServiceList());
  }
  void Finish(grpc::ServerInitializer* /*initializer*/) override {}
  void ChangeArguments(const std::string& /*name*/, void* /*value*/) override {}

 private:
  std::shared_ptr<ServedMethods> served_;
};

// A builder option is how one server (not every server of the process) gets a plugin.
class ServedMethodsOption final : public grpc::ServerBuilderOption {
 public:
  explicit ServedMethodsOption(std::shared_ptr<ServedMethods> served)
      : served_(std::move(served)) {}
  void UpdateArguments(grpc::ChannelArguments* /*args*/) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    plugins->push_back(std::make_unique<ServedMethodsPlugin>(served_));
  }

 private:
  std::shared_ptr<ServedMethods> served_;
};

// Reads the list of ended sessions (logouts, disabled accounts) into the authenticator.
absl::Status LoadRevocations(AccountStore& accounts) {
  absl::StatusOr<Revocations> loaded = accounts.LoadRevocations(absl::ToUnixSeconds(absl::Now()));
  if (!loaded.ok()) return loaded.status();
  CallAuthenticator::Instance().SetRevocations(*std::move(loaded));
  return absl::OkStatus();
}

// Keeps that list fresh: a revocation takes effect in every service within a second.
void RefreshRevocations(const RedisOptions& options, const std::atomic<bool>& stop) {
  RedisConnection redis(options);
  AccountStore accounts(redis);
  bool failing = false;
  while (!stop.load()) {
    if (absl::Status loaded = LoadRevocations(accounts); loaded.ok()) {
      failing = false;
    } else if (!failing) {
      spdlog::warn("event=revocations_unreadable error=\"{}\"", loaded.message());
      failing = true;
    }
    for (int i = 0; i < 4 && !stop.load(); ++i) absl::SleepFor(absl::Milliseconds(250));
  }
}

}  // namespace

// Logs are English: a message written for staff in Chinese is logged by its English reason, or by
// the field it names (`page_size`), the code saying the rest (base/staff_error.h).
void LogCallFailure(absl::string_view method, const v1::Actor* actor, const absl::Status& status) {
  const bool client_error = status.code() == absl::StatusCode::kInvalidArgument ||
                            status.code() == absl::StatusCode::kNotFound ||
                            status.code() == absl::StatusCode::kFailedPrecondition ||
                            status.code() == absl::StatusCode::kAlreadyExists ||
                            status.code() == absl::StatusCode::kAborted;
  spdlog::log(client_error ? spdlog::level::info : spdlog::level::warn,
              "event=call_failed method={} user={} code={} error=\"{}\"", method,
              actor ? actor->user_id() : "-", absl::StatusCodeToString(status.code()),
              LogReason(status));
}

void InitService(absl::string_view name, int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  DisableMutexDeadlockDetection();
  sigset_t signals = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  auto logger =
      std::make_shared<spdlog::logger>(std::string(name), std::make_shared<BufferedStderrSink>());
  // logfmt-style lines: one event per line, key=value, easy to grep and to ship.
  logger->set_pattern("ts=%Y-%m-%dT%H:%M:%S.%eZ level=%l svc=%n %v",
                      spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(absl::GetFlag(FLAGS_log_level)));
  // A warning or worse is written at once, with every line before it; the rest (a line a
  // transition) within a second, in batches.
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
}

absl::StatusOr<ServerOptions> ServerOptionsFromFlags(absl::string_view name,
                                                     absl::string_view default_listen) {
  ServerOptions options;
  options.name = std::string(name);
  options.listen = absl::GetFlag(FLAGS_listen);
  if (options.listen.empty()) options.listen = std::string(default_listen);
  options.port_file = absl::GetFlag(FLAGS_port_file);
  options.listen_socket = absl::GetFlag(FLAGS_listen_socket);
  if (!options.listen_socket.empty()) {
    if (absl::Status path = CheckSocketPath("`listen_socket`", options.listen_socket); !path.ok()) {
      return path;
    }
  }
  auto redis = ParseRedisAddress(absl::GetFlag(FLAGS_redis));
  if (!redis.ok()) return redis.status();
  options.redis = *redis;
  if (absl::Status credentials = SetRedisCredentials(options.redis, absl::GetFlag(FLAGS_redis_user),
                                                     absl::GetFlag(FLAGS_redis_password_file));
      !credentials.ok()) {
    return credentials;
  }
  options.redis.wait_replicas = absl::GetFlag(FLAGS_redis_wait_replicas);
  options.redis.wait_timeout = absl::Milliseconds(absl::GetFlag(FLAGS_redis_wait_timeout_ms));
  if (options.redis.wait_replicas < 0 || options.redis.wait_replicas > 5) {
    return absl::InvalidArgumentError("`redis_wait_replicas` must be between 0 and 5");
  }
  if (options.redis.wait_timeout < absl::Milliseconds(10) ||
      options.redis.wait_timeout > absl::Seconds(60)) {
    return absl::InvalidArgumentError("`redis_wait_timeout_ms` must be between 10 and 60000");
  }
  options.workers = absl::GetFlag(FLAGS_workers);
  options.metrics.listen = absl::GetFlag(FLAGS_metrics_listen);
  options.metrics.port_file = absl::GetFlag(FLAGS_metrics_port_file);
  if (!options.metrics.listen.empty()) {
    GK_RETURN_IF_ERROR(metrics::CheckMetricsListen(options.metrics.listen));
  }
  auto agencies = LoadAgenciesFromFlags();
  if (!agencies.ok()) return agencies.status();
  options.agencies = *std::move(agencies);
  if (options.workers < 0 || options.workers > 64) {
    return absl::InvalidArgumentError("`workers` must be between 0 and 64");
  }
  const std::string signing = absl::GetFlag(FLAGS_token_signing_key);
  const std::string verify = absl::GetFlag(FLAGS_token_verify_key);
  if (signing.empty() && verify.empty()) {
    return absl::InvalidArgumentError(
        "`token_verify_key` is required: every call is checked against it");
  }
  auto keys = LoadTokenKeys(signing, verify);
  if (!keys.ok()) return keys.status();
  options.token_keys = *std::move(keys);
  auto credentials =
      ServerCredentialsFrom(absl::GetFlag(FLAGS_tls_cert), absl::GetFlag(FLAGS_tls_key));
  if (!credentials.ok()) return credentials.status();
  options.credentials = *std::move(credentials);
  return options;
}

absl::StatusOr<std::unique_ptr<CalendarHolder>> LoadCalendarFromFlags() {
  const std::string policy = absl::GetFlag(FLAGS_unknown_years);
  if (policy != "provisional" && policy != "refuse") {
    return absl::InvalidArgumentError("`unknown_years` must be provisional or refuse");
  }
  auto calendar =
      CalendarHolder::Load(absl::GetFlag(FLAGS_calendar),
                           policy == "refuse" ? UnknownYears::kRefuse : UnknownYears::kProvisional);
  if (calendar.ok()) {
    spdlog::info("event=calendar_loaded dir={} unknown_years={}", absl::GetFlag(FLAGS_calendar),
                 policy);
  }
  return calendar;
}

BackgroundWork WatchCalendar(CalendarHolder& holder, std::function<void()> on_change) {
  return [&holder, on_change = std::move(on_change)](const std::atomic<bool>& stop) {
    while (!stop.load()) {
      for (int i = 0; i < 20 && !stop.load(); ++i) absl::SleepFor(absl::Milliseconds(250));
      auto changed = holder.ReloadIfChanged();
      if (changed.ok() && *changed && on_change) on_change();
    }
  };
}

absl::StatusOr<std::shared_ptr<const AgencyCatalogue>> LoadAgenciesFromFlags() {
  GK_ASSIGN_OR_RETURN(AgencyCatalogue catalogue,
                      AgencyCatalogue::Load(absl::GetFlag(FLAGS_agencies)));
  if (const std::string code = absl::GetFlag(FLAGS_default_agency); !code.empty()) {
    GK_RETURN_IF_ERROR(catalogue.SetDefault(code));
  }
  spdlog::info("event=agencies_loaded agencies={} default={}", catalogue.agencies().size(),
               catalogue.default_agency().code);
  return std::make_shared<const AgencyCatalogue>(std::move(catalogue));
}

StreamConsumerOptions ConsumerOptionsFromFlags(absl::string_view service, Stage stage) {
  StreamConsumerOptions options;
  options.stage = stage;
  options.group = std::string(service);
  options.consumer = absl::GetFlag(FLAGS_consumer);
  if (options.consumer.empty()) {
    char host[65] = {};
    if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    options.consumer = absl::StrCat(service, "-", host[0] ? host : "local");
  }
  options.claim_idle = absl::Milliseconds(std::max(100, absl::GetFlag(FLAGS_claim_idle_ms)));
  options.max_deliveries = std::max(1, absl::GetFlag(FLAGS_max_deliveries));
  return options;
}

int RunServer(const ServerOptions& options, const std::vector<grpc::Service*>& services,
              std::vector<BackgroundWork> background, RedisWorkerPool* pool) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  // gRPC turns SO_REUSEPORT on by default on Linux: a second copy started on a taken port would
  // bind too and take a share of the calls unseen. One process per address; a taken port is an
  // error at start-up.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(options.listen, options.credentials, &port);
  // Clients on the same machine (the console, the benchmarks) may come through a unix socket,
  // which spares both ends the kernel's TCP path (docs/performance.md, "The fifth round"). gRPC
  // removes a socket file already at the path before binding: unlike a taken port, a second
  // process given the same path takes the socket over, so each process needs a path of its own.
  int socket_bound = 0;
  if (!options.listen_socket.empty()) {
    builder.AddListeningPort(absl::StrCat("unix:", options.listen_socket), options.credentials,
                             &socket_bound);
  }
  for (grpc::Service* service : services) builder.RegisterService(service);
  CaptureProtobufParseProblems();
  auto served = std::make_shared<ServedMethods>();
  builder.SetOption(std::make_unique<ServedMethodsOption>(served));
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(MakeParseFailureInterceptorFactory(served));
  std::unique_ptr<metrics::ServiceMetrics> served_metrics;
  if (!options.metrics.listen.empty()) {
    absl::StatusOr<std::unique_ptr<metrics::ServiceMetrics>> started =
        metrics::ServiceMetrics::Start(options.name, options.metrics);
    if (!started.ok()) {
      spdlog::critical("event=metrics_listen_failed listen={} error=\"{}\"", options.metrics.listen,
                       started.status().message());
      return 1;
    }
    served_metrics = *std::move(started);
    // After the parse-failure interceptor: a status it rewrote is counted as rewritten.
    interceptors.push_back(served_metrics->RpcInterceptor(served));
  }
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0 || (!options.listen_socket.empty() && socket_bound == 0)) {
    spdlog::critical("event=listen_failed listen={} listen_socket={}", options.listen,
                     options.listen_socket);
    return 1;
  }
  // Not fatal, but a request that does not parse would get gRPC's bare UNIMPLEMENTED.
  if (served->size() == 0) spdlog::error("event=served_methods_unknown");
  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  health->SetServingStatus(false);  // until Redis answers

  std::atomic<bool> stop = false;
  bool layout_checked = false;
  std::vector<std::thread> threads;
  CallAuthenticator::Instance().Configure(options.token_keys);
  {
    // Once before the port is announced, so that the first calls find the list of ended
    // sessions; if Redis is not there yet, calls are UNAVAILABLE until it is, as for any call.
    RedisConnection redis(options.redis);
    layout_checked = LayoutChecked(redis);
    AccountStore accounts(redis);
    (void)LoadRevocations(accounts);
  }
  threads.emplace_back([&] { RefreshRevocations(options.redis, stop); });
  threads.emplace_back([&] { ProbeRedis(options.redis, health, services, layout_checked, stop); });
  for (BackgroundWork& work : background) {
    threads.emplace_back([&stop, work = std::move(work)] { work(stop); });
  }
  if (served_metrics != nullptr) {
    threads.emplace_back([&] { served_metrics->RunCollector(options.redis, stop); });
    spdlog::info("event=metrics_serving port={}", served_metrics->port());
  }
  if (!options.port_file.empty()) {
    // Written to a temporary name and renamed, so a reader never sees a half-written port.
    const std::string temporary = options.port_file + ".tmp";
    std::ofstream(temporary) << port << "\n";
    std::rename(temporary.c_str(), options.port_file.c_str());
  }
  spdlog::info("event=serving port={} socket={} tls={} redis={} workers={}", port,
               options.listen_socket, !absl::GetFlag(FLAGS_tls_cert).empty(),
               RedisAddress(options.redis), options.workers);

  sigset_t signals = TerminationSignals();
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("event=stopping signal={}", received);
  stop = true;
  // Calls in flight get five seconds to finish; background work stops after its current item.
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  if (pool != nullptr) pool->Stop();
  for (std::thread& thread : threads) thread.join();
  spdlog::info("event=stopped");
  return layout_refused ? 2 : 0;
}

}  // namespace gongkai
