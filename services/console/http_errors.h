// Errors as the console answers them: an HTTP status chosen by the gRPC code, and the body
// {"error": {"code", "message", "field_violations": [{"field", "description"}]}} so that a form
// can put the message beside the field it names.
#pragma once

#include <grpcpp/support/status.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "http_reply.h"

namespace gongkai::console {

int HttpStatusOf(grpc::StatusCode code);

// The error a service answered, with the field violations it carried.
HttpReply ErrorReply(const grpc::Status& status);

// An error the console itself finds (no session, no CSRF token, malformed JSON, ...).
HttpReply ErrorReply(grpc::StatusCode code, absl::string_view message,
                     std::vector<std::pair<std::string, std::string>> field_violations = {});

}  // namespace gongkai::console
