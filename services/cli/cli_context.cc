#include "cli_context.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/tls.h"
#include "redis/missing_partitions.h"

namespace {

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

std::string DefaultTokenFile() {
  const char* home = std::getenv("HOME");
  return absl::StrCat(home != nullptr ? home : ".", "/.config/gongkai/token");
}

}  // namespace

ABSL_FLAG(std::string, intake, EnvOr("GONGKAI_INTAKE", "127.0.0.1:7101"),
          "intake service address (env GONGKAI_INTAKE)");
ABSL_FLAG(std::string, routing, EnvOr("GONGKAI_ROUTING", "127.0.0.1:7102"),
          "routing service address (env GONGKAI_ROUTING)");
ABSL_FLAG(std::string, review, EnvOr("GONGKAI_REVIEW", "127.0.0.1:7103"),
          "review service address (env GONGKAI_REVIEW)");
ABSL_FLAG(std::string, reply, EnvOr("GONGKAI_REPLY", "127.0.0.1:7104"),
          "reply service address (env GONGKAI_REPLY)");
ABSL_FLAG(std::string, tracker, EnvOr("GONGKAI_TRACKER", "127.0.0.1:7105"),
          "tracker service address (env GONGKAI_TRACKER)");
ABSL_FLAG(std::string, token_file, EnvOr("GONGKAI_TOKEN_FILE", DefaultTokenFile().c_str()),
          "where `login` keeps the session token every other command sends (env "
          "GONGKAI_TOKEN_FILE)");
ABSL_FLAG(std::string, tls_ca, EnvOr("GONGKAI_TLS_CA", ""),
          "PEM certificate authority to trust: talk to the services over TLS (env GONGKAI_TLS_CA)");
ABSL_FLAG(int, timeout_ms, 5000, "deadline of each call");
ABSL_FLAG(bool, json, false, "print the answer as one JSON object, for scripts");

namespace gongkai::cli {

CliContext::CliContext()
    : token_file_(absl::GetFlag(FLAGS_token_file)),
      timeout_ms_(absl::GetFlag(FLAGS_timeout_ms)),
      json_(absl::GetFlag(FLAGS_json)) {
  auto credentials = ChannelCredentialsFrom(absl::GetFlag(FLAGS_tls_ca));
  if (!credentials.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(credentials.status().message()).c_str());
    std::exit(2);
  }
  auto connect = [this, &credentials](const std::string& name, const std::string& address) {
    auto channel = grpc::CreateChannel(address, *credentials);
    channels_.emplace_back(name, channel);
    return channel;
  };
  intake_ = v1::IntakeService::NewStub(connect("intake", absl::GetFlag(FLAGS_intake)));
  routing_ = v1::RoutingService::NewStub(connect("routing", absl::GetFlag(FLAGS_routing)));
  review_ = v1::ReviewService::NewStub(connect("review", absl::GetFlag(FLAGS_review)));
  reply_ = v1::ReplyService::NewStub(connect("reply", absl::GetFlag(FLAGS_reply)));
  auto tracker = connect("tracker", absl::GetFlag(FLAGS_tracker));
  tracker_ = v1::TrackerService::NewStub(tracker);
  report_ = v1::ReportService::NewStub(tracker);
  account_ = v1::AccountService::NewStub(tracker);
  // No token yet is not an error here: `login` needs none, and the services say what is missing.
  std::ifstream in(token_file_);
  std::getline(in, token_);
}

std::unique_ptr<grpc::ClientContext> CliContext::Call() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(timeout_ms_));
  // A connection attempt that fails (a service restarting, a transient refusal) is retried
  // until the deadline instead of failing the staff member's command at once.
  context->set_wait_for_ready(true);
  if (!token_.empty()) context->AddMetadata("authorization", absl::StrCat("Bearer ", token_));
  return context;
}

void CliContext::WarnIfIncomplete(const google::protobuf::Message& message) {
  const google::protobuf::FieldDescriptor* field =
      message.GetDescriptor()->FindFieldByName("missing_partitions");
  if (field == nullptr || !field->is_repeated() ||
      field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_INT32) {
    return;
  }
  google::protobuf::RepeatedField<int32_t> named;
  const google::protobuf::Reflection& reflection = *message.GetReflection();
  for (int i = 0; i < reflection.FieldSize(message, field); ++i) {
    named.Add(reflection.GetRepeatedInt32(message, field, i));
  }
  MissingPartitions missing;
  missing.AddFrom(named);
  if (missing.empty()) return;
  std::fprintf(stderr,
               "警告：数据不完整，分区%s所在的数据库节点暂时无法连接，以下结果未计入这些分区的"
               "案件。\n",
               missing.Names("、").c_str());
}

void CliContext::PrintJson(const google::protobuf::Message& message) const {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string text;
  (void)google::protobuf::util::MessageToJsonString(message, &text, options);
  std::printf("%s\n", text.c_str());
}

absl::Status ParseEnumFlag(absl::string_view flag, absl::string_view text,
                           const google::protobuf::EnumDescriptor* descriptor, int* value) {
  std::vector<std::string> choices;
  const std::string wanted = absl::AsciiStrToLower(text);
  for (int i = 1; i < descriptor->value_count(); ++i) {
    const int number = descriptor->value(i)->number();
    const std::string label = EnumLabel(descriptor, number);
    if (label == wanted) {
      *value = number;
      return absl::OkStatus();
    }
    choices.push_back(label);
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "--", flag, " must be one of ", absl::StrJoin(choices, ", "), "; got \"", text, "\""));
}

std::string EnumLabel(const google::protobuf::EnumDescriptor* descriptor, int value) {
  const auto* found = descriptor->FindValueByNumber(value);
  if (found == nullptr) return absl::StrCat(value);
  // The value names repeat the enum's name as their prefix: APPLICANT_TYPE_NATURAL_PERSON.
  std::string name = found->name();
  // The first value's name is the prefix and one word: APPLICANT_TYPE_UNSPECIFIED,
  // FINDING_RESOLUTION_UNRESOLVED.
  const std::string first = descriptor->value(0)->name();
  const std::string common = first.substr(0, first.rfind('_') + 1);
  if (absl::StartsWith(name, common)) name = name.substr(common.size());
  return absl::AsciiStrToLower(name);
}

}  // namespace gongkai::cli
