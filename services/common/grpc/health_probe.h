// Asks a service's gRPC health service (grpc.health.v1.Health/Check) whether it serves. Debian's
// gRPC ships no generated health stubs, so the call is generic, on the message's wire form.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>

#include "absl/time/time.h"

namespace gongkai {

enum class ServingHealth {
  kServing,
  kNotServing,   // the service answers, but says it cannot serve (e.g. Redis is away)
  kUnreachable,  // no answer within the deadline
};

ServingHealth ProbeHealth(const std::shared_ptr<grpc::Channel>& channel, absl::Duration deadline);

}  // namespace gongkai
