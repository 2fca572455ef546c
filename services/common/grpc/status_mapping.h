// The one place where absl::Status becomes grpc::Status. The codes are the same canonical codes,
// so the mapping keeps the code and the message. A message that names a request field first, in
// backticks, also gives the call binary error details: a google.rpc.Status with that field as a
// google.rpc.BadRequest field violation (field_errors.h), which clients read back with
// FieldViolationsOf.
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace gongkai {

grpc::Status ToGrpcStatus(const absl::Status& status);
// Keeps the code and the message, and the binary error details as the payload
// kStatusDetailsPayload (field_errors.h), which ToGrpcStatus sends on unchanged.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace gongkai
