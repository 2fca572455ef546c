// Turns a request that protobuf could not parse into INVALID_ARGUMENT naming the field.
//
// gRPC's callback API answers a request it cannot deserialize with UNIMPLEMENTED and no message,
// which tells a client nothing. The usual cause is a proto3 string field holding invalid UTF-8
// (protobuf refuses those while parsing and logs the field's full name). This interceptor
// rewrites that status for Gongkai's methods, naming the field as a path in the request
// ("`applicant.name` is not valid UTF-8") when protobuf reported it on the same thread.
#pragma once

#include <grpcpp/support/server_interceptor.h>

#include <memory>

namespace gongkai {

// Routes protobuf's own log lines to spdlog and remembers, per thread, the last field reported
// as holding invalid UTF-8. Call once at start-up, before serving.
void CaptureProtobufParseProblems();

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeParseFailureInterceptorFactory();

}  // namespace gongkai
