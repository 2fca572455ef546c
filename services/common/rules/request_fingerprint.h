// A stable digest of what a registration asked (everything but the request id), so that a
// retried registration can be told from a different request that reuses the id.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "gongkai/v1/intake.pb.h"

namespace gongkai {

// 32 hex digits of BLAKE2b (libsodium's crypto_generichash) over the deterministic
// serialization: stable across processes and builds, which std::hash and absl::Hash are not.
std::string RequestFingerprint(const v1::RegisterRequest& request);

// 32 hex digits of BLAKE2b over the applicant's identity (document type and normalised number):
// the same applicant gives the same digest on every request, so that their requests of a month
// can be counted (the fee per request), while the number itself never becomes a key name.
std::string ApplicantDigest(const v1::Applicant& applicant);

// 32 hex digits of BLAKE2b over `text`: whether a text is still the one a record was made of.
std::string ContentDigest(absl::string_view text);

}  // namespace gongkai
