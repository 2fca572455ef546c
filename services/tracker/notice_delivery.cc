#include "notice_delivery.h"

#include <algorithm>

#include "base/logging.h"
#include "redis/notice_store.h"

namespace gongkai {
namespace {

// Sleeps `duration`, in steps short enough to notice `stop`.
void SleepUnlessStopped(absl::Duration duration, const std::atomic<bool>& stop) {
  const absl::Duration step = absl::Milliseconds(50);
  while (duration > absl::ZeroDuration() && !stop.load()) {
    absl::SleepFor(std::min(duration, step));
    duration -= step;
  }
}

}  // namespace

void RunNoticeDelivery(const RedisOptions& redis_options, const Clock& clock,
                       const NoticeDeliveryOptions& options, const std::atomic<bool>& stop) {
  RedisConnection redis(redis_options);
  NoticeStore store(redis);
  const absl::Duration max_backoff = absl::Seconds(1);
  absl::Duration backoff = options.poll;
  bool failing = false;
  absl::Time next_trim = absl::Now() + options.trim_every;
  absl::Time next_retention = absl::Now();
  while (!stop.load()) {
    const absl::Time started = absl::Now();
    absl::StatusOr<DeliveryResult> delivered = store.DeliverOnce(clock.Now());
    // Another tracker applied these entries first: they are delivered and Redis answers, so
    // there is nothing to do now — not an outage. The cursors are read again after a poll, which
    // also keeps trackers from contending in a tight loop.
    const bool contended = absl::IsAborted(delivered.status());
    if (contended) delivered = DeliveryResult{};
    if (!delivered.ok()) {
      if (!failing) {
        spdlog::warn("event=notice_delivery_failed error=\"{}\"", delivered.status().message());
        failing = true;
      }
      SleepUnlessStopped(backoff, stop);
      backoff = std::min(backoff * 2, max_backoff);
      continue;
    }
    if (failing) {
      spdlog::info("event=notice_delivery_recovered");
      failing = false;
    }
    backoff = options.poll;
    if (delivered->entries > 0) {
      spdlog::info("event=notices_delivered entries={} created={} merged={} skipped={} took_ms={}",
                   delivered->entries, delivered->created, delivered->merged, delivered->skipped,
                   absl::ToInt64Milliseconds(absl::Now() - started));
    }
    const absl::Time now = absl::Now();
    if (now >= next_trim) {
      next_trim = now + options.trim_every;
      if (absl::Status trimmed = store.TrimOutboxes(clock.Now()); !trimmed.ok()) {
        spdlog::warn("event=notice_outbox_trim_failed error=\"{}\"", trimmed.message());
      }
    }
    if (now >= next_retention) {
      next_retention = now + options.retention_every;
      absl::StatusOr<int> dropped = store.ApplyRetention(clock.Now());
      if (!dropped.ok()) {
        spdlog::warn("event=notice_retention_failed error=\"{}\"", dropped.status().message());
      } else if (*dropped > 0) {
        spdlog::info("event=notices_dropped count={}", *dropped);
      }
    }
    // A full batch from some partition: more is waiting, go on at once.
    if (contended || delivered->entries < kDeliveryBatch) SleepUnlessStopped(options.poll, stop);
  }
}

}  // namespace gongkai
