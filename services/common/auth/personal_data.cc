#include "auth/personal_data.h"

#include "absl/strings/str_cat.h"

namespace gongkai {
namespace {

// Keeps `head` characters in front and `tail` at the end, each hidden one becoming '*'; a value
// too short to keep both is hidden whole.
std::string KeepEnds(absl::string_view text, size_t head, size_t tail) {
  if (text.size() <= head + tail) return std::string(text.size(), '*');
  return absl::StrCat(text.substr(0, head), std::string(text.size() - head - tail, '*'),
                      text.substr(text.size() - tail));
}

}  // namespace

std::string MaskIdentityNumber(absl::string_view number) { return KeepEnds(number, 4, 4); }

std::string MaskPhone(absl::string_view phone) { return KeepEnds(phone, 3, 4); }

std::string MaskAddress(absl::string_view address) {
  if (address.empty()) return "";
  // Counted in characters, not bytes: an address is Chinese text. A character starts at every
  // byte that is not a UTF-8 continuation byte.
  size_t end = 0;
  for (int characters = 0; end < address.size(); ++end) {
    if ((static_cast<unsigned char>(address[end]) & 0xC0) != 0x80 && characters++ == 6) break;
  }
  return absl::StrCat(address.substr(0, end), "****");
}

std::string MaskEmail(absl::string_view email) {
  const size_t at = email.find('@');
  if (at == absl::string_view::npos || at == 0) return std::string(email.size(), '*');
  return absl::StrCat(email.substr(0, 1), "***", email.substr(at));
}

void MaskApplicant(v1::Applicant* applicant) {
  applicant->set_id_number(MaskIdentityNumber(applicant->id_number()));
  applicant->set_phone(MaskPhone(applicant->phone()));
  applicant->set_address(MaskAddress(applicant->address()));
  applicant->set_email(MaskEmail(applicant->email()));
}

bool SeesApplicantDetails(const v1::Actor& actor) {
  return actor.role() == "clerk" || actor.role() == "officer";
}

}  // namespace gongkai
