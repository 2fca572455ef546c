#include "route_new_cases.h"

#include "case_commands.h"
#include "grpc/call_context.h"
#include "logging.h"
#include "status_macros.h"

namespace gongkai {

absl::StatusOr<Disposition> RouteNewCase(const DepartmentCatalogue& catalogue, const Clock& clock,
                                         CaseStore& store, const StreamEntry& entry) {
  absl::StatusOr<v1::Case> current = store.Load(entry.case_number, /*with_events=*/false);
  if (absl::IsNotFound(current.status()) || absl::IsInvalidArgument(current.status())) {
    spdlog::warn("event=routing_entry_without_case case={} entry={}", entry.case_number,
                 entry.ref.id);
    return Disposition::kDiscard;
  }
  if (!current.ok()) return current.status();
  if (current->state() != v1::CASE_STATE_REGISTERED || current->version() != entry.version) {
    return Disposition::kDiscard;  // already routed: this delivery is a repeat
  }
  const RoutingDecision decision = catalogue.Route(current->request().description());
  GK_ASSIGN_OR_RETURN(CaseChange change,
                      RouteCase(*current, decision, ServiceActor("routing"), clock.Now()));
  absl::StatusOr<int64_t> committed = store.Commit(change, &entry.ref);
  if (absl::IsAborted(committed.status())) return Disposition::kDiscard;  // moved on meanwhile
  if (!committed.ok()) return committed.status();
  spdlog::info("event=routed case={} department={} rule=\"{}\"", entry.case_number,
               decision.department.value_or("-"), decision.explanation);
  return Disposition::kCommitted;
}

}  // namespace gongkai
