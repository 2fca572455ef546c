// How alike two request descriptions read: the window's hint that an applicant asked for the
// same information before (IntakeService.FindEarlierRequests). A hint only, so a simple measure
// anyone can check by hand:
//
//   1. Both texts in the form they are compared in (ComparedCharacters): FoldForSearch's (full
//      width as half width, Latin letters in lower case), without white space and punctuation.
//   2. The Dice coefficient of their adjacent character pairs, counted with repeats:
//      2 × shared pairs / (pairs of one + pairs of the other), in percent, rounded down. Two
//      texts of one character each are 100 when the same character, else 0.
//   3. Similar: 50 percent or more, or the shorter text (of 4 characters or more) lies whole
//      within the longer (a short request repeated inside a longer one).
//
// Example:
//   CompareDescriptions("2025年县级财政预算", "2025年县级财政决算")
//   // 10 pairs each, 8 of them shared: percent == 80, similar == true
#pragma once

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace gongkai {

inline constexpr int kSimilarDescriptionPercent = 50;
inline constexpr size_t kMinContainedDescriptionChars = 4;

struct DescriptionSimilarity {
  int percent = 0;         // the Dice coefficient of the character pairs, 0-100, rounded down
  bool contained = false;  // the shorter text, of at least 4 characters, lies within the longer
  bool similar = false;    // percent >= 50 or contained
};

// The characters two descriptions are compared by: `text` folded as FoldForSearch folds it, as
// code points, leaving out white space and punctuation (ASCII, Latin-1, general punctuation,
// CJK symbols and punctuation, the vertical, small and half-width forms). Expects valid UTF-8;
// a malformed byte is left out.
std::u32string ComparedCharacters(absl::string_view text);

DescriptionSimilarity CompareDescriptions(absl::string_view a, absl::string_view b);

}  // namespace gongkai
