#include "earlier_requests.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/logging.h"
#include "base/status_macros.h"
#include "redis/keys.h"
#include "rules/case_number.h"
#include "rules/description_similarity.h"
#include "rules/earlier_requests.h"
#include "rules/receipt_date.h"

namespace gongkai {
namespace {

// One more than a page: whether more requests exist than are listed.
constexpr int kWanted = kMaxEarlierRequests + 1;

// The newest kWanted numbers of each month's list, months newest first, each month's newest
// first: one pipelined round trip (every list is in the {seq} slot).
absl::StatusOr<std::vector<CaseNumber>> Candidates(RedisConnection& redis,
                                                   const EarlierRequestsQuery& query) {
  std::vector<RoutedCommand> reads;
  for (const std::string& month : query.months) {
    reads.push_back({keys::SequenceRoute(),
                     {"ZRANGE", keys::ApplicantMonth(query.applicant_digest, month),
                      std::to_string(-kWanted), "-1"}});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis.Pipeline(reads));
  std::vector<CaseNumber> numbers;
  for (const RedisReply& reply : replies) {
    if (reply.is_error()) return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
    for (size_t i = reply.size(); i > 0; --i) {
      absl::StatusOr<CaseNumber> number = ParseCaseNumber(reply.element(i - 1).str());
      if (number.ok()) numbers.push_back(*number);
    }
  }
  return numbers;
}

}  // namespace

absl::Status FindEarlierRequests(CaseStore& store, const Clock& clock, const v1::Actor& actor,
                                 const v1::FindEarlierRequestsRequest& request,
                                 v1::FindEarlierRequestsResponse* response) {
  GK_ASSIGN_OR_RETURN(EarlierRequestsQuery query,
                      ParseEarlierRequestsQuery(request, ChinaDay(clock.Now())));
  GK_ASSIGN_OR_RETURN(std::vector<CaseNumber> candidates, Candidates(store.redis(), query));
  // A batch at a time: a number allocated for a registration that never committed has no case,
  // and the oldest month's list holds requests from before the cut-off.
  std::vector<ScoredCase> found;
  for (size_t first = 0; first < candidates.size() && found.size() < kWanted; first += kWanted) {
    const std::vector<CaseNumber> batch(
        candidates.begin() + first,
        candidates.begin() + std::min(candidates.size(), first + kWanted));
    GK_ASSIGN_OR_RETURN(std::vector<ScoredCase> loaded, store.LoadListed(batch));
    for (ScoredCase& listed : loaded) {
      if (found.size() == kWanted) break;
      if (ReceiptDateOf(listed.item) >= query.since) found.push_back(std::move(listed));
    }
  }
  // Newest receipt first; of one day, the one registered last first.
  std::sort(found.begin(), found.end(), [](const ScoredCase& a, const ScoredCase& b) {
    const std::string& day_a = ReceiptDateOf(a.item);
    const std::string& day_b = ReceiptDateOf(b.item);
    return day_a != day_b ? day_a > day_b : a.score > b.score;
  });
  response->set_more(found.size() > static_cast<size_t>(kMaxEarlierRequests));
  if (response->more()) found.resize(kMaxEarlierRequests);
  int similar = 0;
  for (const ScoredCase& listed : found) {
    v1::EarlierRequest& earlier = *response->add_requests();
    *earlier.mutable_summary() = Summarize(listed.item, listed.updated_at);
    const DescriptionSimilarity compared =
        CompareDescriptions(query.description, listed.item.request().description());
    earlier.set_similarity_percent(compared.percent);
    earlier.set_similar(compared.similar);
    similar += compared.similar ? 1 : 0;
  }
  // Neither the document nor the description is logged: both are the applicant's.
  spdlog::info("event=earlier_requests_found found={} similar={} more={} user={}",
               response->requests_size(), similar, response->more(), actor.user_id());
  return absl::OkStatus();
}

}  // namespace gongkai
