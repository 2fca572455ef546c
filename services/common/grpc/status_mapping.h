// The one place where absl::Status becomes grpc::Status. The codes are the same canonical codes,
// so the mapping keeps the code and the message.
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace gongkai {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace gongkai
