#include "handed_case.h"

#include "logging.h"
#include "redis/case_cache.h"
#include "status_macros.h"

namespace gongkai {

absl::StatusOr<Disposition> ActOnHandedCase(CaseStore& store, const StreamEntry& entry,
                                            v1::CaseState expected, const PlanChange& plan) {
  // The entry carries the case as it was handed over; a commit planned on it fails with ABORTED
  // if the case has moved since, just as a fresh read would show. Entries without it (written
  // before they carried it, or by hand) are read from the store.
  absl::StatusOr<v1::Case> current = v1::Case();
  if (entry.data.empty() ||
      !current->ParseFromArray(entry.data.data(), static_cast<int>(entry.data.size())) ||
      current->case_number() != entry.case_number || current->version() != entry.version) {
    current = store.Load(entry.case_number, /*with_events=*/false);
  }
  if (absl::IsNotFound(current.status()) || absl::IsInvalidArgument(current.status())) {
    spdlog::warn("event=entry_without_case case={} entry={}", entry.case_number, entry.ref.id);
    return Disposition::kDiscard;
  }
  if (!current.ok()) return current.status();
  if (current->state() != expected || current->version() != entry.version) {
    return Disposition::kDiscard;  // already done: this delivery is a repeat
  }
  GK_ASSIGN_OR_RETURN(CaseChange change, plan(*current));
  const int64_t epoch = RedisConnection::Epoch();
  absl::StatusOr<int64_t> committed = store.Commit(change, &entry.ref);
  if (absl::IsAborted(committed.status())) return Disposition::kDiscard;  // moved on meanwhile
  if (absl::IsNotFound(committed.status())) {
    spdlog::warn("event=entry_without_case case={} entry={}", entry.case_number, entry.ref.id);
    return Disposition::kDiscard;
  }
  if (!committed.ok()) return committed.status();
  SharedCaseCache().Put(change.after, epoch);
  spdlog::info("event=transition case={} command={} from={} to={} version={} user={}",
               entry.case_number, change.event.command(), StateName(change.from_state),
               StateName(change.after.state()), *committed, change.event.actor().user_id());
  return Disposition::kCommitted;
}

}  // namespace gongkai
