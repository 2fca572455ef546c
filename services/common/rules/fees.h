// The information-processing fee (信息处理费, Art. 42; 国办函〔2020〕109号): what a request costs,
// per request (按件) or per volume (按量), both counted marginally (超额累进).
//
// Example:
//   GK_ASSIGN_OR_RETURN(FeeQuote quote, QuoteFee(v1::FEE_BASIS_PER_VOLUME, 0, 250));
//   // quote.amount_yuan == 4700; quote.breakdown: one line per band, e.g.
//   // "第31—100页：10元/页 × 70页 = 700元"
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// Bounds of the inputs of a quote: beyond them a number is a typing error, not a request.
inline constexpr int kMaxRequestsInMonth = 10000;
inline constexpr int kMaxFeePages = 100000;

// Per request: the yuan charged for the request at `place_in_month` among one applicant's
// requests of a calendar month (1-10 free, 11-30 100, then 100 more for each band of 10).
// 0 for a place below 1 (the caller rejects it).
int64_t PerRequestRate(int place_in_month);

// Per request: what the first `requests` requests of one applicant's month cost together.
int64_t MonthTotalPerRequest(int requests);

// Per volume: what `pages` pages of one request cost (1-30 free, 31-100 at 10 yuan a page,
// 101-200 at 20, beyond at 40). 0 for fewer than 1 page.
int64_t PerVolumeFee(int pages);

struct FeeQuote {
  int64_t amount_yuan = 0;
  // One line per band of the standard the request falls in, in Chinese, for the fee notice.
  std::vector<std::string> breakdown;
};

// The fee of one request on one basis. Per request, `place_in_month` (1-10000) is the request's
// place in the applicant's month and `pages` must be 0: a request is charged on one basis only.
// Per volume, `pages` (1-100000) counts and `place_in_month` is not used (the caller always knows
// it, counted from the cases). INVALID_ARGUMENT naming `basis`, `requests_in_month` or `pages`.
absl::StatusOr<FeeQuote> QuoteFee(v1::FeeBasis basis, int place_in_month, int pages);

}  // namespace gongkai
