// gongkai-tracker: the statutory clock. Supplements, consultations and extensions; the
// managers' overdue list and department board; re-computation when the calendar changes.
#include "clock.h"
#include "deadline_views.h"
#include "grpc/server_main.h"
#include "logging.h"
#include "tracker_service.h"

int main(int argc, char** argv) {
  gongkai::InitService("tracker", argc, argv);
  auto options = gongkai::ServerOptionsFromFlags("tracker", "127.0.0.1:7105");
  if (!options.ok()) {
    spdlog::critical("event=bad_configuration error=\"{}\"", options.status().message());
    return 2;
  }
  auto calendar = gongkai::LoadCalendarFromFlags();
  auto catalogue = gongkai::LoadCatalogueFromFlags();
  if (!calendar.ok() || !catalogue.ok()) {
    spdlog::critical("event=bad_configuration error=\"{}\"",
                     !calendar.ok() ? calendar.status().message() : catalogue.status().message());
    return 2;
  }
  gongkai::SystemClock clock;
  gongkai::RedisWorkerPool pool(options->redis, options->workers);
  gongkai::TrackerServiceImpl service(pool, clock, **calendar, *catalogue);
  // A changed calendar file re-computes every running clock, as ReloadCalendar does.
  auto recompute = [&] {
    pool.Submit([&](gongkai::RedisConnection& redis) {
      gongkai::CaseStore store(redis);
      auto result = gongkai::RecomputeRunningClocks(store, *(*calendar)->Get(), clock.Now());
      if (result.ok()) {
        spdlog::info("event=calendar_applied checked={} changed={}", result->cases_checked(),
                     result->cases_changed());
      }
    });
  };
  return gongkai::RunServer(*options, {&service}, {gongkai::WatchCalendar(**calendar, recompute)},
                            &pool);
}
