#include "http_errors.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/logging.h"
#include "gongkai/v1/console.pb.h"
#include "json_text.h"

namespace gongkai::console {
namespace {

// The code's name as gRPC spells it; UNKNOWN (and anything unnamed) is reported as INTERNAL.
std::string CodeName(grpc::StatusCode code) {
  const std::string name = absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
  return code == grpc::StatusCode::UNKNOWN || name.empty() ? "INTERNAL" : name;
}

}  // namespace

std::string StaffMessageOf(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      return "服务暂时不可用，请稍后重试";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "服务响应超时，请稍后重试";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "登录已失效，请重新登录";
    // What went wrong inside (a Redis error, a broken connection) is for the logs, not the page.
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::DATA_LOSS:
    case grpc::StatusCode::CANCELLED:
      spdlog::warn("event=service_error code={} error=\"{}\"",
                   static_cast<int>(status.error_code()), absl::CHexEscape(status.error_message()));
      return "服务内部错误，请稍后重试或联系系统管理员";
    default:
      return status.error_message();
  }
}

int HttpStatusOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return 200;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::ALREADY_EXISTS:
      return 409;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::UNIMPLEMENTED:
      return 501;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    default:
      return 500;
  }
}

HttpReply ErrorReply(const grpc::Status& status) {
  return ErrorReply(status.error_code(), StaffMessageOf(status), FieldViolationsOf(status));
}

HttpReply ErrorReply(grpc::StatusCode code, absl::string_view message,
                     std::vector<FieldViolation> field_violations) {
  if (field_violations.empty()) {
    if (std::optional<FieldViolation> named = FieldViolationOfMessage(message)) {
      field_violations.push_back(*std::move(named));
    }
  }
  v1::ConsoleError error;
  error.mutable_error()->set_code(CodeName(code));
  error.mutable_error()->set_message(std::string(message));
  for (FieldViolation& violation : field_violations) {
    v1::ConsoleFieldViolation* out = error.mutable_error()->add_field_violations();
    out->set_field(std::move(violation.field));
    out->set_description(std::move(violation.description));
  }
  HttpReply reply;
  reply.status = HttpStatusOf(code);
  reply.body = ToJson(error);
  return reply;
}

}  // namespace gongkai::console
