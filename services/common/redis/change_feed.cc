#include "redis/change_feed.h"

#include <algorithm>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/logging.h"
#include "redis/keys.h"

namespace gongkai {
namespace {

// How long one read waits for a message: also how late a deadline may be noticed.
constexpr absl::Duration kReadWait = absl::Milliseconds(50);
// Messages handled before deadlines are looked at again, under a flood of changes.
constexpr int kMessagesPerRound = 1000;
// The missing partitions are tried again after this, doubling up to kLastRetry while they fail.
constexpr absl::Duration kFirstRetry = absl::Milliseconds(50);
constexpr absl::Duration kLastRetry = absl::Seconds(1);

int PartitionOfCase(const std::string& case_number) {
  absl::StatusOr<CaseNumber> number = ParseCaseNumber(case_number);
  return number.ok() ? PartitionOf(*number) : -1;
}

// How often the subscribed partitions' masters are looked up in a fresh slot table.
constexpr absl::Duration kMasterCheckInterval = absl::Seconds(5);
// The feed's own connection gives up on a node this soon: SSUBSCRIBE is answered at once, and
// a hung node must not hold back the other partitions' announcements for a command timeout.
constexpr absl::Duration kFeedTimeout = absl::Milliseconds(250);

// "p00 p05 p11", for the logs, as deploy/cluster.sh names the partitions.
std::string Describe(const std::bitset<kPartitionCount>& partitions) {
  std::vector<std::string> listed;
  for (int p = 0; p < kPartitionCount; ++p) {
    if (partitions.test(p)) listed.emplace_back(keys::PartitionRoute(p).tag());
  }
  return absl::StrJoin(listed, " ");
}

RedisOptions WithFeedTimeouts(RedisOptions options) {
  options.connect_timeout = std::min(options.connect_timeout, kFeedTimeout);
  options.command_timeout = std::min(options.command_timeout, kFeedTimeout);
  return options;
}

bool IsPushed(const RedisReply& reply, absl::string_view kind) {
  return reply.is_array() && reply.size() == 3 && reply.element(0).str() == kind;
}

}  // namespace

bool ChangeFeed::LogGate::Open(absl::Time now, int64_t* held) {
  if (now - last < absl::Seconds(1)) {
    ++held_back;
    return false;
  }
  last = now;
  *held = held_back;
  held_back = 0;
  return true;
}

ChangeFeed::ChangeFeed(RedisOptions options)
    : connection_(WithFeedTimeouts(std::move(options))), backoff_(kFirstRetry) {
  for (int p = 0; p < kPartitionCount; ++p) channels_[p] = keys::Changes(p);
}

ChangeFeed::~ChangeFeed() { WakeAll(); }

ChangeFeed::Watching ChangeFeed::Watch(const std::string& case_number, int64_t after_version,
                                       absl::Time deadline, Wake wake) {
  const int partition = PartitionOfCase(case_number);
  std::optional<Announcement> known_news;
  {
    absl::MutexLock lock(&mutex_);
    if (running_) {
      auto known = remembered_.find(case_number);
      if (known != remembered_.end() && known->second.news.version > after_version) {
        known_news = known->second.news;
      } else if (waiters_.size() < kMaxWaiters) {
        const uint64_t id = next_id_++;
        waiters_[id] = {case_number, partition, after_version, deadline, std::move(wake)};
        by_case_.emplace(case_number, id);
        // Remembered at or below after_version: the commits after it are still to be heard on
        // the same subscription, and they wake this waiter.
        return {id, /*must_read=*/known == remembered_.end()};
      }
    }
  }
  // Moved on already; or no feed to wait on, and the caller reads the case as it stands.
  wake(known_news);
  return {0, /*must_read=*/false};
}

void ChangeFeed::ForgetLocked(uint64_t id, const std::string& case_number) {
  auto [first, last] = by_case_.equal_range(case_number);
  for (auto it = first; it != last; ++it) {
    if (it->second == id) {
      by_case_.erase(it);
      return;
    }
  }
}

bool ChangeFeed::Cancel(uint64_t id) {
  absl::MutexLock lock(&mutex_);
  auto found = waiters_.find(id);
  if (found == waiters_.end()) return false;
  ForgetLocked(id, found->second.case_number);
  waiters_.erase(found);
  return true;
}

size_t ChangeFeed::waiting() const {
  absl::MutexLock lock(&mutex_);
  return waiters_.size();
}

size_t ChangeFeed::remembered() const {
  absl::MutexLock lock(&mutex_);
  return remembered_.size();
}

std::string ChangeFeed::SubscribedOn(int partition) const {
  absl::MutexLock lock(&mutex_);
  return subscribed_[partition].node;
}

ChangeFeed::Partitions ChangeFeed::UnsubscribedPartitions() const {
  absl::MutexLock lock(&mutex_);
  Partitions missing;
  for (int p = 0; p < kPartitionCount; ++p) missing[p] = subscribed_[p].session == 0;
  return missing;
}

bool ChangeFeed::SubscribeMissing() {
  // One SSUBSCRIBE per partition: a channel list must share a slot on a cluster.
  std::vector<int> partitions;
  std::vector<RoutedCommand> commands;
  const Partitions missing = UnsubscribedPartitions();
  for (int p = 0; p < kPartitionCount; ++p) {
    if (!missing.test(p)) continue;
    partitions.push_back(p);
    commands.push_back({keys::PartitionRoute(p), {"SSUBSCRIBE", channels_[p]}});
  }
  std::vector<NodeSession> answered_by;
  absl::StatusOr<std::vector<RedisReply>> replies =
      connection_.PipelineNamingNodes(commands, WhenNodeDown::kFailItsOwn, &answered_by);
  int64_t held = 0;
  if (!replies.ok()) {  // no slot table: no node answered at all
    if (unavailable_log_.Open(absl::Now(), &held)) {
      spdlog::warn("event=change_feed_unavailable partitions={} error=\"{}\" held_back={}",
                   Describe(missing), replies.status().message(), held);
    }
    return true;
  }
  Partitions subscribed_now;
  std::vector<NodeSession> out_of_step;
  std::string failure;
  for (size_t i = 0; i < partitions.size(); ++i) {
    const int p = partitions[i];
    const RedisReply& reply = (*replies)[i];
    const NodeSession& from = answered_by[i];
    if (IsPushed(reply, "ssubscribe") && reply.element(1).str() == channels_[p] &&
        from.session != 0) {
      absl::MutexLock lock(&mutex_);
      subscribed_[p] = from;
      subscribed_now.set(p);
      continue;
    }
    if (reply.is_error() || from.session == 0) {  // the partition stays missing; tried again
      if (failure.empty()) failure = absl::StrCat("partition ", p, ": ", reply.str());
      continue;
    }
    // Not this command's answer: a message the node pushed first, read in its place. What the
    // node answers from here is out of step, so its connection goes (with all it holds) and
    // its partitions are subscribed afresh. A message read so is still handled: announced
    // rather than lost.
    HandlePushed(from, reply);
    if (std::find(out_of_step.begin(), out_of_step.end(), from) == out_of_step.end()) {
      out_of_step.push_back(from);
    }
  }
  for (const NodeSession& node : out_of_step) {
    LoseNode(node, /*drop=*/true, "a reply out of step with its SSUBSCRIBE");
  }
  const Partitions still_missing = UnsubscribedPartitions();
  // What changed while these were not subscribed is unknown: their waiters read again.
  WakePartitions(subscribed_now & ~still_missing);
  const absl::Time now = absl::Now();
  if (still_missing.any() && !failure.empty() && unavailable_log_.Open(now, &held)) {
    spdlog::warn("event=change_feed_unavailable partitions={} error=\"{}\" held_back={}",
                 Describe(still_missing), failure, held);
  }
  if (still_missing.any()) {
    lost_before_ = true;
  } else if (lost_before_ && restored_log_.Open(now, &held)) {
    spdlog::info("event=change_feed_restored partitions={} held_back={}", Describe(missing), held);
    lost_before_ = false;
  }
  return still_missing.any();
}

void ChangeFeed::ReadMessages(absl::Duration wait) {
  for (int i = 0; i < kMessagesPerRound; ++i) {
    std::optional<PushedMessage> pushed =
        connection_.ReadPushedFrom(i == 0 ? wait : absl::ZeroDuration());
    if (!pushed.has_value()) return;
    if (!pushed->message.ok()) {
      // That node's connection is gone, and with it only its partitions' subscriptions.
      LoseNode(pushed->from, /*drop=*/false, pushed->message.status().message());
      continue;
    }
    HandlePushed(pushed->from, *pushed->message);
  }
}

void ChangeFeed::HandlePushed(const NodeSession& from, const RedisReply& message) {
  // A slot migrated to another master ends its channels' subscriptions there: that partition is
  // subscribed again where the slot is now.
  if (IsPushed(message, "sunsubscribe")) {
    const auto channel = std::find(channels_.begin(), channels_.end(), message.element(1).str());
    if (channel == channels_.end()) return;
    const int p = static_cast<int>(channel - channels_.begin());
    bool ours = false;
    {
      absl::MutexLock lock(&mutex_);
      ours = subscribed_[p] == from;
    }
    if (ours) {
      Partitions moved;
      moved.set(p);
      Unsubscribed(moved, from.node, "the node ended the subscription (slot moved)");
    }
    return;
  }
  // ["smessage", channel, "<case number> <version> <state>"]; confirmations are skipped.
  if (!IsPushed(message, "smessage")) return;
  const std::vector<absl::string_view> parts = absl::StrSplit(message.element(2).str(), ' ');
  Announcement news;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[1], &news.version) ||
      !absl::SimpleAtoi(parts[2], &news.state)) {
    return;
  }
  Announced(std::string(parts[0]), news, from);
}

