// The search box (IntakeService.SearchCases): a case number, an applicant's name or words of a
// request, answered with the cases the caller may read (access_policy.h, as GetCase), newest
// registration first. What the query means is rules/case_search.h; the reads are
// redis/search_store.h.
#pragma once

#include "absl/status/status.h"
#include "gongkai/v1/intake.pb.h"
#include "redis/case_store.h"

namespace gongkai {

absl::Status SearchCases(CaseStore& store, const v1::Actor& actor,
                         const v1::SearchCasesRequest& request, v1::SearchCasesResponse* response);

}  // namespace gongkai
