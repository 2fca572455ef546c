// The delivery loop of staff reminders: moves the sweeper's outbox entries (each partition's
// stream:notices) into the audiences' inboxes in the {notices} slot (redis/notice_store.h), so
// that a new entry reaches ListNotices and WatchNotices within a pass of the sweeper. Any number
// of trackers may run it: the cursors are compare-and-set, each entry is applied once.
//
// It also trims each outbox behind its cursor (keeping the last hour, kOutboxGrace, for
// inspection; the sweeper's MAXLEN ~100000 stays the hard bound if no tracker runs) and applies
// the retention of notices (redis/notice_store.h), both idempotent, so that every tracker may.
// Redis outages are retried with backoff, logged once per outage; a pass another tracker
// won (ABORTED) is no outage: the cursors are read again after a poll, without a warning.
//
// Example (main.cc):
//   background: [&](const std::atomic<bool>& stop) { RunNoticeDelivery(redis, clock, {}, stop); }
#pragma once

#include <atomic>

#include "absl/time/time.h"
#include "base/clock.h"
#include "redis/redis_connection.h"

namespace gongkai {

struct NoticeDeliveryOptions {
  // How often the outboxes are read when there is nothing to deliver.
  absl::Duration poll = absl::Milliseconds(50);
  absl::Duration trim_every = absl::Seconds(10);
  absl::Duration retention_every = absl::Seconds(60);
};

void RunNoticeDelivery(const RedisOptions& redis_options, const Clock& clock,
                       const NoticeDeliveryOptions& options, const std::atomic<bool>& stop);

}  // namespace gongkai
