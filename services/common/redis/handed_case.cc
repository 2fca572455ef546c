#include "redis/handed_case.h"

#include "base/logging.h"
#include "base/status_macros.h"

namespace gongkai {

absl::StatusOr<std::optional<CaseChange>> PlanHandedCase(CaseStore& store, const StreamEntry& entry,
                                                         v1::CaseState expected,
                                                         const PlanChange& plan) {
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
    return std::nullopt;
  }
  if (!current.ok()) return current.status();
  if (current->state() != expected || current->version() != entry.version) {
    return std::nullopt;  // already done: this delivery is a repeat
  }
  GK_ASSIGN_OR_RETURN(CaseChange change, plan(*current));
  return change;
}

}  // namespace gongkai
