#include "notice_hub.h"

#include <algorithm>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/logging.h"
#include "base/status_macros.h"
#include "rules/notice_ladder.h"

namespace gongkai {
namespace {

// How long one read of the subscription waits: also how soon a new watcher is started.
constexpr absl::Duration kReadWait = absl::Milliseconds(50);
// Announcements handled before new watchers are looked at again.
constexpr int kAnnouncementsPerRound = 200;
// A watcher that could not be started (Redis unreachable) this long is ended.
constexpr absl::Duration kStartTimeout = absl::Seconds(3);
// Rounds of kCatchUp notices a watcher is sent on starting with `after_id` or on a re-read.
constexpr int kCatchUpRounds = 10;
// Ids (with the count sent) remembered per watcher, so that an announcement of what a catch-up
// already sent is not sent again.
constexpr size_t kRememberedPerWatcher = 512;

bool Meets(const std::vector<std::string>& mine, const std::vector<std::string>& told) {
  for (const std::string& audience : mine) {
    if (std::find(told.begin(), told.end(), audience) != told.end()) return true;
  }
  return false;
}

// The notices of `user` after `*since`, oldest first, in rounds; moves `*since` on.
absl::Status ReadAfter(NoticeStore& store, const std::string& user,
                       const std::vector<std::string>& audiences, int64_t* since,
                       std::vector<StoredNotice>* out) {
  for (int round = 0; round < kCatchUpRounds; ++round) {
    GK_ASSIGN_OR_RETURN(std::vector<StoredNotice> found,
                        store.ListAfter(user, audiences, *since, NoticeHub::kCatchUp));
    for (StoredNotice& notice : found) {
      *since = std::max(*since, notice.id);
      out->push_back(std::move(notice));
    }
    if (found.size() < static_cast<size_t>(NoticeHub::kCatchUp)) return absl::OkStatus();
  }
  // More than the rounds allow: the rest is for ListNotices; the watch goes on from the newest.
  GK_ASSIGN_OR_RETURN(int64_t last, store.LastId());
  *since = std::max(*since, last);
  return absl::OkStatus();
}

}  // namespace

v1::Notice ToNoticeMessage(const StoredNotice& stored, const DepartmentCatalogue& catalogue) {
  v1::Notice notice;
  notice.set_id(std::to_string(stored.id));
  notice.set_kind(stored.kind);
  absl::StatusOr<std::string> title = NoticeTitle(stored.kind, stored.due_date, stored.count);
  notice.set_title(title.ok() ? *title : absl::StrCat(stored.count, "件申请有新提醒"));
  notice.set_department(stored.department);
  const Department* department = catalogue.Find(stored.department);
  notice.set_department_name(department != nullptr       ? department->name
                             : stored.department.empty() ? "待分办"
                                                         : stored.department);
  notice.set_due_date(stored.due_date);
  notice.set_at(stored.at);
  notice.set_count(stored.count);
  for (const std::string& number : stored.case_numbers) notice.add_case_numbers(number);
  notice.set_read(stored.read);
  return notice;
}

// --- NoticeWatch -------------------------------------------------------------------------------

void NoticeWatch::Started() {
  absl::MutexLock lock(&mutex_);
  if (finishing_ || started_) return;
  started_ = true;
  StartSendInitialMetadata();
}

void NoticeWatch::Send(v1::Notice notice) {
  absl::MutexLock lock(&mutex_);
  if (finishing_) return;
  if (queue_.size() >= kMaxQueued) {
    FinishLocked(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                              "未读取的提醒积压过多，请用 ListNotices 查看后重新接收"));
    return;
  }
  queue_.push_back(std::move(notice));
  if (!writing_) WriteNextLocked();
}

void NoticeWatch::End(const grpc::Status& status) {
  absl::MutexLock lock(&mutex_);
  FinishLocked(status);
}

void NoticeWatch::FinishLocked(const grpc::Status& status) {
  if (finishing_) return;
  finishing_ = true;
  queue_.clear();
  // One operation at a time: a write in flight finishes first.
  if (writing_) {
    finish_after_write_ = status;
    return;
  }
  Finish(status);
}

void NoticeWatch::WriteNextLocked() {
  writing_now_ = std::move(queue_.front());
  queue_.pop_front();
  writing_ = true;
  started_ = true;  // a write carries the initial metadata
  StartWrite(&writing_now_);
}

void NoticeWatch::OnWriteDone(bool ok) {
  absl::MutexLock lock(&mutex_);
  writing_ = false;
  if (finish_after_write_.has_value()) {
    Finish(*finish_after_write_);
    finish_after_write_.reset();
    return;
  }
  if (finishing_) return;
  if (!ok) {  // the client is gone
    finishing_ = true;
    queue_.clear();
    Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    return;
  }
  if (!queue_.empty()) WriteNextLocked();
}

