#include "metrics/metrics_endpoint.h"

#include <prometheus/exposer.h>

#include <cstdio>
#include <exception>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace gongkai::metrics {

absl::Status CheckMetricsListen(absl::string_view listen) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == absl::string_view::npos || colon == 0 ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        "`metrics_listen` must be host:port, e.g. 127.0.0.1:9101 (port 0: any free port)");
  }
  return absl::OkStatus();
}

MetricsEndpoint::MetricsEndpoint(std::unique_ptr<prometheus::Exposer> exposer, int port)
    : exposer_(std::move(exposer)), port_(port) {}

MetricsEndpoint::~MetricsEndpoint() = default;

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(
    const std::string& listen, const std::string& port_file) {
  if (absl::Status valid = CheckMetricsListen(listen); !valid.ok()) return valid;
  std::unique_ptr<prometheus::Exposer> exposer;
  try {
    // Two threads: a scrape takes milliseconds, and one slow reader does not block the next.
    exposer = std::make_unique<prometheus::Exposer>(listen, 2);
  } catch (const std::exception& e) {
    // The exposer throws when civetweb cannot bind (a port taken, an address not of this host).
    return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", listen, ": ", e.what()));
  }
  const std::vector<int> ports = exposer->GetListeningPorts();
  if (ports.empty() || ports.front() <= 0) {
    return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", listen));
  }
  if (!port_file.empty()) {
    // Written to a temporary name and renamed, so a reader never sees a half-written port.
    const std::string temporary = port_file + ".tmp";
    std::ofstream(temporary) << ports.front() << "\n";
    std::rename(temporary.c_str(), port_file.c_str());
  }
  return std::unique_ptr<MetricsEndpoint>(new MetricsEndpoint(std::move(exposer), ports.front()));
}

void MetricsEndpoint::Register(const std::shared_ptr<prometheus::Collectable>& source) {
  exposer_->RegisterCollectable(source);
}

}  // namespace gongkai::metrics
