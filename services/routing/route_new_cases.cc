#include "route_new_cases.h"

#include "grpc/call_context.h"
#include "redis/handed_case.h"
#include "rules/case_commands.h"

namespace gongkai {

absl::StatusOr<std::optional<CaseChange>> RouteNewCase(const DepartmentCatalogue& catalogue,
                                                       const Clock& clock, CaseStore& store,
                                                       const StreamEntry& entry) {
  return PlanHandedCase(store, entry, v1::CASE_STATE_REGISTERED, [&](const v1::Case& current) {
    const RoutingDecision decision = catalogue.Route(current.request().description());
    return RouteCase(current, decision, ServiceActor("routing"), clock.Now());
  });
}

}  // namespace gongkai
