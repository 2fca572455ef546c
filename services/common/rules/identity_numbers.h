// Check digits of Chinese identity numbers, so that a mistyped number is caught at the window,
// and the one form a number is stored in.
//
// Example:
//   IsValidResidentIdNumber("11010519491231002x") == true
//   NormalizedIdNumber(v1::ID_TYPE_RESIDENT_ID_CARD, " 11010519491231002x") == "11010519491231002X"
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// An 18-character resident identity number (GB 11643-1999): 17 digits, a valid birth date in
// positions 7-14 and the ISO 7064 MOD 11-2 check character (0-9 or X; a lowercase x is the same
// character, as people often write it).
bool IsValidResidentIdNumber(absl::string_view number);

// An 18-character unified social credit code (GB 32100-2015) with its MOD 31 check character.
bool IsValidUnifiedSocialCreditCode(absl::string_view code);

// The form a number of `type` is validated and stored in: without surrounding whitespace, and
// for resident ID numbers and unified social credit codes in capitals (their letters are
// capitals by the standards), so that one number has one spelling.
std::string NormalizedIdNumber(v1::IdType type, absl::string_view number);

}  // namespace gongkai
