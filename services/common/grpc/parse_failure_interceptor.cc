#include "grpc/parse_failure_interceptor.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/stubs/logging.h>

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/logging.h"
#include "base/staff_error.h"
#include "grpc/status_mapping.h"

namespace gongkai {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// Full name of the last field protobuf found invalid UTF-8 in, on this thread.
thread_local std::string last_invalid_utf8_field;

void OnProtobufLog(google::protobuf::LogLevel level, const char* filename, int line,
                   const std::string& message) {
  // "String field 'gongkai.v1.Applicant.name' contains invalid UTF-8 data when parsing ..."
  const size_t open = message.find("field '");
  if (absl::StrContains(message, "invalid UTF-8") && open != std::string::npos) {
    const size_t start = open + 7;
    const size_t end = message.find('\'', start);
    if (end != std::string::npos) last_invalid_utf8_field = message.substr(start, end - start);
  }
  // The message names a field, never its content: safe to log.
  spdlog::warn("event=protobuf_log level={} file={}:{} message=\"{}\"", static_cast<int>(level),
               filename, line, message);
}

// "applicant.name" for the field gongkai.v1.Applicant.name inside gongkai.v1.RegisterRequest.
bool FindPath(const Descriptor* message, const std::string& full_name, const std::string& prefix,
              int depth, std::string* path) {
  for (int i = 0; i < message->field_count(); ++i) {
    const FieldDescriptor* field = message->field(i);
    const std::string here = prefix.empty() ? field->name() : prefix + "." + field->name();
    if (field->full_name() == full_name) {
      *path = here;
      return true;
    }
    if (depth > 0 && field->message_type() != nullptr &&
        FindPath(field->message_type(), full_name, here, depth - 1, path)) {
      return true;
    }
  }
  return false;
}

absl::Status DescribeProblem(const std::string& method, const Descriptor* request_type) {
  std::string field = std::move(last_invalid_utf8_field);
  last_invalid_utf8_field.clear();
  if (field.empty()) {
    return StaffError(absl::StatusCode::kInvalidArgument,
                      "请求内容无法解析（格式有误，或有文字不是有效的 UTF-8），请检查后重新提交",
                      absl::StrCat("the request to ", method,
                                   " is not a valid message (malformed bytes or a text field that "
                                   "is not UTF-8)"));
  }
  std::string path = field;
  FindPath(request_type, field, "", 3, &path);
  return absl::InvalidArgumentError(absl::StrCat("`", path, "` 不是有效的 UTF-8 文本"));
}

class ParseFailureInterceptor final : public grpc::experimental::Interceptor {
 public:
  ParseFailureInterceptor(std::string method, const Descriptor* request_type)
      : method_(std::move(method)), request_type_(request_type) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      // Gongkai's handlers never answer UNIMPLEMENTED, and the method is served here: this is
      // gRPC's failed deserialization.
      if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED &&
          status.error_message().empty()) {
        const absl::Status problem = DescribeProblem(method_, request_type_);
        spdlog::info("event=call_failed method={} code=INVALID_ARGUMENT error=\"{}\"", method_,
                     LogReason(problem));
        // Through the one mapping: a message naming the field carries it in the details.
        methods->ModifySendStatus(ToGrpcStatus(problem));
      }
    }
    methods->Proceed();
  }

 private:
  std::string method_;
  const Descriptor* request_type_;
};

class ParseFailureInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit ParseFailureInterceptorFactory(std::shared_ptr<const ServedMethods> served)
      : served_(std::move(served)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    const char* method = info->method();
    if (method == nullptr) return nullptr;
    // A method this server does not serve keeps gRPC's own UNIMPLEMENTED: rewriting it would
    // tell a client on the wrong port that its request was malformed.
    const Descriptor* request_type = served_->RequestType(method);
    if (request_type == nullptr) return nullptr;
    return new ParseFailureInterceptor(method, request_type);
  }

 private:
  std::shared_ptr<const ServedMethods> served_;
};

}  // namespace

void CaptureProtobufParseProblems() { google::protobuf::SetLogHandler(&OnProtobufLog); }

void ServedMethods::Serve(const std::vector<std::string>& service_names) {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const std::string& name : service_names) {
    if (!absl::StartsWith(name, "gongkai.v1.")) continue;
    const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(name);
    if (service == nullptr) {
      spdlog::warn("event=service_without_descriptor service={}", name);
      continue;
    }
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* method = service->method(i);
      methods_[absl::StrCat("/", service->full_name(), "/", method->name())] = method->input_type();
    }
  }
}

const Descriptor* ServedMethods::RequestType(absl::string_view method) const {
  auto found = methods_.find(method);
  return found == methods_.end() ? nullptr : found->second;
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeParseFailureInterceptorFactory(std::shared_ptr<const ServedMethods> served) {
  return std::make_unique<ParseFailureInterceptorFactory>(std::move(served));
}

}  // namespace gongkai
