#include "search.h"

#include <algorithm>

#include "auth/access_policy.h"
#include "base/logging.h"
#include "base/status_macros.h"
#include "redis/search_store.h"
#include "rules/case_search.h"

namespace gongkai {
namespace {

// The cases the query names, newest registration first, each once.
absl::StatusOr<std::vector<CaseNumber>> Candidates(CaseStore& store, const SearchQuery& query,
                                                   v1::SearchCasesResponse* response) {
  if (query.case_number.has_value()) return std::vector<CaseNumber>{*query.case_number};
  GK_ASSIGN_OR_RETURN(std::vector<CaseNumber> found,
                      CasesOfName(store.redis(), query.name_digest, kSearchNameCases));
  GK_ASSIGN_OR_RETURN(TextMatches text, CasesWithText(store.redis(), query.text, kSearchScanCases));
  response->set_text_scan_bounded(text.bounded);
  found.insert(found.end(), text.cases.begin(), text.cases.end());
  const auto newest_first = [](const CaseNumber& a, const CaseNumber& b) {
    return QueueScore(a) > QueueScore(b);
  };
  std::sort(found.begin(), found.end(), newest_first);
  found.erase(std::unique(found.begin(), found.end(),
                          [](const CaseNumber& a, const CaseNumber& b) {
                            return QueueScore(a) == QueueScore(b);
                          }),
              found.end());
  return found;
}

}  // namespace

absl::Status SearchCases(CaseStore& store, const v1::Actor& actor,
                         const v1::SearchCasesRequest& request, v1::SearchCasesResponse* response) {
  GK_ASSIGN_OR_RETURN(SearchQuery query, ParseSearchQuery(request.query(), request.page_size()));
  GK_ASSIGN_OR_RETURN(std::vector<CaseNumber> candidates, Candidates(store, query, response));
  // Read newest first, a few pages' worth at a time, until one more than a page is visible to
  // the caller: an officer or a clerk may see only some of the matches.
  const size_t wanted = static_cast<size_t>(query.page_size) + 1;
  const size_t batch = std::max<size_t>(2 * wanted, 50);
  std::vector<ScoredCase> visible;
  for (size_t first = 0; first < candidates.size() && visible.size() < wanted; first += batch) {
    const std::vector<CaseNumber> chunk(
        candidates.begin() + first,
        candidates.begin() + std::min(candidates.size(), first + batch));
    GK_ASSIGN_OR_RETURN(std::vector<ScoredCase> loaded, store.LoadListed(chunk));
    for (ScoredCase& listed : loaded) {
      if (visible.size() == wanted) break;
      if (CheckCaseAccess("SearchCases", actor, listed.item).ok()) {
        visible.push_back(std::move(listed));
      }
    }
  }
  response->set_more(visible.size() > static_cast<size_t>(query.page_size));
  if (response->more()) visible.resize(query.page_size);
  for (const ScoredCase& listed : visible) {
    *response->add_cases() = Summarize(listed.item, listed.updated_at);
  }
  // The query itself may be a name: it is not logged.
  spdlog::info("event=cases_searched by={} found={} more={} scan_bounded={} user={}",
               query.case_number ? "number" : "name_and_text", response->cases_size(),
               response->more(), response->text_scan_bounded(), actor.user_id());
  return absl::OkStatus();
}

}  // namespace gongkai
