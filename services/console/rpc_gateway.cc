#include "rpc_gateway.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/impl/codegen/proto_utils.h>

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "base/logging.h"
#include "call_setup.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/json_util.h"
#include "http_errors.h"
#include "json_text.h"

namespace gongkai::console {
namespace {

using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

// Signing in and out have routes of their own (/api/session): they set and clear the cookie.
// WatchCase, unary but a long poll, has its stream (/api/events/case/...), whose number the
// console bounds: relayed here it would hold an HTTP thread outside that bound.
bool HasOwnRoute(const MethodDescriptor& method) {
  const std::string& service = method.service()->name();
  return (service == "AccountService" && (method.name() == "Login" || method.name() == "Logout")) ||
         (service == "TrackerService" && method.name() == "WatchCase");
}

std::unique_ptr<Message> NewMessage(const google::protobuf::Descriptor* type) {
  return std::unique_ptr<Message>(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
}

// One unary call through a generic stub: protobuf serializes the messages of whatever types the
// descriptors name.
grpc::Status CallGeneric(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                         const Message& request, Message& response, const Caller& caller) {
  grpc::ClientContext context;
  PrepareContext(context, caller);
  grpc::TemplatedGenericStub<Message, Message> stub(channel);
  absl::Notification done;
  grpc::Status status;
  stub.UnaryCall(&context, path, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status finished) {
                   status = std::move(finished);
                   done.Notify();
                 });
  done.WaitForNotification();
  return status;
}

}  // namespace

HttpReply RpcGateway::Relay(absl::string_view service, absl::string_view method,
                            absl::string_view json, const Caller& caller) const {
  const Upstreams::Target* target = upstreams_.Find(service);
  const MethodDescriptor* descriptor =
      target == nullptr ? nullptr : target->service->FindMethodByName(std::string(method));
  if (descriptor == nullptr || descriptor->client_streaming() || descriptor->server_streaming() ||
      HasOwnRoute(*descriptor)) {
    return ErrorReply(grpc::StatusCode::NOT_FOUND,
                      absl::StrCat("没有这项操作：", service, "/", method));
  }
  std::unique_ptr<Message> request = NewMessage(descriptor->input_type());
  const absl::string_view body = json.empty() ? absl::string_view("{}") : json;
  if (auto parsed = google::protobuf::util::JsonStringToMessage(
          google::protobuf::StringPiece(body.data(), body.size()), request.get());
      !parsed.ok()) {
    // The parser names the field or the position at fault; the clerk's form never sends
    // malformed JSON, so this message is for whoever wrote the calling code.
    return ErrorReply(grpc::StatusCode::INVALID_ARGUMENT,
                      absl::StrCat("请求体不是有效的 JSON 或与 ", descriptor->input_type()->name(),
                                   " 不符：", parsed.message().as_string()));
  }
  std::unique_ptr<Message> response = NewMessage(descriptor->output_type());
  const std::string path = absl::StrCat("/", target->service->full_name(), "/", method);
  grpc::Status status = CallGeneric(target->channel, path, *request, *response, caller);
  if (!status.ok()) return ErrorReply(status);
  HttpReply reply;
  reply.body = ToJson(*response);
  return reply;
}

}  // namespace gongkai::console
