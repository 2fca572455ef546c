// Check digits of Chinese identity numbers, so that a mistyped number is caught at the window.
//
// Example:
//   IsValidResidentIdNumber("11010519491231002X") == true
#pragma once

#include "absl/strings/string_view.h"

namespace gongkai {

// An 18-character resident identity number (GB 11643-1999): 17 digits, a valid birth date in
// positions 7-14 and the ISO 7064 MOD 11-2 check character (0-9 or X).
bool IsValidResidentIdNumber(absl::string_view number);

// An 18-character unified social credit code (GB 32100-2015) with its MOD 31 check character.
bool IsValidUnifiedSocialCreditCode(absl::string_view code);

}  // namespace gongkai
