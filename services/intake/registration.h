// Registration at the service window: validate, number the case (idempotently by request id),
// store it and hand it to routing in one atomic step, and print the receipt.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "clock.h"
#include "gongkai/v1/intake.pb.h"
#include "redis/case_store.h"
#include "working_calendar.h"

namespace gongkai {

// A stable digest of what was asked (everything but the request id), so that a retry can be told
// from a different request reusing the id. FNV-1a: stable across processes and builds, which
// std::hash and absl::Hash are not.
std::string RequestFingerprint(const v1::RegisterRequest& request);

absl::Status Register(CaseStore& store, const Clock& clock, const WorkingCalendar& calendar,
                      absl::string_view agency, const v1::Actor& actor,
                      const v1::RegisterRequest& request, v1::RegisterResponse* response);

}  // namespace gongkai
