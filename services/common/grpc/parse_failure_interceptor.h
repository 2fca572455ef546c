// Turns a request that protobuf could not parse into INVALID_ARGUMENT naming the field.
//
// gRPC's callback API answers a request it cannot deserialize with UNIMPLEMENTED and no message,
// which tells a client nothing. The usual cause is a proto3 string field holding invalid UTF-8
// (protobuf refuses those while parsing and logs the field's full name). This interceptor
// rewrites that status for the Gongkai methods the server serves, naming the field as a path in
// the request ("`applicant.name` is not valid UTF-8") when protobuf reported it on the same
// thread.
//
// gRPC answers a method the server does not serve with the same bare UNIMPLEMENTED, and there it
// is the right answer (a client on the wrong port, or probing for a feature): calls to any
// method outside the served set are left alone.
//
// Example (server start-up):
//   auto served = std::make_shared<ServedMethods>();
//   interceptors.push_back(MakeParseFailureInterceptorFactory(served));
//   ... while the server is built, before its first call:
//   served->Serve(service_names);
#pragma once

#include <google/protobuf/descriptor.h>
#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace gongkai {

// Routes protobuf's own log lines to spdlog and remembers, per thread, the last field reported
// as holding invalid UTF-8. Call once at start-up, before serving.
void CaptureProtobufParseProblems();

// The Gongkai methods one server serves, by full name ("/gongkai.v1.IntakeService/Register"),
// with the request type of each. Filled once while the server is built, before it takes its
// first call, and only read after that (without a lock).
class ServedMethods {
 public:
  // The methods of the named services ("gongkai.v1.IntakeService") from their generated
  // descriptors. Services outside package gongkai.v1 (health, reflection) are left out: their
  // handlers are gRPC's, which may answer UNIMPLEMENTED themselves.
  void Serve(const std::vector<std::string>& service_names);

  // The request type of a served method; null for any other.
  const google::protobuf::Descriptor* RequestType(absl::string_view method) const;
  size_t size() const { return methods_.size(); }

 private:
  absl::flat_hash_map<std::string, const google::protobuf::Descriptor*> methods_;
};

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeParseFailureInterceptorFactory(std::shared_ptr<const ServedMethods> served);

}  // namespace gongkai
