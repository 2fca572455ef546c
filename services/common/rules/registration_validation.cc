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
  if (value == 0) return Invalid(field, "必须填写");
  if (!is_valid(value)) return Invalid(field, absl::StrCat("的取值 ", value, " 无效"));
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

absl::Status ValidateOtherOrganizationId(absl::string_view field, absl::string_view number) {
  bool allowed = true;
  for (char c : number) allowed = allowed && IsOtherOrganizationIdCharacter(c);
  if (!allowed || number.size() < kMinOtherOrganizationIdChars ||
      number.size() > kMaxOtherOrganizationIdChars) {
    return Invalid(
        field,
        absl::StrCat("须为 ", kMinOtherOrganizationIdChars, "–", kMaxOtherOrganizationIdChars,
                     " 个字符，只含字母、数字、空格和 - / .（境外组织的登记号码等）"));
  }
  return absl::OkStatus();
}

// What is wrong with a resident ID number IsValidResidentIdNumber refused: its form, else the
// birth date (no check character would make it valid), else the check character.
std::string ResidentIdNumberProblem(std::string number) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  bool well_formed = number.size() == 18 && (digit(number[17]) || number[17] == 'X');
  for (size_t i = 0; well_formed && i < 17; ++i) well_formed = digit(number[i]);
  if (!well_formed) return "居民身份证号码须为 18 位：前 17 位为数字，末位为数字或 X";
  for (char check : std::string("0123456789X")) {
    number[17] = check;
    if (IsValidResidentIdNumber(number)) return "居民身份证号码校验位不正确";
  }
  return "居民身份证号码中的出生日期不正确";
}

// The same for a unified social credit code.
std::string CreditCodeProblem(std::string code) {
  constexpr absl::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  bool well_formed = code.size() == 18;
  for (size_t i = 0; well_formed && i < code.size(); ++i) {
    well_formed = kAlphabet.find(code[i]) != absl::string_view::npos;
  }
  if (!well_formed) {
    return "统一社会信用代码须为 18 位，由数字和大写字母组成（不含 I、O、S、V、Z）";
  }
  return "统一社会信用代码校验码不正确";
}

absl::Status ValidateIdentity(const v1::Applicant& applicant) {
  GK_RETURN_IF_ERROR(ValidateEnum("applicant.id_type", applicant.id_type(), v1::IdType_IsValid));
  const IdType id_type = applicant.id_type();
  const bool is_person = applicant.type() == v1::APPLICANT_TYPE_NATURAL_PERSON;
  const bool organization_document = id_type == v1::ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE ||
                                     id_type == v1::ID_TYPE_OTHER_ORGANIZATION;
  if (is_person && organization_document) {
    return Invalid("applicant.id_type", "自然人须使用个人身份证件（居民身份证、护照等）");
  }
  if (!is_person && !organization_document) {
    return Invalid("applicant.id_type",
                   "法人或者其他组织须使用统一社会信用代码（ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE）；"
                   "没有统一社会信用代码的组织选 ID_TYPE_OTHER_ORGANIZATION");
  }
  return ValidateIdentityDocument("applicant.", id_type, applicant.id_number());
}

absl::Status ValidateContact(const v1::Applicant& applicant, DeliveryMethod delivery) {
  GK_RETURN_IF_ERROR(ValidateText("applicant.phone", applicant.phone(), kMaxPhoneChars, false));
  GK_RETURN_IF_ERROR(
      ValidateText("applicant.address", applicant.address(), kMaxAddressChars, false));
  GK_RETURN_IF_ERROR(ValidateText("applicant.email", applicant.email(), kMaxEmailChars, false));
  if (applicant.phone().empty() && applicant.address().empty() && applicant.email().empty()) {
    return Invalid("applicant.phone",
                   "联系电话、通信地址（`applicant.address`）、电子邮箱（`applicant.email`）"
                   "至少填写一项");
  }
  for (char c : applicant.phone()) {
    if (!IsPhoneCharacter(c)) {
      return Invalid("applicant.phone", "只能包含数字、空格和 + - ( )");
    }
  }
  const std::string& email = applicant.email();
  if (!email.empty()) {
    const size_t at = email.find('@');
    if (at == std::string::npos || at == 0 || at + 1 >= email.size() ||
        email.find('@', at + 1) != std::string::npos || absl::StrContains(email, " ")) {
      return Invalid("applicant.email", "不是有效的电子邮箱地址");
    }
  }
  if (delivery == v1::DELIVERY_METHOD_POST && applicant.address().empty()) {
    return Invalid("applicant.address", "邮寄送达须填写通信地址");
  }
  if (delivery == v1::DELIVERY_METHOD_EMAIL && email.empty()) {
    return Invalid("applicant.email", "电子邮件送达须填写电子邮箱");
  }
  if (delivery == v1::DELIVERY_METHOD_FAX && applicant.phone().empty()) {
    return Invalid("applicant.phone", "传真送达须填写联系电话（传真号码）");
  }
  return absl::OkStatus();
}