void ChangeFeed::LoseNode(const NodeSession& node, bool drop, absl::string_view why) {
  if (drop) connection_.DropNode(node.node);
  Partitions lost;
  {
    absl::MutexLock lock(&mutex_);
    for (int p = 0; p < kPartitionCount; ++p) lost[p] = subscribed_[p].node == node.node;
  }
  if (lost.any()) Unsubscribed(lost, node.node, why);
}

void ChangeFeed::CheckSessions(bool ask_masters) {
  std::array<NodeSession, kPartitionCount> subscribed;
  {
    absl::MutexLock lock(&mutex_);
    subscribed = subscribed_;
  }
  // By node, so that each node's loss is logged under its own name.
  std::map<std::string, Partitions> reconnected, moved;
  for (int p = 0; p < kPartitionCount; ++p) {
    if (subscribed[p].session == 0) continue;
    if (connection_.SessionOf(subscribed[p].node) != subscribed[p].session) {
      reconnected[subscribed[p].node].set(p);
      continue;
    }
    if (!ask_masters) continue;
    const std::string master = connection_.CurrentMasterOf(keys::PartitionRoute(p));
    if (!master.empty() && master != subscribed[p].node) moved[subscribed[p].node].set(p);
  }
  for (const auto& [node, lost] : reconnected) {
    Unsubscribed(lost, node, "the connection was made again");
  }
  for (const auto& [node, lost] : moved) {
    Unsubscribed(lost, node, "another master serves the partition now");
  }
}

