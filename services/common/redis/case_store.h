// The store adapter: cases, their histories and the work queues in Redis. The only place that
// knows how a case is laid out in Redis; the services speak to it in domain terms.
//
// Errors: NOT_FOUND for an unknown case; ABORTED when the case changed since it was read (reload
// and retry); ALREADY_EXISTS when a case number is taken; UNAVAILABLE when Redis is unreachable.
//
// Example:
//   CaseStore store(redis);
//   GK_ASSIGN_OR_RETURN(v1::Case current, store.Load("2026-000123", /*with_events=*/false));
//   GK_ASSIGN_OR_RETURN(CaseChange change, AcceptCase(current, actor, now));
//   GK_ASSIGN_OR_RETURN(int64_t version, store.Commit(change));
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongkai/v1/case.pb.h"
#include "redis/missing_partitions.h"
#include "redis/redis_connection.h"
#include "rules/case_commands.h"
#include "rules/case_number.h"

namespace gongkai {

// A stream entry being processed: committed together with the change it caused.
struct StreamEntryRef {
  int partition = 0;
  Stage stage = Stage::kNone;
  std::string group;
  std::string id;
};

struct AllocatedNumber {
  std::string case_number;
  int64_t agency_sequence = 0;  // the running number within the agency and year
  bool fresh = false;           // false: the request id had already been given these numbers
};

// A page of a list paged by score: how many, and the cursor (the last score already listed).
struct PageRequest {
  int size = 50;
  int64_t after = 0;
};
// Page size 1-500 (0 means 50) and a page token this service issued; INVALID_ARGUMENT otherwise.
absl::StatusOr<PageRequest> ParsePage(const v1::QueuePage& page);

// A case listed from an index, with its score there and when it last changed.
struct ScoredCase {
  int64_t score = 0;
  v1::Case item;
  std::string updated_at;
};

// The line a queue shows for a case.
v1::CaseSummary Summarize(const v1::Case& item, absl::string_view updated_at);

// The transition script's keys and arguments for committing `change` (Commit and CommitMany run
// it).
using TransitionCall = ScriptCall;  // on the case's partition
absl::StatusOr<TransitionCall> PrepareTransition(const CaseChange& change,
                                                 const StreamEntryRef* consumed = nullptr);

class CaseStore {
 public:
  explicit CaseStore(RedisConnection& redis) : redis_(redis) {}

  // The case number for a registration with `request_id`: the one it already has, or the next
  // of `year`. ALREADY_EXISTS when the id was used for a request with another fingerprint. The
  // number is listed among `applicant`'s requests of `receipt_month` (YYYYMM) in the same step.
  // With `taken`: the number given before (`given_before`) is that other request's case already
  // (the numbering master lost allocations in a failover); it is skipped, the counters moved
  // past it, and the next numbers given.
  absl::StatusOr<AllocatedNumber> AllocateCaseNumber(
      absl::string_view request_id, absl::string_view fingerprint, absl::string_view agency,
      int year, absl::string_view applicant, absl::string_view receipt_month,
      const AllocatedNumber* given_before = nullptr, const v1::Case* taken = nullptr);

  // The requests `applicant` made in `month` (YYYYMM), in the order registered: the case numbers
  // of cases that exist (a number allocated for a registration that never committed is left
  // out). The fee per request (按件) is charged by a request's place in this list.
  absl::StatusOr<std::vector<std::string>> ApplicantMonthRequests(absl::string_view applicant,
                                                                  absl::string_view month);

  absl::StatusOr<v1::Case> Load(absl::string_view case_number, bool with_events);
  // The case a command naming `expected_version` (0: whatever is stored) is planned on: the one
  // this process committed at that version (redis/case_cache.h), without a read, or the stored
  // one. ABORTED when the stored case is at another version than the one named.
  absl::StatusOr<v1::Case> LoadForChange(absl::string_view case_number, int64_t expected_version);
  // Appends `read` to the case's chain of personal-data reads (setting its hashes) in one atomic
  // step checked against the chain's head: `known_head`, the case's `reads_head` as loaded.
  absl::Status RecordPersonalDataRead(absl::string_view case_number, v1::PersonalDataRead read,
                                      std::string known_head);
  // Only the version and state of a case: two small fields, not the whole record.
  absl::StatusOr<v1::CaseVersion> LoadVersion(absl::string_view case_number);

