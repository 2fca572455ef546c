#include "route_new_cases.h"

#include "grpc/call_context.h"
#include "redis/handed_case.h"
#include "rules/case_commands.h"

namespace gongkai {

absl::StatusOr<std::optional<CaseChange>> RouteNewCase(const AgencyCatalogue& agencies,
                                                       const Clock& clock, CaseStore& store,
                                                       const StreamEntry& entry) {
  return PlanHandedCase(store, entry, v1::CASE_STATE_REGISTERED, [&](const v1::Case& current) {
    // Among the units of the agency the request was made to; an agency no longer in the
    // catalogue routes nothing, and its cases wait for a dispatcher.
    const Agency* agency = agencies.Find(current.agency());
    RoutingDecision decision;
    if (agency != nullptr) {
      decision = agency->units.Route(current.request().description());
    } else {
      decision.explanation = "所属机关不在机关目录中，交分办处理";
    }
    return RouteCase(current, decision, ServiceActor("routing"), clock.Now());
  });
}

}  // namespace gongkai
