#include "rules/case_indexes.h"

#include "absl/time/time.h"
#include "base/clock.h"
#include "base/status_macros.h"
#include "rules/case_search.h"
#include "rules/consultation_checks.h"
#include "rules/due_score.h"

namespace gongkai {
namespace {

std::optional<QueuePlace> QueueOfCase(v1::CaseState state, const std::string& department) {
  const QueueKind kind = QueueOf(state);
  if (kind == QueueKind::kNone) return std::nullopt;
  // Only the department queues are per department; the others are one per partition.
  return QueuePlace{kind, kind == QueueKind::kDepartment ? department : ""};
}

// Several parties may be consulted at once: the case is due for attention by the first answer
// any of the open consultations awaits.
absl::StatusOr<absl::CivilDay> EarliestOpenAnswerDue(const v1::Case& item) {
  std::optional<absl::CivilDay> earliest;
  for (const v1::Consultation& consultation : item.consultations()) {
    if (!IsOpen(consultation)) continue;
    absl::CivilDay answer_due;
    if (!ParseDay(consultation.answer_due(), &answer_due)) {
      return absl::InvalidArgumentError("`consultation.answer_due` is not a date");
    }
    if (!earliest || answer_due < *earliest) earliest = answer_due;
  }
  if (!earliest) return absl::InvalidArgumentError("no open consultation");
  return *earliest;
}

}  // namespace

bool ClockRuns(const v1::Case& item) {
  return item.state() != v1::CASE_STATE_CLOSED &&
         (item.clock() == v1::CLOCK_STATE_RUNNING || item.clock() == v1::CLOCK_STATE_UNSPECIFIED) &&
         !item.deadline().due_date().empty();
}

bool AwaitsConsultation(const v1::Case& item) {
  return item.state() != v1::CASE_STATE_CLOSED && item.clock() == v1::CLOCK_STATE_CONSULTING &&
         OpenConsultations(item) > 0;
}

absl::StatusOr<IndexMoves> PlanIndexMoves(const CaseChange& change) {
  const v1::Case& after = change.after;
  GK_ASSIGN_OR_RETURN(CaseNumber number, ParseCaseNumber(after.case_number()));
  // A case being created was in no index: nothing to take it out of.
  const bool existed = change.from_version > 0;
  IndexMoves moves;

  const std::optional<QueuePlace> before_queue =
      existed ? QueueOfCase(change.from_state, change.from_department) : std::nullopt;
  moves.enter_queue = QueueOfCase(after.state(), after.department());
  // Re-entering the same queue (a reassignment within a department) must not remove the case.
  if (before_queue && before_queue != moves.enter_queue) moves.leave_queue = before_queue;
  moves.hand_to = RuleOf(change.command).hands_to;

  const bool clock_runs = ClockRuns(after);
  if (clock_runs) {
    moves.due = IndexMove::kPut;
    GK_ASSIGN_OR_RETURN(moves.due_score, DueScoreOf(after.deadline(), number));
  } else if (existed) {
    moves.due = IndexMove::kTake;
  }

  if (after.state() != v1::CASE_STATE_CLOSED) {
    moves.open = IndexMove::kPut;
    if (clock_runs) moves.open_score = moves.due_score;
  } else if (existed) {
    moves.open = IndexMove::kTake;
  }

  if (AwaitsConsultation(after)) {
    GK_ASSIGN_OR_RETURN(absl::CivilDay answer_due, EarliestOpenAnswerDue(after));
    moves.consulting = IndexMove::kPut;
    moves.consulting_score = DueScore(answer_due, number);
  } else if (existed) {
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
