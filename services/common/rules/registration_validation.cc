#include "rules/registration_validation.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/clock.h"
#include "base/status_macros.h"
#include "base/utf8.h"
#include "rules/case_commands.h"
#include "rules/identity_numbers.h"
#include "rules/outcomes.h"

namespace gongkai {
namespace {

using v1::ApplicantType;
using v1::DeliveryMethod;
using v1::IdType;

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("`", field, "` ", problem));
}

template <typename IsValidFn>
absl::Status ValidateEnum(absl::string_view field, int value, IsValidFn is_valid) {
  if (value == 0) return Invalid(field, "is required");
  if (!is_valid(value)) return Invalid(field, absl::StrCat("has unknown value ", value));
  return absl::OkStatus();
}

bool IsPhoneCharacter(char c) {
  return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == ' ' || c == '(' || c == ')';
}

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// A foreign organisation's registration number or other identifier, as printed: Latin letters,
// digits and the separators such numbers use.
bool IsOtherOrganizationIdCharacter(char c) {
  return IsAsciiAlnum(c) || c == ' ' || c == '-' || c == '/' || c == '.';
}

absl::Status ValidateOtherOrganizationId(absl::string_view number) {
  bool allowed = true;
  for (char c : number) allowed = allowed && IsOtherOrganizationIdCharacter(c);
  if (!allowed || number.size() < kMinOtherOrganizationIdChars ||
      number.size() > kMaxOtherOrganizationIdChars) {
    return Invalid(
        "applicant.id_number",
        absl::StrCat("须为 ", kMinOtherOrganizationIdChars, "–", kMaxOtherOrganizationIdChars,
                     " 个字符，只含字母、数字、空格和 - / .（境外组织的登记号码等）"));
  }
  return absl::OkStatus();
}

absl::Status ValidateIdentity(const v1::Applicant& applicant) {
  GK_RETURN_IF_ERROR(ValidateEnum("applicant.id_type", applicant.id_type(), v1::IdType_IsValid));
  const IdType id_type = applicant.id_type();
  const bool other_organization = id_type == v1::ID_TYPE_OTHER_ORGANIZATION;
  GK_RETURN_IF_ERROR(
      ValidateText("applicant.id_number", applicant.id_number(),
                   other_organization ? kMaxOtherOrganizationIdChars : kMaxIdNumberChars, true));
  const bool is_person = applicant.type() == v1::APPLICANT_TYPE_NATURAL_PERSON;
  const bool organization_document =
      id_type == v1::ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE || other_organization;
  if (is_person && organization_document) {
    return Invalid("applicant.id_type", "must be a personal document for a natural person");
  }
  if (!is_person && !organization_document) {
    return Invalid("applicant.id_type",
                   "must be ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE or ID_TYPE_OTHER_ORGANIZATION (an "
                   "organisation without a credit code) for an organisation");
  }
  // Checked as it will be stored: trimmed, and a lowercase x or credit-code letter capitalised.
  const std::string number = NormalizedIdNumber(id_type, applicant.id_number());
  if (number.empty()) return Invalid("applicant.id_number", "is required");
  if (other_organization) return ValidateOtherOrganizationId(number);
  // Messages never repeat the number itself: it is personal data and messages reach logs.
  if (id_type == v1::ID_TYPE_RESIDENT_ID_CARD && !IsValidResidentIdNumber(number)) {
    return Invalid("applicant.id_number",
                   "is not a valid resident ID number (18 characters, birth date, check digit)");
  }
  if (id_type == v1::ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE &&
      !IsValidUnifiedSocialCreditCode(number)) {
    return Invalid("applicant.id_number",
                   "is not a valid unified social credit code (18 characters, check character)");
  }
  for (char c : number) {
    if (!IsAsciiAlnum(c)) return Invalid("applicant.id_number", "may hold only letters and digits");
  }
  return absl::OkStatus();
}

absl::Status ValidateContact(const v1::Applicant& applicant, DeliveryMethod delivery) {
  GK_RETURN_IF_ERROR(ValidateText("applicant.phone", applicant.phone(), kMaxPhoneChars, false));
  GK_RETURN_IF_ERROR(
      ValidateText("applicant.address", applicant.address(), kMaxAddressChars, false));
  GK_RETURN_IF_ERROR(ValidateText("applicant.email", applicant.email(), kMaxEmailChars, false));
  if (applicant.phone().empty() && applicant.address().empty() && applicant.email().empty()) {
    return Invalid("applicant.phone", "or `applicant.address` or `applicant.email` is required");
  }
  for (char c : applicant.phone()) {
    if (!IsPhoneCharacter(c)) return Invalid("applicant.phone", "may hold only digits and +-()");
  }
  const std::string& email = applicant.email();
  if (!email.empty()) {
    const size_t at = email.find('@');
    if (at == std::string::npos || at == 0 || at + 1 >= email.size() ||
        email.find('@', at + 1) != std::string::npos || absl::StrContains(email, " ")) {
      return Invalid("applicant.email", "is not an e-mail address");
    }
  }
  if (delivery == v1::DELIVERY_METHOD_POST && applicant.address().empty()) {
    return Invalid("applicant.address", "is required for delivery by post");
  }
  if (delivery == v1::DELIVERY_METHOD_EMAIL && email.empty()) {
    return Invalid("applicant.email", "is required for delivery by e-mail");
  }
  if (delivery == v1::DELIVERY_METHOD_FAX && applicant.phone().empty()) {
    return Invalid("applicant.phone", "is required for delivery by fax");
  }
  return absl::OkStatus();
}

