#include "rules/case_change_builder.h"

#include "audit/history_chain.h"
#include "base/clock.h"
#include "base/status_macros.h"
#include "rules/agency_counts.h"
#include "rules/report_counts.h"
#include "rules/trend_counts.h"

namespace gongkai {

absl::StatusOr<CaseChange> Begin(Command command, const v1::Case& current, const v1::Actor& actor,
                                 absl::Time now) {
  GK_RETURN_IF_ERROR(CheckTransition(command, current.state()));
  CaseChange change;
  change.command = command;
  change.from_state = current.state();
  change.from_version = current.version();
  change.from_department = current.department();
  change.counted_before = ReportCounters(current);
  change.trended_before = TrendCounters(current);
  change.overview_before = AgencyCounters(current);
  // A case whose places cannot be read (a date that does not parse) has every index written.
  if (absl::StatusOr<IndexPlaces> places = IndexPlacesOf(current); places.ok()) {
    change.placed_before = *places;
  }
  change.after = current;
  change.after.clear_events();
  if (current.version() > 0) change.before = change.after;
  change.event.set_at(FormatTimestamp(now));
  *change.event.mutable_actor() = actor;
  change.event.set_command(std::string(RuleOf(command).name));
  change.event.set_from_state(current.state());
  return change;
}

CaseChange Finish(CaseChange change) {
  const v1::CaseState rule_to = RuleOf(change.command).to;
  const v1::CaseState to = rule_to == v1::CASE_STATE_UNSPECIFIED ? change.from_state : rule_to;
  change.after.set_state(to);
  change.after.set_version(change.from_version + 1);
  change.event.set_to_state(to);
  change.event.set_version(change.after.version());
  // Chained to the event before it; the commit's version check keeps the chain a line.
  change.event.set_prev_hash(change.after.history_head());
  change.event.set_hash(EventHash(change.event));
  change.after.set_history_head(change.event.hash());
  return change;
}

void Detail(CaseChange& change, absl::string_view key, absl::string_view value) {
  (*change.event.mutable_details())[std::string(key)] = std::string(value);
}

}  // namespace gongkai
