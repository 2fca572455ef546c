// Errors as the console answers them: an HTTP status chosen by the gRPC code, and the body
// {"error": {"code", "message", "field_violations": [{"field", "description"}]}} so that a form
// can put the message beside the field it names.
#pragma once

#include <grpcpp/support/status.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "grpc/field_errors.h"
#include "http_reply.h"

namespace gongkai::console {

int HttpStatusOf(grpc::StatusCode code);

// What a person is told of a service's error: its own (Chinese) message, or for a failure the
// services describe only in English (connection, timeout, internal) what they can do about it.
std::string StaffMessageOf(const grpc::Status& status);

// The error a service answered, with the field violations it carried.
HttpReply ErrorReply(const grpc::Status& status);

// An error the console itself finds (no session, no CSRF token, malformed JSON, ...). Without
// field violations, a message that begins with a `field` names that field.
HttpReply ErrorReply(grpc::StatusCode code, absl::string_view message,
                     std::vector<FieldViolation> field_violations = {});

}  // namespace gongkai::console
