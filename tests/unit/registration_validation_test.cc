#include "rules/registration_validation.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "absl/strings/str_cat.h"

namespace gongkai {
namespace {

const absl::CivilDay kToday(2026, 11, 28);

v1::RegisterRequest ValidRequest() {
  v1::RegisterRequest request;
  request.set_request_id("window-0001");
  v1::Applicant& applicant = *request.mutable_applicant();
  applicant.set_type(v1::APPLICANT_TYPE_NATURAL_PERSON);
  applicant.set_name("张三");
  applicant.set_id_type(v1::ID_TYPE_RESIDENT_ID_CARD);
  applicant.set_id_number("11010519491231002X");
  applicant.set_phone("0551-3350000");
  v1::InformationRequest& info = *request.mutable_request();
  info.set_description("2025年县级财政预算");
  info.set_form(v1::INFORMATION_FORM_PAPER);
  info.set_delivery(v1::DELIVERY_METHOD_PICKUP);
  info.set_channel(v1::CHANNEL_IN_PERSON);
  info.set_received_date("2026-11-28");
  return request;
}

TEST(RegistrationValidation, AcceptsAValidRequest) {
  EXPECT_TRUE(ValidateRegistration(ValidRequest(), kToday).ok());
}

TEST(RegistrationValidation, AcceptsAnOrganisationWithItsCreditCode) {
  v1::RegisterRequest request = ValidRequest();
  request.mutable_applicant()->set_type(v1::APPLICANT_TYPE_LEGAL_SERVICE_INSTITUTION);
  request.mutable_applicant()->set_id_type(v1::ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE);
  request.mutable_applicant()->set_id_number("31340000MD0264371K");
  EXPECT_TRUE(ValidateRegistration(request, kToday).ok());
}

TEST(RegistrationValidation, AcceptsALowercaseXCheckCharacter) {
  v1::RegisterRequest request = ValidRequest();
  request.mutable_applicant()->set_id_number("11010519491231002x");
  EXPECT_TRUE(ValidateRegistration(request, kToday).ok());
  // A credit code typed in small letters is the same code.
  request.mutable_applicant()->set_type(v1::APPLICANT_TYPE_COMMERCIAL_ENTERPRISE);
  request.mutable_applicant()->set_id_type(v1::ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE);
  request.mutable_applicant()->set_id_number("91340100ma2mwxkc55");
  EXPECT_TRUE(ValidateRegistration(request, kToday).ok());
}

// An organisation without a unified social credit code (a foreign one) gives another
// identifier: its registration number at home, as printed.
TEST(RegistrationValidation, AcceptsAnOrganisationWithAnotherIdentifier) {
  v1::RegisterRequest request = ValidRequest();
  request.mutable_applicant()->set_type(v1::APPLICANT_TYPE_COMMERCIAL_ENTERPRISE);
  request.mutable_applicant()->set_id_type(v1::ID_TYPE_OTHER_ORGANIZATION);
  for (const char* number : {"HRB 86891", "CH-020.3.123.456-7", "No. 2019/0042", "AB",
                             "12345678901234567890123456789012345678901234567890"}) {
    request.mutable_applicant()->set_id_number(number);
    EXPECT_TRUE(ValidateRegistration(request, kToday).ok()) << number;
  }
  request.mutable_applicant()->set_id_number("A");
  EXPECT_EQ(ValidateRegistration(request, kToday).message(),
            "`applicant.id_number` 须为 2–50 个字符，只含字母、数字、空格和 - / "
            ".（境外组织的登记号码等）");
}

struct BadCase {
  const char* name;
  std::function<void(v1::RegisterRequest&)> spoil;
  const char* field;  // the field the message must name
};

void PrintTo(const BadCase& bad, std::ostream* out) { *out << bad.name; }

class RegistrationValidationBad : public testing::TestWithParam<BadCase> {};

TEST_P(RegistrationValidationBad, IsInvalidArgumentNamingTheField) {
  v1::RegisterRequest request = ValidRequest();
  GetParam().spoil(request);
  const absl::Status status = ValidateRegistration(request, kToday);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_NE(status.message().find(absl::StrCat("`", GetParam().field, "`")),
            absl::string_view::npos)
      << status;
  // Personal data never appears in a message, which may reach a log.
  EXPECT_EQ(status.message().find(
                request.applicant().id_number().empty() ? "\x01" : request.applicant().id_number()),
            absl::string_view::npos);
}

using R = v1::RegisterRequest;
INSTANTIATE_TEST_SUITE_P(
    EveryField, RegistrationValidationBad,
    testing::Values(
        BadCase{"MissingRequestId", [](R& r) { r.clear_request_id(); }, "request_id"},
        BadCase{"ShortRequestId", [](R& r) { r.set_request_id("abc"); }, "request_id"},
        BadCase{"RequestIdWithSpace", [](R& r) { r.set_request_id("window 0001"); }, "request_id"},
        BadCase{"MissingApplicantType", [](R& r) { r.mutable_applicant()->clear_type(); },
                "applicant.type"},
        BadCase{"UnknownApplicantType",
                [](R& r) { r.mutable_applicant()->set_type(static_cast<v1::ApplicantType>(42)); },
                "applicant.type"},
        BadCase{"MissingName", [](R& r) { r.mutable_applicant()->clear_name(); }, "applicant.name"},
        BadCase{"NameTooLong",
                [](R& r) {
                  std::string name;
                  for (int i = 0; i < 101; ++i) name += "张";
                  r.mutable_applicant()->set_name(name);
                },
                "applicant.name"},
        BadCase{"NameNotUtf8", [](R& r) { r.mutable_applicant()->set_name("\xE5\xBC"); },
                "applicant.name"},
        BadCase{"MissingIdType", [](R& r) { r.mutable_applicant()->clear_id_type(); },
                "applicant.id_type"},
        BadCase{"PersonWithCreditCode",
                [](R& r) {
                  r.mutable_applicant()->set_id_type(v1::ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE);
                },
                "applicant.id_type"},
        BadCase{
            "OrganisationWithIdCard",
            [](R& r) { r.mutable_applicant()->set_type(v1::APPLICANT_TYPE_COMMERCIAL_ENTERPRISE); },
            "applicant.id_type"},
        BadCase{"PersonWithOtherOrganizationId",
                [](R& r) {
                  r.mutable_applicant()->set_id_type(v1::ID_TYPE_OTHER_ORGANIZATION);
                  r.mutable_applicant()->set_id_number("HRB 86891");
                },
                "applicant.id_type"},
        BadCase{"OtherOrganizationIdWithHash",
                [](R& r) {
                  r.mutable_applicant()->set_type(v1::APPLICANT_TYPE_OTHER_ORGANIZATION);
                  r.mutable_applicant()->set_id_type(v1::ID_TYPE_OTHER_ORGANIZATION);
                  r.mutable_applicant()->set_id_number("HRB#86891");
                },
                "applicant.id_number"},
        BadCase{"OtherOrganizationIdTooLong",
                [](R& r) {
                  r.mutable_applicant()->set_type(v1::APPLICANT_TYPE_OTHER_ORGANIZATION);
                  r.mutable_applicant()->set_id_type(v1::ID_TYPE_OTHER_ORGANIZATION);
                  r.mutable_applicant()->set_id_number(std::string(51, '7'));
                },
                "applicant.id_number"},
        BadCase{"OtherOrganizationIdInChinese",
                [](R& r) {
                  r.mutable_applicant()->set_type(v1::APPLICANT_TYPE_OTHER_ORGANIZATION);
                  r.mutable_applicant()->set_id_type(v1::ID_TYPE_OTHER_ORGANIZATION);
                  r.mutable_applicant()->set_id_number("登记号12345");
                },
                "applicant.id_number"},
        BadCase{"OnlySpacesAsIdNumber", [](R& r) { r.mutable_applicant()->set_id_number("   "); },
                "applicant.id_number"},
        BadCase{"LowercaseXNotAtTheEnd",
                [](R& r) { r.mutable_applicant()->set_id_number("1101051949123100x2"); },
                "applicant.id_number"},
        BadCase{"MissingIdNumber", [](R& r) { r.mutable_applicant()->clear_id_number(); },
                "applicant.id_number"},
        BadCase{"WrongCheckDigit",
                [](R& r) { r.mutable_applicant()->set_id_number("110105194912310021"); },
                "applicant.id_number"},
        BadCase{"PassportWithPunctuation",
                [](R& r) {
                  r.mutable_applicant()->set_id_type(v1::ID_TYPE_PASSPORT);
                  r.mutable_applicant()->set_id_number("E1234-5678");
                },
                "applicant.id_number"},
        BadCase{"NoContact", [](R& r) { r.mutable_applicant()->clear_phone(); }, "applicant.phone"},
        BadCase{"PhoneWithLetters", [](R& r) { r.mutable_applicant()->set_phone("call me"); },
                "applicant.phone"},
        BadCase{"AddressTooLong",
                [](R& r) { r.mutable_applicant()->set_address(std::string(201, 'a')); },
                "applicant.address"},
        BadCase{"EmailWithoutAt", [](R& r) { r.mutable_applicant()->set_email("x.example.cn"); },
                "applicant.email"},
        BadCase{"PostWithoutAddress",
                [](R& r) { r.mutable_request()->set_delivery(v1::DELIVERY_METHOD_POST); },
                "applicant.address"},
        BadCase{"EmailDeliveryWithoutEmail",
                [](R& r) { r.mutable_request()->set_delivery(v1::DELIVERY_METHOD_EMAIL); },
                "applicant.email"},
        BadCase{"EmptyDescription", [](R& r) { r.mutable_request()->clear_description(); },
                "request.description"},
        BadCase{"DescriptionTooLong",
                [](R& r) { r.mutable_request()->set_description(std::string(2001, 'x')); },
                "request.description"},
        BadCase{"DescriptionNotUtf8",
                [](R& r) { r.mutable_request()->set_description("预算\xFF"); },
                "request.description"},
        BadCase{"MissingForm", [](R& r) { r.mutable_request()->clear_form(); }, "request.form"},
        BadCase{"MissingDelivery", [](R& r) { r.mutable_request()->clear_delivery(); },
                "request.delivery"},
        BadCase{"UnknownChannel",
                [](R& r) { r.mutable_request()->set_channel(static_cast<v1::Channel>(99)); },
                "request.channel"},
        BadCase{"MissingChannel", [](R& r) { r.mutable_request()->clear_channel(); },
                "request.channel"},
        BadCase{"MissingReceivedDate", [](R& r) { r.mutable_request()->clear_received_date(); },
                "request.received_date"},
        BadCase{"MalformedReceivedDate",
                [](R& r) { r.mutable_request()->set_received_date("2026/11/28"); },
                "request.received_date"},
        BadCase{"ImpossibleReceivedDate",
                [](R& r) { r.mutable_request()->set_received_date("2026-02-30"); },
                "request.received_date"},
        BadCase{"FutureReceivedDate",
                [](R& r) { r.mutable_request()->set_received_date("2026-11-29"); },
                "request.received_date"},
        BadCase{"SignedForOnAnInPersonRequest",
                [](R& r) { r.mutable_request()->set_signed_for_date("2026-11-28"); },
                "request.signed_for_date"},
        BadCase{"SignedForBeforeArrival",
                [](R& r) {
                  r.mutable_request()->set_channel(v1::CHANNEL_REGISTERED_POST);
                  r.mutable_request()->set_signed_for_date("2026-11-27");
                },
                "request.signed_for_date"},
        BadCase{"OrdinaryLetterWithoutConfirmation",
                [](R& r) { r.mutable_request()->set_channel(v1::CHANNEL_ORDINARY_LETTER); },
                "request.confirmed_date"},
        BadCase{"ConfirmedInTheFuture",
                [](R& r) {
                  r.mutable_request()->set_channel(v1::CHANNEL_ONLINE);
                  r.mutable_request()->set_confirmed_date("2026-12-01");
                },
                "request.confirmed_date"},
        BadCase{"AncientReceivedDate",
                [](R& r) { r.mutable_request()->set_received_date("2025-11-26"); },
                "request.received_date"}),
    [](const testing::TestParamInfo<BadCase>& info) { return info.param.name; });

TEST(RegistrationValidation, AcceptsTheReceiptDatesOfEachChannel) {
  v1::RegisterRequest post = ValidRequest();
  post.mutable_request()->set_received_date("2026-11-20");
  post.mutable_request()->set_channel(v1::CHANNEL_REGISTERED_POST);
  post.mutable_request()->set_signed_for_date("2026-11-23");
  EXPECT_TRUE(ValidateRegistration(post, kToday).ok());
  v1::RegisterRequest letter = ValidRequest();
  letter.mutable_request()->set_received_date("2026-11-20");
  letter.mutable_request()->set_channel(v1::CHANNEL_ORDINARY_LETTER);
  letter.mutable_request()->set_confirmed_date("2026-11-24");
  EXPECT_TRUE(ValidateRegistration(letter, kToday).ok());
}

TEST(RegistrationValidation, BoundsCountCharactersNotBytes) {
  v1::RegisterRequest request = ValidRequest();
  std::string name;
  for (int i = 0; i < 100; ++i) name += "张";  // 300 bytes, 100 characters
  request.mutable_applicant()->set_name(name);
  EXPECT_TRUE(ValidateRegistration(request, kToday).ok());
}

TEST(RegistrationValidation, OldestAcceptedReceiptDateIsAYearBack) {
  v1::RegisterRequest request = ValidRequest();
  request.mutable_request()->set_received_date("2025-11-27");  // 366 days before
  EXPECT_TRUE(ValidateRegistration(request, kToday).ok());
}

}  // namespace
}  // namespace gongkai