void NoticeWatch::OnCancel() { End(grpc::Status::CANCELLED); }

void NoticeWatch::OnDone() {
  if (hub_ != nullptr) hub_->Remove(this);
  delete this;
}

// --- NoticeHub ---------------------------------------------------------------------------------

NoticeHub::NoticeHub(RedisOptions options, const DepartmentCatalogue& catalogue)
    : subscriber_(options), reader_(options), catalogue_(catalogue) {}

absl::Status NoticeHub::Add(NoticeWatch* watch, std::string user,
                            std::vector<std::string> audiences, int64_t after) {
  absl::MutexLock lock(&mutex_);
  if (stopped_) return absl::UnavailableError("跟踪服务正在停止，请稍后重新接收提醒");
  if (watchers_.size() >= kMaxWatchers) {
    return absl::ResourceExhaustedError(
        absl::StrCat("同时接收提醒的连接已达上限（", kMaxWatchers, "个）"));
  }
  Watcher& watcher = watchers_[watch];
  watcher.user = std::move(user);
  watcher.audiences = std::move(audiences);
  watcher.after = after;
  watcher.added = absl::Now();
  return absl::OkStatus();
}

void NoticeHub::Remove(NoticeWatch* watch) {
  absl::MutexLock lock(&mutex_);
  watchers_.erase(watch);
}

size_t NoticeHub::watching() const {
  absl::MutexLock lock(&mutex_);
  return watchers_.size();
}

absl::Status NoticeHub::Subscribe() {
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
                      subscriber_.Pipeline({{"SSUBSCRIBE", keys::NoticeLive()}}));
  if (replies[0].is_error()) {
    return absl::InternalError(absl::StrCat("SSUBSCRIBE: ", replies[0].str()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<NoticeHub::Announcement>> NoticeHub::ReadAnnouncements(
    absl::Duration wait) {
  std::vector<Announcement> announcements;
  for (int i = 0; i < kAnnouncementsPerRound; ++i) {
    GK_ASSIGN_OR_RETURN(std::optional<RedisReply> message,
                        subscriber_.ReadPushed(i == 0 ? wait : absl::ZeroDuration()));
    if (!message.has_value()) break;
    // ["smessage", channel, "<id> <count> <audience>,..."]; confirmations are skipped.
    if (message->size() != 3 || message->element(0).str() != "smessage") continue;
    const std::vector<absl::string_view> parts = absl::StrSplit(message->element(2).str(), ' ');
    Announcement announcement;
    if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &announcement.id) ||
        !absl::SimpleAtoi(parts[1], &announcement.count)) {
      continue;
    }
    announcement.audiences = absl::StrSplit(parts[2], ',', absl::SkipEmpty());
    announcements.push_back(std::move(announcement));
  }
  return announcements;
}

void NoticeHub::SendLocked(NoticeWatch* watch, Watcher& watcher, const StoredNotice& stored,
                           bool read) {
  auto sent = watcher.sent.find(stored.id);
  if (sent != watcher.sent.end() && sent->second >= stored.count) return;
  watcher.sent[stored.id] = stored.count;
  if (watcher.sent.size() > kRememberedPerWatcher) watcher.sent.erase(watcher.sent.begin());
  watcher.since = std::max(watcher.since, stored.id);
  v1::Notice notice = ToNoticeMessage(stored, catalogue_);
  notice.set_read(read);
  watch->Send(std::move(notice));
}

absl::Status NoticeHub::StartPending() {
  std::vector<std::pair<NoticeWatch*, Watcher>> pending;
  {
    absl::MutexLock lock(&mutex_);
    for (const auto& [watch, watcher] : watchers_) {
      if (!watcher.started) pending.emplace_back(watch, watcher);
    }
  }
  NoticeStore store(reader_);
  for (auto& [watch, copy] : pending) {
    int64_t since = 0;
    std::vector<StoredNotice> missed;
    if (copy.after < 0) {
      GK_ASSIGN_OR_RETURN(since, store.LastId());
    } else {
      since = copy.after;
      GK_RETURN_IF_ERROR(ReadAfter(store, copy.user, copy.audiences, &since, &missed));
    }
    absl::MutexLock lock(&mutex_);
    auto found = watchers_.find(watch);
    if (found == watchers_.end()) continue;  // gone meanwhile
    found->second.started = true;
    found->second.since = since;
    watch->Started();
    for (const StoredNotice& notice : missed) {
      SendLocked(watch, found->second, notice, notice.read);
    }
  }
  return absl::OkStatus();
}

absl::Status NoticeHub::Resync() {
  std::vector<std::pair<NoticeWatch*, Watcher>> started;
  {
    absl::MutexLock lock(&mutex_);
    for (const auto& [watch, watcher] : watchers_) {
      if (watcher.started) started.emplace_back(watch, watcher);
    }
  }
  NoticeStore store(reader_);
  int resent = 0;
  for (auto& [watch, copy] : started) {
    int64_t since = copy.since;
    std::vector<StoredNotice> missed;
    GK_RETURN_IF_ERROR(ReadAfter(store, copy.user, copy.audiences, &since, &missed));
    absl::MutexLock lock(&mutex_);
    auto found = watchers_.find(watch);
    if (found == watchers_.end()) continue;
    for (const StoredNotice& notice : missed) {
      SendLocked(watch, found->second, notice, notice.read);
      ++resent;
    }
    found->second.since = std::max(found->second.since, since);
  }
  spdlog::info("event=notice_watchers_resynced watchers={} notices={}", started.size(), resent);
  return absl::OkStatus();
}

absl::Status NoticeHub::Dispatch(const Announcement& announcement) {
  std::vector<NoticeWatch*> concerned;
  std::vector<std::string> users;
  {
    absl::MutexLock lock(&mutex_);
    for (const auto& [watch, watcher] : watchers_) {
      if (!watcher.started || !Meets(watcher.audiences, announcement.audiences)) continue;
      concerned.push_back(watch);
      if (std::find(users.begin(), users.end(), watcher.user) == users.end()) {
        users.push_back(watcher.user);
      }
    }
  }
  if (concerned.empty()) return absl::OkStatus();
  NoticeStore store(reader_);
  std::vector<bool> read_by;
  GK_ASSIGN_OR_RETURN(std::optional<StoredNotice> stored,
                      store.Load(announcement.id, users, &read_by));
  if (!stored.has_value()) return absl::OkStatus();  // dropped meanwhile
  absl::MutexLock lock(&mutex_);
  for (NoticeWatch* watch : concerned) {
    auto found = watchers_.find(watch);
    if (found == watchers_.end()) continue;
    const size_t user = std::find(users.begin(), users.end(), found->second.user) - users.begin();
    SendLocked(watch, found->second, *stored, user < read_by.size() && read_by[user]);
  }
  return absl::OkStatus();
}

void NoticeHub::EndStalePending() {
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&mutex_);
  for (const auto& [watch, watcher] : watchers_) {
    if (!watcher.started && now - watcher.added > kStartTimeout) {
      watch->End(grpc::Status(grpc::StatusCode::UNAVAILABLE, "Redis 不可用，暂时无法接收提醒"));
    }
  }
}

