// At-least-once consumption of one stage's streams (one per partition) with a consumer group.
//
// A handler plans what each entry asks for: a change to the case, or nothing (a stale or
// repeated delivery: the case has moved on). The consumer commits the planned changes of a whole
// poll in one pipelined round trip, each together with its entry's acknowledgement (the
// transition script does both atomically), and acknowledges the entries without a change. A
// handler error, or a commit that fails for another reason than the case having moved on, leaves
// the entry pending. Entries left pending by a consumer that died are claimed by a live one
// after `claim_idle`; an entry that was delivered `max_deliveries` times without success goes to
// the dead-letter stream.
//
// Example:
//   StreamConsumer consumer(redis_options, {.stage = Stage::kRouting, .group = "routing",
//                                           .consumer = "routing-host1"}, handler);
//   consumer.Run(stop_flag);  // until stop_flag is set
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "redis/case_store.h"
#include "redis/redis_connection.h"

namespace gongkai {

struct StreamEntry {
  StreamEntryRef ref;
  std::string case_number;
  int64_t version = 0;  // the case version that was handed over
  std::string data;     // that version of the case, serialized, when the entry carries it
};

struct StreamConsumerOptions {
  Stage stage = Stage::kNone;
  std::string group;
  std::string consumer;
  int batch = 64;
  // How long to wait after a poll that found nothing. Keeps an idle service at a few commands
  // per second and bounds the hand-over latency.
  absl::Duration idle_wait = absl::Milliseconds(5);
  absl::Duration max_idle_wait = absl::Milliseconds(50);
  absl::Duration claim_idle = absl::Seconds(30);
  absl::Duration claim_interval = absl::Seconds(1);
  int max_deliveries = 5;
};

class StreamConsumer {
 public:
  // The change an entry asks for; nullopt to acknowledge it without effect.
  using Handler =
      std::function<absl::StatusOr<std::optional<CaseChange>>(CaseStore&, const StreamEntry&)>;

  StreamConsumer(RedisOptions redis, StreamConsumerOptions options, Handler handler);

  // Consumes until `stop` is set; survives Redis outages by retrying with backoff.
  void Run(const std::atomic<bool>& stop);

  // One step each, for tests: creates the groups; reads and handles one batch of new entries (or,
  // with `own_pending`, of entries this consumer already holds); claims and handles idle entries.
  absl::Status EnsureGroups();
  absl::StatusOr<int> PollOnce(bool own_pending = false);
  absl::StatusOr<int> ReclaimOnce();
  // Round trips this consumer has made to Redis.
  long long round_trips() const { return redis_.round_trips(); }

 private:
  absl::StatusOr<int> HandleReplies(const std::vector<RedisReply>& replies,
                                    const std::vector<int>& partitions);
  // Plans every entry, commits the planned changes in one round trip and acknowledges the rest.
  void HandleBatch(const std::vector<StreamEntry>& entries,
                   std::vector<StreamEntryRef> acknowledge);
  absl::Status Acknowledge(const std::vector<StreamEntryRef>& refs);

  RedisConnection redis_;
  CaseStore store_;
  StreamConsumerOptions options_;
  Handler handler_;
  // When a partition's master was last reported unreachable: at most once a second in the log.
  absl::Time unreachable_logged_ = absl::InfinitePast();
};

}  // namespace gongkai
