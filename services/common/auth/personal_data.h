// Applicants' personal data (identity numbers, phone numbers, addresses, e-mail) shown only to the
// roles whose work needs it: the window clerk who registered the request and hands out the reply,
// and the officers of the department answering it. Everyone else sees them masked.
//
// Example:
//   if (!SeesApplicantDetails(actor)) MaskApplicant(found.mutable_applicant());
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// "340823198001011234" -> "3408**********1234": the first and last four characters stay.
std::string MaskIdentityNumber(absl::string_view number);
// "13812345678" -> "138****5678": the first three and last four digits stay.
std::string MaskPhone(absl::string_view phone);
// "安徽省六安市舒城县城关镇梅河路1号" -> "安徽省六安市****": the first six characters stay.
std::string MaskAddress(absl::string_view address);
// "zhang.san@example.cn" -> "z***@example.cn".
std::string MaskEmail(absl::string_view email);

void MaskApplicant(v1::Applicant* applicant);

// Window clerks and department officers (within their scope, which the access policy has
// checked) see the applicant's details; the other roles see them masked.
bool SeesApplicantDetails(const v1::Actor& actor);

}  // namespace gongkai
