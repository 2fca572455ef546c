#include "rules/case_search.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/utf8.h"
#include "rules/request_fingerprint.h"

namespace gongkai {
namespace {

// Appends `text` folded; with `drop_spaces`, white space is left out altogether.
std::string Fold(absl::string_view text, bool drop_spaces) {
  std::string folded;
  folded.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
    char ascii = 0;
    size_t length = 1;
    if (byte(i) < 0x80) {
      ascii = static_cast<char>(byte(i));
    } else if (i + 3 <= text.size()) {
      // U+3000 IDEOGRAPHIC SPACE is E3 80 80; U+FF01..U+FF5E (full-width ! to ~) are EF BC 81..
      // EF BC BF and EF BD 80..EF BD 9E, each 0xFEE0 above its ASCII form.
      if (byte(i) == 0xE3 && byte(i + 1) == 0x80 && byte(i + 2) == 0x80) {
        ascii = ' ';
        length = 3;
      } else if (byte(i) == 0xEF && (byte(i + 1) == 0xBC || byte(i + 1) == 0xBD)) {
        const uint32_t code_point = 0xF000 | ((byte(i + 1) & 0x3F) << 6) | (byte(i + 2) & 0x3F);
        if (code_point >= 0xFF01 && code_point <= 0xFF5E) {
          ascii = static_cast<char>(code_point - 0xFEE0);
          length = 3;
        }
      }
    }
    if (ascii == 0) {  // any other character, as it is
      folded.push_back(text[i]);
      ++i;
      continue;
    }
    i += length;
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
