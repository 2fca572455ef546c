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
  const char* message;  // exactly, the field it names first
};

void PrintTo(const BadCase& bad, std::ostream* out) { *out << bad.name; }

class RegistrationValidationBad : public testing::TestWithParam<BadCase> {};

TEST_P(RegistrationValidationBad, IsInvalidArgumentNamingTheFieldInChinese) {
  v1::RegisterRequest request = ValidRequest();
  GetParam().spoil(request);
  const absl::Status status = ValidateRegistration(request, kToday);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(status.message(), GetParam().message);
  // Personal data never appears in a message, which may reach a log.
  EXPECT_EQ(status.message().find(
                request.applicant().id_number().empty() ? "\x01" : request.applicant().id_number()),
            absl::string_view::npos);
}

using R = v1::RegisterRequest;
INSTANTIATE_TEST_SUITE_P(
    EveryField, RegistrationValidationBad,
    testing::Values(
        BadCase{"MissingRequestId", [](R& r) { r.clear_request_id(); }, "`request_id` 必须填写"},
        BadCase{"ShortRequestId", [](R& r) { r.set_request_id("abc"); },
                "`request_id` 须为 8 至 64 个字符"},
        BadCase{"RequestIdWithSpace", [](R& r) { r.set_request_id("window 0001"); },
                "`request_id` 只能包含字母、数字、- 和 _"},
        BadCase{"MissingApplicantType", [](R& r) { r.mutable_applicant()->clear_type(); },
                "`applicant.type` 必须填写"},
        BadCase{"UnknownApplicantType",
                [](R& r) { r.mutable_applicant()->set_type(static_cast<v1::ApplicantType>(42)); },
                "`applicant.type` 的取值 42 无效"},
        BadCase{"MissingName", [](R& r) { r.mutable_applicant()->clear_name(); },
                "`applicant.name` 必须填写"},
        BadCase{"NameTooLong",
                [](R& r) {
                  std::string name;
                  for (int i = 0; i < 101; ++i) name += "张";
                  r.mutable_applicant()->set_name(name);
                },
                "`applicant.name` 最多 100 个字符，现有 101 个"},
        BadCase{"NameNotUtf8", [](R& r) { r.mutable_applicant()->set_name("\xE5\xBC"); },
                "`applicant.name` 不是有效的 UTF-8 文本"},
        BadCase{"MissingIdType", [](R& r) { r.mutable_applicant()->clear_id_type(); },
                "`applicant.id_type` 必须填写"},
        BadCase{"PersonWithCreditCode",
                [](R& r) {
                  r.mutable_applicant()->set_id_type(v1::ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE);
                },
                "`applicant.id_type` 自然人须使用个人身份证件（居民身份证、护照等）"},
        BadCase{
            "OrganisationWithIdCard",
            [](R& r) { r.mutable_applicant()->set_type(v1::APPLICANT_TYPE_COMMERCIAL_ENTERPRISE); },
            "`applicant.id_type` "
            "法人或者其他组织须使用统一社会信用代码（ID_TYPE_UNIFIED_SOCIAL_CREDIT_"
            "CODE）；没有统一社会信用代码的组织选 ID_TYPE_OTHER_ORGANIZATION"},
        BadCase{"PersonWithOtherOrganizationId",
                [](R& r) {
                  r.mutable_applicant()->set_id_type(v1::ID_TYPE_OTHER_ORGANIZATION);
                  r.mutable_applicant()->set_id_number("HRB 86891");
                },
                "`applicant.id_type` 自然人须使用个人身份证件（居民身份证、护照等）"},
        BadCase{"OtherOrganizationIdWithHash",
                [](R& r) {
                  r.mutable_applicant()->set_type(v1::APPLICANT_TYPE_OTHER_ORGANIZATION);
                  r.mutable_applicant()->set_id_type(v1::ID_TYPE_OTHER_ORGANIZATION);
                  r.mutable_applicant()->set_id_number("HRB#86891");
                },
                "`applicant.id_number` 须为 2–50 个字符，只含字母、数字、空格和 - / "
                ".（境外组织的登记号码等）"},
        BadCase{"OtherOrganizationIdTooLong",
                [](R& r) {
                  r.mutable_applicant()->set_type(v1::APPLICANT_TYPE_OTHER_ORGANIZATION);
                  r.mutable_applicant()->set_id_type(v1::ID_TYPE_OTHER_ORGANIZATION);
                  r.mutable_applicant()->set_id_number(std::string(51, '7'));
                },
                "`applicant.id_number` 最多 50 个字符，现有 51 个"},
        BadCase{"OtherOrganizationIdInChinese",
                [](R& r) {
                  r.mutable_applicant()->set_type(v1::APPLICANT_TYPE_OTHER_ORGANIZATION);
                  r.mutable_applicant()->set_id_type(v1::ID_TYPE_OTHER_ORGANIZATION);
                  r.mutable_applicant()->set_id_number("登记号12345");
                },
                "`applicant.id_number` 须为 2–50 个字符，只含字母、数字、空格和 - / "
                ".（境外组织的登记号码等）"},
        BadCase{"OnlySpacesAsIdNumber", [](R& r) { r.mutable_applicant()->set_id_number("   "); },
                "`applicant.id_number` 必须填写"},
        BadCase{"LowercaseXNotAtTheEnd",
                [](R& r) { r.mutable_applicant()->set_id_number("1101051949123100x2"); },
                "`applicant.id_number` 居民身份证号码须为 18 位：前 17 位为数字，末位为数字或 X"},
        BadCase{"MissingIdNumber", [](R& r) { r.mutable_applicant()->clear_id_number(); },
                "`applicant.id_number` 必须填写"},
        BadCase{"WrongCheckDigit",
                [](R& r) { r.mutable_applicant()->set_id_number("110105194912310021"); },
                "`applicant.id_number` 居民身份证号码校验位不正确"},
        BadCase{"PassportWithPunctuation",
                [](R& r) {
                  r.mutable_applicant()->set_id_type(v1::ID_TYPE_PASSPORT);
                  r.mutable_applicant()->set_id_number("E1234-5678");
                },
                "`applicant.id_number` 只能包含字母和数字"},
        BadCase{
            "NoContact", [](R& r) { r.mutable_applicant()->clear_phone(); },
            "`applicant.phone` "
            "联系电话、通信地址（`applicant.address`）、电子邮箱（`applicant.email`）至少填写一项"},
        BadCase{"PhoneWithLetters", [](R& r) { r.mutable_applicant()->set_phone("call me"); },
                "`applicant.phone` 只能包含数字、空格和 + - ( )"},
        BadCase{"AddressTooLong",
                [](R& r) { r.mutable_applicant()->set_address(std::string(201, 'a')); },
                "`applicant.address` 最多 200 个字符，现有 201 个"},
        BadCase{"EmailWithoutAt", [](R& r) { r.mutable_applicant()->set_email("x.example.cn"); },
                "`applicant.email` 不是有效的电子邮箱地址"},
        BadCase{"PostWithoutAddress",
                [](R& r) { r.mutable_request()->set_delivery(v1::DELIVERY_METHOD_POST); },
                "`applicant.address` 邮寄送达须填写通信地址"},
        BadCase{"EmailDeliveryWithoutEmail",
                [](R& r) { r.mutable_request()->set_delivery(v1::DELIVERY_METHOD_EMAIL); },
                "`applicant.email` 电子邮件送达须填写电子邮箱"},
        BadCase{"EmptyDescription", [](R& r) { r.mutable_request()->clear_description(); },
                "`request.description` 必须填写"},
        BadCase{"DescriptionTooLong",
                [](R& r) { r.mutable_request()->set_description(std::string(2001, 'x')); },
                "`request.description` 最多 2000 个字符，现有 2001 个"},
        BadCase{"DescriptionNotUtf8",
                [](R& r) { r.mutable_request()->set_description("预算\xFF"); },
                "`request.description` 不是有效的 UTF-8 文本"},
        BadCase{"MissingForm", [](R& r) { r.mutable_request()->clear_form(); },
                "`request.form` 必须填写"},
        BadCase{"MissingDelivery", [](R& r) { r.mutable_request()->clear_delivery(); },
                "`request.delivery` 必须填写"},
        BadCase{"UnknownChannel",
                [](R& r) { r.mutable_request()->set_channel(static_cast<v1::Channel>(99)); },
                "`request.channel` 的取值 99 无效"},
        BadCase{"MissingChannel", [](R& r) { r.mutable_request()->clear_channel(); },
                "`request.channel` 必须填写"},
        BadCase{"MissingReceivedDate", [](R& r) { r.mutable_request()->clear_received_date(); },
                "`request.received_date` 必须填写"},
        BadCase{"MalformedReceivedDate",
                [](R& r) { r.mutable_request()->set_received_date("2026/11/28"); },
                "`request.received_date` 须为 YYYY-MM-DD 格式的日期"},
        BadCase{"ImpossibleReceivedDate",
                [](R& r) { r.mutable_request()->set_received_date("2026-02-30"); },
                "`request.received_date` 须为 YYYY-MM-DD 格式的日期"},
        BadCase{"FutureReceivedDate",
                [](R& r) { r.mutable_request()->set_received_date("2026-11-29"); },
                "`request.received_date` 不能晚于今天（今天是 2026-11-28）"},
        BadCase{"SignedForOnAnInPersonRequest",
                [](R& r) { r.mutable_request()->set_signed_for_date("2026-11-28"); },
                "`request.signed_for_date` 签收之日只适用于挂号信提交的申请"},
        BadCase{"SignedForBeforeArrival",
                [](R& r) {
                  r.mutable_request()->set_channel(v1::CHANNEL_REGISTERED_POST);
                  r.mutable_request()->set_signed_for_date("2026-11-27");
                },
                "`request.signed_for_date` 不能早于收到申请之日（`request.received_date`）"},
        BadCase{"OrdinaryLetterWithoutConfirmation",
                [](R& r) { r.mutable_request()->set_channel(v1::CHANNEL_ORDINARY_LETTER); },
                "`request.confirmed_date` "
                "平信提交的申请须填写本机关与申请人确认之日（条例第三十一条）"},
        BadCase{"ConfirmedInTheFuture",
                [](R& r) {
                  r.mutable_request()->set_channel(v1::CHANNEL_ONLINE);
                  r.mutable_request()->set_confirmed_date("2026-12-01");
                },
                "`request.confirmed_date` 不能晚于今天"},
        BadCase{"AncientReceivedDate",
                [](R& r) { r.mutable_request()->set_received_date("2025-11-26"); },
                "`request.received_date` 不能早于 366 天前"}),
    [](const testing::TestParamInfo<BadCase>& info) { return info.param.name; });

