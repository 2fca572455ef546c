#include "redis/change_feed.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/logging.h"
#include "base/status_macros.h"
#include "redis/keys.h"
#include "rules/case_number.h"

namespace gongkai {
namespace {

// How long one read waits for a message: also how late a deadline may be noticed.
constexpr absl::Duration kReadWait = absl::Milliseconds(50);
// Messages handled before deadlines are looked at again, under a flood of changes.
constexpr int kMessagesPerRound = 1000;

}  // namespace

ChangeFeed::ChangeFeed(RedisOptions options) : connection_(std::move(options)) {}

ChangeFeed::~ChangeFeed() { WakeAll(); }

uint64_t ChangeFeed::Watch(const std::string& case_number, int64_t after_version,
                           absl::Time deadline, Wake wake) {
  {
    absl::MutexLock lock(&mutex_);
    if (running_ && waiters_.size() < kMaxWaiters) {
      const uint64_t id = next_id_++;
      waiters_[id] = {case_number, after_version, deadline, std::move(wake)};
      by_case_.emplace(case_number, id);
      return id;
    }
  }
  wake(std::nullopt);  // no feed to wait on: the caller reads the case as it stands
  return 0;
}

bool ChangeFeed::Cancel(uint64_t id) {
  absl::MutexLock lock(&mutex_);
  auto found = waiters_.find(id);
  if (found == waiters_.end()) return false;
  auto [first, last] = by_case_.equal_range(found->second.case_number);
  for (auto it = first; it != last; ++it) {
    if (it->second == id) {
      by_case_.erase(it);
      break;
    }
  }
  waiters_.erase(found);
  return true;
}

size_t ChangeFeed::waiting() const {
  absl::MutexLock lock(&mutex_);
  return waiters_.size();
}

absl::Status ChangeFeed::Subscribe() {
  // One SSUBSCRIBE per partition: a channel list must share a slot on a cluster.
  std::vector<RoutedCommand> commands;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    commands.push_back({keys::PartitionRoute(partition), {"SSUBSCRIBE", keys::Changes(partition)}});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, connection_.Pipeline(commands));
  for (const RedisReply& reply : replies) {
    if (reply.is_error()) return absl::InternalError(absl::StrCat("SSUBSCRIBE: ", reply.str()));
  }
  return absl::OkStatus();
}

absl::Status ChangeFeed::ReadMessages(absl::Duration wait) {
  for (int i = 0; i < kMessagesPerRound; ++i) {
    GK_ASSIGN_OR_RETURN(std::optional<RedisReply> message,
                        connection_.ReadPushed(i == 0 ? wait : absl::ZeroDuration()));
    if (!message.has_value()) return absl::OkStatus();
    // ["smessage", channel, "<case number> <version> <state>"]; subscription confirmations are
    // skipped.
    // A slot migrated to another master ends its channel's subscription here: subscribed
    // again where the slot is now.
    if (message->size() == 3 && message->element(0).str() == "sunsubscribe") {
      return absl::UnavailableError(
          absl::StrCat("subscription to ", message->element(1).str(), " moved"));
    }
    if (message->size() != 3 || message->element(0).str() != "smessage") continue;
    const std::vector<absl::string_view> parts = absl::StrSplit(message->element(2).str(), ' ');
    Announcement news;
    if (parts.size() != 3 || !absl::SimpleAtoi(parts[1], &news.version) ||
        !absl::SimpleAtoi(parts[2], &news.state)) {
      continue;
    }
    Announced(std::string(parts[0]), news);
  }
  return absl::OkStatus();
}

void ChangeFeed::Announced(const std::string& case_number, Announcement news) {
  std::vector<Wake> woken;
  {
    absl::MutexLock lock(&mutex_);
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
      auto [first, last] = by_case_.equal_range(it->second.case_number);
      for (auto entry = first; entry != last; ++entry) {
        if (entry->second == it->first) {
          by_case_.erase(entry);
          break;
        }
      }
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
  }
  for (Wake& wake : woken) wake(std::nullopt);
}

void ChangeFeed::Run(const std::atomic<bool>& stop) {
  {
    absl::MutexLock lock(&mutex_);
    running_ = true;
  }
  bool subscribed = false;
  absl::Duration backoff = absl::Milliseconds(50);
  while (!stop.load()) {
    if (!subscribed) {
      if (absl::Status status = Subscribe(); !status.ok()) {
        spdlog::warn("event=change_feed_unavailable error=\"{}\"", status.message());
        WakeDue(absl::Now());
        absl::SleepFor(backoff);
        backoff = std::min(backoff * 2, absl::Seconds(1));
        continue;
      }
      subscribed = true;
      backoff = absl::Milliseconds(50);
      WakeAll();  // what changed while not subscribed is unknown: every waiter reads again
    }
    if (absl::Status status = ReadMessages(kReadWait); !status.ok()) {
      spdlog::warn("event=change_feed_lost error=\"{}\"", status.message());
      // Every node's subscription anew: on a cluster the others may still hold theirs, with
      // messages queued that a new SSUBSCRIBE's reply would be read among.
      connection_.DropConnections();
      subscribed = false;
      WakeAll();
    }
    WakeDue(absl::Now());
  }
  {
    absl::MutexLock lock(&mutex_);
    running_ = false;
  }
  WakeAll();
}

}  // namespace gongkai
