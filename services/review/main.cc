// gongkai-review: department drafts and their confidentiality review (保密审查).
#include "clock.h"
#include "grpc/server_main.h"
#include "logging.h"
#include "review_service.h"

int main(int argc, char** argv) {
  gongkai::InitService("review", argc, argv);
  auto options = gongkai::ServerOptionsFromFlags("review", "127.0.0.1:7103");
  if (!options.ok()) {
    spdlog::critical("event=bad_configuration error=\"{}\"", options.status().message());
    return 2;
  }
  gongkai::SystemClock clock;
  gongkai::RedisWorkerPool pool(options->redis, options->workers);
  gongkai::ReviewServiceImpl service(pool, clock);
  return gongkai::RunServer(*options, {&service}, {}, &pool);
}