  // Cases with their histories and personal-data reads, as Load gives them, in one round trip:
  // per case the case, NOT_FOUND or DATA_LOSS. Fails as a whole when Redis does.
  absl::StatusOr<std::vector<absl::StatusOr<v1::Case>>> LoadWithHistories(
      const std::vector<CaseNumber>& numbers);

  // Cases as a list shows them (without histories, with when they last changed), in the order
  // given, in one round trip; a missing or unreadable one is left out. The score is QueueScore.
  absl::StatusOr<std::vector<ScoredCase>> LoadListed(const std::vector<CaseNumber>& numbers);

  // Many cases in one round trip, without their histories; nullopt for a missing or unreadable
  // one.
  absl::StatusOr<std::vector<std::optional<v1::Case>>> LoadMany(
      const std::vector<std::string>& case_numbers);

  // Commits `change` if the case is still at change.from_version; returns the new version.
  // With `consumed`, the stream entry is acknowledged in the same atomic step. Every commit of a
  // case change goes through here or CommitMany: each committed case is kept in the process's
  // case cache and logged (event=transition).
  absl::StatusOr<int64_t> Commit(const CaseChange& change,
                                 const StreamEntryRef* consumed = nullptr);

  // Commits `changes[i]` (together with the acknowledgement of `consumed[i]`, when `consumed` is
  // not empty), all in one round trip; each result is what Commit would give. Fails as a whole
  // only when Redis cannot be reached, and then some of the changes may have been committed
  // (each atomically).
  absl::StatusOr<std::vector<absl::StatusOr<int64_t>>> CommitMany(
      const std::vector<CaseChange>& changes, const std::vector<StreamEntryRef>& consumed = {});

  // One page of a work queue over all partitions, oldest registration first; without the
  // partitions whose master cannot be reached (named in its missing_partitions).
  absl::StatusOr<v1::QueueResponse> ListQueue(QueueKind kind, absl::string_view agency,
                                              absl::string_view department,
                                              const v1::QueuePage& page);

  // Cases of the due index (no `departments`), or of the open indexes of `departments`
  // (DepartmentKey, rules/department_key.h; an agency's code alone for all its open cases), with
  // after < score < until, lowest score first, at most `limit`, over all partitions but those
  // whose master cannot be reached (recorded in `missing`).
  absl::StatusOr<std::vector<ScoredCase>> ListByDueScore(
      const std::vector<std::string>& departments, int64_t after, int64_t until, int limit,
      MissingPartitions& missing);

  // The case numbers whose clock runs (the due indexes), for re-computation.
  absl::StatusOr<std::vector<std::string>> RunningClocks();

  RedisConnection& redis() { return redis_; }

 private:
  // Each case of `numbers` (with the score it is listed under) in one pipeline; those gone
  // meanwhile are left out.
  absl::StatusOr<std::vector<ScoredCase>> LoadScored(
      const std::vector<std::pair<CaseNumber, int64_t>>& numbers);
  // Keeps a committed case in the process's cache and logs the transition.
  void Committed(const CaseChange& change, int64_t version, int64_t epoch);

  // The cases of some sorted sets per partition (`keys_of(partition)`) scored in (after,
  // until), merged, lowest score first, at most `limit`: one round trip for the ranges, one for
  // the cases. Partitions whose master cannot be reached are left out and recorded in `missing`.
  absl::StatusOr<std::vector<ScoredCase>> ListScored(
      const std::function<std::vector<std::string>(int)>& keys_of, int64_t after,
      const std::string& until, int limit, MissingPartitions& missing);

  RedisConnection& redis_;
};

}  // namespace gongkai
