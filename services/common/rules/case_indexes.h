// Which of its partition's indexes a case belongs to, and so how a change moves it between them.
// The transition script (redis/scripts.cc) carries these decisions out in the same atomic step
// as the change; it decides nothing itself.
//
//   work queue    the queue of its state (QueueOf), per department for a department's cases
//   due index     open cases whose statutory clock runs, by DueScore of the due date
//   open index    every open case, per department ("" before it has one), by DueScore while
//                 the clock runs and +inf while it stands (a supplement or consultation)
//   consulting    cases waiting for a consulted party, by DueScore of the earliest answer-due day
//                 among the open consultations
//   reply stats   counted once, when a reply closes the case (on time or late, working days)
//   recent        every case, by the moment it last changed (the search box scans the newest)
//   name          the cases of one applicant's name (by its digest, never the name), entered
//                 when the case is created; the description is stored for search then too
//
// Example:
//   GK_ASSIGN_OR_RETURN(IndexMoves moves, PlanIndexMoves(change));
//   if (moves.due == IndexMove::kPut) ... ZADD due index moves.due_score
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "rules/case_commands.h"
#include "rules/index_places.h"
#include "rules/state_machine.h"

namespace gongkai {

// What a change does to one sorted index. kPut adds the case or moves it to a new score; kTake
// removes it (harmless when it is not there); kNone leaves the index alone: the case stays where
// it was (CaseChange::placed_before), or was never there.
enum class IndexMove { kNone, kPut, kTake };

// A work queue: which one, and the department for a department's queue.
struct QueuePlace {
  QueueKind kind = QueueKind::kNone;
  std::string department;
  bool operator==(const QueuePlace&) const = default;
};

struct IndexMoves {
  std::optional<QueuePlace> leave_queue;  // the queue the case leaves, if it leaves one
  std::optional<QueuePlace> enter_queue;  // the queue it enters (or re-enters), if any
  Stage hand_to = Stage::kNone;           // the stream the case is handed to

  IndexMove due = IndexMove::kNone;
  int64_t due_score = 0;  // with kPut

  // kPut: in the open index of the department it has afterwards (leaving its former
  // department's, if that was another one), at `open_score` (nullopt: +inf); kTake: out of the
  // former department's.
  IndexMove open = IndexMove::kNone;
  std::optional<int64_t> open_score;

  IndexMove consulting = IndexMove::kNone;
  int64_t consulting_score = 0;  // with kPut

  // A reply closed the case: its department's statistics count it.
  bool counts_reply = false;
  bool replied_on_time = false;
  int working_days_to_reply = 0;

  // The moment of the change, in milliseconds since 1970: the case's score in the recent index.
  int64_t recent_score = 0;
  // Set when the case is created: the name index it enters (ApplicantNameDigest) and its
  // description as the search compares it (FoldForSearch). Empty for every other change.
  std::string name_digest;
  std::string search_text;
};

// The moves `change` makes. INVALID_ARGUMENT when the case number or a date it needs is not
// readable (a change the commands never produce).
absl::StatusOr<IndexMoves> PlanIndexMoves(const CaseChange& change);

}  // namespace gongkai
