#include "rules/case_number.h"

#include <cstdio>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace gongkai {

std::string FormatCaseNumber(int year, int64_t sequence) {
  // At least four and six digits, more when the value has them (as "%04d-%06lld" would); StrCat
  // because every transition formats numbers several times and snprintf is slow at it.
  return absl::StrCat(absl::Dec(year, absl::kZeroPad4), "-", absl::Dec(sequence, absl::kZeroPad6));
}

absl::StatusOr<CaseNumber> ParseCaseNumber(absl::string_view text) {
  // The input is not repeated: whatever was typed into the field may be personal data.
  auto invalid = [] {
    return absl::InvalidArgumentError("`case_number` 须为案件编号，形如 2026-000123");
  };
  if (text.size() < 11 || text.size() > 14 || text[4] != '-') return invalid();
  for (size_t i = 0; i < text.size(); ++i) {
    if (i != 4 && (text[i] < '0' || text[i] > '9')) return invalid();
  }
  CaseNumber number;
  if (!absl::SimpleAtoi(text.substr(0, 4), &number.year) ||
      !absl::SimpleAtoi(text.substr(5), &number.sequence) || number.year < 2000 ||
      number.sequence < 1) {
    return invalid();
  }
  // Only the canonical spelling names a case: 2026-0000123 and 2026-000123 must not both work.
  if (FormatCaseNumber(number.year, number.sequence) != text) return invalid();
  return number;
}

std::string AgencyNumberOf(const v1::Case& c) {
  const absl::string_view number = c.case_number();
  if (number.size() < 6) return std::string(number);
  if (c.agency_sequence() <= 0) {
    return absl::StrCat("〔", number.substr(0, 4), "〕第", number.substr(5), "号");
  }
  char running[32];
  std::snprintf(running, sizeof running, "%06lld", static_cast<long long>(c.agency_sequence()));
  return absl::StrCat("〔", number.substr(0, 4), "〕第", running, "号");
}

int PartitionOf(const CaseNumber& number) {
  return static_cast<int>(number.sequence % kPartitionCount);
}

int64_t QueueScore(const CaseNumber& number) {
  // Scores are doubles in Redis: exact up to 2^53, far beyond year * 10^10.
  return static_cast<int64_t>(number.year) * 10'000'000'000LL + number.sequence;
}

}  // namespace gongkai
