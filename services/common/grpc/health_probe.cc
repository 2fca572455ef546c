#include "grpc/health_probe.h"

#include <grpcpp/generic/generic_stub.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

namespace gongkai {

ServingHealth ProbeHealth(const std::shared_ptr<grpc::Channel>& channel, absl::Duration deadline) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  // grpc.health.v1.HealthCheckRequest{service=""} is the empty message.
  grpc::Slice empty("");
  grpc::ByteBuffer request_bytes(&empty, 1), response_bytes;
  grpc::GenericStub stub(channel);
  std::mutex mutex;
  std::condition_variable done_signal;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request_bytes,
                 &response_bytes, [&](grpc::Status result) {
                   std::lock_guard lock(mutex);
                   status = result;
                   done = true;
                   done_signal.notify_one();
                 });
  std::unique_lock lock(mutex);
  done_signal.wait(lock, [&] { return done; });
  if (!status.ok()) return ServingHealth::kUnreachable;
  std::vector<grpc::Slice> slices;
  std::string body;
  if (response_bytes.Dump(&slices).ok()) {
    for (const grpc::Slice& slice : slices) {
      body.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
  }
  // HealthCheckResponse{status=SERVING} is field 1 = 1: bytes 08 01.
  return body == std::string("\x08\x01", 2) ? ServingHealth::kServing : ServingHealth::kNotServing;
}

}  // namespace gongkai
