// A process-wide cache of cases as this process committed them, by case number and version, so
// that the next command on a case naming that version need not read it again (the SubmitDraft
// after Clear in review, the Accept after Route in routing, the IssueReply after PrepareReply in
// reply).
//
// Safe because a version names one content: every change of a case raises its version, and the
// commit script refuses a plan made on an older one (ABORTED), exactly as with a fresh read. The
// one way a version could name other content is Redis losing writes (a crash under appendfsync
// everysec) and the number being used again: every connection failure starts a new epoch
// (RedisConnection::Epoch), and entries committed in an earlier one are not used.
//
// Example:
//   const int64_t epoch = RedisConnection::Epoch();
//   ... commit `change` ...
//   SharedCaseCache().Put(change.after, epoch);
//   std::optional<v1::Case> hit = SharedCaseCache().Find("2026-000123", 5);
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

class CaseCache {
 public:
  explicit CaseCache(size_t capacity) : capacity_(capacity) {}

  // The case at exactly `version`, if this process committed it in the current epoch.
  std::optional<v1::Case> Find(const std::string& case_number, int64_t version);
  // `committed` as stored by a commit that started in `epoch`; replaces the case's older entry.
  void Put(const v1::Case& committed, int64_t epoch);
  size_t size();

 private:
  struct Entry {
    v1::Case item;
    int64_t epoch;
  };
  const size_t capacity_;
  absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mutex_);
  std::deque<std::string> order_ ABSL_GUARDED_BY(mutex_);  // oldest insertion first
};

// The cache of this process: 20,000 cases (a few tens of MB at most).
CaseCache& SharedCaseCache();

}  // namespace gongkai
