// The /metrics HTTP endpoint of one process: prometheus-cpp's exposer (its own small civetweb
// server, apart from the process's gRPC or HTTP server), serving every source registered with it
// in Prometheus's text format. Anyone who can reach the address can read it: bind it to loopback
// or to an address only the monitoring network reaches.
//
// Example:
//   GK_ASSIGN_OR_RETURN(std::unique_ptr<MetricsEndpoint> endpoint,
//                       MetricsEndpoint::Start("127.0.0.1:9101", ""));
//   endpoint->Register(registry);  // a std::shared_ptr<prometheus::Collectable>
#pragma once

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace prometheus {
class Collectable;
class Exposer;
}  // namespace prometheus

namespace gongkai::metrics {

// INVALID_ARGUMENT unless `listen` is host:port (port 0: any free one). A bare port would
// listen on every interface, so the host is required.
absl::Status CheckMetricsListen(absl::string_view listen);

class MetricsEndpoint {
 public:
  // Listens on `listen` and, when `port_file` is not empty, writes the port bound there (as
  // --port_file does for gRPC). UNAVAILABLE when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(const std::string& listen,
                                                                const std::string& port_file);
  ~MetricsEndpoint();
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  // Serves `source` on /metrics from now on; it is left out once it is destroyed.
  void Register(const std::shared_ptr<prometheus::Collectable>& source);
  int port() const { return port_; }

 private:
  MetricsEndpoint(std::unique_ptr<prometheus::Exposer> exposer, int port);

  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_;
};

}  // namespace gongkai::metrics
