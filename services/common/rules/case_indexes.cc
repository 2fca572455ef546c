#include "rules/case_indexes.h"

#include "absl/time/time.h"
#include "base/clock.h"
#include "base/status_macros.h"
#include "rules/case_search.h"

namespace gongkai {
namespace {

std::optional<QueuePlace> QueueOfCase(v1::CaseState state, const std::string& department) {
  const QueueKind kind = QueueOf(state);
  if (kind == QueueKind::kNone) return std::nullopt;
  // Only the department queues are per department; the others are one per partition.
  return QueuePlace{kind, kind == QueueKind::kDepartment ? department : ""};
}

}  // namespace

absl::StatusOr<IndexMoves> PlanIndexMoves(const CaseChange& change) {
  const v1::Case& after = change.after;
  // A case being created was in no index: nothing to take it out of.
  const bool existed = change.from_version > 0;
  IndexMoves moves;

  const std::optional<QueuePlace> before_queue =
      existed ? QueueOfCase(change.from_state, change.from_department) : std::nullopt;
  moves.enter_queue = QueueOfCase(after.state(), after.department());
  // Re-entering the same queue (a reassignment within a department) must not remove the case.
  if (before_queue && before_queue != moves.enter_queue) moves.leave_queue = before_queue;
  moves.hand_to = RuleOf(change.command).hands_to;

  // An index the change does not move the case in is left alone: the same score under the same
  // department (a new department matters to the open index and to the sweeper's marks, which
  // the script checks when it puts the case in the due or consulting index).
  GK_ASSIGN_OR_RETURN(IndexPlaces places, IndexPlacesOf(after));
  const std::optional<IndexPlaces>& before = change.placed_before;  // unknown: write them all
  const bool stays = existed && before.has_value() && change.from_department == after.department();
  if (places.due) {
    moves.due = stays && before->due == places.due ? IndexMove::kNone : IndexMove::kPut;
    moves.due_score = *places.due;
  } else if (existed && !(before && !before->due)) {
    moves.due = IndexMove::kTake;
  }

  if (places.open) {
    moves.open =
        stays && before->open && before->due == places.due ? IndexMove::kNone : IndexMove::kPut;
    moves.open_score = places.due;
  } else if (existed && !(before && !before->open)) {
    moves.open = IndexMove::kTake;
  }

  if (places.consulting) {
    moves.consulting =
        stays && before->consulting == places.consulting ? IndexMove::kNone : IndexMove::kPut;
    moves.consulting_score = *places.consulting;
  } else if (existed && !(before && !before->consulting)) {
    moves.consulting = IndexMove::kTake;
  }

  absl::Time changed_at;
  std::string unparsed;
  if (!absl::ParseTime(absl::RFC3339_full, change.event.at(), &changed_at, &unparsed)) {
    return absl::InvalidArgumentError("`event.at` is not an RFC 3339 timestamp");
  }
  moves.recent_score = absl::ToUnixMillis(changed_at);
  if (!existed) {
    moves.name_digest = ApplicantNameDigest(after.applicant().name());
    moves.search_text = FoldForSearch(after.request().description());
  }

  moves.counts_reply =
      after.state() == v1::CASE_STATE_CLOSED &&
      (change.command == Command::kIssueReply || change.command == Command::kAnswerOnTheSpot);
  if (moves.counts_reply) {
    moves.replied_on_time = after.replied_on_time();
    moves.working_days_to_reply = after.working_days_to_reply();
  }
  return moves;
}

}  // namespace gongkai
