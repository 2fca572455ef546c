// Automatic screening of a draft before a reviewer sees it (保密审查): personal data and
// classification markings, each finding a span of the text with its kind. Chinese text is read
// as it is written: full-width digits and punctuation count as their ASCII forms, and numbers
// may be split by spaces or hyphens.
//
// Example:
//   std::vector<Finding> findings = Screen("联系电话：１３８ ００１３ ８０００", {});
//   // one kPhone finding covering the whole number
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace gongkai {

enum class FindingKind {
  kResidentId,   // 18-character resident ID number with a valid check digit
  kMobilePhone,  // 11-digit mobile number
  kLandline,     // area code and number
  kBankCard,     // 16-19 digits passing the Luhn check
  kEmail,
  kClassificationMarking,  // 绝密 / 机密 / 秘密 as a marking, with or without ★ and a period
  kInternalMarking,        // 内部 / 工作秘密 style markings
  kSensitiveTerm,          // a term from the configured list
};

struct Finding {
  FindingKind kind;
  size_t begin = 0;  // byte offsets into the screened text
  size_t end = 0;
};

struct ScreeningOptions {
  std::vector<std::string> sensitive_terms;
};

// Findings in text order. The text is valid UTF-8 (drafts are validated before screening).
std::vector<Finding> Screen(absl::string_view text, const ScreeningOptions& options);

absl::string_view FindingKindName(FindingKind kind);

}  // namespace gongkai
