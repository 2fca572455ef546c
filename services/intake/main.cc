// gongkai-intake: the service window's registration of requests and look-up of cases.
#include "base/clock.h"
#include "base/logging.h"
#include "grpc/server_main.h"
#include "intake_service.h"

int main(int argc, char** argv) {
  gongkai::InitService("intake", argc, argv);
  auto options = gongkai::ServerOptionsFromFlags("intake", "127.0.0.1:7101");
  if (!options.ok()) {
    spdlog::critical("event=bad_configuration error=\"{}\"", options.status().message());
    return 2;
  }
  auto calendar = gongkai::LoadCalendarFromFlags();
  if (!calendar.ok()) {
    spdlog::critical("event=bad_calendar error=\"{}\"", calendar.status().message());
    return 2;
  }
  gongkai::SystemClock clock;
  gongkai::RedisWorkerPool pool(options->redis, options->workers);
  gongkai::IntakeServiceImpl service(pool, clock, **calendar, options->agencies);
  return gongkai::RunServer(*options, {&service}, {gongkai::WatchCalendar(**calendar, nullptr)},
                            &pool);
}
