// Which request field a failed call was about, in a form every gRPC client can read.
//
// A validation message names its field first, in backticks: "`applicant.id_number`
// 居民身份证号码校验位不正确". ToGrpcStatus (status_mapping.h) puts that field and the rest of the
// message, as one google.rpc.BadRequest.FieldViolation, into a google.rpc.Status in the call's
// binary error details (the `grpc-status-details-bin` trailer); a client reads them back with
// FieldViolationsOf. The status's code and message stay as they were.
//
// Example (the console gateway):
//   for (const FieldViolation& v : FieldViolationsOf(status)) Point(v.field, v.description);
#pragma once

#include <grpcpp/support/status.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace gongkai {

struct FieldViolation {
  std::string field;        // "applicant.id_number", "withheld[0].ground"
  std::string description;  // what is wrong with it, without the field
  bool operator==(const FieldViolation&) const = default;
};

// The absl::Status payload under which FromGrpcStatus keeps a call's binary error details, so
// that they survive a trip through absl::Status and back (ToGrpcStatus sends them again).
inline constexpr absl::string_view kStatusDetailsPayload = "type.googleapis.com/google.rpc.Status";

// The field a message starts with, in backticks, and the rest of the message trimmed of spaces
// and of a leading colon; nullopt unless it starts with a well-formed field path (letters,
// digits, '_', '.', '[', ']', '/').
std::optional<FieldViolation> FieldViolationOfMessage(absl::string_view message);

// A serialized google.rpc.Status of `code` and `message` carrying one google.rpc.BadRequest with
// `violations`.
std::string FieldErrorDetails(int code, absl::string_view message,
                              const std::vector<FieldViolation>& violations);

// The field violations in a status's binary error details (every BadRequest among them, in
// order); empty when there are none or the details are not a google.rpc.Status.
std::vector<FieldViolation> FieldViolationsOf(const grpc::Status& status);
// The same for a status FromGrpcStatus made.
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

}  // namespace gongkai
