// WatchNotices: streams each caller's reminders as they are delivered, from ONE subscription per
// tracker process (the sharded channel gk:{notices}:live, on which the delivery script announces
// "<id> <count> <audiences>" for every notice it creates or grows), not one Redis connection per
// watcher.
//
// The hub's thread owns two connections: the subscriber and a reader. For an announcement it
// loads the notice once (with the read marks of the watchers it concerns) and hands it to each
// watcher of one of its audiences. A new watcher starts from the last notice id given, or, with
// `after_id`, first catches up: it is sent every kept notice after that id, oldest first, a page
// (kCatchUp) at a time as the client reads, so that a client far behind is never cut off for
// it; announcements of newer notices wait for the catch-up to reach them. When the subscription is
// lost every watcher catches up the same way from the last id it was sent, so nothing is missed.
// Watchers are bounded (kMaxWatchers), and so are the announcements queued for a client that
// does not read (NoticeWatch::kMaxQueued: it is ended with RESOURCE_EXHAUSTED). On stop every
// watch ends with UNAVAILABLE.
//
// Watchers are known by an id the hub gives and never gives again, not by their address: a call
// that ends while the hub reads Redis for it may be followed by another call at the same address,
// which must not inherit what was read for the first.
//
// Example (main.cc):
//   NoticeHub hub(options->redis, *catalogue);
//   ... background: [&](const std::atomic<bool>& stop) { hub.Run(stop); }
#pragma once

#include <grpcpp/support/server_callback.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
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
#include "rules/agency_catalogue.h"

namespace gongkai {

class NoticeHub;

// One WatchNotices call. Deletes itself when the call is done and nothing holds it any more.
class NoticeWatch final : public grpc::ServerWriteReactor<v1::Notice> {
 public:
  // Announced notices waiting to be written to one client at most (catch-up pages come on top,
  // fetched only as the client reads).
  static constexpr size_t kMaxQueued = 256;

  explicit NoticeWatch(NoticeHub* hub) : hub_(hub) {}

  // A way to finish the call from another thread later (an admission waiting for Redis): until
  // it has run, or been dropped uncalled, the watch is not deleted, even when its call ends
  // meanwhile (a client that leaves) — it then does nothing.
  std::function<void(const grpc::Status&)> HeldFinisher();

  // The watch is in place: sends the initial metadata.
  void Started();
  // Queues an announced notice for the client; a client with kMaxQueued unsent ones is ended.
  void Send(v1::Notice notice);
  // Queues a notice of a catch-up page; the hub fetches a page only when the queue has room.
  void SendCaughtUp(v1::Notice notice);
  // Notices queued and not yet written.
  size_t queued() const;
  // Finishes the call with `status` (once; later calls do nothing).
  void End(const grpc::Status& status);

 private:
  friend class NoticeHub;

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;
  void Release();
  void FinishLocked(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void WriteNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  NoticeHub* const hub_;
  uint64_t watcher_id_ = 0;  // given by NoticeHub::Add before the call can end; 0: not added
  mutable absl::Mutex mutex_;
  std::deque<std::pair<v1::Notice, bool>> queue_ ABSL_GUARDED_BY(mutex_);  // notice, announced
  size_t announced_ ABSL_GUARDED_BY(mutex_) = 0;                           // of them announced
  v1::Notice writing_now_ ABSL_GUARDED_BY(mutex_);
  bool writing_ ABSL_GUARDED_BY(mutex_) = false;
  bool started_ ABSL_GUARDED_BY(mutex_) = false;
  bool finishing_ ABSL_GUARDED_BY(mutex_) = false;
  std::optional<grpc::Status> finish_after_write_ ABSL_GUARDED_BY(mutex_);
  int holds_ ABSL_GUARDED_BY(mutex_) = 0;  // HeldFinisher()s not yet run or dropped
  bool done_ ABSL_GUARDED_BY(mutex_) = false;
};

// Turns a stored notice into the message staff read: title in Chinese, department name.
v1::Notice ToNoticeMessage(const StoredNotice& stored, const AgencyCatalogue& catalogue);

class NoticeHub {
 public:
  // Watches one process serves at once; more are refused with RESOURCE_EXHAUSTED.
  static constexpr size_t kMaxWatchers = 1000;
  // Notices a catching-up watcher is sent per read; the next page is read once fewer than this
  // wait in its queue.
  static constexpr int kCatchUp = 100;

  NoticeHub(RedisOptions options, const AgencyCatalogue& catalogue);
  NoticeHub(const NoticeHub&) = delete;
  NoticeHub& operator=(const NoticeHub&) = delete;

  // Registers a watch for `user` in `audiences`; `after` ≥ 0 sends the notices after that id
  // first, -1 only what comes. A watch added before Run starts waits for it. RESOURCE_EXHAUSTED
  // when full, UNAVAILABLE once Run has ended. Call before the watch's reactor is returned.
  absl::Status Add(NoticeWatch* watch, std::string user, std::vector<std::string> audiences,
                   int64_t after);
  // Forgets a watcher (its call is done).
  void Remove(uint64_t watcher_id);

  // Listens until `stop`, reconnecting with backoff; ends every watch on the way out.
  void Run(const std::atomic<bool>& stop);

  size_t watching() const;

 private:
  struct Watcher {
    NoticeWatch* watch = nullptr;  // valid while in watchers_: removed before it is deleted
    std::string user;
    std::vector<std::string> audiences;
    int64_t after = -1;
    bool started = false;
    // Kept notices after `since` are still to be read and sent, a page at a time; meanwhile
    // announcements of newer ones are left to the catch-up (which reads them in order).
    bool catching_up = false;
    absl::Time added;
    int64_t since = 0;                // every notice up to this one was sent or passed over
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
  // Sends the next page to each catching-up watcher with room; whether any is still catching up.
  absl::StatusOr<bool> CatchUp();
  void Resync();
  absl::Status Dispatch(const Announcement& announcement);
  // Sends `stored` to the watcher unless it was sent with this count already.
  void SendLocked(Watcher& watcher, const StoredNotice& stored, bool read, bool announced)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void EndStalePending();
  void EndAll(const grpc::Status& status);

  RedisConnection subscriber_;  // used by Run's thread only
  RedisConnection reader_;      // used by Run's thread only
  const AgencyCatalogue& catalogue_;
  mutable absl::Mutex mutex_;
  bool stopped_ ABSL_GUARDED_BY(mutex_) = false;  // Run ended: no more watches
  uint64_t last_watcher_id_ ABSL_GUARDED_BY(mutex_) = 0;
  std::map<uint64_t, Watcher> watchers_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace gongkai
