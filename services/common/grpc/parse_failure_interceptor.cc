#include "grpc/parse_failure_interceptor.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/stubs/logging.h>

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/logging.h"

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

std::string DescribeProblem(const std::string& method) {
  std::string field = std::move(last_invalid_utf8_field);
  last_invalid_utf8_field.clear();
  if (field.empty()) {
    return absl::StrCat("the request to ", method,
                        " is not a valid message (malformed bytes or a text field that is not "
                        "UTF-8)");
  }
  // "/gongkai.v1.IntakeService/Register" → the method's request type.
  std::string service_method = method.substr(1);
  std::replace(service_method.begin(), service_method.end(), '/', '.');
  const auto* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(service_method);
  std::string path = field;
  if (descriptor != nullptr) FindPath(descriptor->input_type(), field, "", 3, &path);
  return absl::StrCat("`", path, "` is not valid UTF-8");
}

class ParseFailureInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit ParseFailureInterceptor(std::string method) : method_(std::move(method)) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      // Gongkai's handlers never answer UNIMPLEMENTED: this is gRPC's failed deserialization.
      if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED &&
          status.error_message().empty()) {
        const std::string problem = DescribeProblem(method_);
        spdlog::info("event=call_failed method={} code=INVALID_ARGUMENT error=\"{}\"", method_,
                     problem);
        methods->ModifySendStatus(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, problem));
      }
    }
    methods->Proceed();
  }

 private:
  std::string method_;
};

class ParseFailureInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    const std::string method = info->method() ? info->method() : "";
    if (!absl::StartsWith(method, "/gongkai.v1.")) return nullptr;
    return new ParseFailureInterceptor(method);
  }
};

}  // namespace

void CaptureProtobufParseProblems() { google::protobuf::SetLogHandler(&OnProtobufLog); }

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeParseFailureInterceptorFactory() {
  return std::make_unique<ParseFailureInterceptorFactory>();
}

}  // namespace gongkai
