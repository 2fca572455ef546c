// A fixed pool of threads, each owning one Redis connection, that runs blocking Redis work off
// the gRPC callback threads (there are only a few of those, and a blocked one stalls every call
// it would have served). One call's work at a time may run on the gRPC thread that took the call
// instead (SubmitFromCall), which saves two hand-overs between threads; the others wait for no
// thread but the pool's.
//
// Hand-written because Debian 12 offers no thread pool short of Boost.Asio, and this one needs a
// per-thread resource (a hiredis context is not thread-safe) that generic pools do not model.
//
// Example:
//   RedisWorkerPool pool(redis_options, 4);
//   pool.Submit([](RedisConnection& redis) { ... });
#pragma once

#include <atomic>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "redis/redis_connection.h"

namespace gongkai {

class RedisWorkerPool {
 public:
  using Task = std::function<void(RedisConnection&)>;

  // `threads` 0: no pool; Submit runs each task at once on the calling thread, with a
  // connection of that thread's own.
  RedisWorkerPool(const RedisOptions& options, int threads);
  ~RedisWorkerPool() { Stop(); }

  void Submit(Task task);
  // The same for a gRPC call's work, from the gRPC thread serving it: run at once on that thread
  // when no other call's work is running on a gRPC thread, else submitted. gRPC serves callbacks
  // on at least two threads, so one slow Redis call (a master failing over) holds one of them at
  // most while the others go on; a call run here saves the hand-over to a worker and back.
  void SubmitFromCall(Task task);
  // Runs every task already submitted, then joins the threads. Idempotent.
  void Stop();

 private:
  void Work(RedisOptions options);
  void RunHere(Task& task);

  const RedisOptions options_;
  const bool inline_ = false;
  std::atomic<int> call_slots_{1};  // calls' work that may run on gRPC threads at once
  absl::Mutex mutex_;
  std::deque<Task> tasks_ ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace gongkai
