// The search box's reads (IntakeService.SearchCases) over every partition: the cases of an
// applicant's name, and the cases changed most recently whose description holds a text. The
// indexes are kept by the transition script (redis/scripts.cc: `recent`, `name:<digest>` and
// the case's `text` field). Every command touches one partition's slot; the partitions are read
// in one pipelined round trip each step.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "redis/redis_connection.h"
#include "rules/case_number.h"

namespace gongkai {

struct TextMatches {
  std::vector<CaseNumber> cases;  // in no particular order
  bool bounded = false;           // more cases exist than were scanned
};

// The newest `limit` cases (by registration) of the name with this digest
// (ApplicantNameDigest), newest first.
absl::StatusOr<std::vector<CaseNumber>> CasesOfName(RedisConnection& redis,
                                                    absl::string_view name_digest, int limit);

// Among the `scan` cases changed most recently, those whose stored description (FoldForSearch)
// contains `folded_text` (folded the same way).
absl::StatusOr<TextMatches> CasesWithText(RedisConnection& redis, absl::string_view folded_text,
                                          int scan);

}  // namespace gongkai
