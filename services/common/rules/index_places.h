// Where a case stands in its partition's due, open and consulting indexes (case_indexes.h). A
// change keeps the places of the case as it was loaded (CaseChange::placed_before), so that the
// transition writes only the indexes the change moves the case in: most steps of a case move it
// in none of the three, and each of those writes would otherwise be a sorted-set update inside
// the commit's script.
//
// Example:
//   GK_ASSIGN_OR_RETURN(IndexPlaces places, IndexPlacesOf(item));
//   if (places.due) ... // in the due index at *places.due
#pragma once

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

struct IndexPlaces {
  std::optional<int64_t> due;  // the due score, while the statutory clock runs
  bool open = false;           // in its department's open index, while open, at `due` (none: +inf)
  std::optional<int64_t> consulting;  // the consulting score, while it awaits a consulted party
};

// True while the case's statutory clock runs: open, not stopped or paused, with a due date.
bool ClockRuns(const v1::Case& item);

// True while the case waits for a consulted party's answer: its clock stands for consultation
// and at least one consultation is open.
bool AwaitsConsultation(const v1::Case& item);

// The places of `item`. INVALID_ARGUMENT when its case number or a date the places need is not
// readable.
absl::StatusOr<IndexPlaces> IndexPlacesOf(const v1::Case& item);

}  // namespace gongkai
