#include "rules/index_places.h"

#include "base/clock.h"
#include "base/status_macros.h"
#include "rules/case_number.h"
#include "rules/consultation_checks.h"
#include "rules/due_score.h"

namespace gongkai {
namespace {

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

absl::StatusOr<IndexPlaces> IndexPlacesOf(const v1::Case& item) {
  GK_ASSIGN_OR_RETURN(CaseNumber number, ParseCaseNumber(item.case_number()));
  IndexPlaces places;
  if (ClockRuns(item)) {
    GK_ASSIGN_OR_RETURN(places.due, DueScoreOf(item.deadline(), number));
  }
  places.open = item.state() != v1::CASE_STATE_CLOSED;
  if (AwaitsConsultation(item)) {
    GK_ASSIGN_OR_RETURN(absl::CivilDay answer_due, EarliestOpenAnswerDue(item));
    places.consulting = DueScore(answer_due, number);
  }
  return places;
}

}  // namespace gongkai
