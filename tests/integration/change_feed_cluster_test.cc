// The change feed on a Redis Cluster (GONGKAI_TEST_REDIS=cluster; skipped on a single node):
// a master killed, or a partition's slot moved to another master, touches only the partitions
// of that master; the feed keeps announcing the others' changes and subscribes the touched
// ones again where they are served now. The feed runs in the test process against the
// stack's Redis; changes are announced as the transition script does (SPUBLISH of
// "<case number> <version> <state>" on the partition's channel). Nothing is timed: each wait
// is a bound against a hang, and the test asserts what each waiter was told.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <future>
#include <memory>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cluster_control.h"
#include "redis/change_feed.h"
#include "redis/keys.h"
#include "rules/case_number.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

using News = std::optional<ChangeFeed::Announcement>;

// Long enough never to end a wait in these tests: a waiter woken without news was woken by the
// feed, not by its deadline.
constexpr absl::Duration kNoDeadline = absl::Hours(1);
// A bound against a hang, not a measure.
constexpr auto kHangBound = std::chrono::seconds(60);

// A ChangeFeed running on its own thread, as the tracker runs it.
class RunningFeed {
 public:
  explicit RunningFeed(RedisOptions options) : feed_(std::move(options)) {
    thread_ = std::thread([this] { feed_.Run(stop_); });
  }
  ~RunningFeed() {
    stop_ = true;
    thread_.join();
  }
  ChangeFeed& feed() { return feed_; }

