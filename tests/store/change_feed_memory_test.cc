// The change feed's memory of each case's last announcement, against a private redis-server:
// a watcher of a case the feed has heard is answered from it (at once when the case has moved
// past the version it names, else by the next announcement) and need not read the case; a case
// never heard, or heard on a subscription that has since been lost, must be read. Changes are
// announced as the transition script does (SPUBLISH of "<case number> <version> <state>" on the
// partition's channel). Nothing is timed: each wait is a bound against a hang.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <future>
#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "redis/change_feed.h"
#include "redis/keys.h"
#include "rules/case_number.h"
#include "store_fixture.h"

namespace gongkai::testing {
namespace {

using News = std::optional<ChangeFeed::Announcement>;

constexpr absl::Duration kNoDeadline = absl::Hours(1);
constexpr absl::Duration kHangBound = absl::Seconds(30);

class ChangeFeedMemory : public RedisServerTest {
 protected:
  ChangeFeedMemory() : publisher_(server_.OperatorOptions()), feed_(server_.ServiceOptions()) {
    thread_ = std::thread([this] { feed_.Run(stop_); });
  }
  ~ChangeFeedMemory() override {
    stop_ = true;
    thread_.join();
  }

  // Waits (within the hang bound) until `condition` holds; false if it never did.
  template <typename Condition>
  bool Eventually(Condition condition) {
    const absl::Time give_up = absl::Now() + kHangBound;
    while (!condition()) {
      if (absl::Now() > give_up) return false;
      absl::SleepFor(absl::Milliseconds(10));
    }
    return true;
  }
  bool AllSubscribed() {
    return Eventually([this] {
      for (int p = 0; p < kPartitionCount; ++p) {
        if (feed_.SubscribedOn(p).empty()) return false;
      }
      return true;
    });
  }

  void Announce(const std::string& case_number, int64_t version, v1::CaseState state) {
    const int partition = PartitionOf(*ParseCaseNumber(case_number));
    absl::StatusOr<RedisReply> published =
        publisher_.Command(keys::PartitionRoute(partition),
                           {"SPUBLISH", keys::Changes(partition),
                            absl::StrCat(case_number, " ", version, " ", static_cast<int>(state))});
    ASSERT_TRUE(published.ok()) << published.status();
    ASSERT_FALSE(published->is_error()) << published->str();
  }

  // Watches and returns what Watch said; the waiter's answer arrives in `*woken`.
  ChangeFeed::Watching WatchFor(const std::string& case_number, int64_t after_version,
                                std::future<News>* woken) {
    auto promise = std::make_shared<std::promise<News>>();
    *woken = promise->get_future();
    return feed_.Watch(case_number, after_version, absl::Now() + kNoDeadline,
                       [promise](News news) { promise->set_value(news); });
  }

  static bool Ready(std::future<News>& woken) {
    return woken.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  }
  static News Woken(std::future<News>& woken) {
    if (woken.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
      ADD_FAILURE() << "never woken";
      return std::nullopt;
    }
    return woken.get();
  }

  RedisConnection publisher_;
  ChangeFeed feed_;
  std::atomic<bool> stop_ = false;
  std::thread thread_;
};

TEST_F(ChangeFeedMemory, AHeardCaseIsAnsweredWithoutARead) {
  ASSERT_TRUE(AllSubscribed());
  const std::string number = "2026-000123";
  ASSERT_NO_FATAL_FAILURE(Announce(number, 1, v1::CASE_STATE_REGISTERED));
  ASSERT_TRUE(Eventually([&] { return feed_.remembered() == 1; }));

  // At the last version heard: it waits, unread, for the next announcement.
  std::future<News> waiting;
  ChangeFeed::Watching watching = WatchFor(number, 1, &waiting);
  EXPECT_FALSE(watching.must_read);
  EXPECT_NE(watching.id, 0u);
  EXPECT_FALSE(Ready(waiting));
  EXPECT_EQ(feed_.waiting(), 1u);
  ASSERT_NO_FATAL_FAILURE(Announce(number, 2, v1::CASE_STATE_ASSIGNED));
  const News next = Woken(waiting);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->version, 2);
  EXPECT_EQ(next->state, v1::CASE_STATE_ASSIGNED);

  // Moved past the version named (the feed remembered version 2 before it woke the waiter):
  // answered at once with the last announcement.
  std::future<News> moved_on;
  watching = WatchFor(number, 1, &moved_on);
  EXPECT_FALSE(watching.must_read);
  EXPECT_EQ(watching.id, 0u);
  ASSERT_TRUE(Ready(moved_on));
  const News news = moved_on.get();
  ASSERT_TRUE(news.has_value());
  EXPECT_EQ(news->version, 2);
  EXPECT_EQ(news->state, v1::CASE_STATE_ASSIGNED);
  EXPECT_EQ(feed_.waiting(), 0u);
}

TEST_F(ChangeFeedMemory, ACaseNeverHeardMustBeRead) {
  ASSERT_TRUE(AllSubscribed());
  ASSERT_NO_FATAL_FAILURE(Announce("2026-000123", 1, v1::CASE_STATE_REGISTERED));
  ASSERT_TRUE(Eventually([&] { return feed_.remembered() == 1; }));

  std::future<News> woken;
  const ChangeFeed::Watching watching = WatchFor("2026-000124", 0, &woken);
  EXPECT_TRUE(watching.must_read);
  EXPECT_NE(watching.id, 0u);
  EXPECT_FALSE(Ready(woken));
  EXPECT_TRUE(feed_.Cancel(watching.id));
}

TEST_F(ChangeFeedMemory, ALostSubscriptionForgetsWhatItHeard) {
  if (server_.is_cluster())
    GTEST_SKIP() << "a single server's restart; the cluster's is tested "
                    "with the feed's failover tests";
  ASSERT_TRUE(AllSubscribed());
  const std::string number = "2026-000123";
  ASSERT_NO_FATAL_FAILURE(Announce(number, 4, v1::CASE_STATE_IN_DEPARTMENT));
  // A stray message of version 0 (no commit announces one) is remembered under its partition
  // like any other, and forgotten with it.
  ASSERT_NO_FATAL_FAILURE(Announce("2026-000124", 0, v1::CASE_STATE_UNSPECIFIED));
  ASSERT_TRUE(Eventually([&] { return feed_.remembered() == 2; }));

  // A watch the memory let go unread is woken, without news, when the subscription is lost:
  // whatever is committed while the feed is not listening goes unheard.
  std::future<News> unread;
  ASSERT_FALSE(WatchFor(number, 4, &unread).must_read);
  server_.Kill(SIGKILL);
  EXPECT_FALSE(Woken(unread).has_value());
  ASSERT_TRUE(Eventually([&] { return feed_.remembered() == 0; }));
  server_.Start();
  ASSERT_TRUE(AllSubscribed());
  std::future<News> woken;
  const ChangeFeed::Watching watching = WatchFor(number, 4, &woken);
  EXPECT_TRUE(watching.must_read);
  EXPECT_TRUE(feed_.Cancel(watching.id));

  // Heard again on the new subscription: remembered again.
  ASSERT_NO_FATAL_FAILURE(Announce(number, 5, v1::CASE_STATE_IN_REVIEW));
  ASSERT_TRUE(Eventually([&] { return feed_.remembered() == 1; }));
  std::future<News> answered;
  EXPECT_FALSE(WatchFor(number, 4, &answered).must_read);
  const News news = Woken(answered);
  ASSERT_TRUE(news.has_value());
  EXPECT_EQ(news->version, 5);
}

}  // namespace
}  // namespace gongkai::testing
