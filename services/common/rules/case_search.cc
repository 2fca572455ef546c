#include "rules/case_search.h"

#include <cstdint>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/utf8.h"
#include "rules/request_fingerprint.h"

namespace gongkai {
namespace {

// `text` folded: full-width ASCII (U+FF01..U+FF5E) and the ideographic space (U+3000) to their
// ASCII forms, Latin letters to lower case; with `drop_spaces`, white space is left out.
std::string Fold(absl::string_view text, bool drop_spaces) {
  std::string folded;
  folded.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const std::optional<char32_t> code_point = NextCodePoint(text, &i);
    char ascii = 0;
    if (code_point && *code_point < 0x80) {
      ascii = static_cast<char>(*code_point);
    } else if (code_point == U'\u3000') {
      ascii = ' ';
    } else if (code_point && *code_point >= 0xFF01 && *code_point <= 0xFF5E) {
      ascii = static_cast<char>(*code_point - 0xFEE0);
    }
    if (ascii == 0) {  // any other character (or byte that is not UTF-8), as it is
      folded.append(text.data() + start, i - start);
      continue;
    }
    if (drop_spaces && absl::ascii_isspace(static_cast<unsigned char>(ascii))) continue;
    folded.push_back(absl::ascii_tolower(static_cast<unsigned char>(ascii)));
  }
  return folded;
}

}  // namespace

std::string FoldForSearch(absl::string_view text) { return Fold(text, /*drop_spaces=*/false); }

std::string ApplicantNameDigest(absl::string_view name) {
  return ContentDigest(absl::StrCat("applicant-name\n", Fold(name, /*drop_spaces=*/true)));
}

absl::StatusOr<SearchQuery> ParseSearchQuery(absl::string_view query, int page_size) {
  if (page_size < 0 || page_size > kMaxSearchPageSize) {
    return absl::InvalidArgumentError(absl::StrCat("`page_size` 须在 0 至 ", kMaxSearchPageSize,
                                                   " 之间（0 表示每页 ", kDefaultSearchPageSize,
                                                   " 件）"));
  }
  const std::optional<size_t> chars = Utf8Length(query);
  if (!chars.has_value()) return absl::InvalidArgumentError("`query` 不是有效的 UTF-8 文字");
  if (*chars > kMaxSearchQueryChars) {
    return absl::InvalidArgumentError(
        absl::StrCat("`query` 最多 ", kMaxSearchQueryChars, " 个字，请缩短"));
  }
  const std::string folded(absl::StripAsciiWhitespace(FoldForSearch(query)));
  if (folded.empty()) {
    return absl::InvalidArgumentError("`query` 请输入案件编号、申请人姓名或申请内容中的文字");
  }
  SearchQuery parsed;
  parsed.page_size = page_size == 0 ? kDefaultSearchPageSize : page_size;
  if (absl::StatusOr<CaseNumber> number = ParseCaseNumber(folded); number.ok()) {
    parsed.case_number = *number;
    return parsed;
  }
  parsed.name_digest = ApplicantNameDigest(folded);
  parsed.text = folded;
  return parsed;
}

}  // namespace gongkai
