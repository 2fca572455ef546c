// The reply service's own step: for every cleared case handed over on the reply stream, render
// the formal reply letter (答复书) and put the case in the queue of replies to deliver.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "base/clock.h"
#include "redis/stream_consumer.h"
#include "rules/agency_catalogue.h"

namespace gongkai {

absl::StatusOr<std::optional<CaseChange>> PrepareReplyLetter(const AgencyCatalogue& agencies,
                                                             const Clock& clock, CaseStore& store,
                                                             const StreamEntry& entry);

}  // namespace gongkai
