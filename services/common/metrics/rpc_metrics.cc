#include "metrics/rpc_metrics.h"

#include <chrono>

#include "absl/status/status.h"
#include "absl/strings/strip.h"

namespace gongkai::metrics {
namespace {

// From a fifth of a millisecond (a call answered from memory) to five seconds (past the
// clients' deadlines): roughly 1-2-5 steps.
const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5};
  return *buckets;
}

// gRPC's codes are the canonical codes, numbered as absl's.
std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

class RpcMetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  RpcMetricsInterceptor(RpcMetrics& metrics, std::string method)
      : metrics_(metrics), method_(std::move(method)), start_(std::chrono::steady_clock::now()) {}

  ~RpcMetricsInterceptor() override {
    // A call torn down without a status sent (the client went away first) still took time.
    if (!recorded_) Record(grpc::StatusCode::CANCELLED);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS) &&
        !recorded_) {
      Record(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Record(grpc::StatusCode code) {
    recorded_ = true;
    metrics_.Record(method_, code, absl::FromChrono(std::chrono::steady_clock::now() - start_));
  }

  RpcMetrics& metrics_;
  const std::string method_;
  const std::chrono::steady_clock::time_point start_;
  bool recorded_ = false;
};

class RpcMetricsInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  RpcMetricsInterceptorFactory(std::shared_ptr<RpcMetrics> metrics,
                               std::shared_ptr<const ServedMethods> served)
      : metrics_(std::move(metrics)), served_(std::move(served)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    if (info->type() != grpc::experimental::ServerRpcInfo::Type::UNARY) return nullptr;
    const char* method = info->method();
    if (method == nullptr || served_->RequestType(method) == nullptr) return nullptr;
    // "/gongkai.v1.IntakeService/Register" → "IntakeService/Register": every served method is
    // of package gongkai.v1.
    absl::string_view name = method;
    absl::ConsumePrefix(&name, "/gongkai.v1.");
    return new RpcMetricsInterceptor(*metrics_, std::string(name));
  }

 private:
  std::shared_ptr<RpcMetrics> metrics_;
  std::shared_ptr<const ServedMethods> served_;
};

}  // namespace

RpcMetrics::RpcMetrics(prometheus::Registry& registry, const std::string& service)
    : calls_(prometheus::BuildCounter()
                 .Name("gongkai_rpc_total")
                 .Help("Unary gRPC calls served, by method and final status code")
                 .Labels({{"service", service}})
                 .Register(registry)),
      seconds_(prometheus::BuildHistogram()
                   .Name("gongkai_rpc_duration_seconds")
                   .Help("Time from a unary call's arrival to its status being sent, by method "
                         "and final status code")
                   .Labels({{"service", service}})
                   .Register(registry)) {}

RpcMetrics::Series RpcMetrics::SeriesOf(absl::string_view method, grpc::StatusCode code) {
  int number = static_cast<int>(code);
  if (number < 0 || number >= kCodes) number = static_cast<int>(grpc::StatusCode::UNKNOWN);
  {
    absl::ReaderMutexLock lock(&mutex_);
    if (auto found = series_.find(method);
        found != series_.end() && found->second[number].calls != nullptr) {
      return found->second[number];
    }
  }
  absl::MutexLock lock(&mutex_);
  Series& series = series_[method][number];
  if (series.calls == nullptr) {
    const prometheus::Labels labels = {{"method", std::string(method)},
                                       {"code", CodeName(static_cast<grpc::StatusCode>(number))}};
    series.calls = &calls_.Add(labels);
    series.seconds = &seconds_.Add(labels, LatencyBuckets());
  }
  return series;
}

void RpcMetrics::Record(absl::string_view method, grpc::StatusCode code, absl::Duration took) {
  const Series series = SeriesOf(method, code);
  series.calls->Increment();
  series.seconds->Observe(absl::ToDoubleSeconds(took));
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeRpcMetricsInterceptorFactory(std::shared_ptr<RpcMetrics> metrics,
                                 std::shared_ptr<const ServedMethods> served) {
  return std::make_unique<RpcMetricsInterceptorFactory>(std::move(metrics), std::move(served));
}

}  // namespace gongkai::metrics
