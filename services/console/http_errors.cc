#include "http_errors.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/logging.h"
#include "gongkai/v1/console.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/field_errors.h"

namespace gongkai::console {
namespace {

const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "INTERNAL";
  }
}

// What a person can do about an error the services describe only in English (connection
// failures come from gRPC itself, not from the services' Chinese messages).
std::string MessageFor(const grpc::Status& status) {
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

}  // namespace

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
  std::vector<std::pair<std::string, std::string>> violations;
  for (FieldViolation& violation : FieldViolationsOf(status)) {
    violations.emplace_back(std::move(violation.field), std::move(violation.description));
  }
  return ErrorReply(status.error_code(), MessageFor(status), std::move(violations));
}

HttpReply ErrorReply(grpc::StatusCode code, absl::string_view message,
                     std::vector<std::pair<std::string, std::string>> field_violations) {
  v1::ConsoleError error;
  error.mutable_error()->set_code(CodeName(code));
  error.mutable_error()->set_message(std::string(message));
  for (auto& [field, description] : field_violations) {
    v1::ConsoleFieldViolation* violation = error.mutable_error()->add_field_violations();
    violation->set_field(std::move(field));
    violation->set_description(std::move(description));
  }
  HttpReply reply;
  reply.status = HttpStatusOf(code);
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  (void)google::protobuf::util::MessageToJsonString(error, &reply.body, options);
  return reply;
}

}  // namespace gongkai::console
