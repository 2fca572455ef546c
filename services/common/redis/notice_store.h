// Staff reminders in Redis: delivery from the partitions' notice outboxes into per-audience
// inboxes, read marks per person, bounded retention, and the reads behind ListNotices and
// WatchNotices.
//
// Everything lives in ONE slot, `{notices}`: reminders are few (a handful per department and
// day), one slot keeps a person's page one script call, and lets one Lua step merge the entries
// of a sweep from all sixteen partitions into one notice while it moves their cursors.
//
//   gk:{notices}:cursors          hash: p00..p15 → id of the last outbox entry applied
//   gk:{notices}:seq              string: the last notice id given (ids only increase)
//   gk:{notices}:records          hash: id → kind \t department \t due_date \t at \t count \t
//                                 cases (comma-separated, the first 100) \t audiences \t sources
//                                 (the outbox entries merged in, "p03/1767225600000-0") \t moved
//                                 (1: a re-notice of cases moved from a department told before;
//                                 absent in records from before re-notices: 0)
//   gk:{notices}:merge            hash: kind|department|due_date|at → id, and
//                                 kind|department|due_date|at|moved → id for re-notices
//   gk:{notices}:ages             zset: id by the notice's `at` (Unix milliseconds)
//   gk:{notices}:inbox:<audience> zset: id by id; audiences dept:<code>, dispatch, managers
//   gk:{notices}:read:<user>      zset: ids the person marked read, by id
//   gk:{notices}:read_all         hash: user → every id up to this one is read ("all read")
//   gk:{notices}:readers          set: users holding read marks (for retention)
//   gk:{notices}:live             sharded channel: "<id> <count> <audience>,..." per notice
//                                 created or grown
//
// Exactly once: a delivery pass reads the cursors, reads each partition's outbox after its
// cursor, and applies the entries with one script that first checks every cursor it moves is
// still the value read (compare-and-set) and then moves them; a tracker that lost the race
// applies nothing and reads again. A notice also records the entries merged into it, so that
// even a repeated entry changes nothing.
//
// An entry's `moved` = "1" (the sweeper's re-notice of cases that moved on from a department that
// was told) takes the ladder's audiences for re-notices (rules/notice_ladder.h) and never merges
// with first notices: a person told of a case once is not told again inside a merged notice.
//
// Example:
//   NoticeStore notices(redis);
//   GK_ASSIGN_OR_RETURN(DeliveryResult delivered, notices.DeliverOnce(absl::Now()));
//   GK_ASSIGN_OR_RETURN(NoticePage page, notices.List("czj-li", {"dept:czj"}, false, 0, 20));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "redis/redis_connection.h"

