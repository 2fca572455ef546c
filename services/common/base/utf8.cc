#include "base/utf8.h"

#include <cstdint>

#include "absl/strings/string_view.h"

namespace gongkai {
namespace {

// The sequence starting at text[i]: its length and code point; length 0 when it is not a valid
// UTF-8 sequence.
struct Sequence {
  size_t length = 0;
  char32_t code_point = 0;
};

Sequence DecodeAt(absl::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  const uint8_t lead = byte(i);
  if (lead < 0x80) return {1, lead};
  size_t length;
  char32_t code_point;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code_point = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code_point = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code_point = lead & 0x07;
  } else {
    return {};
  }
  if (i + length > text.size()) return {};
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {};
    code_point = (code_point << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < kSmallest[length]) return {};                // overlong
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return {};  // surrogate
  if (code_point > 0x10FFFF) return {};
  return {length, code_point};
}

size_t SequenceLength(absl::string_view text, size_t i) { return DecodeAt(text, i).length; }

}  // namespace

std::optional<char32_t> NextCodePoint(absl::string_view text, size_t* i) {
  const Sequence sequence = DecodeAt(text, *i);
  if (sequence.length == 0) {
    ++*i;
    return std::nullopt;
  }
  *i += sequence.length;
  return sequence.code_point;
}

std::optional<size_t> Utf8Length(absl::string_view text) {
  size_t count = 0;
  for (size_t i = 0; i < text.size();) {
    const size_t length = SequenceLength(text, i);
    if (length == 0) return std::nullopt;
    i += length;
    ++count;
  }
  return count;
}

std::string Utf8Prefix(absl::string_view text, size_t max_chars) {
  size_t i = 0;
  size_t count = 0;
  while (i < text.size() && count < max_chars) {
    const size_t length = SequenceLength(text, i);
    if (length == 0) break;
    i += length;
    ++count;
  }
  std::string prefix(text.substr(0, i));
  if (i < text.size()) prefix += "…";
  return prefix;
}

}  // namespace gongkai
