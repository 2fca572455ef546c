#include "rules/identity_numbers.h"

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace gongkai {

bool IsValidResidentIdNumber(absl::string_view number) {
  if (number.size() != 18) return false;
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (number[i] < '0' || number[i] > '9') return false;
    sum += (number[i] - '0') * kWeights[i];
  }
  const auto digits = [&](int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; ++i) value = value * 10 + (number[i] - '0');
    return value;
  };
  const int year = digits(6, 4), month = digits(10, 2), day = digits(12, 2);
  const absl::CivilDay birth(year, month, day);
  if (year < 1880 || birth.month() != month || birth.day() != day) return false;
  return absl::ascii_toupper(static_cast<unsigned char>(number[17])) == kCheck[sum % 11];
}

bool IsValidUnifiedSocialCreditCode(absl::string_view code) {
  if (code.size() != 18) return false;
  // The 31 characters of the code: digits and capital letters without I, O, S, V and Z.
  static constexpr absl::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr int kWeights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                       29, 25, 13, 8,  24, 10, 30, 28};
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    const size_t value = kAlphabet.find(code[i]);
    if (value == absl::string_view::npos) return false;
    sum += static_cast<int>(value) * kWeights[i];
  }
  const int check = (31 - sum % 31) % 31;
  return code[17] == kAlphabet[check];
}

std::string NormalizedIdNumber(v1::IdType type, absl::string_view number) {
  std::string normalized(absl::StripAsciiWhitespace(number));
  if (type == v1::ID_TYPE_RESIDENT_ID_CARD || type == v1::ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE) {
    absl::AsciiStrToUpper(&normalized);
  }
  return normalized;
}

}  // namespace gongkai
