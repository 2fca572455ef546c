// The Redis worker pool's call slot: a call's work runs on the thread that took the call while
// no other call's work runs so, and on the pool's threads otherwise, so that one slow Redis call
// holds one of gRPC's threads at most.
#include "redis/worker_pool.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "store_fixture.h"

namespace gongkai::testing {
namespace {

class WorkerPoolSlot : public RedisServerTest {};

// A thread that submits `work` as a gRPC thread submits a call's; `caller` is set to its id first.
std::thread CallFrom(RedisWorkerPool& pool, std::thread::id& caller, RedisWorkerPool::Task work) {
  return std::thread([&pool, &caller, work = std::move(work)]() mutable {
    caller = std::this_thread::get_id();
    pool.SubmitFromCall(std::move(work));
  });
}

TEST_F(WorkerPoolSlot, OneCallAtATimeRunsOnItsOwnThreadTheOthersOnThePool) {
  RedisWorkerPool pool(server_.ServiceOptions(), 2);
  std::promise<void> release_first;
  std::shared_future<void> released = release_first.get_future().share();
  std::promise<std::thread::id> first_ran_on, second_ran_on, third_ran_on;
  std::promise<void> first_started;

  // The first call's work takes the slot and holds it until released.
  std::thread::id first_caller;
  std::thread first = CallFrom(pool, first_caller, [&](RedisConnection& redis) {
    EXPECT_TRUE(redis.Command({"PING"}).ok());
    first_ran_on.set_value(std::this_thread::get_id());
    first_started.set_value();
    released.wait();
  });
  first_started.get_future().wait();

  // Meanwhile a second call's work goes to the pool, and is done while the first still holds.
  std::thread::id second_caller;
  std::thread second = CallFrom(pool, second_caller, [&](RedisConnection& redis) {
    EXPECT_TRUE(redis.Command({"PING"}).ok());
    second_ran_on.set_value(std::this_thread::get_id());
  });
  std::future<std::thread::id> second_done = second_ran_on.get_future();
  ASSERT_EQ(second_done.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  second.join();
  EXPECT_NE(second_done.get(), second_caller);

  release_first.set_value();
  first.join();
  EXPECT_EQ(first_ran_on.get_future().get(), first_caller);

  // The slot is free again: the next call's work runs on its own thread.
  std::thread::id third_caller;
  std::thread third = CallFrom(pool, third_caller, [&](RedisConnection&) {
    third_ran_on.set_value(std::this_thread::get_id());
  });
  third.join();
  EXPECT_EQ(third_ran_on.get_future().get(), third_caller);
}

}  // namespace
}  // namespace gongkai::testing