void ChangeFeed::Unsubscribed(const Partitions& partitions, absl::string_view node,
                              absl::string_view why) {
  {
    absl::MutexLock lock(&mutex_);
    for (int p = 0; p < kPartitionCount; ++p) {
      if (partitions.test(p)) subscribed_[p] = {};
    }
    // Their later announcements may go unheard: what is remembered of them is no longer the last.
    absl::erase_if(remembered_, [&partitions](const auto& entry) {
      return partitions.test(entry.second.partition);
    });
  }
  lost_before_ = true;
  int64_t held = 0;
  auto gate = lost_log_.find(node);
  if (gate == lost_log_.end()) gate = lost_log_.emplace(std::string(node), LogGate{}).first;
  if (gate->second.Open(absl::Now(), &held)) {
    spdlog::warn("event=change_feed_lost node={} partitions={} error=\"{}\" held_back={}", node,
                 Describe(partitions), why, held);
  }
  // Messages published meanwhile are lost: these partitions' waiters read their cases again.
  WakePartitions(partitions);
}

void ChangeFeed::Announced(const std::string& case_number, Announcement news,
                           const NodeSession& from) {
  const int partition = PartitionOfCase(case_number);
  std::vector<Wake> woken;
  {
    absl::MutexLock lock(&mutex_);
    // Only a subscription that stands hears the case's next commits: a message read while its
    // partition is being subscribed afresh wakes waiters, but is not remembered.
    if (partition >= 0 && subscribed_[partition] == from) {
      if (remembered_.size() >= kMaxRemembered) remembered_.clear();
      auto [known, added] = remembered_.try_emplace(case_number, Remembered{news, partition});
      if (!added && news.version > known->second.news.version) known->second.news = news;
    }
    auto [first, last] = by_case_.equal_range(case_number);
    for (auto it = first; it != last;) {
      auto waiter = waiters_.find(it->second);
      if (waiter != waiters_.end() && news.version > waiter->second.after_version) {
        woken.push_back(std::move(waiter->second.wake));
        waiters_.erase(waiter);
        it = by_case_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (Wake& wake : woken) wake(news);
}

void ChangeFeed::WakeDue(absl::Time now) {
  std::vector<Wake> woken;
  {
    absl::MutexLock lock(&mutex_);
    for (auto it = waiters_.begin(); it != waiters_.end();) {
      if (it->second.deadline > now) {
        ++it;
        continue;
      }
      ForgetLocked(it->first, it->second.case_number);
      woken.push_back(std::move(it->second.wake));
      it = waiters_.erase(it);
    }
  }
  for (Wake& wake : woken) wake(std::nullopt);
}

void ChangeFeed::WakePartitions(const Partitions& partitions) {
  if (partitions.none()) return;
  std::vector<Wake> woken;
  {
    absl::MutexLock lock(&mutex_);
    for (auto it = waiters_.begin(); it != waiters_.end();) {
      const int partition = it->second.partition;
      if (partition < 0 || !partitions.test(partition)) {
        ++it;
        continue;
      }
      ForgetLocked(it->first, it->second.case_number);
      woken.push_back(std::move(it->second.wake));
      it = waiters_.erase(it);
    }
  }
  for (Wake& wake : woken) wake(std::nullopt);
}

void ChangeFeed::WakeAll() {
  std::vector<Wake> woken;
  {
    absl::MutexLock lock(&mutex_);
    for (auto& [id, waiter] : waiters_) woken.push_back(std::move(waiter.wake));
    waiters_.clear();
    by_case_.clear();
    remembered_.clear();  // the feed stops listening
  }
  for (Wake& wake : woken) wake(std::nullopt);
}

void ChangeFeed::ScheduleRetry(bool failed) {
  if (!failed) {
    // All subscribed: a partition lost from here is tried again at once.
    backoff_ = kFirstRetry;
    next_attempt_ = absl::InfinitePast();
    return;
  }
  next_attempt_ = absl::Now() + backoff_;
  backoff_ = std::min(backoff_ * 2, kLastRetry);
}

void ChangeFeed::Run(const std::atomic<bool>& stop) {
  {
    absl::MutexLock lock(&mutex_);
    running_ = true;
  }
  absl::Time next_master_check = absl::Now() + kMasterCheckInterval;
  while (!stop.load()) {
    const bool ask_masters = absl::Now() >= next_master_check;
    if (ask_masters) next_master_check = absl::Now() + kMasterCheckInterval;
    CheckSessions(ask_masters);
    if (UnsubscribedPartitions().any() && absl::Now() >= next_attempt_) {
      ScheduleRetry(SubscribeMissing());
    }
    // The subscribed partitions are listened to whatever the others' state.
    ReadMessages(kReadWait);
    WakeDue(absl::Now());
  }
  {
    absl::MutexLock lock(&mutex_);
    running_ = false;
  }
  WakeAll();
}

}  // namespace gongkai
