// Every service port behaves as a gRPC server is expected to: a method it does not serve is
// UNIMPLEMENTED (a client on the wrong port, or probing for a feature, learns just that), a
// request that does not parse is INVALID_ARGUMENT naming the field, and server reflection lists
// exactly the services of the port. Calls go out as raw bytes through grpc::GenericStub, so that
// any method name and any bytes can be sent to any port.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/text_format.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpc/field_errors.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

// What each process serves, and a request of one of its methods with a text field that is not
// UTF-8, with the path of that field.
struct Port {
  std::string process;
  std::vector<std::string> services;  // the gongkai.v1 services it registers
  std::string method;                 // a method it serves
  std::string body;                   // that method's request, not parseable
  std::string field;                  // the path of the offending field
};

// Stands for the text that is not UTF-8 until the request is serialized: protobuf's serializer
// would complain about the real bytes (and send them all the same).
const char kPlaceholder[] = "@@";

// `request` serialized, with the placeholder replaced by bytes no UTF-8 text can hold (a lead
// byte without its continuation).
std::string WithInvalidUtf8(const google::protobuf::Message& request) {
  std::string bytes = request.SerializeAsString();
  const size_t at = bytes.find(kPlaceholder);
  EXPECT_NE(at, std::string::npos);
  EXPECT_EQ(bytes.find(kPlaceholder, at + 1), std::string::npos);
  if (at != std::string::npos) bytes.replace(at, 2, "\xE5\xBC");
  return bytes;
}

std::vector<Port> Ports() {
  std::vector<Port> ports;
  {
    v1::RegisterRequest request = SampleRegistration("conformance-0001", "县财政预算");
    request.mutable_applicant()->set_name(kPlaceholder);
    ports.push_back({"intake",
                     {"gongkai.v1.IntakeService"},
                     "/gongkai.v1.IntakeService/Register",
                     WithInvalidUtf8(request),
                     "applicant.name"});
  }
  {
    v1::DepartmentQueueRequest request;
    request.set_department("czj");
    request.mutable_page()->set_page_token(kPlaceholder);
    ports.push_back({"routing",
                     {"gongkai.v1.RoutingService"},
                     "/gongkai.v1.RoutingService/ListDepartmentQueue",
                     WithInvalidUtf8(request),
                     "page.page_token"});
  }
  {
    v1::SubmitDraftRequest request;
    request.set_case_number("2026-000001");
    request.set_outcome(v1::OUTCOME_DISCLOSED);
    request.set_disclosed_text(kPlaceholder);
    ports.push_back({"review",
                     {"gongkai.v1.ReviewService"},
                     "/gongkai.v1.ReviewService/SubmitDraft",
                     WithInvalidUtf8(request),
                     "disclosed_text"});
  }
  {
    v1::IssueReplyRequest request;
    request.set_case_number("2026-000001");
    request.mutable_delivery()->set_method(v1::DELIVERY_METHOD_POST);
    request.mutable_delivery()->set_reference(kPlaceholder);
    ports.push_back({"reply",
                     {"gongkai.v1.ReplyService"},
                     "/gongkai.v1.ReplyService/IssueReply",
                     WithInvalidUtf8(request),
                     "delivery.reference"});
  }
  {
    v1::RequestSupplementRequest request;
    request.set_case_number("2026-000001");
    request.set_items(kPlaceholder);
    ports.push_back(
        {"tracker",
         {"gongkai.v1.AccountService", "gongkai.v1.ReportService", "gongkai.v1.TrackerService"},
         "/gongkai.v1.TrackerService/RequestSupplement",
         WithInvalidUtf8(request),
         "items"});
  }
  return ports;
}

grpc::ByteBuffer ToBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string FromBuffer(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (!buffer.Dump(&slices).ok()) return bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return bytes;
}

// One unary call of `method` with `body` as its request bytes, as a signed-in manager.
grpc::Status CallAsManager(TestStack& stack, const std::string& process, const std::string& method,
                           const std::string& body) {
  return CallRaw(stack.port(process), method, ToBuffer(body), TestStack::As("m1", "manager").get());
}

TEST(GrpcConformance, AnUnknownMethodIsUnimplementedOnEveryPort) {
  TestStack stack;
  stack.StartAll();
  for (const Port& port : Ports()) {
    const grpc::Status status =
        CallAsManager(stack, port.process, "/gongkai.v1.NoSuchService/NoSuchMethod", "");
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED)
        << port.process << ": " << status.error_message();
    // gRPC's own answer, with nothing of Gongkai's wording about malformed requests.
    EXPECT_EQ(status.error_message(), "") << port.process;
  }
}

