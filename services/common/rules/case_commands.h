// The domain logic of every workflow command: given the case as loaded and the command's input,
// decide whether it may happen and what the case looks like afterwards. Pure functions: the
// store commits a CaseChange atomically, checking that the case is still at `from_version`.
//
// Example:
//   GK_ASSIGN_OR_RETURN(CaseChange change, AcceptCase(loaded, actor, clock.Now()));
//   GK_RETURN_IF_ERROR(store.Commit(change));
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "calendar/working_calendar.h"
#include "gongkai/v1/case.pb.h"
#include "gongkai/v1/intake.pb.h"
#include "rules/department_catalogue.h"
#include "rules/index_places.h"
#include "rules/state_machine.h"

namespace gongkai {

// Bounds of the free-text inputs of the commands, in characters.
inline constexpr size_t kMaxReasonChars = 500;
inline constexpr size_t kMaxCommentsChars = 2000;
inline constexpr size_t kMaxGroundsChars = 2000;
inline constexpr size_t kMaxDisclosedTextChars = 20000;
inline constexpr size_t kMaxReferenceChars = 100;
// Art. 36(5): the agency responsible for the information, and how to reach it.
inline constexpr size_t kMaxResponsibleAgencyChars = 100;
inline constexpr size_t kMaxResponsibleContactChars = 200;

struct CaseChange {
  Command command;
  // The annual report's counters the case counted in before the change (ReportCounters): the
  // store moves the case from these to the ones it counts in afterwards.
  std::vector<std::string> counted_before;
  // The same for the department board's weekly trend (TrendCounters, rules/trend_counts.h).
  std::vector<std::string> trended_before;
  // The same for its agency's overview counters (AgencyCounters, rules/agency_counts.h).
  std::vector<std::string> overview_before;
  v1::CaseState from_state = v1::CASE_STATE_UNSPECIFIED;  // UNSPECIFIED: the case is created
  int64_t from_version = 0;
  std::string from_department;
  // Where the case stood in the due, open and consulting indexes before the change: the
  // transition writes only those it moves the case in. nullopt (a change built without Begin):
  // every index is written as if moved.
  std::optional<IndexPlaces> placed_before;
  // The case as it was (without its events; empty when the change creates it): the store writes
  // only the parts of the case that differ from it.
  v1::Case before;
  v1::Case after;  // the whole case afterwards, without its events
  v1::CaseEvent event;
};

// `deadline` is the statutory clock computed for the request (InitialDeadline).
absl::StatusOr<CaseChange> RegisterCase(absl::string_view case_number,
                                        const v1::RegisterRequest& request,
                                        const v1::Deadline& deadline, const v1::Actor& actor,
                                        absl::Time now);

// Registers a request answered at the window (request.on_the_spot): the case is created closed,
// with the answer as its outcome and delivery in person today. INVALID_ARGUMENT unless the
// outcome is AnswerableOnTheSpot (rules/outcomes.h).
absl::StatusOr<CaseChange> RegisterAnsweredOnTheSpot(absl::string_view case_number,
                                                     const v1::RegisterRequest& request,
                                                     const v1::Deadline& deadline,
                                                     const v1::Actor& actor, absl::Time now);

// Route or RouteToDispatch, by the decision of the catalogue.
absl::StatusOr<CaseChange> RouteCase(const v1::Case& current, const RoutingDecision& decision,
                                     const v1::Actor& actor, absl::Time now);

absl::StatusOr<CaseChange> AssignCase(const v1::Case& current, const DepartmentCatalogue& catalogue,
                                      absl::string_view department, absl::string_view note,
                                      const v1::Actor& actor, absl::Time now);

absl::StatusOr<CaseChange> AcceptCase(const v1::Case& current, const v1::Actor& actor,
                                      absl::Time now);

absl::StatusOr<CaseChange> HandBackCase(const v1::Case& current, absl::string_view reason,
                                        const v1::Actor& actor, absl::Time now);

// FAILED_PRECONDITION while a consultation is open or the clock waits for a supplement or a fee.
absl::StatusOr<CaseChange> PrepareReply(const v1::Case& current, std::string letter,
                                        const v1::Actor& actor, absl::Time now);

// Closes the case and records whether the reply came on time and how many working days it took.
// FAILED_PRECONDITION as PrepareReply, and while a third party that objected to a disclosure has
// not received its written notice (Art. 32, DisclosureNoticesDelivered).
absl::StatusOr<CaseChange> IssueReply(const v1::Case& current, const WorkingCalendar& calendar,
                                      const v1::DeliveryRecord& delivery, const v1::Actor& actor,
                                      absl::Time now);

}  // namespace gongkai