// A clerk is told which part of a mistyped number is wrong, without the number itself.
TEST(RegistrationValidation, IdNumberProblemsAreToldApart) {
  v1::RegisterRequest request = ValidRequest();
  const auto message = [&](const char* number) {
    request.mutable_applicant()->set_id_number(number);
    return std::string(ValidateRegistration(request, kToday).message());
  };
  EXPECT_EQ(message("110105194912310021"), "`applicant.id_number` 居民身份证号码校验位不正确");
  // 13th month: no check character would make it a number.
  EXPECT_EQ(message("11010519491331002X"),
            "`applicant.id_number` 居民身份证号码中的出生日期不正确");
  EXPECT_EQ(message("11010519491231002"),
            "`applicant.id_number` 居民身份证号码须为 18 位：前 17 位为数字，末位为数字或 X");
  EXPECT_EQ(message("11010519491231002Y"),
            "`applicant.id_number` 居民身份证号码须为 18 位：前 17 位为数字，末位为数字或 X");
  request.mutable_applicant()->set_type(v1::APPLICANT_TYPE_COMMERCIAL_ENTERPRISE);
  request.mutable_applicant()->set_id_type(v1::ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE);
  EXPECT_EQ(message("91340100MA2MWXKC55"), "");
  EXPECT_EQ(message("91340100MA2MWXKC56"), "`applicant.id_number` 统一社会信用代码校验码不正确");
  EXPECT_EQ(message("91340100MA2MWXKCI5"),
            "`applicant.id_number` 统一社会信用代码须为 18 位，由数字和大写字母组成（不含 I、O、S、"
            "V、Z）");
  EXPECT_EQ(message("91340100MA2MWXKC5"),
            "`applicant.id_number` 统一社会信用代码须为 18 位，由数字和大写字母组成（不含 I、O、S、"
            "V、Z）");
}

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
