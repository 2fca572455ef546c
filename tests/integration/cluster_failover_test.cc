// On a Redis Cluster (GONGKAI_TEST_REDIS=cluster, the integration_on_cluster test; skipped on a
// single node): a master killed mid-load, a planned failover, and a partition's slot migrated
// to another master, each while the pipeline driver takes cases from registration to delivery
// over the public API. Nothing is timed: each test asserts what happened to every case.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <thread>

#include "absl/strings/str_format.h"
#include "base/clock.h"
#include "cluster_control.h"
#include "pipeline_driver.h"
#include "redis/keys.h"
#include "redis/stream_consumer.h"
#include "rules/case_number.h"
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

// The cases of `numbers` that live outside `lost` partitions.
int64_t CountOutside(const std::vector<std::string>& numbers, const std::vector<int>& lost) {
  int64_t kept = 0;
  for (const std::string& number : numbers) {
    const int partition = PartitionOf(*ParseCaseNumber(number));
    if (std::find(lost.begin(), lost.end(), partition) == lost.end()) ++kept;
  }
  return kept;
}

std::vector<int> Listed(const google::protobuf::RepeatedField<int32_t>& partitions) {
  return {partitions.begin(), partitions.end()};
}

int64_t OpenOnBoard(const v1::DepartmentBoardResponse& board) {
  int64_t open = 0;
  for (const v1::DepartmentRow& row : board.departments()) open += row.open();
  return open;
}

// The total column of row `row` of table 三 ("1": requests received in the year).
int64_t ReportTotal(const v1::AnnualReport& report, const std::string& row) {
  for (const v1::ReportRow& r : report.rows()) {
    if (r.key() == row) return r.values(r.values_size() - 1);
  }
  ADD_FAILURE() << "no row " << row;
  return -1;
}

// A shard's master and its replica both down: the managers' views (board, overdue list, a
// department's queue, annual report, county overview, bulletin) answer with the other
// partitions' cases and name the missing partitions; a report is not published from part of
// the figures. Once the shard is back, every view is whole again.
TEST_F(ClusterFailover, ManagersViewsGoOnWithoutAShardAndNameItsPartitions) {
  // Every write on disk at once: the shard's master and replica are both killed, and the check
  // after their restart counts every case.
  TestStack stack({.appendfsync = "always"});
  stack.StartAll();
  ClusterControl cluster(stack.redis_server());
  // Received 40 days ago: overdue at once. 32 consecutive numbers: two in each partition.
  std::vector<std::string> numbers;
  std::string department;
  for (int i = 0; i < 2 * kPartitionCount; ++i) {
    const v1::Case assigned = RegisterAssigned(stack, absl::StrCat("shard-down-", i), 40);
    numbers.push_back(assigned.case_number());
    department = assigned.department();
  }
  const int year = (Today() - 40).year();

  // The shard of partition 3, which holds neither the sessions' {auth} nor {config}{report}.
  const ClusterNode lost = cluster.MasterOf(keys::PartitionRoute(3));
  ASSERT_NE(cluster.MasterOf(keys::AuthRoute()).id, lost.id);
  ASSERT_NE(cluster.MasterOf(keys::ReportRoute()).id, lost.id);
  std::vector<int> lost_partitions;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    if (cluster.MasterOf(keys::PartitionRoute(partition)).id == lost.id) {
      lost_partitions.push_back(partition);
    }
  }
  ASSERT_FALSE(lost_partitions.empty());
  const int64_t kept = CountOutside(numbers, lost_partitions);
  ASSERT_EQ(kept, 2 * (kPartitionCount - static_cast<int64_t>(lost_partitions.size())));
  cluster.Kill(cluster.ReplicaOf(lost), SIGKILL);  // first, so that it cannot take over
  cluster.Kill(lost, SIGKILL);

  v1::DepartmentBoardResponse board;
  ASSERT_TRUE(
      stack.tracker().DepartmentBoard(TestStack::As("m1", "manager").get(), {}, &board).ok());
  EXPECT_EQ(Listed(board.missing_partitions()), lost_partitions);
  EXPECT_EQ(OpenOnBoard(board), kept);

  v1::DeadlineQueueRequest overdue_request;
  overdue_request.mutable_page()->set_page_size(100);
  v1::DeadlineQueueResponse overdue;
  ASSERT_TRUE(stack.tracker()
                  .ListOverdue(TestStack::As("m1", "manager").get(), overdue_request, &overdue)
                  .ok());
  EXPECT_EQ(Listed(overdue.missing_partitions()), lost_partitions);
  EXPECT_EQ(overdue.cases_size(), kept);
  v1::DeadlineQueueResponse due_soon;  // none is due soon: every one is overdue
  ASSERT_TRUE(stack.tracker()
                  .ListDueSoon(TestStack::As("m1", "manager").get(), overdue_request, &due_soon)
                  .ok());
  EXPECT_EQ(Listed(due_soon.missing_partitions()), lost_partitions);
  EXPECT_EQ(due_soon.cases_size(), 0);

  v1::DepartmentQueueRequest queue_request;
  queue_request.set_department(department);
  v1::QueueResponse queue;
  ASSERT_TRUE(stack.routing()
                  .ListDepartmentQueue(TestStack::As("m1", "manager").get(), queue_request, &queue)
                  .ok());
  EXPECT_EQ(Listed(queue.missing_partitions()), lost_partitions);
  EXPECT_EQ(queue.cases_size(), kept);

  v1::AnnualReportRequest report_request;
  report_request.set_year(year);
  v1::AnnualReport report;
  ASSERT_TRUE(stack.report()
                  .GetAnnualReport(TestStack::As("m1", "manager").get(), report_request, &report)
                  .ok());
  EXPECT_EQ(Listed(report.missing_partitions()), lost_partitions);
  EXPECT_EQ(ReportTotal(report, "1"), kept);

  v1::CountyOverviewRequest county_request;
  county_request.set_year(year);
  v1::CountyOverview county;
  ASSERT_TRUE(
      stack.report()
          .GetCountyOverview(
              TestStack::AsOf("zfb", "gk-office", "manager", "", /*county_wide=*/true).get(),
              county_request, &county)
          .ok());
  EXPECT_EQ(Listed(county.missing_partitions()), lost_partitions);
  EXPECT_EQ(county.totals().open(), kept);

  v1::BulletinRequest bulletin_request;
  bulletin_request.set_from_month(FormatDay(Today() - 40).substr(0, 7));
  bulletin_request.set_to_month(FormatDay(Today()).substr(0, 7));
  v1::Bulletin bulletin;
  ASSERT_TRUE(
      stack.report()
          .GetBulletin(
              TestStack::AsOf("zfb", "gk-office", "manager", "", /*county_wide=*/true).get(),
              bulletin_request, &bulletin)
          .ok());
  EXPECT_EQ(Listed(bulletin.missing_partitions()), lost_partitions);
  EXPECT_EQ(bulletin.totals().received(), kept);

  v1::PublishAnnualReportRequest publish;
  publish.set_year(Today().year() - 1);
  v1::AnnualReport published;
  const grpc::Status refused =
      stack.report().PublishAnnualReport(TestStack::As("boss", "head").get(), publish, &published);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_NE(refused.error_message().find("年度报告须以完整数据发布"), std::string::npos)
      << refused.error_message();

  // Back: the board is whole again (once the services have re-read the slot table).
  cluster.StartStoppedNodes();
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  do {
    board.Clear();
    grpc::Status status =
        stack.tracker().DepartmentBoard(TestStack::As("m1", "manager").get(), {}, &board);
    if (status.ok() && board.missing_partitions().empty()) break;
    absl::SleepFor(absl::Milliseconds(200));
  } while (absl::Now() < give_up);
  EXPECT_TRUE(board.missing_partitions().empty());
  EXPECT_EQ(OpenOnBoard(board), 2 * kPartitionCount);
}

