#include "prepare_replies.h"

#include "documents/documents.h"
#include "grpc/call_context.h"
#include "redis/handed_case.h"
#include "rules/case_commands.h"

namespace gongkai {

absl::StatusOr<std::optional<CaseChange>> PrepareReplyLetter(const AgencyCatalogue& agencies,
                                                             const Clock& clock, CaseStore& store,
                                                             const StreamEntry& entry) {
  return PlanHandedCase(store, entry, v1::CASE_STATE_CLEARED, [&](const v1::Case& current) {
    const absl::Time now = clock.Now();
    return PrepareReply(
        current, RenderReplyLetter(current, agencies.IssuingFor(current.agency()), ChinaDay(now)),
        ServiceActor("reply"), now);
  });
}

}  // namespace gongkai
