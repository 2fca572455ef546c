// gongkai-tracker: the statutory clock. Supplements, consultations and extensions; the
// managers' overdue list and department board; re-computation when the calendar changes; the
// annual report.
#include <algorithm>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "account_service.h"
#include "base/clock.h"
#include "base/logging.h"
#include "deadline_views.h"
#include "grpc/server_main.h"
#include "metrics/callback_gauges.h"
#include "notice_delivery.h"
#include "notice_hub.h"
#include "report_service.h"
#include "sweeper.h"
#include "tracker_service.h"

ABSL_FLAG(int, sweep_interval_ms, 200,
          "how often the sweeper looks for due-soon and overdue cases");
ABSL_FLAG(int, session_hours, 9, "how long a session token stays valid (1-24 hours)");
ABSL_FLAG(std::string, due_soon, "5,1",
          "working days before the due date that raise a notice; one setting for every tracker: "
          "the one started last sets it");

int main(int argc, char** argv) {
  gongkai::InitService("tracker", argc, argv);
  auto options = gongkai::ServerOptionsFromFlags("tracker", "127.0.0.1:7105");
  if (!options.ok()) {
    spdlog::critical("event=bad_configuration error=\"{}\"", options.status().message());
    return 2;
  }
  auto calendar = gongkai::LoadCalendarFromFlags();
  if (!calendar.ok()) {
    spdlog::critical("event=bad_configuration error=\"{}\"", calendar.status().message());
    return 2;
  }
  const gongkai::AgencyCatalogue& agencies = *options->agencies;
  gongkai::SystemClock clock;
  gongkai::RedisWorkerPool pool(options->redis, options->workers);
  gongkai::ChangeFeed feed(options->redis);
  gongkai::NoticeHub notice_hub(options->redis, agencies);  // one subscription for WatchNotices
  gongkai::TrackerServiceImpl service(pool, feed, clock, **calendar, options->agencies,
                                      &notice_hub);
  gongkai::ReportServiceImpl reports(pool, clock, options->agencies);
  const int session_hours = absl::GetFlag(FLAGS_session_hours);
  if (options->token_keys.secret_key.empty() || session_hours < 1 || session_hours > 24) {
    spdlog::critical(
        "event=bad_configuration error=\"the tracker signs session tokens: it needs "
        "`token_signing_key`, and `session_hours` between 1 and 24\"");
    return 2;
  }
  gongkai::AccountServiceImpl accounts(pool, clock, agencies, options->token_keys,
                                       absl::Hours(session_hours));
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
  gongkai::SweeperOptions sweeper;
  sweeper.interval = absl::Milliseconds(absl::GetFlag(FLAGS_sweep_interval_ms));
  auto due_soon = gongkai::ParseDueSoonDays(absl::GetFlag(FLAGS_due_soon));
  if (!due_soon.ok()) {
    spdlog::critical("event=bad_configuration error=\"{}\"", due_soon.status().message());
    return 2;
  }
  sweeper.due_soon_working_days = *std::move(due_soon);
  // The tracker's own metrics: its clocks' counts, read with the partitions' other figures, and
  // how far behind its sweeper is.
  gongkai::SweeperProgress sweeper_progress;
  options->metrics.case_counts = true;
  auto sweeper_gauges = std::make_shared<gongkai::metrics::CallbackGauges>("tracker");
  sweeper_gauges->Add(
      "gongkai_sweeper_lag_seconds",
      "Seconds since the start of the sweeper's last complete pass (every partition swept, no "
      "batch full): how late a due-soon or overdue notice may be given",
      {}, [&] { return absl::ToDoubleSeconds(sweeper_progress.Lag(absl::Now())); });
  sweeper_gauges->Add("gongkai_sweeper_last_pass_seconds", "How long the sweeper's last pass took",
                      {}, [&] { return absl::ToDoubleSeconds(sweeper_progress.LastPass()); });
  options->metrics.sources.push_back(sweeper_gauges);
  // Staff reminders: an outbox entry is delivered within a pass of the sweeper.
  gongkai::NoticeDeliveryOptions delivery;
  delivery.poll = std::clamp(sweeper.interval / 4, absl::Milliseconds(5), absl::Milliseconds(50));
  return gongkai::RunServer(*options, {&service, &reports, &accounts},
                            {gongkai::WatchCalendar(**calendar, recompute),
                             [&](const std::atomic<bool>& stop) { feed.Run(stop); },
                             [&](const std::atomic<bool>& stop) {
                               gongkai::RunSweeper(options->redis, **calendar, clock, sweeper, stop,
                                                   &sweeper_progress);
                             },
                             [&](const std::atomic<bool>& stop) {
                               gongkai::RunNoticeDelivery(options->redis, clock, delivery, stop);
                             },
                             [&](const std::atomic<bool>& stop) { notice_hub.Run(stop); }},
                            &pool);
}
