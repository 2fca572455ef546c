// IntakeService.FindEarlierRequests: the same applicant's requests of the last 12 months, for
// the window's hint that a request may repeat one (rules/earlier_requests.h says which months and
// since when; rules/description_similarity.h how alike two descriptions are).
//
// Read from the applicant's monthly lists (gk:{seq}:applicant:<digest>:<YYYYMM>, written in the
// step that numbers a case; all in the {seq} slot): the newest 51 numbers of each month in one
// pipelined round trip, then the cases a batch at a time (their summaries and descriptions) until
// 51 received since the cut-off are found. The window sees every such request whoever registered
// it: a summary holds no personal data, and the clerk typed the applicant's document.
#pragma once

#include "absl/status/status.h"
#include "base/clock.h"
#include "gongkai/v1/intake.pb.h"
#include "redis/case_store.h"

namespace gongkai {

absl::Status FindEarlierRequests(CaseStore& store, const Clock& clock, const v1::Actor& actor,
                                 const v1::FindEarlierRequestsRequest& request,
                                 v1::FindEarlierRequestsResponse* response);

}  // namespace gongkai
