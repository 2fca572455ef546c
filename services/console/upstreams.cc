#include "upstreams.h"

#include <grpcpp/create_channel.h>

#include "gongkai/v1/account.pb.h"
#include "gongkai/v1/intake.pb.h"
#include "gongkai/v1/reply.pb.h"
#include "gongkai/v1/report.pb.h"
#include "gongkai/v1/review.pb.h"
#include "gongkai/v1/routing.pb.h"
#include "gongkai/v1/tracker.pb.h"
#include "grpc/tls.h"

namespace gongkai::console {
namespace {

// The service descriptor is taken from a message of the same .proto file: naming the message
// links that file's generated code (a static library drops what nothing names), and with it
// the descriptor in the generated pool.
const google::protobuf::ServiceDescriptor* ServiceOf(const google::protobuf::Descriptor* message,
                                                     absl::string_view name) {
  return message->file()->FindServiceByName(std::string(name));
}

}  // namespace

absl::StatusOr<Upstreams> Upstreams::Connect(const UpstreamAddresses& addresses) {
  auto credentials = ChannelCredentialsFrom(addresses.tls_ca);
  if (!credentials.ok()) return credentials.status();
  auto channel = [&](const std::string& address) {
    return grpc::CreateChannel(address, *credentials);
  };
  Upstreams upstreams;
  upstreams.tracker_ = channel(addresses.tracker);
  upstreams.reply_ = channel(addresses.reply);
  auto intake = channel(addresses.intake);
  auto routing = channel(addresses.routing);
  auto review = channel(addresses.review);
  const std::pair<const google::protobuf::ServiceDescriptor*, std::shared_ptr<grpc::Channel>>
      services[] = {
          {ServiceOf(v1::RegisterRequest::descriptor(), "IntakeService"), intake},
          {ServiceOf(v1::AcceptRequest::descriptor(), "RoutingService"), routing},
          {ServiceOf(v1::SubmitDraftRequest::descriptor(), "ReviewService"), review},
          {ServiceOf(v1::IssueReplyRequest::descriptor(), "ReplyService"), upstreams.reply_},
          {ServiceOf(v1::WatchCaseRequest::descriptor(), "TrackerService"), upstreams.tracker_},
          {ServiceOf(v1::AnnualReportRequest::descriptor(), "ReportService"), upstreams.tracker_},
          {ServiceOf(v1::AddUserRequest::descriptor(), "AccountService"), upstreams.tracker_},
      };
  for (const auto& [service, service_channel] : services) {
    if (service == nullptr) return absl::InternalError("a service descriptor is missing");
    upstreams.targets_[service->full_name()] = Target{service, service_channel};
  }
  return upstreams;
}

const Upstreams::Target* Upstreams::Find(absl::string_view full_name) const {
  auto found = targets_.find(full_name);
  return found == targets_.end() ? nullptr : &found->second;
}

}  // namespace gongkai::console
