// gongkai-routing: assigns new cases to departments and serves the departments' queues and the
// dispatcher.
#include "base/clock.h"
#include "base/logging.h"
#include "grpc/server_main.h"
#include "redis/stream_consumer.h"
#include "route_new_cases.h"
#include "routing_service.h"

int main(int argc, char** argv) {
  gongkai::InitService("routing", argc, argv);
  auto options = gongkai::ServerOptionsFromFlags("routing", "127.0.0.1:7102");
  if (!options.ok()) {
    spdlog::critical("event=bad_configuration error=\"{}\"", options.status().message());
    return 2;
  }

  gongkai::SystemClock clock;
  gongkai::RedisWorkerPool pool(options->redis, options->workers);
  gongkai::RoutingServiceImpl service(pool, clock, options->agencies);
  gongkai::StreamConsumer consumer(
      options->redis, gongkai::ConsumerOptionsFromFlags("routing", gongkai::Stage::kRouting),
      [&](gongkai::CaseStore& store, const gongkai::StreamEntry& entry) {
        return gongkai::RouteNewCase(*options->agencies, clock, store, entry);
      });
  return gongkai::RunServer(*options, {&service},
                            {[&](const std::atomic<bool>& stop) { consumer.Run(stop); }}, &pool);
}