absl::Status ValidateLaterDate(absl::string_view field, absl::string_view text,
                               absl::CivilDay received, absl::CivilDay today) {
  if (text.empty()) return absl::OkStatus();
  absl::CivilDay day;
  if (!ParseDay(text, &day)) return Invalid(field, "must be a date written YYYY-MM-DD");
  if (day > today) return Invalid(field, "is in the future");
  if (day < received) return Invalid(field, "is before `request.received_date`");
  return absl::OkStatus();
}

// The dates Art. 31 takes the receipt date from, by channel.
absl::Status ValidateReceiptDates(const v1::InformationRequest& info, absl::CivilDay today) {
  absl::CivilDay received;
  ParseDay(info.received_date(), &received);  // validated before
  GK_RETURN_IF_ERROR(
      ValidateLaterDate("request.signed_for_date", info.signed_for_date(), received, today));
  GK_RETURN_IF_ERROR(
      ValidateLaterDate("request.confirmed_date", info.confirmed_date(), received, today));
  const v1::Channel channel = info.channel();
  if (!info.signed_for_date().empty() && channel != v1::CHANNEL_REGISTERED_POST) {
    return Invalid("request.signed_for_date", "applies to registered post only");
  }
  const bool confirmable = channel == v1::CHANNEL_ORDINARY_LETTER ||
                           channel == v1::CHANNEL_ONLINE || channel == v1::CHANNEL_FAX;
  if (!info.confirmed_date().empty() && !confirmable) {
    return Invalid("request.confirmed_date", "applies to letters, online and fax requests only");
  }
  if (channel == v1::CHANNEL_ORDINARY_LETTER && info.confirmed_date().empty()) {
    return Invalid("request.confirmed_date",
                   "is required for an ordinary letter: the day the office confirmed it with the "
                   "applicant (Art. 31)");
  }
  return absl::OkStatus();
}

absl::Status ValidateReceivedDate(absl::string_view text, absl::CivilDay today) {
  if (text.empty()) return Invalid("request.received_date", "is required");
  absl::CivilDay received;
  if (!ParseDay(text, &received)) {
    return Invalid("request.received_date", "must be a date written YYYY-MM-DD");
  }
  if (received > today) {
    return Invalid("request.received_date",
                   absl::StrCat("is in the future (today is ", FormatDay(today), ")"));
  }
  if (today - received > kMaxReceivedDaysAgo) {
    return Invalid("request.received_date",
                   absl::StrCat("is more than ", kMaxReceivedDaysAgo, " days ago"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateText(absl::string_view field, absl::string_view value, size_t max_chars,
                          bool required) {
  const std::optional<size_t> length = Utf8Length(value);
  if (!length) return Invalid(field, "is not valid UTF-8");
  if (required && *length == 0) return Invalid(field, "is required");
  if (*length > max_chars) {
    return Invalid(field,
                   absl::StrCat("must be at most ", max_chars, " characters, got ", *length));
  }
  return absl::OkStatus();
}

absl::Status ValidateRequestId(absl::string_view request_id) {
  if (request_id.empty()) return Invalid("request_id", "is required");
  if (request_id.size() < 8 || request_id.size() > 64) {
    return Invalid("request_id", "must be 8 to 64 characters");
  }
  for (char c : request_id) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                    c == '-' || c == '_';
    if (!ok) return Invalid("request_id", "may hold only letters, digits, - and _");
  }
  return absl::OkStatus();
}

absl::Status ValidateRegistration(const v1::RegisterRequest& request, absl::CivilDay today) {
  GK_RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  const v1::Applicant& applicant = request.applicant();
  GK_RETURN_IF_ERROR(ValidateEnum("applicant.type", applicant.type(), v1::ApplicantType_IsValid));
  GK_RETURN_IF_ERROR(ValidateText("applicant.name", applicant.name(), kMaxNameChars, true));
  GK_RETURN_IF_ERROR(ValidateIdentity(applicant));

  const v1::InformationRequest& info = request.request();
  GK_RETURN_IF_ERROR(
      ValidateText("request.description", info.description(), kMaxDescriptionChars, true));
  GK_RETURN_IF_ERROR(ValidateEnum("request.form", info.form(), v1::InformationForm_IsValid));
  GK_RETURN_IF_ERROR(ValidateEnum("request.delivery", info.delivery(), v1::DeliveryMethod_IsValid));
  GK_RETURN_IF_ERROR(ValidateEnum("request.channel", info.channel(), v1::Channel_IsValid));
  GK_RETURN_IF_ERROR(ValidateReceivedDate(info.received_date(), today));
  GK_RETURN_IF_ERROR(ValidateReceiptDates(info, today));
  if (request.has_on_the_spot()) {
    const v1::Outcome outcome = request.on_the_spot().outcome();
    if (!AnswerableOnTheSpot(outcome)) {
      return Invalid("on_the_spot.outcome",
                     "must release nothing new: already_public, not_processed_publication, "
                     "not_processed_petition, unavailable_not_held or "
                     "unavailable_not_this_agency (anything else goes through confidentiality "
                     "review)");
    }
    GK_RETURN_IF_ERROR(
        ValidateText("on_the_spot.text", request.on_the_spot().text(), kMaxDescriptionChars, true));
    GK_RETURN_IF_ERROR(ValidateText("on_the_spot.responsible_agency",
                                    request.on_the_spot().responsible_agency(),
                                    kMaxResponsibleAgencyChars, false));
    GK_RETURN_IF_ERROR(ValidateText("on_the_spot.responsible_contact",
                                    request.on_the_spot().responsible_contact(),
                                    kMaxResponsibleContactChars, false));
  }
  return ValidateContact(applicant, info.delivery());
}

}  // namespace gongkai