namespace gongkai {

namespace keys {

std::string NoticeCursors();
std::string NoticeSequence();
std::string NoticeRecords();
std::string NoticeMergeKeys();
std::string NoticeAges();
std::string NoticeInbox(absl::string_view audience);
std::string NoticeReadMarks(absl::string_view user);
std::string NoticeReadAll();
std::string NoticeReaders();
std::string NoticeLive();

}  // namespace keys

// Retention. A statutory reply period is at most 20 + 20 working days plus pauses (a supplement
// restarts it, a consultation pauses it for up to 15 working days): a reminder older than a
// quarter concerns a case that is closed or long on the overdue list, which `gongkai overdue`
// shows anyway. So notices go after 90 days (by the sweeper's `at`), and with them their read
// marks and their places in the inboxes.
inline constexpr absl::Duration kNoticeRetention = absl::Hours(24 * 90);
// An inbox keeps its newest 2,000 notices: a department sees a few a day (two due-soon steps,
// overdue, lapsed consultations), the managers' inbox the overdue ones of every department —
// 90 days of a busy county office stay well inside it; the bound only stops a flood.
inline constexpr int kInboxCapacity = 2000;
// All notices together, the oldest going first: 20,000 of at most ~2 KB each.
inline constexpr int kMaxNotices = 20000;
// A notice lists its first 100 cases (by case number); `count` stays exact.
inline constexpr int kMaxListedCases = 100;
// A person's explicit read marks (beyond "all read up to N").
inline constexpr int kMaxReadMarks = 10000;
// Outbox entries read per partition in one delivery pass.
inline constexpr int kDeliveryBatch = 100;
// Delivered outbox entries are trimmed once they are also this old (kept for inspection).
inline constexpr absl::Duration kOutboxGrace = absl::Hours(1);
// Notices dropped by one retention pass at most.
inline constexpr int kRetentionBatch = 500;

// A notice as stored, with the reading person's read mark.
struct StoredNotice {
  int64_t id = 0;
  std::string kind;
  std::string department;
  std::string due_date;
  std::string at;
  int64_t count = 0;
  std::vector<std::string> case_numbers;
  std::vector<std::string> audiences;
  bool moved = false;  // a re-notice of cases moved from a department that was told
  bool read = false;
};

struct DeliveryResult {
  int entries = 0;  // outbox entries applied (or skipped) in this pass
  int created = 0;  // new notices
  int merged = 0;   // entries merged into an existing notice
  int skipped = 0;  // malformed or older than the retention
};

struct NoticePage {
  std::vector<StoredNotice> notices;
  bool more = false;   // another page follows
  int64_t unread = 0;  // the person's unread notices in all
  // The person's newest notice id when the page was read (0: none), whatever the filter and the
  // page: a watch after it misses nothing delivered since.
  int64_t newest = 0;
};

class NoticeStore {
 public:
  explicit NoticeStore(RedisConnection& redis) : redis_(redis) {}

  // One delivery pass over every partition's outbox. ABORTED when another tracker moved a
  // cursor since it was read (nothing applied: read again); UNAVAILABLE without Redis.
  absl::StatusOr<DeliveryResult> DeliverOnce(absl::Time now);

  // Trims each outbox behind its cursor, keeping entries younger than kOutboxGrace.
  absl::Status TrimOutboxes(absl::Time now);

  // Drops notices older than kNoticeRetention and beyond kMaxNotices (at most kRetentionBatch a
  // call), from the records, the inboxes and every read mark; returns how many.
  absl::StatusOr<int> ApplyRetention(absl::Time now);

  // The person's notices in `audiences`, newest first, with ids below `before` (0: from the
  // newest), at most `limit`; `unread_only` leaves out the ones they read.
  absl::StatusOr<NoticePage> List(absl::string_view user, const std::vector<std::string>& audiences,
                                  bool unread_only, int64_t before, int limit);

  // The person's notices with ids above `after`, oldest first, at most `limit`.
  absl::StatusOr<std::vector<StoredNotice>> ListAfter(absl::string_view user,
                                                      const std::vector<std::string>& audiences,
                                                      int64_t after, int limit);

  // Marks `ids` read for `user`. NOT_FOUND naming the first id that is not one of the person's
  // notices (and nothing is marked). Returns how many were unread.
  absl::StatusOr<int> MarkRead(absl::string_view user, const std::vector<std::string>& audiences,
                               const std::vector<int64_t>& ids);
  // Marks every notice delivered up to now read for `user`; returns how many were unread.
  absl::StatusOr<int> MarkAllRead(absl::string_view user,
                                  const std::vector<std::string>& audiences);

  // The last notice id given (0: none yet).
  absl::StatusOr<int64_t> LastId();

  // One notice and, per user of `users`, whether they read it; nullopt when it is gone.
  absl::StatusOr<std::optional<StoredNotice>> Load(int64_t id,
                                                   const std::vector<std::string>& users,
                                                   std::vector<bool>* read_by);

 private:
  absl::StatusOr<std::vector<StoredNotice>> Read(absl::string_view user,
                                                 const std::vector<std::string>& audiences,
                                                 bool descending, int64_t bound, int limit,
                                                 bool unread_only, NoticePage* page);

  RedisConnection& redis_;
};

// Parses a stored record ("kind \t department \t ..."); false when malformed.
bool ParseNoticeRecord(absl::string_view record, StoredNotice* notice);

}  // namespace gongkai
