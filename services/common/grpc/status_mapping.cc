#include "grpc/status_mapping.h"

#include <optional>
#include <string>

#include "grpc/field_errors.h"

namespace gongkai {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  std::string message(status.message());
  if (const auto details = status.GetPayload(kStatusDetailsPayload)) {
    return grpc::Status(code, std::move(message), std::string(*details));
  }
  if (std::optional<FieldViolation> violation = FieldViolationOfMessage(message)) {
    std::string details = FieldErrorDetails(static_cast<int>(code), message, {*violation});
    return grpc::Status(code, std::move(message), std::move(details));
  }
  return grpc::Status(code, std::move(message));
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status mapped(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  if (!status.error_details().empty()) {
    mapped.SetPayload(kStatusDetailsPayload, absl::Cord(status.error_details()));
  }
  return mapped;
}

}  // namespace gongkai