TEST(GrpcConformance, AMethodOfAnotherServiceIsUnimplemented) {
  TestStack stack;
  stack.StartAll();
  const std::string registration =
      SampleRegistration("conformance-wrong-port", "县财政预算").SerializeAsString();
  for (const Port& port : Ports()) {
    // A well-formed registration sent to the wrong port, and an empty one.
    std::string method = "/gongkai.v1.IntakeService/Register";
    if (port.process == "intake") method = "/gongkai.v1.TrackerService/WatchCase";
    for (const std::string& body : {registration, std::string()}) {
      const grpc::Status status = CallAsManager(stack, port.process, method, body);
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED)
          << method << " on " << port.process << ": " << status.error_message();
    }
  }
  // Every other port's method, on each port.
  for (const Port& port : Ports()) {
    for (const Port& other : Ports()) {
      if (other.process == port.process) continue;
      const grpc::Status status = CallAsManager(stack, port.process, other.method, "");
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED)
          << other.method << " on " << port.process << ": " << status.error_message();
    }
  }
  // The registration sent to the wrong ports registered nothing.
  EXPECT_EQ(stack.CountKeys("gk:*:case:*"), 0);
}

TEST(GrpcConformance, ARequestThatDoesNotParseIsInvalidArgumentNamingTheField) {
  TestStack stack;
  stack.StartAll();
  for (const Port& port : Ports()) {
    const grpc::Status status = CallAsManager(stack, port.process, port.method, port.body);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << port.method << ": " << status.error_message();
    EXPECT_EQ(status.error_message(), absl::StrCat("`", port.field, "` 不是有效的 UTF-8 文本"))
        << port.method;
    EXPECT_EQ(FieldViolationsOf(status),
              (std::vector<FieldViolation>{{port.field, "不是有效的 UTF-8 文本"}}))
        << port.method;
  }
  // Bytes that are no protobuf message at all (a field header promising more than follows).
  const grpc::Status truncated =
      CallAsManager(stack, "intake", "/gongkai.v1.IntakeService/Register", "\x0a\x7f");
  EXPECT_EQ(truncated.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << truncated.error_message();
  EXPECT_EQ(truncated.error_message(),
            "请求内容无法解析（格式有误，或有文字不是有效的 UTF-8），请检查后重新提交");
  EXPECT_TRUE(FieldViolationsOf(truncated).empty());
}

// The part of grpc.reflection.v1alpha (reflection.proto) that lists services. Debian's
// libgrpc++-dev ships the reflection server (libgrpc++_reflection) but neither reflection.proto
// nor generated headers for it, so the test declares the messages it needs and lets protobuf's
// dynamic messages encode and decode them. The field numbers are those of the wire protocol (as
// compiled into libgrpc++_reflection 1.51), which cannot change without breaking every client.
constexpr char kReflectionSubset[] = R"pb(
  name: "gongkai_test/reflection_subset.proto"
  package: "grpc.reflection.v1alpha"
  syntax: "proto3"
  message_type {
    name: "ServerReflectionRequest"
    field { name: "host" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
    field { name: "list_services" number: 7 label: LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 }
    oneof_decl { name: "message_request" }
  }
  message_type {
    name: "ServiceResponse"
    field { name: "name" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
  }
  message_type {
    name: "ListServiceResponse"
    field {
      name: "service"
      number: 1
      label: LABEL_REPEATED
      type: TYPE_MESSAGE
      type_name: ".grpc.reflection.v1alpha.ServiceResponse"
    }
  }
  message_type {
    name: "ErrorResponse"
    field { name: "error_code" number: 1 label: LABEL_OPTIONAL type: TYPE_INT32 }
    field { name: "error_message" number: 2 label: LABEL_OPTIONAL type: TYPE_STRING }
  }
  message_type {
    name: "ServerReflectionResponse"
    field { name: "valid_host" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
    field {
      name: "list_services_response"
      number: 6
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".grpc.reflection.v1alpha.ListServiceResponse"
      oneof_index: 0
    }
    field {
      name: "error_response"
      number: 7
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".grpc.reflection.v1alpha.ErrorResponse"
      oneof_index: 0
    }
    oneof_decl { name: "message_response" }
  }
)pb";

const google::protobuf::DescriptorPool& ReflectionPool() {
  static const auto* pool = [] {
    google::protobuf::FileDescriptorProto file;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(kReflectionSubset, &file));
    auto* built = new google::protobuf::DescriptorPool();
    EXPECT_NE(built->BuildFile(file), nullptr);
    return built;
  }();
  return *pool;
}

// Waits for the completion of the operation tagged `tag`; whether it succeeded.
bool Await(grpc::CompletionQueue& queue, void* tag) {
  void* got = nullptr;
  bool ok = false;
  if (!queue.Next(&got, &ok)) return false;
  EXPECT_EQ(got, tag);
  return ok;
}

// The services `process` lists through server reflection (one list_services request on the
// bidirectional ServerReflectionInfo stream), sorted; no token, as a probe would ask.
std::vector<std::string> ListServices(TestStack& stack, const std::string& process) {
  const google::protobuf::DescriptorPool& pool = ReflectionPool();
  google::protobuf::DynamicMessageFactory factory(&pool);
  const auto* request_type =
      pool.FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionRequest");
  const auto* response_type =
      pool.FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionResponse");
  std::unique_ptr<google::protobuf::Message> request(factory.GetPrototype(request_type)->New());
  // The content of list_services is not looked at; setting it (empty) selects the request.
  request->GetReflection()->SetString(request.get(), request_type->FindFieldByName("list_services"),
                                      "");

  grpc::GenericStub stub(TestChannel(stack.port(process)));
  grpc::CompletionQueue queue;
  std::unique_ptr<grpc::ClientContext> context = TestStack::WithToken("");
  auto call = stub.PrepareCall(
      context.get(), "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &queue);
  int step = 0;
  auto tag = [&step] { return reinterpret_cast<void*>(static_cast<intptr_t>(++step)); };
  void* started = tag();
  call->StartCall(started);
  EXPECT_TRUE(Await(queue, started));
  void* written = tag();
  call->Write(ToBuffer(request->SerializeAsString()), written);
  EXPECT_TRUE(Await(queue, written));
  void* closed = tag();
  call->WritesDone(closed);
  EXPECT_TRUE(Await(queue, closed));
  grpc::ByteBuffer answer;
  void* read = tag();
  call->Read(&answer, read);
  const bool got_answer = Await(queue, read);
  EXPECT_TRUE(got_answer) << process;
  grpc::ByteBuffer more;
  void* end = tag();
  call->Read(&more, end);
  EXPECT_FALSE(Await(queue, end)) << process << " answered one request twice";
  grpc::Status status;
  void* finished = tag();
  call->Finish(&status, finished);
  EXPECT_TRUE(Await(queue, finished));
  EXPECT_TRUE(status.ok()) << process << ": " << status.error_message();
  if (!got_answer) return {};

  std::unique_ptr<google::protobuf::Message> response(factory.GetPrototype(response_type)->New());
  EXPECT_TRUE(response->ParseFromString(FromBuffer(answer)));
  const google::protobuf::Reflection& reflection = *response->GetReflection();
  const auto* error_field = response_type->FindFieldByName("error_response");
  EXPECT_FALSE(reflection.HasField(*response, error_field))
      << process << ": " << reflection.GetMessage(*response, error_field).ShortDebugString();
  const google::protobuf::Message& listed =
      reflection.GetMessage(*response, response_type->FindFieldByName("list_services_response"));
  const auto* service_field = listed.GetDescriptor()->FindFieldByName("service");
  std::vector<std::string> names;
  for (int i = 0; i < listed.GetReflection()->FieldSize(listed, service_field); ++i) {
    const google::protobuf::Message& service =
        listed.GetReflection()->GetRepeatedMessage(listed, service_field, i);
    names.push_back(service.GetReflection()->GetString(
        service, service.GetDescriptor()->FindFieldByName("name")));
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(GrpcConformance, ReflectionListsExactlyThePortsServices) {
  TestStack stack;
  stack.StartAll();
  for (const Port& port : Ports()) {
    std::vector<std::string> expected = port.services;
    expected.push_back("grpc.health.v1.Health");
    expected.push_back("grpc.reflection.v1alpha.ServerReflection");
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(ListServices(stack, port.process), expected)
        << port.process << " lists " << absl::StrJoin(ListServices(stack, port.process), ", ");
  }
}

}  // namespace
}  // namespace gongkai::testing