void NoticeHub::EndAll(const grpc::Status& status) {
  absl::MutexLock lock(&mutex_);
  stopped_ = true;
  // Each call ends; its OnDone removes it from the map (after this lock is released).
  for (const auto& [watch, watcher] : watchers_) watch->End(status);
}

void NoticeHub::Run(const std::atomic<bool>& stop) {
  bool subscribed = false, subscribed_before = false, resync = false, failing = false;
  absl::Duration backoff = absl::Milliseconds(50);
  auto failed = [&](absl::string_view what, const absl::Status& status) {
    if (!failing) {
      spdlog::warn("event=notice_feed_unavailable step={} error=\"{}\"", what, status.message());
      failing = true;
    }
    EndStalePending();
    for (absl::Duration slept; slept < backoff && !stop.load(); slept += kReadWait) {
      absl::SleepFor(kReadWait);
    }
    backoff = std::min(backoff * 2, absl::Seconds(1));
  };
  while (!stop.load()) {
    if (!subscribed) {
      if (absl::Status status = Subscribe(); !status.ok()) {
        failed("subscribe", status);
        continue;
      }
      subscribed = true;
      // Announcements made while not subscribed are lost: every watcher reads again.
      resync = resync || subscribed_before;
      subscribed_before = true;
    }
    if (resync) {
      if (absl::Status status = Resync(); !status.ok()) {
        failed("resync", status);
        continue;
      }
      resync = false;
    }
    if (absl::Status status = StartPending(); !status.ok()) {
      failed("start", status);
      continue;
    }
    if (failing) {
      spdlog::info("event=notice_feed_restored");
      failing = false;
      backoff = absl::Milliseconds(50);
    }
    absl::StatusOr<std::vector<Announcement>> announcements = ReadAnnouncements(kReadWait);
    if (!announcements.ok()) {
      subscribed = false;
      failed("read", announcements.status());
      continue;
    }
    for (const Announcement& announcement : *announcements) {
      if (absl::Status status = Dispatch(announcement); !status.ok()) {
        resync = true;  // what this announcement carried is read again
        failed("dispatch", status);
        break;
      }
    }
  }
  EndAll(grpc::Status(grpc::StatusCode::UNAVAILABLE, "跟踪服务正在停止，请稍后重新接收提醒"));
}

}  // namespace gongkai
