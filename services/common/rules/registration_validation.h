// Validation of a registration at the window: every field, with a message naming the field.
//
// The first problem found is reported as INVALID_ARGUMENT; nothing is stored on error. Identity
// numbers are checked in the form NormalizedIdNumber (identity_numbers.h) gives them, the form
// the intake stores: a resident ID number ending in a lowercase x is valid.
//
// Example:
//   absl::Status status = ValidateRegistration(request, ChinaDay(clock.Now()));
//   // "`applicant.name` is required"
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "gongkai/v1/intake.pb.h"

namespace gongkai {

// Bounds of the registration fields, in characters.
inline constexpr size_t kMaxNameChars = 100;
inline constexpr size_t kMaxIdNumberChars = 32;
// An organisation without a unified social credit code (ID_TYPE_OTHER_ORGANIZATION, e.g. a
// foreign company) gives its registration number at home or another identifier, as printed.
inline constexpr size_t kMinOtherOrganizationIdChars = 2;
inline constexpr size_t kMaxOtherOrganizationIdChars = 50;
inline constexpr size_t kMaxPhoneChars = 20;
inline constexpr size_t kMaxAddressChars = 200;
inline constexpr size_t kMaxEmailChars = 254;
inline constexpr size_t kMaxDescriptionChars = 2000;
// A receipt date further back than this is a typing error, not a late registration.
inline constexpr int kMaxReceivedDaysAgo = 366;

absl::Status ValidateRequestId(absl::string_view request_id);

absl::Status ValidateRegistration(const v1::RegisterRequest& request, absl::CivilDay today);

// An identity document as Register stores it: its type, its length, and the format and check
// character of the types that have them. `prefix` goes before the field names ("applicant."
// at registration, "" where the document is asked for alone). The messages never repeat the
// number: it is personal data and messages reach logs.
absl::Status ValidateIdentityDocument(absl::string_view prefix, v1::IdType id_type,
                                      absl::string_view typed);

// A required or optional text field: valid UTF-8 and at most `max_chars` characters.
absl::Status ValidateText(absl::string_view field, absl::string_view value, size_t max_chars,
                          bool required);

}  // namespace gongkai
