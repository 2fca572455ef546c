#include "notice_hub.h"

#include <algorithm>
#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/logging.h"
#include "base/status_macros.h"
#include "redis/keys.h"
#include "rules/department_key.h"
#include "rules/notice_ladder.h"

namespace gongkai {
namespace {

// How long one read of the subscription waits: also how soon a new watcher is started.
constexpr absl::Duration kReadWait = absl::Milliseconds(50);
// ... while a watcher catches up: how soon the next page follows a client's reading.
constexpr absl::Duration kCatchUpWait = absl::Milliseconds(5);
// Announcements handled before new watchers are looked at again.
constexpr int kAnnouncementsPerRound = 200;
// A watcher that could not be started (Redis unreachable) this long is ended.
constexpr absl::Duration kStartTimeout = absl::Seconds(3);
// Ids (with the count sent) remembered per watcher, so that an announcement of what a catch-up
// already sent is not sent again.
constexpr size_t kRememberedPerWatcher = 512;

bool Meets(const std::vector<std::string>& mine, const std::vector<std::string>& told) {
  for (const std::string& audience : mine) {
    if (std::find(told.begin(), told.end(), audience) != told.end()) return true;
  }
  return false;
}

}  // namespace

v1::Notice ToNoticeMessage(const StoredNotice& stored, const AgencyCatalogue& catalogue) {
  v1::Notice notice;
  notice.set_id(std::to_string(stored.id));
  notice.set_kind(stored.kind);
  absl::StatusOr<std::string> title = NoticeTitle(stored.kind, stored.due_date, stored.count);
  notice.set_title(title.ok() ? *title : absl::StrCat(stored.count, "件申请有新提醒"));
  // The notice names "<agency>:<unit>" (rules/department_key.h); staff read the unit's name.
  const DepartmentRef ref = SplitDepartmentKey(stored.department);
  notice.set_department(ref.department);
  notice.set_agency(ref.agency);
  const Agency* agency = catalogue.Find(ref.agency);
  const Department* department = agency != nullptr ? agency->units.Find(ref.department) : nullptr;
  notice.set_department_name(department != nullptr    ? department->name
                             : ref.department.empty() ? "待分办"
                                                      : ref.department);
  notice.set_due_date(stored.due_date);
  notice.set_at(stored.at);
  notice.set_count(stored.count);
  for (const std::string& number : stored.case_numbers) notice.add_case_numbers(number);
  notice.set_moved(stored.moved);
  notice.set_read(stored.read);
  return notice;
}

// --- NoticeWatch -------------------------------------------------------------------------------

std::function<void(const grpc::Status&)> NoticeWatch::HeldFinisher() {
  {
    absl::MutexLock lock(&mutex_);
    ++holds_;
  }
  // Released when the last copy of the finisher goes, whether it ran or not.
  std::shared_ptr<NoticeWatch> hold(this, [](NoticeWatch* watch) { watch->Release(); });
  return [hold](const grpc::Status& status) { hold->End(status); };
}

void NoticeWatch::Release() {
  bool gone = false;
  {
    absl::MutexLock lock(&mutex_);
    --holds_;
    gone = done_ && holds_ == 0;
  }
  if (gone) delete this;
}

void NoticeWatch::Started() {
  absl::MutexLock lock(&mutex_);
  if (finishing_ || started_) return;
  started_ = true;
  StartSendInitialMetadata();
}

void NoticeWatch::Send(v1::Notice notice) {
  absl::MutexLock lock(&mutex_);
  if (finishing_) return;
  if (announced_ >= kMaxQueued) {
    FinishLocked(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                              "未读取的提醒积压过多，请先查看提醒列表，再重新接收"));
    return;
  }
  queue_.emplace_back(std::move(notice), true);
  ++announced_;
  if (!writing_) WriteNextLocked();
}

void NoticeWatch::SendCaughtUp(v1::Notice notice) {
  absl::MutexLock lock(&mutex_);
  if (finishing_) return;
  queue_.emplace_back(std::move(notice), false);
  if (!writing_) WriteNextLocked();
}

size_t NoticeWatch::queued() const {
  absl::MutexLock lock(&mutex_);
  return queue_.size();
}

void NoticeWatch::End(const grpc::Status& status) {
  absl::MutexLock lock(&mutex_);
  FinishLocked(status);
}

void NoticeWatch::FinishLocked(const grpc::Status& status) {
  if (finishing_) return;
  finishing_ = true;
  queue_.clear();
  announced_ = 0;
  // One operation at a time: a write in flight finishes first.
  if (writing_) {
    finish_after_write_ = status;
    return;
  }
  Finish(status);
}

