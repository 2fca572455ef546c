#include "redis/worker_pool.h"

#include <memory>

namespace gongkai {

RedisWorkerPool::RedisWorkerPool(const RedisOptions& options, int threads)
    : options_(options), inline_(threads == 0) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this, options] { Work(options); });
}

void RedisWorkerPool::Stop() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

void RedisWorkerPool::RunHere(Task& task) {
  // One connection per calling thread (a hiredis context is not thread-safe), kept for the
  // thread's life.
  thread_local std::unique_ptr<RedisConnection> redis;
  if (redis == nullptr) redis = std::make_unique<RedisConnection>(options_);
  task(*redis);
}

void RedisWorkerPool::Submit(Task task) {
  if (inline_) {
    RunHere(task);
    return;
  }
  absl::MutexLock lock(&mutex_);
  tasks_.push_back(std::move(task));
}

void RedisWorkerPool::SubmitFromCall(Task task) {
  if (inline_) {
    RunHere(task);
    return;
  }
  if (call_slots_.fetch_sub(1) <= 0) {  // another call's work holds the slot
    call_slots_.fetch_add(1);
    Submit(std::move(task));
    return;
  }
  RunHere(task);
  call_slots_.fetch_add(1);
}

void RedisWorkerPool::Work(RedisOptions options) {
  RedisConnection redis(std::move(options));
  while (true) {
    Task task;
    {
      absl::MutexLock lock(&mutex_);
      mutex_.Await(absl::Condition(
          +[](RedisWorkerPool* pool) ABSL_EXCLUSIVE_LOCKS_REQUIRED(pool->mutex_) {
            return pool->stopping_ || !pool->tasks_.empty();
          },
          this));
      if (tasks_.empty()) return;  // stopping, and nothing left to finish
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task(redis);
  }
}

}  // namespace gongkai
