#include "prepare_replies.h"

#include "absl/strings/string_view.h"
#include "case_commands.h"
#include "documents.h"
#include "grpc/call_context.h"
#include "logging.h"
#include "status_macros.h"

namespace gongkai {

absl::StatusOr<Disposition> PrepareReplyLetter(absl::string_view agency, const Clock& clock,
                                               CaseStore& store, const StreamEntry& entry) {
  absl::StatusOr<v1::Case> current = store.Load(entry.case_number, /*with_events=*/false);
  if (absl::IsNotFound(current.status()) || absl::IsInvalidArgument(current.status())) {
    spdlog::warn("event=reply_entry_without_case case={} entry={}", entry.case_number,
                 entry.ref.id);
    return Disposition::kDiscard;
  }
  if (!current.ok()) return current.status();
  if (current->state() != v1::CASE_STATE_CLEARED || current->version() != entry.version) {
    return Disposition::kDiscard;  // already prepared: this delivery is a repeat
  }
  const absl::Time now = clock.Now();
  std::string letter = RenderReplyLetter(*current, agency, ChinaDay(now));
  GK_ASSIGN_OR_RETURN(CaseChange change,
                      PrepareReply(*current, std::move(letter), ServiceActor("reply"), now));
  absl::StatusOr<int64_t> committed = store.Commit(change, &entry.ref);
  if (absl::IsAborted(committed.status())) return Disposition::kDiscard;
  if (!committed.ok()) return committed.status();
  spdlog::info("event=reply_prepared case={} outcome={}", entry.case_number,
               v1::Outcome_Name(current->draft().outcome()));
  return Disposition::kCommitted;
}

}  // namespace gongkai