void NoticeWatch::WriteNextLocked() {
  auto& [notice, announced] = queue_.front();
  writing_now_ = std::move(notice);
  if (announced) --announced_;
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
    announced_ = 0;
    Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    return;
  }
  if (!queue_.empty()) WriteNextLocked();
}

void NoticeWatch::OnCancel() { End(grpc::Status::CANCELLED); }

void NoticeWatch::OnDone() {
  if (hub_ != nullptr && watcher_id_ != 0) hub_->Remove(watcher_id_);
  bool gone = false;
  {
    absl::MutexLock lock(&mutex_);
    done_ = true;
    gone = holds_ == 0;
  }
  // Otherwise a HeldFinisher is still out (an admission recording a refusal): it deletes it.
  if (gone) delete this;
}

// --- NoticeHub ---------------------------------------------------------------------------------

NoticeHub::NoticeHub(RedisOptions options, const AgencyCatalogue& catalogue)
    : subscriber_(options), reader_(options), catalogue_(catalogue) {}

absl::Status NoticeHub::Add(NoticeWatch* watch, std::string user,
                            std::vector<std::string> audiences, int64_t after) {
  absl::MutexLock lock(&mutex_);
  if (stopped_) return absl::UnavailableError("跟踪服务正在停止，请稍后重新接收提醒");
  if (watchers_.size() >= kMaxWatchers) {
    return absl::ResourceExhaustedError(
        absl::StrCat("同时接收提醒的连接已达上限（", kMaxWatchers, "个）"));
  }
  const uint64_t id = ++last_watcher_id_;
  watch->watcher_id_ = id;
  Watcher& watcher = watchers_[id];
  watcher.watch = watch;
  watcher.user = std::move(user);
  watcher.audiences = std::move(audiences);
  watcher.after = after;
  watcher.added = absl::Now();
  return absl::OkStatus();
}

void NoticeHub::Remove(uint64_t watcher_id) {
  absl::MutexLock lock(&mutex_);
  watchers_.erase(watcher_id);
}

size_t NoticeHub::watching() const {
  absl::MutexLock lock(&mutex_);
  return watchers_.size();
}

