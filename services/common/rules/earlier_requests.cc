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

}  // namespace

absl::StatusOr<EarlierRequestsQuery> ParseEarlierRequestsQuery(
    const v1::FindEarlierRequestsRequest& request, absl::CivilDay today) {
  GK_RETURN_IF_ERROR(ValidateIdentityDocument("", request.id_type(), request.id_number()));
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
