#include "rules/fees.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"

namespace gongkai {
namespace {

// Per request: 1-10 free, 11-30 at 100 yuan; from 31 on, bands of 10, each 100 yuan dearer.
constexpr int kFreeRequests = 10;
constexpr int kFirstChargedBandEnd = 30;
constexpr int kRequestBandSize = 10;
constexpr int64_t kRequestRateStep = 100;

// A band of the per-volume standard: pages `first`..`last` at `rate` yuan a page.
struct PageBand {
  int first;
  int last;  // the open last band ends nowhere
  int64_t rate;
};

constexpr int kOpenEnd = std::numeric_limits<int>::max();
constexpr PageBand kPageBands[] = {{1, 30, 0}, {31, 100, 10}, {101, 200, 20}, {201, kOpenEnd, 40}};

// The band of the per-request standard that `place` (1 or more) falls in.
struct RequestBand {
  int first;
  int last;
};

RequestBand RequestBandOf(int place) {
  if (place <= kFreeRequests) return {1, kFreeRequests};
  if (place <= kFirstChargedBandEnd) return {kFreeRequests + 1, kFirstChargedBandEnd};
  const int first = kFirstChargedBandEnd + 1 +
                    (place - kFirstChargedBandEnd - 1) / kRequestBandSize * kRequestBandSize;
  return {first, first + kRequestBandSize - 1};
}

// Pages of `band` among the first `pages` pages.
int PagesIn(const PageBand& band, int pages) {
  return std::max(0, std::min(pages, band.last) - band.first + 1);
}

std::string PerRequestLine(int place) {
  const RequestBand band = RequestBandOf(place);
  const int64_t rate = PerRequestRate(place);
  const std::string range = absl::StrCat("第", band.first, "—", band.last, "件：");
  const std::string which = absl::StrCat("本件为当月第", place, "件");
  if (rate == 0) return absl::StrCat(range, "不收费，", which, "，0元");
  return absl::StrCat(range, rate, "元/件，", which, "，", rate, "元");
}

std::string PerVolumeLine(const PageBand& band, int count) {
  const std::string range = band.last == kOpenEnd
                                ? absl::StrCat("第", band.first, "页起：")
                                : absl::StrCat("第", band.first, "—", band.last, "页：");
  if (band.rate == 0) return absl::StrCat(range, "不收费（", count, "页）");
  return absl::StrCat(range, band.rate, "元/页 × ", count, "页 = ", band.rate * count, "元");
}

}  // namespace

int64_t PerRequestRate(int place_in_month) {
  if (place_in_month <= kFreeRequests) return 0;
  if (place_in_month <= kFirstChargedBandEnd) return kRequestRateStep;
  const int bands_beyond_30 =
      (place_in_month - kFirstChargedBandEnd - 1) / kRequestBandSize + 1;  // 31-40 is the 1st
  return kRequestRateStep * (1 + bands_beyond_30);
}

int64_t MonthTotalPerRequest(int requests) {
  int64_t total = 0;
  for (int place = 1; place <= requests; ++place) total += PerRequestRate(place);
  return total;
}

int64_t PerVolumeFee(int pages) {
  int64_t total = 0;
  for (const PageBand& band : kPageBands) total += band.rate * PagesIn(band, pages);
  return total;
}

absl::StatusOr<FeeQuote> QuoteFee(v1::FeeBasis basis, int place_in_month, int pages) {
  FeeQuote quote;
  switch (basis) {
    case v1::FEE_BASIS_PER_REQUEST:
      if (place_in_month < 1 || place_in_month > kMaxRequestsInMonth) {
        return absl::InvalidArgumentError(
            absl::StrCat("`requests_in_month` 须在 1 至 ", kMaxRequestsInMonth, " 之间"));
      }
      if (pages != 0) {
        return absl::InvalidArgumentError("`pages` 按件计收时须为 0：每件申请只按一种标准计收");
      }
      quote.amount_yuan = PerRequestRate(place_in_month);
      quote.breakdown.push_back(PerRequestLine(place_in_month));
      return quote;
    case v1::FEE_BASIS_PER_VOLUME:
      if (pages < 1 || pages > kMaxFeePages) {
        return absl::InvalidArgumentError(
            absl::StrCat("`pages` 须在 1 至 ", kMaxFeePages, " 之间"));
      }
      quote.amount_yuan = PerVolumeFee(pages);
      for (const PageBand& band : kPageBands) {
        const int count = PagesIn(band, pages);
        if (count > 0) quote.breakdown.push_back(PerVolumeLine(band, count));
      }
      return quote;
    default:
      return absl::InvalidArgumentError(
          "`basis` 须为按件（FEE_BASIS_PER_REQUEST）或按量（FEE_BASIS_PER_VOLUME）");
  }
}

}  // namespace gongkai
