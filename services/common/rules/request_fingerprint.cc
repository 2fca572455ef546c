#include "rules/request_fingerprint.h"

#include <sodium.h>

#include "absl/strings/str_cat.h"
#include "auth/passwords.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "rules/identity_numbers.h"

namespace gongkai {

namespace {

std::string HexDigest(absl::string_view bytes) {
  InitSodium();
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  char hex[2 * sizeof digest + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace

std::string ContentDigest(absl::string_view text) { return HexDigest(text); }

std::string ApplicantDigest(const v1::Applicant& applicant) {
  return HexDigest(absl::StrCat("applicant\n", static_cast<int>(applicant.id_type()), "\n",
                                NormalizedIdNumber(applicant.id_type(), applicant.id_number())));
}

std::string RequestFingerprint(const v1::RegisterRequest& request) {
  v1::RegisterRequest content = request;
  content.clear_request_id();
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    content.SerializeToCodedStream(&coded);
  }
  return HexDigest(bytes);
}

}  // namespace gongkai
