// What IntakeService.FindEarlierRequests asks, decided without Redis: whose requests (by the
// digest of the identity document typed at the window, the key of the applicant's monthly lists
// written when a case is numbered), over which months, and since which receipt date.
//
// "The last 12 months" are the requests whose legal receipt date (Deadline.receipt_date, the
// date the monthly lists go by) is on or after the same day a year before today, China time
// (1 March for 29 February): up to 13 monthly lists, this month's first.
//
// Example:
//   GK_ASSIGN_OR_RETURN(EarlierRequestsQuery query,
//                       ParseEarlierRequestsQuery(request, absl::CivilDay(2026, 5, 20)));
//   // query.since == "2025-05-20", query.months == {"202605", "202604", ..., "202505"}
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "gongkai/v1/intake.pb.h"

namespace gongkai {

inline constexpr int kEarlierRequestsMonths = 12;
// The most earlier requests one answer lists (the newest); `more` says there were others.
inline constexpr int kMaxEarlierRequests = 50;

struct EarlierRequestsQuery {
  std::string applicant_digest;     // ApplicantDigest of the document type and number
  std::string description;          // the new request's, as typed
  std::string since;                // YYYY-MM-DD: receipt dates from this day on count
  std::vector<std::string> months;  // YYYYMM, this month first, back to the month of `since`
};

// INVALID_ARGUMENT naming `id_type`, `id_number` or `description`, in Chinese; the messages
// never repeat the number.
absl::StatusOr<EarlierRequestsQuery> ParseEarlierRequestsQuery(
    const v1::FindEarlierRequestsRequest& request, absl::CivilDay today);

}  // namespace gongkai