// A consumer that starts while a shard is down consumes the other partitions' streams at once,
// and that shard's once it is back (its group made then, on the NOGROUP its stream answers).
TEST_F(ClusterFailover, AConsumerStartedWithAShardDownServesTheOthersThenThatShard) {
  TestStack stack({.appendfsync = "always"});  // Redis only
  ClusterControl cluster(stack.redis_server());
  const ClusterNode lost = cluster.MasterOf(keys::PartitionRoute(3));
  std::vector<int> lost_partitions;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    if (cluster.MasterOf(keys::PartitionRoute(partition)).id == lost.id) {
      lost_partitions.push_back(partition);
    }
    // A hand-over of a case that does not exist: acknowledged without effect.
    ASSERT_TRUE(stack.redis()
                    .Command({"XADD", keys::Stream(partition, Stage::kRouting), "*", "case",
                              absl::StrFormat("2026-9999%02d", partition), "version", "1"})
                    .ok());
  }
  ASSERT_FALSE(lost_partitions.empty());
  cluster.Kill(cluster.ReplicaOf(lost), SIGKILL);
  cluster.Kill(lost, SIGKILL);

  std::vector<int> seen;  // the partitions of the entries handled, in order
  StreamConsumer consumer(stack.ServiceOptions(),
                          {.stage = Stage::kRouting, .group = "late", .consumer = "late-1"},
                          [&](CaseStore&, const StreamEntry& entry) {
                            seen.push_back(entry.ref.partition);
                            return std::optional<CaseChange>();
                          });
  ASSERT_TRUE(consumer.EnsureGroups().ok());
  absl::StatusOr<int> handled = consumer.PollOnce();
  ASSERT_TRUE(handled.ok()) << handled.status();
  EXPECT_EQ(*handled, kPartitionCount - static_cast<int>(lost_partitions.size()));
  for (int partition : seen) {
    EXPECT_EQ(std::count(lost_partitions.begin(), lost_partitions.end(), partition), 0);
  }

  cluster.StartStoppedNodes();
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (seen.size() < kPartitionCount && absl::Now() < give_up) {
    (void)consumer.PollOnce();
    absl::SleepFor(absl::Milliseconds(100));
  }
  std::sort(seen.begin(), seen.end());
  std::vector<int> every(kPartitionCount);
  for (int partition = 0; partition < kPartitionCount; ++partition) every[partition] = partition;
  EXPECT_EQ(seen, every);  // each partition's entry handled once
}

}  // namespace
}  // namespace gongkai::testing
