// What every command of the `gongkai` command-line client shares: the service stubs, the session
// token sent with every call, and output as text or JSON.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gongkai/v1/account.grpc.pb.h"
#include "gongkai/v1/intake.grpc.pb.h"
#include "gongkai/v1/reply.grpc.pb.h"
#include "gongkai/v1/report.grpc.pb.h"
#include "gongkai/v1/review.grpc.pb.h"
#include "gongkai/v1/routing.grpc.pb.h"
#include "gongkai/v1/tracker.grpc.pb.h"
#include "google/protobuf/message.h"

namespace gongkai::cli {

class CliContext {
 public:
  CliContext();

  v1::IntakeService::Stub& intake() { return *intake_; }
  v1::RoutingService::Stub& routing() { return *routing_; }
  v1::ReviewService::Stub& review() { return *review_; }
  v1::ReplyService::Stub& reply() { return *reply_; }
  v1::TrackerService::Stub& tracker() { return *tracker_; }
  v1::ReportService::Stub& report() { return *report_; }     // served by the tracker
  v1::AccountService::Stub& account() { return *account_; }  // served by the tracker
  const std::string& token_file() const { return token_file_; }
  const std::vector<std::pair<std::string, std::shared_ptr<grpc::Channel>>>& channels() const {
    return channels_;
  }

  // A fresh context for one call: the session token (from --token_file) and the deadline.
  std::unique_ptr<grpc::ClientContext> Call() const;

  bool json() const { return json_; }
  // Prints `message` as JSON when --json was given; otherwise runs `print_text`. An answer that
  // names missing partitions is preceded by a warning on stderr, in either case.
  template <typename PrintText>
  void Print(const google::protobuf::Message& message, PrintText print_text) const {
    WarnIfIncomplete(message);
    if (json_) {
      PrintJson(message);
    } else {
      print_text();
    }
  }
  void PrintJson(const google::protobuf::Message& message) const;
  // The warning for an answer whose missing_partitions field is not empty.
  static void WarnIfIncomplete(const google::protobuf::Message& message);

 private:
  std::string token_file_, token_;
  int timeout_ms_;
  bool json_;
  std::vector<std::pair<std::string, std::shared_ptr<grpc::Channel>>> channels_;
  std::unique_ptr<v1::IntakeService::Stub> intake_;
  std::unique_ptr<v1::RoutingService::Stub> routing_;
  std::unique_ptr<v1::ReviewService::Stub> review_;
  std::unique_ptr<v1::ReplyService::Stub> reply_;
  std::unique_ptr<v1::TrackerService::Stub> tracker_;
  std::unique_ptr<v1::ReportService::Stub> report_;
  std::unique_ptr<v1::AccountService::Stub> account_;
};

// Parses "natural_person" (any case) into APPLICANT_TYPE_NATURAL_PERSON and the like: the enum's
// value names without the prefix. INVALID_ARGUMENT naming `flag` and the choices otherwise.
absl::Status ParseEnumFlag(absl::string_view flag, absl::string_view text,
                           const google::protobuf::EnumDescriptor* descriptor, int* value);

// "natural_person" for APPLICANT_TYPE_NATURAL_PERSON.
std::string EnumLabel(const google::protobuf::EnumDescriptor* descriptor, int value);

}  // namespace gongkai::cli
