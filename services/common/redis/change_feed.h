// Tells a process when cases change, so that a caller can wait for a case to move on instead of
// polling it: one subscriber connection listens on every partition's sharded change channel,
// where the transition script announces "<case number> <version>" with each commit.
//
// A waiter is woken with the version and state the commit announced, or with no news when its
// wait ends, the feed reconnects (messages published while it was disconnected are lost) or the
// feed stops; then it reads the case itself.
//
// Example:
//   ChangeFeed feed(redis_options);
//   std::thread thread([&] { feed.Run(stop); });
//   feed.Watch("2026-000123", 3, absl::Now() + absl::Seconds(5),
//              [](std::optional<ChangeFeed::Announcement> news) { ... });
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "redis/redis_connection.h"

namespace gongkai {

class ChangeFeed {
 public:
  struct Announcement {
    int64_t version = 0;
    int state = 0;  // a v1::CaseState
  };
  using Wake = std::function<void(std::optional<Announcement>)>;
  // Waiters beyond this are woken at once: a bound on what one process holds.
  static constexpr size_t kMaxWaiters = 10000;

  explicit ChangeFeed(RedisOptions options);
  ~ChangeFeed();
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  // Calls `wake` once, on the feed's thread (or at once on the caller's, when the feed is not
  // running or is full): when `case_number` is committed at a version above `after_version`,
  // when `deadline` passes, or when the feed reconnects. Returns an id for Cancel.
  uint64_t Watch(const std::string& case_number, int64_t after_version, absl::Time deadline,
                 Wake wake);
  // Forgets a waiter; false when it has already been woken (or is being woken).
  bool Cancel(uint64_t id);

  // Listens until `stop` is set, reconnecting with backoff; wakes every waiter on the way out.
  void Run(const std::atomic<bool>& stop);

  // Waiters currently held, for tests.
  size_t waiting() const;

 private:
  struct Waiter {
    std::string case_number;
    int64_t after_version = 0;
    absl::Time deadline;
    Wake wake;
  };

  absl::Status Subscribe();
  absl::Status ReadMessages(absl::Duration wait);
  void Announced(const std::string& case_number, Announcement news);
  void WakeDue(absl::Time now);
  void WakeAll();

  RedisConnection connection_;  // subscribed: used by Run's thread only
  mutable absl::Mutex mutex_;
  bool running_ ABSL_GUARDED_BY(mutex_) = false;
  uint64_t next_id_ ABSL_GUARDED_BY(mutex_) = 1;
  std::map<uint64_t, Waiter> waiters_ ABSL_GUARDED_BY(mutex_);
  std::unordered_multimap<std::string, uint64_t> by_case_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace gongkai