absl::Status NoticeHub::Subscribe() {
  GK_ASSIGN_OR_RETURN(
      std::vector<RedisReply> replies,
      subscriber_.Pipeline({{keys::NoticesRoute(), {"SSUBSCRIBE", keys::NoticeLive()}}}));
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

void NoticeHub::SendLocked(Watcher& watcher, const StoredNotice& stored, bool read,
                           bool announced) {
  watcher.since = std::max(watcher.since, stored.id);
  auto sent = watcher.sent.find(stored.id);
  if (sent != watcher.sent.end() && sent->second >= stored.count) return;
  watcher.sent[stored.id] = stored.count;
  if (watcher.sent.size() > kRememberedPerWatcher) watcher.sent.erase(watcher.sent.begin());
  v1::Notice notice = ToNoticeMessage(stored, catalogue_);
  notice.set_read(read);
  if (announced) {
    watcher.watch->Send(std::move(notice));
  } else {
    watcher.watch->SendCaughtUp(std::move(notice));
  }
}

absl::Status NoticeHub::StartPending() {
  std::vector<uint64_t> pending;
  bool from_now = false;
  {
    absl::MutexLock lock(&mutex_);
    for (const auto& [id, watcher] : watchers_) {
      if (watcher.started) continue;
      pending.push_back(id);
      from_now = from_now || watcher.after < 0;
    }
  }
  if (pending.empty()) return absl::OkStatus();
  int64_t last = 0;
  if (from_now) {
    NoticeStore store(reader_);
    GK_ASSIGN_OR_RETURN(last, store.LastId());
  }
  absl::MutexLock lock(&mutex_);
  for (uint64_t id : pending) {
    auto found = watchers_.find(id);
    if (found == watchers_.end() || found->second.started) continue;  // gone meanwhile
    Watcher& watcher = found->second;
    watcher.started = true;
    // From `after`, the catch-up sends what was kept, a page at a time (CatchUp).
    watcher.since = watcher.after < 0 ? last : watcher.after;
    watcher.catching_up = watcher.after >= 0;
    watcher.watch->Started();
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> NoticeHub::CatchUp() {
  struct Page {
    uint64_t id;
    std::string user;
    std::vector<std::string> audiences;
    int64_t since;
  };
  std::vector<Page> due;
  bool catching_up = false;
  {
    absl::MutexLock lock(&mutex_);
    for (const auto& [id, watcher] : watchers_) {
      if (!watcher.started || !watcher.catching_up) continue;
      catching_up = true;
      // The next page once the client has read most of the last: a client far behind holds
      // at most two pages here, never enough to be ended as a slow reader.
      if (watcher.watch->queued() < static_cast<size_t>(kCatchUp)) {
        due.push_back({id, watcher.user, watcher.audiences, watcher.since});
      }
    }
  }
  NoticeStore store(reader_);
  for (const Page& page : due) {
    GK_ASSIGN_OR_RETURN(std::vector<StoredNotice> found,
                        store.ListAfter(page.user, page.audiences, page.since, kCatchUp));
    absl::MutexLock lock(&mutex_);
    auto watcher = watchers_.find(page.id);
    if (watcher == watchers_.end() || !watcher->second.catching_up) continue;  // gone meanwhile
    for (const StoredNotice& notice : found) {
      SendLocked(watcher->second, notice, notice.read, /*announced=*/false);
    }
    if (found.size() < static_cast<size_t>(kCatchUp)) watcher->second.catching_up = false;
  }
  if (due.empty()) return catching_up;
  absl::MutexLock lock(&mutex_);
  for (const auto& [id, watcher] : watchers_) {
    if (watcher.catching_up) return true;
  }
  return false;
}

void NoticeHub::Resync() {
  size_t watchers = 0;
  absl::MutexLock lock(&mutex_);
  for (auto& [id, watcher] : watchers_) {
    if (!watcher.started) continue;
    watcher.catching_up = true;
    ++watchers;
  }
  spdlog::info("event=notice_watchers_resyncing watchers={}", watchers);
}

absl::Status NoticeHub::Dispatch(const Announcement& announcement) {
  // Started, of one of the notice's audiences, and not catching up to it: a catching-up watcher
  // reads a newer notice in its turn, and a catch-up that reads this one gets its latest count.
  auto concerns = [&announcement](const Watcher& watcher) {
    return watcher.started && Meets(watcher.audiences, announcement.audiences) &&
           !(watcher.catching_up && announcement.id > watcher.since);
  };
  std::vector<uint64_t> concerned;
  std::vector<std::string> users;
  {
    absl::MutexLock lock(&mutex_);
    for (const auto& [id, watcher] : watchers_) {
      if (!concerns(watcher)) continue;
      concerned.push_back(id);
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
  for (uint64_t id : concerned) {
    auto found = watchers_.find(id);
    if (found == watchers_.end() || !concerns(found->second)) continue;
    const size_t user = std::find(users.begin(), users.end(), found->second.user) - users.begin();
    SendLocked(found->second, *stored, user < read_by.size() && read_by[user],
               /*announced=*/true);
  }
  return absl::OkStatus();
}

void NoticeHub::EndStalePending() {
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&mutex_);
  for (const auto& [id, watcher] : watchers_) {
    if (!watcher.started && now - watcher.added > kStartTimeout) {
      watcher.watch->End(
          grpc::Status(grpc::StatusCode::UNAVAILABLE, "Redis 不可用，暂时无法接收提醒"));
    }
  }
}

void NoticeHub::EndAll(const grpc::Status& status) {
  absl::MutexLock lock(&mutex_);
  stopped_ = true;
  // Each call ends; its OnDone removes it from the map (after this lock is released).
  for (const auto& [id, watcher] : watchers_) watcher.watch->End(status);
}

void NoticeHub::Run(const std::atomic<bool>& stop) {
  bool subscribed = false, subscribed_before = false, failing = false;
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
      // Announcements made while not subscribed are lost: every watcher catches up.
      if (subscribed_before) Resync();
      subscribed_before = true;
    }
    if (absl::Status status = StartPending(); !status.ok()) {
      failed("start", status);
      continue;
    }
    absl::StatusOr<bool> catching_up = CatchUp();
    if (!catching_up.ok()) {
      failed("catch_up", catching_up.status());
      continue;
    }
    if (failing) {
      spdlog::info("event=notice_feed_restored");
      failing = false;
      backoff = absl::Milliseconds(50);
    }
    absl::StatusOr<std::vector<Announcement>> announcements =
        ReadAnnouncements(*catching_up ? kCatchUpWait : kReadWait);
    if (!announcements.ok()) {
      subscribed = false;
      failed("read", announcements.status());
      continue;
    }
    for (const Announcement& announcement : *announcements) {
      if (absl::Status status = Dispatch(announcement); !status.ok()) {
        Resync();  // what this announcement carried is read again
        failed("dispatch", status);
        break;
      }
    }
  }
  EndAll(grpc::Status(grpc::StatusCode::UNAVAILABLE, "跟踪服务正在停止，请稍后重新接收提醒"));
}

}  // namespace gongkai
