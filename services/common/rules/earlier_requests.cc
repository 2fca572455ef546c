#include "rules/earlier_requests.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/clock.h"
#include "base/status_macros.h"
#include "rules/identity_numbers.h"
#include "rules/registration_validation.h"
#include "rules/request_fingerprint.h"

namespace gongkai {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("`", field, "` ", problem));
}

// The identity document as Register stores it (registration_validation.h checks it the same
// way): a number that could not be registered is refused rather than looked up.
absl::Status ValidateDocument(v1::IdType type, absl::string_view typed) {
  if (type == v1::ID_TYPE_UNSPECIFIED) return Invalid("id_type", "必须填写");
  if (!v1::IdType_IsValid(type)) return Invalid("id_type", absl::StrCat("的取值 ", type, " 无效"));
  const bool other_organization = type == v1::ID_TYPE_OTHER_ORGANIZATION;
  GK_RETURN_IF_ERROR(
      ValidateText("id_number", typed,
                   other_organization ? kMaxOtherOrganizationIdChars : kMaxIdNumberChars, true));
  const std::string number = NormalizedIdNumber(type, typed);
  if (number.empty()) return Invalid("id_number", "必须填写");
  // The messages never repeat the number: it is personal data and messages reach logs.
  if (type == v1::ID_TYPE_RESIDENT_ID_CARD && !IsValidResidentIdNumber(number)) {
    return Invalid("id_number", "不是有效的居民身份证号码（18 位，末位校验位须正确）");
  }
  if (type == v1::ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE && !IsValidUnifiedSocialCreditCode(number)) {
    return Invalid("id_number", "不是有效的统一社会信用代码（18 位，末位校验码须正确）");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<EarlierRequestsQuery> ParseEarlierRequestsQuery(
    const v1::FindEarlierRequestsRequest& request, absl::CivilDay today) {
  GK_RETURN_IF_ERROR(ValidateDocument(request.id_type(), request.id_number()));
  GK_RETURN_IF_ERROR(
      ValidateText("description", request.description(), kMaxDescriptionChars, true));
  if (absl::StripAsciiWhitespace(request.description()).empty()) {
    return Invalid("description", "必须填写");
  }
  EarlierRequestsQuery query;
  v1::Applicant applicant;
  applicant.set_id_type(request.id_type());
  applicant.set_id_number(request.id_number());
  query.applicant_digest = ApplicantDigest(applicant);  // normalises the number as Register does
  query.description = request.description();
  // CivilDay normalises 29 February of a year without one to 1 March.
  const absl::CivilMonth first = absl::CivilMonth(today) - kEarlierRequestsMonths;
  const absl::CivilDay since(first.year(), first.month(), today.day());
  query.since = FormatDay(since);
  for (absl::CivilMonth month(today); month >= absl::CivilMonth(since); --month) {
    query.months.push_back(absl::StrFormat("%04d%02d", month.year(), month.month()));
  }
  return query;
}

}  // namespace gongkai
