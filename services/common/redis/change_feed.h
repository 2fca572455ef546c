// Tells a process when cases change, so that a caller can wait for a case to move on instead of
// polling it: the feed listens on every partition's sharded change channel, where the transition
// script announces "<case number> <version> <state>" with each commit.
//
// Each partition is subscribed on its own, on the connection to the node that serves it (one
// connection per master on a Redis Cluster, the one node otherwise), so that a failure stays
// with the partitions it touches: a master that cannot be reached, a lost connection or a slot
// moved to another master leaves those partitions unsubscribed, retried with backoff, while the
// others go on announcing.
//
// A waiter is woken with the version and state the commit announced, or with no news when its
// wait ends, when its case's partition loses its subscription or is subscribed (again: what was
// published while not subscribed is lost), or when the feed stops; then it reads the case
// itself.
//
// The feed also remembers the last announcement of each case it heard on a subscription that
// still stands. Every later commit of that case is announced on the same subscription, so a
// caller watching such a case need not read it first to learn whether it has already moved on:
// the feed answers at once, or wakes it with the next announcement. That read was one Redis
// round trip of every WatchCase. Two moments on a Redis Cluster bend this, neither into a wrong
// answer: while a partition's slot migrates, a commit made on the importing master is announced
// there, unheard until the migration ends (the old master then ends the subscription and the
// waiters read) or the wait does, so such a watch answers late; and after a failover that lost
// the last writes, the feed may answer with a version the new master never got, as an
// announcement heard just before would, until it sees the master change (within seconds).
//
// Example:
//   ChangeFeed feed(redis_options);
//   std::thread thread([&] { feed.Run(stop); });
//   ChangeFeed::Watching watching = feed.Watch("2026-000123", 3, absl::Now() + absl::Seconds(5),
//       [](std::optional<ChangeFeed::Announcement> news) { ... });
//   if (watching.must_read) { ... read the case; if it moved on, Cancel(watching.id) ... }
#pragma once

#include <array>
#include <atomic>
#include <bitset>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "redis/redis_connection.h"
#include "rules/case_number.h"

namespace gongkai {

class ChangeFeed {
 public:
  struct Announcement {
    int64_t version = 0;
    int state = 0;  // a v1::CaseState
  };
  using Wake = std::function<void(std::optional<Announcement>)>;
  // What Watch tells its caller.
  struct Watching {
    uint64_t id = 0;  // for Cancel; 0 when the waiter was woken at once
    // Whether the caller must read the case to learn if it moved on before the waiter was
    // registered: false when the feed heard the case's last announcement on a subscription that
    // still stands (or woke the waiter already).
    bool must_read = true;
  };
  // Waiters beyond this are woken at once: a bound on what one process holds.
  static constexpr size_t kMaxWaiters = 10000;
  // Cases whose last announcement is remembered; past this the memory starts again empty (a few
  // MB at most; a forgotten case costs its watcher one read).
  static constexpr size_t kMaxRemembered = 100000;

  explicit ChangeFeed(RedisOptions options);
  ~ChangeFeed();
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  // Calls `wake` once, on the feed's thread (or at once on the caller's, when the feed is not
  // running or is full): when `case_number` is committed at a version above `after_version`,
  // when `deadline` passes, or when the case's partition loses or regains its subscription. A
  // case number that does not parse has no partition: only its deadline or the feed's end wakes
  // it. At once with the remembered announcement when that is above `after_version`.
  Watching Watch(const std::string& case_number, int64_t after_version, absl::Time deadline,
                 Wake wake);
  // Forgets a waiter; false when it has already been woken (or is being woken).
  bool Cancel(uint64_t id);

  // Listens until `stop` is set, subscribing the partitions not subscribed with backoff; wakes
  // every waiter on the way out.
  void Run(const std::atomic<bool>& stop);

  // Waiters currently held, and cases whose last announcement is remembered; for tests.
  size_t waiting() const;
  size_t remembered() const;
  // The node ("host:port") a partition's channel is subscribed on now; empty when it is not.
  // For tests and diagnostics.
  std::string SubscribedOn(int partition) const;

 private:
  using Partitions = std::bitset<kPartitionCount>;
  struct Waiter {
    std::string case_number;
    int partition = -1;  // -1: a case number that does not parse
    int64_t after_version = 0;
    absl::Time deadline;
    Wake wake;
  };
  // Log lines of one kind at most once a second, however often the event happens.
  struct LogGate {
    absl::Time last = absl::InfinitePast();
    int64_t held_back = 0;
    // Whether to log now; if so, `*held` is how many were not logged since the last one.
    bool Open(absl::Time now, int64_t* held);
  };

  // Subscribes the partitions not subscribed, in one pipeline (each on its master; a master
  // that cannot be reached fails its own). Returns whether any is still missing.
  bool SubscribeMissing();
  // Handles what the nodes pushed for up to `wait`, then what is already there, up to a bound.
  void ReadMessages(absl::Duration wait);
  // One pushed message: an announcement, or a subscription ended by the node (slot moved).
  void HandlePushed(const NodeSession& from, const RedisReply& message);
  // The partitions subscribed on `node`'s connection lost their subscriptions (the connection
  // failed or is out of step): `drop` closes it, and only it.
  void LoseNode(const NodeSession& node, bool drop, absl::string_view why);
  // Partitions whose connection was dropped and made again unseen (inside another call), and,
  // with `ask_masters`, those another master serves now (read from a fresh slot table: a master
  // that froze while its replica took over sends no sunsubscribe and may keep its connection).
  void CheckSessions(bool ask_masters);
  // Marks partitions missing and wakes their waiters with no news.
  void Unsubscribed(const Partitions& partitions, absl::string_view node, absl::string_view why);
  // Wakes the case's waiters the news moves past; remembers it when `from` is still where the
  // case's partition is subscribed.
  void Announced(const std::string& case_number, Announcement news, const NodeSession& from);
  void WakeDue(absl::Time now);
  void WakePartitions(const Partitions& partitions);
  void WakeAll();
  // Removes a waiter from by_case_ (the caller erases it from waiters_).
  void ForgetLocked(uint64_t id, const std::string& case_number)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  Partitions UnsubscribedPartitions() const;
  // When the missing partitions are tried again, and how long after that if they still fail.
  void ScheduleRetry(bool failed);

  RedisConnection connection_;  // subscribed: used by Run's thread only
  std::array<std::string, kPartitionCount> channels_;
  // Run's thread only: the retry schedule and the log gates.
  absl::Duration backoff_;
  absl::Time next_attempt_ = absl::InfinitePast();
  bool lost_before_ = false;
  LogGate unavailable_log_, restored_log_;
  // By node: one node's flapping hides no other node's loss.
  std::map<std::string, LogGate, std::less<>> lost_log_;

  mutable absl::Mutex mutex_;
  bool running_ ABSL_GUARDED_BY(mutex_) = false;
  // Where each partition is subscribed (an empty node: missing). Written by Run's thread.
  std::array<NodeSession, kPartitionCount> subscribed_ ABSL_GUARDED_BY(mutex_);
  uint64_t next_id_ ABSL_GUARDED_BY(mutex_) = 1;
  std::map<uint64_t, Waiter> waiters_ ABSL_GUARDED_BY(mutex_);
  std::unordered_multimap<std::string, uint64_t> by_case_ ABSL_GUARDED_BY(mutex_);
  // The last announcement heard of each case, with the case's partition; a partition's entries
  // go when its subscription does.
  struct Remembered {
    Announcement news;
    int partition = -1;
  };
  absl::flat_hash_map<std::string, Remembered> remembered_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace gongkai