  // Waits until the partition is subscribed on the node listening on `port` (any node: 0);
  // false if it is not within the hang bound.
  bool WaitSubscribed(int partition, int port = 0) {
    const absl::Time give_up = absl::Now() + absl::Seconds(60);
    while (absl::Now() < give_up) {
      const std::string node = feed_.SubscribedOn(partition);
      if (!node.empty() && (port == 0 || absl::EndsWith(node, absl::StrCat(":", port)))) {
        return true;
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
    return false;
  }
  bool WaitAllSubscribed() {
    for (int p = 0; p < kPartitionCount; ++p) {
      if (!WaitSubscribed(p)) return false;
    }
    return true;
  }

 private:
  ChangeFeed feed_;
  std::atomic<bool> stop_ = false;
  std::thread thread_;
};

// A case number of the partition (the sequence modulo the partition count).
std::string CaseIn(int partition, int nth = 1) {
  return FormatCaseNumber(2026, static_cast<int64_t>(nth) * kPartitionCount + partition);
}

std::future<News> WatchFor(ChangeFeed& feed, const std::string& case_number,
                           int64_t after_version) {
  auto promise = std::make_shared<std::promise<News>>();
  std::future<News> woken = promise->get_future();
  feed.Watch(case_number, after_version, absl::Now() + kNoDeadline,
             [promise](News news) { promise->set_value(news); });
  return woken;
}

// What the transition script publishes with a commit.
void Announce(TestStack& stack, int partition, const std::string& case_number, int64_t version) {
  const std::string message =
      absl::StrCat(case_number, " ", version, " ", static_cast<int>(v1::CASE_STATE_ASSIGNED));
  absl::StatusOr<RedisReply> published = stack.redis().Command(
      keys::PartitionRoute(partition), {"SPUBLISH", keys::Changes(partition), message});
  ASSERT_TRUE(published.ok()) << published.status();
  ASSERT_FALSE(published->is_error()) << published->str();
}

// Waits for the waiter's answer (failing the test if none comes).
News Woken(std::future<News>& woken, const std::string& what) {
  if (woken.wait_for(kHangBound) != std::future_status::ready) {
    ADD_FAILURE() << what << ": never woken";
    return std::nullopt;
  }
  return woken.get();
}

// A partition served by another master than `master`'s, and none of `except`.
int PartitionNotOn(ClusterControl& cluster, const ClusterNode& master,
                   const std::vector<int>& except = {}) {
  for (int p = 0; p < kPartitionCount; ++p) {
    if (std::find(except.begin(), except.end(), p) != except.end()) continue;
    if (cluster.MasterOf(keys::PartitionRoute(p)).id != master.id) return p;
  }
  ADD_FAILURE() << "every partition is on the master on port " << master.port;
  return 0;
}

// Waits until every node of the cluster is seen in its role: just after the cluster is made, a
// replica may still be listed as a master without slots, and MigrateSlot would ask it to take
// part.
void WaitForSettledRoles(ClusterControl& cluster) {
  for (int i = 0; i < 600; ++i) {
    int masters = 0;
    for (const ClusterNode& node : cluster.Nodes()) masters += node.master ? 1 : 0;
    if (masters == 3) return;
    absl::SleepFor(absl::Milliseconds(50));
  }
  ADD_FAILURE() << "the cluster does not settle on three masters";
}

// In the suite of the single-node watch tests, as plain TESTs: a suite's tests must share one
// fixture class, and cluster_failover_test.cc's is its own. WatchCase.* runs on the cluster too.
constexpr char kOnlyOnCluster[] = "only on a Redis Cluster (integration_on_cluster)";

// The master of partition A is killed and not yet replaced: waiters on A's cases are told to
// read again, a waiter on partition B (another master) still gets B's announcement; once the
// replica has taken over, A is subscribed there and announced again.
TEST(WatchCase, ClusterFeedKeepsAnnouncingOtherMastersPartitionsWhileOneIsDown) {
  if (!TestOnCluster()) GTEST_SKIP() << kOnlyOnCluster;
  TestStack stack;  // Redis only: the feed runs here
  ClusterControl cluster(stack.redis_server());
  RunningFeed running(stack.ServiceOptions());
  ChangeFeed& feed = running.feed();
  ASSERT_TRUE(running.WaitAllSubscribed());

  const int a = 3;
  const ClusterNode master_a = cluster.MasterOf(keys::PartitionRoute(a));
  const int b = PartitionNotOn(cluster, master_a);
  const std::string case_a = CaseIn(a), case_b = CaseIn(b);
  // The test's own connection learns the slot table while every node answers.
  Announce(stack, b, CaseIn(b, 2), 1);

  const std::string node_b = feed.SubscribedOn(b);
  std::future<News> waiting_on_a = WatchFor(feed, case_a, 1);
  std::future<News> waiting_on_b = WatchFor(feed, case_b, 1);
  ASSERT_EQ(feed.waiting(), 2u);

  cluster.Kill(master_a, SIGKILL);
  EXPECT_FALSE(Woken(waiting_on_a, "the waiter on the killed master's partition").has_value());
  // Asked while A has no master: it waits for A's subscription.
  std::future<News> waiting_on_a_meanwhile = WatchFor(feed, case_a, 1);

  // B's master answers: its waiter was not woken by A's loss, and hears B's change.
  ASSERT_NO_FATAL_FAILURE(Announce(stack, b, case_b, 2));
  const News news_b = Woken(waiting_on_b, "the waiter on another master's partition");
  ASSERT_TRUE(news_b.has_value()) << "woken without news by another master's failure";
  EXPECT_EQ(news_b->version, 2);
  EXPECT_EQ(news_b->state, v1::CASE_STATE_ASSIGNED);
  EXPECT_EQ(feed.SubscribedOn(b), node_b);

  // The replica takes over A (and has a replica again once the killed node is back).
  const ClusterNode new_master = cluster.WaitForNewMaster(keys::PartitionRoute(a), master_a);
  cluster.StartStoppedNodes();
  ASSERT_TRUE(running.WaitSubscribed(a, new_master.port))
      << "partition " << a << " is subscribed on " << feed.SubscribedOn(a);
  // Subscribed again: what changed meanwhile is unknown, so the waiter reads again.
  EXPECT_FALSE(Woken(waiting_on_a_meanwhile, "the waiter asked while A had no master").has_value());

  std::future<News> waiting_on_a_again = WatchFor(feed, case_a, 1);
  ASSERT_NO_FATAL_FAILURE(Announce(stack, a, case_a, 2));
  const News news_a = Woken(waiting_on_a_again, "the waiter on A after the failover");
  ASSERT_TRUE(news_a.has_value());
  EXPECT_EQ(news_a->version, 2);
  // Every partition is subscribed in the end, the other masters' never having been dropped.
  EXPECT_TRUE(running.WaitAllSubscribed());
}

// Partition M's slot moves to another master: the old master ends M's subscription there; the
// waiters of the other partitions, the old master's own among them, keep hearing their
// changes, and M is subscribed again on its new master.
TEST(WatchCase, ClusterFeedFollowsAMigratedPartitionAndKeepsTheOthers) {
  if (!TestOnCluster()) GTEST_SKIP() << kOnlyOnCluster;
  TestStack stack;
  ClusterControl cluster(stack.redis_server());
  RunningFeed running(stack.ServiceOptions());
  ChangeFeed& feed = running.feed();
  ASSERT_TRUE(running.WaitAllSubscribed());

  const int m = 5;
  const ClusterNode from = cluster.MasterOf(keys::PartitionRoute(m));
  const int elsewhere = PartitionNotOn(cluster, from);
  const ClusterNode to = cluster.MasterOf(keys::PartitionRoute(elsewhere));
  // A partition staying on the old master, and one on the third master.
  int staying = -1, third = -1;
  for (int p = 0; p < kPartitionCount; ++p) {
    const ClusterNode master = cluster.MasterOf(keys::PartitionRoute(p));
    if (p != m && master.id == from.id && staying < 0) staying = p;
    if (master.id != from.id && master.id != to.id && third < 0) third = p;
  }
  ASSERT_GE(staying, 0);
  ASSERT_GE(third, 0);

  std::future<News> waiting_on_m = WatchFor(feed, CaseIn(m), 1);
  std::future<News> waiting_on_staying = WatchFor(feed, CaseIn(staying), 1);
  std::future<News> waiting_on_third = WatchFor(feed, CaseIn(third), 1);

  ASSERT_NO_FATAL_FAILURE(WaitForSettledRoles(cluster));
  cluster.MigrateSlot(keys::PartitionRoute(m), to, 3, absl::Milliseconds(20));
  ASSERT_EQ(cluster.MasterOf(keys::PartitionRoute(m)).id, to.id);
  // M's subscription ended: its waiter reads again (woken when it was lost, or at the latest
  // when it was subscribed again).
  EXPECT_FALSE(Woken(waiting_on_m, "the waiter on the migrated partition").has_value());
  ASSERT_TRUE(running.WaitSubscribed(m, to.port))
      << "partition " << m << " is subscribed on " << feed.SubscribedOn(m);

  ASSERT_NO_FATAL_FAILURE(Announce(stack, staying, CaseIn(staying), 2));
  ASSERT_NO_FATAL_FAILURE(Announce(stack, third, CaseIn(third), 3));
  const News news_staying = Woken(waiting_on_staying, "the waiter on the old master's partition");
  ASSERT_TRUE(news_staying.has_value()) << "woken without news by another partition's move";
  EXPECT_EQ(news_staying->version, 2);
  const News news_third = Woken(waiting_on_third, "the waiter on the third master's partition");
  ASSERT_TRUE(news_third.has_value()) << "woken without news by another partition's move";
  EXPECT_EQ(news_third->version, 3);
  EXPECT_TRUE(absl::EndsWith(feed.SubscribedOn(staying), absl::StrCat(":", from.port)));

  // The migrated partition is announced from its new master.
  std::future<News> waiting_on_m_again = WatchFor(feed, CaseIn(m), 1);
  ASSERT_NO_FATAL_FAILURE(Announce(stack, m, CaseIn(m), 4));
  const News news_m = Woken(waiting_on_m_again, "the waiter on the migrated partition after");
  ASSERT_TRUE(news_m.has_value());
  EXPECT_EQ(news_m->version, 4);
}

// Partition M moves to a master whose other partition is flooded with announcements: the new
// SSUBSCRIBE there may be answered after a pushed message, which is then read in its answer's
// place. Whatever the interleaving, the feed ends with every partition subscribed where it is
// served, and announces correctly from there.
TEST(WatchCase, ClusterFeedResubscribingAmidAFloodOfMessagesEndsInStep) {
  if (!TestOnCluster()) GTEST_SKIP() << kOnlyOnCluster;
  TestStack stack;
  ClusterControl cluster(stack.redis_server());
  RunningFeed running(stack.ServiceOptions());
  ChangeFeed& feed = running.feed();
  ASSERT_TRUE(running.WaitAllSubscribed());

  const int m = 5;
  const ClusterNode from = cluster.MasterOf(keys::PartitionRoute(m));
  const int busy = PartitionNotOn(cluster, from);
  const ClusterNode to = cluster.MasterOf(keys::PartitionRoute(busy));
  const std::string flooded = CaseIn(busy, 3);
  // A case of the busy partition nobody announces: never woken with news.
  std::future<News> waiting_on_quiet = WatchFor(feed, CaseIn(busy, 4), 0);

  std::atomic<bool> stop_flood = false;
  std::atomic<int64_t> last_version = 0;
  std::thread flood([&] {
    RedisConnection publisher(stack.OperatorOptions());
    for (int64_t version = 1; !stop_flood.load(); ++version) {
      const std::string message =
          absl::StrCat(flooded, " ", version, " ", static_cast<int>(v1::CASE_STATE_ASSIGNED));
      absl::StatusOr<RedisReply> published =
          publisher.Command(keys::PartitionRoute(busy), {"SPUBLISH", keys::Changes(busy), message});
      if (published.ok() && !published->is_error()) last_version = version;
    }
  });
  while (last_version.load() < 100) absl::SleepFor(absl::Milliseconds(5));
  ASSERT_NO_FATAL_FAILURE(WaitForSettledRoles(cluster));
  cluster.MigrateSlot(keys::PartitionRoute(m), to, 3, absl::Milliseconds(20));
  const bool moved = running.WaitSubscribed(m, to.port);
  stop_flood = true;
  flood.join();
  ASSERT_TRUE(moved) << "partition " << m << " is subscribed on " << feed.SubscribedOn(m);
  ASSERT_TRUE(running.WaitAllSubscribed());
  EXPECT_TRUE(absl::EndsWith(feed.SubscribedOn(busy), absl::StrCat(":", to.port)));

  // In step again: each partition of the new master announces its own changes.
  std::future<News> waiting_on_m = WatchFor(feed, CaseIn(m), 1);
  std::future<News> waiting_on_busy = WatchFor(feed, flooded, last_version.load());
  ASSERT_NO_FATAL_FAILURE(Announce(stack, m, CaseIn(m), 2));
  ASSERT_NO_FATAL_FAILURE(Announce(stack, busy, flooded, last_version.load() + 1));
  const News news_m = Woken(waiting_on_m, "the waiter on the migrated partition");
  ASSERT_TRUE(news_m.has_value());
  EXPECT_EQ(news_m->version, 2);
  const News news_busy = Woken(waiting_on_busy, "the waiter on the flooded partition");
  ASSERT_TRUE(news_busy.has_value());
  EXPECT_EQ(news_busy->version, last_version.load() + 1);
  // The quiet case's waiter was told to read again at most, never given another case's news.
  ASSERT_NO_FATAL_FAILURE(Announce(stack, busy, CaseIn(busy, 4), 1));
  const News news_quiet = Woken(waiting_on_quiet, "the waiter on the quiet case");
  if (news_quiet.has_value()) {
    EXPECT_EQ(news_quiet->version, 1);
  }
}

// A master that freezes (SIGSTOP) keeps its connections open and sends no sunsubscribe when its
// replica takes over: the feed finds the partition served elsewhere in a fresh slot table and
// subscribes it there, while the other partitions go on.
TEST(WatchCase, ClusterFeedFollowsTheReplicaOfAFrozenMaster) {
  if (!TestOnCluster()) GTEST_SKIP() << kOnlyOnCluster;
  TestStack stack;
  ClusterControl cluster(stack.redis_server());
  RunningFeed running(stack.ServiceOptions());
  ChangeFeed& feed = running.feed();
  ASSERT_TRUE(running.WaitAllSubscribed());

  const int a = 3;
  const ClusterNode frozen = cluster.MasterOf(keys::PartitionRoute(a));
  const int b = PartitionNotOn(cluster, frozen);
  cluster.Signal(frozen, SIGSTOP);
  // Thawed however the test ends (it comes back as the new master's replica): a frozen node
  // would hold up the cluster's shutdown.
  struct Thaw {
    ClusterControl& cluster;
    ClusterNode node;
    ~Thaw() { cluster.Signal(node, SIGCONT); }
  } thaw{cluster, frozen};
  const ClusterNode replaced = cluster.WaitForNewMaster(keys::PartitionRoute(a), frozen);
  EXPECT_TRUE(running.WaitSubscribed(a, replaced.port))
      << "partition " << a << " is still subscribed on " << feed.SubscribedOn(a);

  std::future<News> waiting_on_a = WatchFor(feed, CaseIn(a), 1);
  std::future<News> waiting_on_b = WatchFor(feed, CaseIn(b), 1);
  // The test's own connection finds the new master once its call to the frozen one times out.
  for (int attempt = 0; attempt < 20; ++attempt) {
    absl::StatusOr<RedisReply> published = stack.redis().Command(
        keys::PartitionRoute(a),
        {"SPUBLISH", keys::Changes(a),
         absl::StrCat(CaseIn(a), " 2 ", static_cast<int>(v1::CASE_STATE_ASSIGNED))});
    if (published.ok() && !published->is_error()) break;
    absl::SleepFor(absl::Milliseconds(200));
  }
  ASSERT_NO_FATAL_FAILURE(Announce(stack, b, CaseIn(b), 3));
  const News news_a = Woken(waiting_on_a, "the waiter on the frozen master's partition");
  ASSERT_TRUE(news_a.has_value()) << "the partition was not heard from its new master";
  EXPECT_EQ(news_a->version, 2);
  const News news_b = Woken(waiting_on_b, "the waiter on another master's partition");
  ASSERT_TRUE(news_b.has_value());
  EXPECT_EQ(news_b->version, 3);
}

}  // namespace
}  // namespace gongkai::testing
