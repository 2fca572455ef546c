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

// One call of a generated stub's `method` on `caller`'s behalf, e.g.
//   CallAs(caller, *v1::ReplyService::NewStub(channel), &v1::ReplyService::Stub::GetDocument,
//          request, &document);
template <typename Stub, typename Request, typename Response>
grpc::Status CallAs(const Caller& caller, Stub& stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response) {
  grpc::ClientContext context;
  PrepareContext(context, caller);
  return (stub.*method)(&context, request, response);
}

}  // namespace gongkai::console
