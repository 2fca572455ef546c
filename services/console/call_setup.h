// The metadata every call the console makes on someone's behalf carries: their session token,
// the browser's address (for sign-in's rate limits), and a deadline.
#pragma once

#include <grpcpp/client_context.h>

#include "absl/time/time.h"
#include "http_reply.h"

namespace gongkai::console {

inline constexpr absl::Duration kCallDeadline = absl::Seconds(10);

void PrepareContext(grpc::ClientContext& context, const Caller& caller,
                    absl::Duration deadline = kCallDeadline);

}  // namespace gongkai::console