absl::Status ValidateLaterDate(absl::string_view field, absl::string_view text,
                               absl::CivilDay received, absl::CivilDay today) {
  if (text.empty()) return absl::OkStatus();
  absl::CivilDay day;
  if (!ParseDay(text, &day)) return Invalid(field, "须为 YYYY-MM-DD 格式的日期");
  if (day > today) return Invalid(field, "不能晚于今天");
  if (day < received) return Invalid(field, "不能早于收到申请之日（`request.received_date`）");
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
    return Invalid("request.signed_for_date", "签收之日只适用于挂号信提交的申请");
  }
  const bool confirmable = channel == v1::CHANNEL_ORDINARY_LETTER ||
                           channel == v1::CHANNEL_ONLINE || channel == v1::CHANNEL_FAX;
  if (!info.confirmed_date().empty() && !confirmable) {
    return Invalid("request.confirmed_date", "确认之日只适用于平信、网络和传真提交的申请");
  }
  if (channel == v1::CHANNEL_ORDINARY_LETTER && info.confirmed_date().empty()) {
    return Invalid("request.confirmed_date",
                   "平信提交的申请须填写本机关与申请人确认之日（条例第三十一条）");
  }
  return absl::OkStatus();
}

absl::Status ValidateReceivedDate(absl::string_view text, absl::CivilDay today) {
  if (text.empty()) return Invalid("request.received_date", "必须填写");
  absl::CivilDay received;
  if (!ParseDay(text, &received)) {
    return Invalid("request.received_date", "须为 YYYY-MM-DD 格式的日期");
  }
  if (received > today) {
    return Invalid("request.received_date",
                   absl::StrCat("不能晚于今天（今天是 ", FormatDay(today), "）"));
  }
  if (today - received > kMaxReceivedDaysAgo) {
    return Invalid("request.received_date",
                   absl::StrCat("不能早于 ", kMaxReceivedDaysAgo, " 天前"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateIdentityDocument(absl::string_view prefix, IdType id_type,
                                      absl::string_view typed) {
  const std::string type_field = absl::StrCat(prefix, "id_type");
  const std::string number_field = absl::StrCat(prefix, "id_number");
  GK_RETURN_IF_ERROR(ValidateEnum(type_field, id_type, v1::IdType_IsValid));
  const bool other_organization = id_type == v1::ID_TYPE_OTHER_ORGANIZATION;
  GK_RETURN_IF_ERROR(
      ValidateText(number_field, typed,
                   other_organization ? kMaxOtherOrganizationIdChars : kMaxIdNumberChars, true));
  // Checked as it will be stored: trimmed, and a lowercase x or credit-code letter capitalised.
  const std::string number = NormalizedIdNumber(id_type, typed);
  if (number.empty()) return Invalid(number_field, "必须填写");
  if (other_organization) return ValidateOtherOrganizationId(number_field, number);
  // Messages never repeat the number itself: it is personal data and messages reach logs.
  if (id_type == v1::ID_TYPE_RESIDENT_ID_CARD && !IsValidResidentIdNumber(number)) {
    return Invalid(number_field, ResidentIdNumberProblem(number));
  }
  if (id_type == v1::ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE &&
      !IsValidUnifiedSocialCreditCode(number)) {
    return Invalid(number_field, CreditCodeProblem(number));
  }
  for (char c : number) {
    if (!IsAsciiAlnum(c)) return Invalid(number_field, "只能包含字母和数字");
  }
  return absl::OkStatus();
}

absl::Status ValidateText(absl::string_view field, absl::string_view value, size_t max_chars,
                          bool required) {
  const std::optional<size_t> length = Utf8Length(value);
  if (!length) return Invalid(field, "不是有效的 UTF-8 文本");
  if (required && *length == 0) return Invalid(field, "必须填写");
  if (*length > max_chars) {
    return Invalid(field, absl::StrCat("最多 ", max_chars, " 个字符，现有 ", *length, " 个"));
  }
  return absl::OkStatus();
}

absl::Status ValidateRequestId(absl::string_view request_id) {
  if (request_id.empty()) return Invalid("request_id", "必须填写");
  if (request_id.size() < 8 || request_id.size() > 64) {
    return Invalid("request_id", "须为 8 至 64 个字符");
  }
  for (char c : request_id) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                    c == '-' || c == '_';
    if (!ok) return Invalid("request_id", "只能包含字母、数字、- 和 _");
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
                     "须为不另行公开信息的答复：已主动公开、公开出版物、信访举报投诉类、"
                     "经检索没有或不属于本机关负责公开；其他答复须经保密审查");
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
