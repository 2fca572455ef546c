#include "screening/screening.h"

#include <algorithm>
#include <cstdint>

#include "rules/identity_numbers.h"

namespace gongkai {
namespace {

// One character of the text: its normalised form (ASCII where a full-width form has one) and
// where it sits in the original bytes.
struct Char {
  char32_t c;
  size_t begin, end;
};

std::vector<Char> Decode(absl::string_view text) {
  std::vector<Char> chars;
  for (size_t i = 0; i < text.size();) {
    const auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
    size_t length = 1;
    char32_t c = byte(i);
    if (c >= 0xF0 && i + 3 < text.size()) {
      length = 4;
      c = ((c & 0x07) << 18) | ((byte(i + 1) & 0x3F) << 12) | ((byte(i + 2) & 0x3F) << 6) |
          (byte(i + 3) & 0x3F);
    } else if (c >= 0xE0 && i + 2 < text.size()) {
      length = 3;
      c = ((c & 0x0F) << 12) | ((byte(i + 1) & 0x3F) << 6) | (byte(i + 2) & 0x3F);
    } else if (c >= 0xC0 && i + 1 < text.size()) {
      length = 2;
      c = ((c & 0x1F) << 6) | (byte(i + 1) & 0x3F);
    } else if (c >= 0x80) {
      c = 0xFFFD;  // not UTF-8: matches nothing
    }
    // Full-width ASCII (digits, letters, ＠, －, ．) and the ideographic space.
    if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;
    if (c == 0x3000) c = ' ';
    chars.push_back({c, i, std::min(text.size(), i + length)});
    i += length;
  }
  return chars;
}

bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsEmailLocal(char32_t c) {
  return IsDigit(c) || IsAsciiLetter(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool IsDomain(char32_t c) { return IsDigit(c) || IsAsciiLetter(c) || c == '.' || c == '-'; }

bool Luhn(const std::string& digits) {
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

// Runs of digits, allowing one space or hyphen between digits, and a final X (ID numbers).
void ScreenNumbers(const std::vector<Char>& chars, std::vector<Finding>& findings) {
  for (size_t i = 0; i < chars.size();) {
    const bool starts = IsDigit(chars[i].c) &&
                        (i == 0 || (!IsDigit(chars[i - 1].c) && !IsAsciiLetter(chars[i - 1].c)));
    if (!starts) {
      ++i;
      continue;
    }
    std::string digits;
    size_t j = i;
    size_t last = i;
    while (j < chars.size()) {
      if (IsDigit(chars[j].c)) {
        digits += static_cast<char>(chars[j].c);
        last = j++;
      } else if ((chars[j].c == ' ' || chars[j].c == '-') && j + 1 < chars.size() &&
                 IsDigit(chars[j + 1].c)) {
        ++j;
      } else {
        break;
      }
    }
    // A trailing X completes an ID number of 17 digits.
    if (digits.size() == 17 && last + 1 < chars.size() &&
        (chars[last + 1].c == 'X' || chars[last + 1].c == 'x')) {
      digits += 'X';
      ++last;
    }
    const bool followed_by_alnum =
        last + 1 < chars.size() && (IsDigit(chars[last + 1].c) || IsAsciiLetter(chars[last + 1].c));
    const size_t begin = chars[i].begin, end = chars[last].end;
    if (!followed_by_alnum) {
      if (digits.size() == 18 && IsValidResidentIdNumber(digits)) {
        findings.push_back({FindingKind::kResidentId, begin, end});
      } else if (digits.size() == 11 && digits[0] == '1' && digits[1] >= '3') {
        findings.push_back({FindingKind::kMobilePhone, begin, end});
      } else if (digits[0] == '0' && digits.size() >= 10 && digits.size() <= 12) {
        findings.push_back({FindingKind::kLandline, begin, end});
      } else if (digits.size() >= 16 && digits.size() <= 19 && digits.back() != 'X' &&
                 Luhn(digits)) {
        findings.push_back({FindingKind::kBankCard, begin, end});
      }
    }
    i = last + 1;
  }
}

void ScreenEmails(const std::vector<Char>& chars, std::vector<Finding>& findings) {
  for (size_t at = 0; at < chars.size(); ++at) {
    if (chars[at].c != '@') continue;
    size_t first = at;
    while (first > 0 && IsEmailLocal(chars[first - 1].c)) --first;
    size_t last = at;
    while (last + 1 < chars.size() && IsDomain(chars[last + 1].c)) ++last;
    while (last > at && (chars[last].c == '.' || chars[last].c == '-')) --last;
    bool has_dot = false;
    for (size_t k = at + 1; k <= last; ++k) has_dot |= chars[k].c == '.';
    if (first < at && last > at && has_dot) {
      findings.push_back({FindingKind::kEmail, chars[first].begin, chars[last].end});
    }
  }
}

bool Matches(const std::vector<Char>& chars, size_t i, std::u32string_view word) {
  if (i + word.size() > chars.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    if (chars[i + k].c != word[k]) return false;
  }
  return true;
}

bool IsBoundary(char32_t c) {
  return c == ' ' || c == '\n' || c == '\t' || c == U'【' || c == U'】' || c == '(' || c == ')' ||
         c == U'（' || c == U'）' || c == '[' || c == ']' || c == U'“' || c == U'”' || c == U'，' ||
         c == ',' || c == U'。' || c == U'：' || c == ':' || c == U'、' || c == U'；';
}

void ScreenMarkings(const std::vector<Char>& chars, std::vector<Finding>& findings) {
  static constexpr std::u32string_view kLevels[] = {U"绝密", U"机密", U"秘密"};
  static constexpr std::u32string_view kInternal[] = {U"工作秘密", U"内部资料", U"内部文件",
                                                      U"内部使用", U"内部参阅", U"内部★"};
  for (size_t i = 0; i < chars.size(); ++i) {
    bool internal = false;
    for (std::u32string_view word : kInternal) {
      if (Matches(chars, i, word)) {
        findings.push_back(
            {FindingKind::kInternalMarking, chars[i].begin, chars[i + word.size() - 1].end});
        i += word.size() - 1;
        internal = true;
        break;
      }
    }
    if (internal) continue;
    // 【内部】 and the like: the word alone as a marking.
    if (Matches(chars, i, U"内部") && i > 0 && IsBoundary(chars[i - 1].c) &&
        (i + 2 == chars.size() || IsBoundary(chars[i + 2].c))) {
      findings.push_back({FindingKind::kInternalMarking, chars[i].begin, chars[i + 1].end});
      continue;
    }
    for (std::u32string_view level : kLevels) {
      if (!Matches(chars, i, level)) continue;
      size_t last = i + 1;
      const bool starred = last + 1 < chars.size() && chars[last + 1].c == U'★';
      if (starred) {
        ++last;
        // The period: digits and 年/个月/月, or 长期.
        size_t k = last + 1;
        while (k < chars.size() && IsDigit(chars[k].c)) ++k;
        if (k > last + 1 && k < chars.size() && (chars[k].c == U'年' || chars[k].c == U'月')) {
          last = k;
        } else if (k > last + 1 && Matches(chars, k, U"个月")) {
          last = k + 1;
        } else if (Matches(chars, last + 1, U"长期")) {
          last += 2;
        }
      }
      // Without a star, only the word standing alone is a marking: 商业秘密 or 国家秘密 in a
      // sentence are the law's words, not a document's classification.
      const bool alone = (i == 0 || IsBoundary(chars[i - 1].c)) &&
                         (last + 1 == chars.size() || IsBoundary(chars[last + 1].c));
      if (starred || alone) {
        findings.push_back({FindingKind::kClassificationMarking, chars[i].begin, chars[last].end});
        i = last;
      }
      break;
    }
  }
}

void ScreenTerms(absl::string_view text, const ScreeningOptions& options,
                 std::vector<Finding>& findings) {
  for (const std::string& term : options.sensitive_terms) {
    if (term.empty()) continue;
    for (size_t at = text.find(term); at != absl::string_view::npos;
         at = text.find(term, at + term.size())) {
      findings.push_back({FindingKind::kSensitiveTerm, at, at + term.size()});
    }
  }
}

}  // namespace

std::vector<Finding> Screen(absl::string_view text, const ScreeningOptions& options) {
  const std::vector<Char> chars = Decode(text);
  std::vector<Finding> findings;
  ScreenNumbers(chars, findings);
  ScreenEmails(chars, findings);
  ScreenMarkings(chars, findings);
  ScreenTerms(text, options, findings);
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return a.begin < b.begin || (a.begin == b.begin && a.end < b.end);
  });
  return findings;
}

absl::string_view FindingKindName(FindingKind kind) {
  switch (kind) {
    case FindingKind::kResidentId:
      return "resident_id";
    case FindingKind::kMobilePhone:
      return "mobile_phone";
    case FindingKind::kLandline:
      return "landline";
    case FindingKind::kBankCard:
      return "bank_card";
    case FindingKind::kEmail:
      return "email";
    case FindingKind::kClassificationMarking:
      return "classification_marking";
    case FindingKind::kInternalMarking:
      return "internal_marking";
    case FindingKind::kSensitiveTerm:
      return "sensitive_term";
  }
  return "unknown";
}

}  // namespace gongkai
