#include "grpc/field_errors.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace gongkai {
namespace {

// A message longer than this is not a field error's (and the trailer stays small).
constexpr size_t kMaxDetailedMessage = 4096;
constexpr size_t kMaxFieldPath = 128;

bool IsFieldPathCharacter(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '[' ||
         c == ']' || c == '/';
}

std::vector<FieldViolation> ViolationsInDetails(const std::string& details) {
  std::vector<FieldViolation> violations;
  if (details.empty()) return violations;
  google::rpc::Status status;
  if (!status.ParseFromString(details)) return violations;
  for (const google::protobuf::Any& detail : status.details()) {
    google::rpc::BadRequest bad_request;
    if (!detail.Is<google::rpc::BadRequest>() || !detail.UnpackTo(&bad_request)) continue;
    for (const auto& violation : bad_request.field_violations()) {
      violations.push_back({violation.field(), violation.description()});
    }
  }
  return violations;
}

}  // namespace

std::optional<FieldViolation> FieldViolationOfMessage(absl::string_view message) {
  if (message.size() > kMaxDetailedMessage || !absl::ConsumePrefix(&message, "`")) {
    return std::nullopt;
  }
  const size_t close = message.find('`');
  if (close == absl::string_view::npos || close == 0 || close > kMaxFieldPath) return std::nullopt;
  const absl::string_view field = message.substr(0, close);
  for (char c : field) {
    if (!IsFieldPathCharacter(c)) return std::nullopt;
  }
  absl::string_view rest = absl::StripAsciiWhitespace(message.substr(close + 1));
  // "`ids`: 提醒 7 不存在" names its field the same way.
  if (absl::ConsumePrefix(&rest, ":") || absl::ConsumePrefix(&rest, "：")) {
    rest = absl::StripAsciiWhitespace(rest);
  }
  return FieldViolation{std::string(field), std::string(rest)};
}

std::string FieldErrorDetails(int code, absl::string_view message,
                              const std::vector<FieldViolation>& violations) {
  google::rpc::BadRequest bad_request;
  for (const FieldViolation& violation : violations) {
    auto* added = bad_request.add_field_violations();
    added->set_field(violation.field);
    added->set_description(violation.description);
  }
  google::rpc::Status status;
  status.set_code(code);
  status.set_message(std::string(message));
  status.add_details()->PackFrom(bad_request);
  return status.SerializeAsString();
}

std::vector<FieldViolation> FieldViolationsOf(const grpc::Status& status) {
  return ViolationsInDetails(status.error_details());
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  const auto details = status.GetPayload(kStatusDetailsPayload);
  if (!details.has_value()) return {};
  return ViolationsInDetails(std::string(*details));
}

}  // namespace gongkai
