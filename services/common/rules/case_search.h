// What staff typed in the search box (IntakeService.SearchCases) means, decided without Redis: a
// whole case number, or a name and a text to look for; and the forms in which names and
// descriptions are compared, so that the index written at registration and the query agree.
//
// Names are found through an index keyed by a digest of the folded name (never the name itself
// in a key); descriptions by a bounded scan of the cases changed most recently
// (redis/search_store.h).
//
// Example:
//   GK_ASSIGN_OR_RETURN(SearchQuery query, ParseSearchQuery(" 张 三 ", 0));
//   // query.case_number == nullopt, query.name_digest == ApplicantNameDigest("张三"),
//   // query.text == "张 三", query.page_size == 20
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rules/case_number.h"

namespace gongkai {

inline constexpr size_t kMaxSearchQueryChars = 100;
inline constexpr int kDefaultSearchPageSize = 20;
inline constexpr int kMaxSearchPageSize = 100;
// The description scan looks at this many cases, those changed most recently.
inline constexpr int kSearchScanCases = 2000;
// A name finds at most its newest this many cases.
inline constexpr int kSearchNameCases = 200;

struct SearchQuery {
  std::optional<CaseNumber> case_number;  // a whole case number: that case alone
  std::string name_digest;                // otherwise: the name index to read ...
  std::string text;                       // ... and the text sought (FoldForSearch form)
  int page_size = kDefaultSearchPageSize;
};

// INVALID_ARGUMENT naming `query` (empty, too long) or `page_size` (outside 0-100), in Chinese.
absl::StatusOr<SearchQuery> ParseSearchQuery(absl::string_view query, int page_size);

// Full-width Latin letters, digits and punctuation (Ａ, ２, －) as their ASCII forms, the
// ideographic space as a space, Latin letters in lower case: how a description is stored for the
// scan and how the query is compared with it. Expects valid UTF-8 (every stored field is).
std::string FoldForSearch(absl::string_view text);

// 32 hex digits of BLAKE2b over the folded name without any white space: the same for "张三" and
// "张 三", and for "ABC Ltd" and "ａｂｃltd". The name index is keyed by it.
std::string ApplicantNameDigest(absl::string_view name);

}  // namespace gongkai
