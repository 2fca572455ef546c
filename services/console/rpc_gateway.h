// The generic gateway: POST /api/rpc/<service>/<method> with a JSON body calls that unary RPC
// and answers its response as JSON. Requests and responses are converted through the protobuf
// descriptors and sent with a generic gRPC stub, so a new RPC in a .proto file is reachable
// without gateway code.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "http_reply.h"
#include "upstreams.h"

namespace gongkai::console {

// The most a request body may hold: the largest legitimate request (a draft's text) is far
// smaller.
inline constexpr size_t kMaxRequestBody = 1 << 20;

class RpcGateway {
 public:
  explicit RpcGateway(const Upstreams& upstreams) : upstreams_(upstreams) {}

  HttpReply Relay(absl::string_view service, absl::string_view method, absl::string_view json,
                  const Caller& caller) const;

 private:
  const Upstreams& upstreams_;
};

}  // namespace gongkai::console
