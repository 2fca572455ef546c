#include "rules/description_similarity.h"

#include <algorithm>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "base/utf8.h"
#include "rules/case_search.h"

namespace gongkai {
namespace {

bool LeftOut(char32_t c) {
  if (c < 0x80) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return !alnum;
  }
  return (c >= 0x00A0 && c <= 0x00BF) ||  // Latin-1 punctuation: no-break space, ·, «, »
         (c >= 0x2000 && c <= 0x206F) ||  // general punctuation: “ ” ‘ ’ — …
         (c >= 0x3000 && c <= 0x303F) ||  // CJK symbols and punctuation: 、 。 《 》 【 】
         (c >= 0xFE10 && c <= 0xFE1F) ||  // vertical forms
         (c >= 0xFE30 && c <= 0xFE6F) ||  // CJK compatibility and small forms
         (c >= 0xFF5F && c <= 0xFF65);    // half-width CJK punctuation
}

// The adjacent pairs of `chars`, with how often each occurs.
absl::flat_hash_map<uint64_t, int> Pairs(const std::u32string& chars) {
  absl::flat_hash_map<uint64_t, int> pairs;
  for (size_t i = 0; i + 1 < chars.size(); ++i) {
    ++pairs[(static_cast<uint64_t>(chars[i]) << 32) | chars[i + 1]];
  }
  return pairs;
}

}  // namespace

std::u32string ComparedCharacters(absl::string_view text) {
  const std::string folded = FoldForSearch(text);
  std::u32string chars;
  chars.reserve(folded.size());
  for (size_t i = 0; i < folded.size();) {
    // A malformed byte is left out, as punctuation is.
    const std::optional<char32_t> c = NextCodePoint(folded, &i);
    if (c.has_value() && !LeftOut(*c)) chars.push_back(*c);
  }
  return chars;
}

DescriptionSimilarity CompareDescriptions(absl::string_view a, absl::string_view b) {
  const std::u32string x = ComparedCharacters(a);
  const std::u32string y = ComparedCharacters(b);
  DescriptionSimilarity result;
  if (x.empty() || y.empty()) return result;
  const std::u32string& shorter = x.size() <= y.size() ? x : y;
  const std::u32string& longer = x.size() <= y.size() ? y : x;
  result.contained = shorter.size() >= kMinContainedDescriptionChars &&
                     longer.find(shorter) != std::u32string::npos;
  const size_t pairs_total = (x.size() - 1) + (y.size() - 1);
  if (pairs_total == 0) {
    result.percent = x == y ? 100 : 0;
  } else {
    const absl::flat_hash_map<uint64_t, int> px = Pairs(x);
    const absl::flat_hash_map<uint64_t, int> py = Pairs(y);
    size_t shared = 0;
    for (const auto& [pair, count] : px) {
      const auto other = py.find(pair);
      if (other != py.end()) shared += static_cast<size_t>(std::min(count, other->second));
    }
    result.percent = static_cast<int>(200 * shared / pairs_total);
  }
  result.similar = result.percent >= kSimilarDescriptionPercent || result.contained;
  return result;
}

}  // namespace gongkai
