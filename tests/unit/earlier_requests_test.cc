// What IntakeService.FindEarlierRequests asks (rules/earlier_requests.h): whose monthly lists,
// which months, since which receipt date; and the refusals, naming the field.
#include "rules/earlier_requests.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "rules/request_fingerprint.h"

namespace gongkai {
namespace {

using Months = std::vector<std::string>;

v1::FindEarlierRequestsRequest Asked(v1::IdType type, const std::string& number,
                                     const std::string& description = "县财政预算") {
  v1::FindEarlierRequestsRequest request;
  request.set_id_type(type);
  request.set_id_number(number);
  request.set_description(description);
  return request;
}

TEST(EarlierRequestsQuery, TheLastTwelveMonthsFromTheSameDayAYearAgo) {
  absl::StatusOr<EarlierRequestsQuery> query = ParseEarlierRequestsQuery(
      Asked(v1::ID_TYPE_RESIDENT_ID_CARD, "11010519491231002X"), absl::CivilDay(2026, 5, 20));
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->since, "2025-05-20");
  EXPECT_EQ(query->months,
            (Months{"202605", "202604", "202603", "202602", "202601", "202512", "202511", "202510",
                    "202509", "202508", "202507", "202506", "202505"}));
  EXPECT_EQ(query->description, "县财政预算");
  // 29 February: a year before has none, so from 1 March; twelve lists.
  query = ParseEarlierRequestsQuery(Asked(v1::ID_TYPE_PASSPORT, "E12345678"),
                                    absl::CivilDay(2028, 2, 29));
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->since, "2027-03-01");
  ASSERT_EQ(query->months.size(), 12u);
  EXPECT_EQ(query->months.front(), "202802");
  EXPECT_EQ(query->months.back(), "202703");
}

TEST(EarlierRequestsQuery, ReadsTheListsRegisterWroteForTheSameDocument) {
  v1::Applicant registered;
  registered.set_id_type(v1::ID_TYPE_RESIDENT_ID_CARD);
  registered.set_id_number("11010519491231002X");
  // Typed with a lowercase x and spaces around: the same applicant.
  absl::StatusOr<EarlierRequestsQuery> query = ParseEarlierRequestsQuery(
      Asked(v1::ID_TYPE_RESIDENT_ID_CARD, " 11010519491231002x "), absl::CivilDay(2026, 5, 20));
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->applicant_digest, ApplicantDigest(registered));
  // The same number as another kind of document is another applicant.
  query = ParseEarlierRequestsQuery(Asked(v1::ID_TYPE_OTHER_PERSONAL, "11010519491231002X"),
                                    absl::CivilDay(2026, 5, 20));
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_NE(query->applicant_digest, ApplicantDigest(registered));
}

TEST(EarlierRequestsQuery, RefusesBadInputNamingTheFieldNeverTheNumber) {
  const absl::CivilDay today(2026, 5, 20);
  auto message = [&](const v1::FindEarlierRequestsRequest& request) {
    absl::StatusOr<EarlierRequestsQuery> query = ParseEarlierRequestsQuery(request, today);
    EXPECT_EQ(query.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(query.status().message());
  };
  EXPECT_EQ(message(Asked(v1::ID_TYPE_UNSPECIFIED, "E12345678")), "`id_type` 必须填写");
  EXPECT_EQ(message(Asked(static_cast<v1::IdType>(99), "E12345678")), "`id_type` 的取值 99 无效");
  EXPECT_TRUE(absl::StartsWith(message(Asked(v1::ID_TYPE_PASSPORT, "")), "`id_number` "));
  EXPECT_EQ(message(Asked(v1::ID_TYPE_PASSPORT, "   ")), "`id_number` 必须填写");
  EXPECT_TRUE(
      absl::StartsWith(message(Asked(v1::ID_TYPE_PASSPORT, std::string(33, '1'))), "`id_number` "));
  // The document is checked as Register checks it, with the same messages.
  EXPECT_EQ(message(Asked(v1::ID_TYPE_RESIDENT_ID_CARD, "110105194912310021")),
            "`id_number` 居民身份证号码校验位不正确");
  EXPECT_EQ(message(Asked(v1::ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE, "91110000000000000A")),
            "`id_number` 统一社会信用代码校验码不正确");
  EXPECT_EQ(message(Asked(v1::ID_TYPE_PASSPORT, "E1234#678")), "`id_number` 只能包含字母和数字");
  EXPECT_TRUE(
      absl::StartsWith(message(Asked(v1::ID_TYPE_OTHER_ORGANIZATION, "A#1")), "`id_number` 须为 "));
  EXPECT_EQ(message(Asked(v1::ID_TYPE_PASSPORT, "E12345678", " \n ")), "`description` 必须填写");
  EXPECT_TRUE(
      absl::StartsWith(message(Asked(v1::ID_TYPE_PASSPORT, "E12345678", "")), "`description` "));
  EXPECT_TRUE(absl::StartsWith(
      message(Asked(v1::ID_TYPE_PASSPORT, "E12345678", std::string(2001, 'a'))), "`description` "));
}

}  // namespace
}  // namespace gongkai
