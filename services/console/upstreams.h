// The gRPC services the console relays to: one channel per service process, and the protobuf
// descriptor of every service the gateway may call, looked up by its full name.
#pragma once

#include <grpcpp/channel.h>

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace gongkai::console {

struct UpstreamAddresses {
  std::string intake;
  std::string routing;
  std::string review;
  std::string reply;
  std::string tracker;
  std::string tls_ca;  // the CA that signed the services' certificates; empty: plaintext
};

class Upstreams {
 public:
  static absl::StatusOr<Upstreams> Connect(const UpstreamAddresses& addresses);

  struct Target {
    const google::protobuf::ServiceDescriptor* service;
    std::shared_ptr<grpc::Channel> channel;
  };

  // The service named `full_name` ("gongkai.v1.IntakeService") and the channel of the process
  // that serves it; nullptr when the console does not relay to such a service.
  const Target* Find(absl::string_view full_name) const;

  // The tracker process, which also serves accounts, reports and reminders.
  std::shared_ptr<grpc::Channel> tracker() const { return tracker_; }
  std::shared_ptr<grpc::Channel> reply() const { return reply_; }

 private:
  std::map<std::string, Target, std::less<>> targets_;
  std::shared_ptr<grpc::Channel> tracker_;
  std::shared_ptr<grpc::Channel> reply_;
};

}  // namespace gongkai::console
