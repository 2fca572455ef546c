// On a Redis Cluster (GONGKAI_TEST_REDIS=cluster, the integration_on_cluster test; skipped on a
// single node): a master killed mid-load, a planned failover, and a partition's slot migrated
// to another master, each while the pipeline driver takes cases from registration to delivery
// over the public API. Nothing is timed: each test asserts what happened to every case.
#include <gtest/gtest.h>
#include <signal.h>

#include <thread>

#include "cluster_control.h"
#include "pipeline_driver.h"
#include "redis/keys.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

constexpr int kCases = 120;

// Drives kCases cases; `fault` runs once a third of them are registered. Returns the cases and
// checks that the fault struck mid-load.
std::vector<DrivenCase> DriveThrough(TestStack& stack, const std::string& prefix,
                                     const std::function<void()>& fault) {
  PipelineDriver driver(stack);
  int closed_at_fault = -1;
  std::thread faulting([&] {
    while (driver.registered() < kCases / 3) absl::SleepFor(absl::Milliseconds(5));
    closed_at_fault = driver.closed();
    fault();
  });
  std::vector<DrivenCase> cases = driver.DriveAll(kCases, 8, prefix, absl::Seconds(120));
  faulting.join();
  EXPECT_GE(closed_at_fault, 0);
  EXPECT_LT(closed_at_fault, kCases);  // the fault struck with cases in flight
  return cases;
}

class ClusterFailover : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!TestOnCluster()) GTEST_SKIP() << "only on a Redis Cluster (integration_on_cluster)";
  }
};

// The master of {seq} (the case numbers) and of five partitions dies: its replica takes over,
// registrations in flight are retried, and the killed node comes back as the new master's
// replica (until then the new master refuses writes: min-replicas-to-write 1).
TEST_F(ClusterFailover, TheNumberingMasterKilledMidLoadLosesNoAcknowledgedCase) {
  TestStack stack({.claim_idle_ms = 300});
  stack.StartAll();
  ClusterControl cluster(stack.redis_server());
  const ClusterNode numbering = cluster.MasterOf(keys::SequenceRoute());
  const std::vector<DrivenCase> cases = DriveThrough(stack, "master-killed", [&] {
    cluster.Kill(numbering, SIGKILL);
    cluster.WaitForNewMaster(keys::SequenceRoute(), numbering);
    cluster.StartStoppedNodes();
  });
  ExpectEveryCaseClosedOnce(stack, cases);
  EXPECT_NE(cluster.MasterOf(keys::SequenceRoute()).id, numbering.id);
}

TEST_F(ClusterFailover, APlannedFailoverMidLoadLosesNothing) {
  TestStack stack({.claim_idle_ms = 300});
  stack.StartAll();
  ClusterControl cluster(stack.redis_server());
  const ClusterNode before = cluster.MasterOf(keys::PartitionRoute(0));
  const std::vector<DrivenCase> cases =
      DriveThrough(stack, "planned", [&] { cluster.PlannedFailover(keys::PartitionRoute(0)); });
  ExpectEveryCaseClosedOnce(stack, cases);
  EXPECT_NE(cluster.MasterOf(keys::PartitionRoute(0)).id, before.id);
}

// Partition 5's slot moves to the master of partition 2 a few keys at a time: meanwhile its
// cases' keys are on both masters, and the services are sent ASK (and TRYAGAIN for a script
// whose keys are split).
TEST_F(ClusterFailover, APartitionsSlotMigratedUnderLoadLosesNothing) {
  TestStack stack({.claim_idle_ms = 300});
  stack.StartAll();
  ClusterControl cluster(stack.redis_server());
  const ClusterNode to = cluster.MasterOf(keys::PartitionRoute(2));
  ASSERT_NE(cluster.MasterOf(keys::PartitionRoute(5)).id, to.id);
  const std::vector<DrivenCase> cases = DriveThrough(stack, "migrated", [&] {
    cluster.MigrateSlot(keys::PartitionRoute(5), to, 3, absl::Milliseconds(20));
  });
  ExpectEveryCaseClosedOnce(stack, cases);
  EXPECT_EQ(cluster.MasterOf(keys::PartitionRoute(5)).id, to.id);
}

}  // namespace
}  // namespace gongkai::testing
