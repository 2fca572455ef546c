// WatchNotices: streams each caller's reminders as they are delivered, from ONE subscription per
// tracker process (the sharded channel gk:{notices}:live, on which the delivery script announces
// "<id> <count> <audiences>" for every notice it creates or grows), not one Redis connection per
// watcher.
//
// The hub's thread owns two connections: the subscriber and a reader. For an announcement it
// loads the notice once (with the read marks of the watchers it concerns) and hands it to each
// watcher of one of its audiences. A new watcher starts from the last notice id given (or, with
// `after_id`, first receives what it missed); when the subscription is lost every watcher
// re-reads its inboxes after the last id it was sent, so nothing is missed. Watchers are bounded
// (kMaxWatchers), and so is each one's queue of unsent notices (a client that does not read is
// ended with RESOURCE_EXHAUSTED). On stop every watch ends with UNAVAILABLE.
//
// Example (main.cc):
//   NoticeHub hub(options->redis, *catalogue);
//   ... background: [&](const std::atomic<bool>& stop) { hub.Run(stop); }
#pragma once

#include <grpcpp/support/server_callback.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "gongkai/v1/tracker.pb.h"
#include "redis/notice_store.h"
#include "redis/redis_connection.h"
#include "rules/department_catalogue.h"

namespace gongkai {

class NoticeHub;

// One WatchNotices call. Deletes itself when the call is done.
class NoticeWatch final : public grpc::ServerWriteReactor<v1::Notice> {
 public:
  // Notices waiting to be written to one client at most.
  static constexpr size_t kMaxQueued = 256;

  explicit NoticeWatch(NoticeHub* hub) : hub_(hub) {}

  // The watch is in place: sends the initial metadata.
  void Started();
  // Queues a notice for the client.
  void Send(v1::Notice notice);
  // Finishes the call with `status` (once; later calls do nothing).
  void End(const grpc::Status& status);

 private:
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;
  void FinishLocked(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void WriteNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  NoticeHub* const hub_;
  absl::Mutex mutex_;
  std::deque<v1::Notice> queue_ ABSL_GUARDED_BY(mutex_);
  v1::Notice writing_now_ ABSL_GUARDED_BY(mutex_);
  bool writing_ ABSL_GUARDED_BY(mutex_) = false;
  bool started_ ABSL_GUARDED_BY(mutex_) = false;
  bool finishing_ ABSL_GUARDED_BY(mutex_) = false;
  std::optional<grpc::Status> finish_after_write_ ABSL_GUARDED_BY(mutex_);
};

// Turns a stored notice into the message staff read: title in Chinese, department name.
v1::Notice ToNoticeMessage(const StoredNotice& stored, const DepartmentCatalogue& catalogue);

class NoticeHub {
 public:
  // Watches one process serves at once; more are refused with RESOURCE_EXHAUSTED.
  static constexpr size_t kMaxWatchers = 1000;
  // Notices a watcher is sent when it starts with `after_id`, or re-reads after a lost
  // subscription, per round.
  static constexpr int kCatchUp = 100;

  NoticeHub(RedisOptions options, const DepartmentCatalogue& catalogue);
  NoticeHub(const NoticeHub&) = delete;
  NoticeHub& operator=(const NoticeHub&) = delete;

  // Registers a watch for `user` in `audiences`; `after` ≥ 0 sends the notices after that id
  // first, -1 only what comes. A watch added before Run starts waits for it. RESOURCE_EXHAUSTED
  // when full, UNAVAILABLE once Run has ended.
  absl::Status Add(NoticeWatch* watch, std::string user, std::vector<std::string> audiences,
                   int64_t after);
  // Forgets a watch (its call is done).
  void Remove(NoticeWatch* watch);

  // Listens until `stop`, reconnecting with backoff; ends every watch on the way out.
  void Run(const std::atomic<bool>& stop);

  size_t watching() const;

 private:
  struct Watcher {
    std::string user;
    std::vector<std::string> audiences;
    int64_t after = -1;
    bool started = false;
    absl::Time added;
    int64_t since = 0;                // every notice above this one is sent as it comes
    std::map<int64_t, int64_t> sent;  // id → count sent, the most recent ids
  };
  struct Announcement {
    int64_t id = 0;
    int64_t count = 0;
    std::vector<std::string> audiences;
  };

  absl::Status Subscribe();
  absl::StatusOr<std::vector<Announcement>> ReadAnnouncements(absl::Duration wait);
  absl::Status StartPending();
  absl::Status CatchUp(NoticeWatch* watch, int64_t* since);
  absl::Status Resync();
  absl::Status Dispatch(const Announcement& announcement);
  // Sends `notice` to `watch` unless it was sent with this count already.
  void SendLocked(NoticeWatch* watch, Watcher& watcher, const StoredNotice& stored, bool read)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void EndStalePending();
  void EndAll(const grpc::Status& status);

  RedisConnection subscriber_;  // used by Run's thread only
  RedisConnection reader_;      // used by Run's thread only
  const DepartmentCatalogue& catalogue_;
  mutable absl::Mutex mutex_;
  bool stopped_ ABSL_GUARDED_BY(mutex_) = false;  // Run ended: no more watches
  std::map<NoticeWatch*, Watcher> watchers_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace gongkai
