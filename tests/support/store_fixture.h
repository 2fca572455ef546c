// Fixtures for tests against a private redis-server (redis_server.h) without the services: a
// temporary directory of its own, removed when the test passed (kept for a look when it
// failed), and the server in it; and, for the store tests, CaseStore over it as the services
// sign in, a second connection as the operator to inspect what it stored, and the shipped
// calendar.
//
// Example:
//   class MyStoreTest : public StoreTest {};
//   TEST_F(MyStoreTest, Commits) { v1::Case c = Commit(RegisterCase(...)); }
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "absl/status/statusor.h"
#include "calendar/working_calendar.h"
#include "redis/case_store.h"
#include "redis/redis_connection.h"
#include "redis_server.h"
#include "rules/case_commands.h"

namespace gongkai::testing {

// A new directory /tmp/<prefix>-XXXXXX; fails the test (and throws) when none can be made.
std::string MakeTempDir(const std::string& prefix);

class RedisServerTest : public ::testing::Test {
 protected:
  explicit RedisServerTest(const std::string& prefix = "gongkai-store");
  ~RedisServerTest() override;

  std::string dir_;
  RedisServer server_;
};

class StoreTest : public RedisServerTest {
 protected:
  StoreTest();

  // Commits the change through CaseStore (both must succeed); returns the case as committed.
  v1::Case Commit(const absl::StatusOr<CaseChange>& change);

  RedisConnection redis_;    // as the services sign in
  RedisConnection inspect_;  // as the operator
  CaseStore store_;
  const WorkingCalendar& calendar_;
};

}  // namespace gongkai::testing
