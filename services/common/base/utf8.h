// UTF-8 checks for user-supplied text. Field limits are counted in characters (code points), as
// staff see them, not in bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace gongkai {

// The number of code points in `text`, or nullopt when it is not valid UTF-8 (overlong forms,
// surrogates and code points above U+10FFFF count as invalid).
std::optional<size_t> Utf8Length(absl::string_view text);

// The code point starting at text[*i] (i < text.size()), moving *i past it; nullopt, moving *i
// one byte on, when no valid sequence starts there.
std::optional<char32_t> NextCodePoint(absl::string_view text, size_t* i);

// The first `max_chars` characters of valid UTF-8 `text`, with "…" when something was cut.
std::string Utf8Prefix(absl::string_view text, size_t max_chars);

}  // namespace gongkai
