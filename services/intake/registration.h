// Registration at the service window: validate, number the case (idempotently by request id),
// store it and hand it to routing in one atomic step, and print the receipt. The request goes to
// the agency it names, else to the clerk's own: its number, letters and clock are that agency's.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "base/clock.h"
#include "calendar/working_calendar.h"
#include "gongkai/v1/intake.pb.h"
#include "redis/case_store.h"
#include "rules/agency_catalogue.h"

namespace gongkai {

absl::Status Register(CaseStore& store, const Clock& clock, const WorkingCalendar& calendar,
                      const AgencyCatalogue& agencies, const v1::Actor& actor,
                      const v1::RegisterRequest& request, v1::RegisterResponse* response);

}  // namespace gongkai
