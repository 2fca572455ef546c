#include "deadline_command.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "base/clock.h"
#include "calendar/deadline.h"
#include "cli_context.h"
#include "google/protobuf/util/json_util.h"

namespace gongkai::cli {
namespace {

int Fail(const std::string& problem) {
  std::fprintf(stderr, "deadline: %s\n", problem.c_str());
  return 2;
}

// Where the calendar files are: --calendar, $GONGKAI_CALENDAR, or deploy/calendar of the source
// tree this binary was built in (build/bin/gongkai → deploy/calendar).
std::string DefaultCalendarDirectory() {
  if (const char* env = std::getenv("GONGKAI_CALENDAR"); env && *env) return env;
  std::error_code error;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const auto candidate = exe.parent_path().parent_path().parent_path() / "deploy" / "calendar";
    if (std::filesystem::is_directory(candidate)) return candidate.string();
  }
  return "deploy/calendar";
}

bool ParseDate(const std::string& flag, const std::string& text, absl::CivilDay* day,
               std::string* problem) {
  if (ParseDay(text, day)) return true;
  *problem = absl::StrCat("--", flag, " must be a date written YYYY-MM-DD, got \"", text, "\"");
  return false;
}

}  // namespace

int Deadline(int argc, char** argv) {
  // Collect --name value / --name=value pairs; names may use - or _.
  std::multimap<std::string, std::string> flags;
  bool json = false;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    if (!absl::StartsWith(arg, "--"))
      return Fail(absl::StrCat("unexpected argument \"", arg, "\""));
    arg = absl::StrReplaceAll(arg.substr(2), {{"_", "-"}});
    if (arg == "json") {
      json = true;
      continue;
    }
    const size_t equals = arg.find('=');
    if (equals != std::string::npos) {
      flags.emplace(arg.substr(0, equals), arg.substr(equals + 1));
    } else if (i + 1 < argc) {
      flags.emplace(arg, argv[++i]);
    } else {
      return Fail(absl::StrCat("--", arg, " needs a value"));
    }
  }
  static const std::vector<std::string> kKnown = {
      "received", "channel",   "signed-for", "confirmed",    "supplement-received",
      "pause",    "extension", "calendar",   "unknown-years"};
  for (const auto& [name, value] : flags) {
    if (std::find(kKnown.begin(), kKnown.end(), name) == kKnown.end()) {
      return Fail(absl::StrCat("unknown flag --", name));
    }
    if (name != "pause" && flags.count(name) > 1) return Fail(absl::StrCat("--", name, " twice"));
  }
  auto value = [&](const std::string& name) -> std::string {
    auto found = flags.find(name);
    return found == flags.end() ? "" : found->second;
  };

  std::string problem;
  ArrivalFacts facts;
  if (value("received").empty()) return Fail("--received YYYY-MM-DD is required");
  if (!ParseDate("received", value("received"), &facts.arrived, &problem)) return Fail(problem);
  int channel = v1::CHANNEL_IN_PERSON;
  if (!value("channel").empty()) {
    absl::Status parsed =
        ParseEnumFlag("channel", value("channel"), v1::Channel_descriptor(), &channel);
    if (!parsed.ok()) return Fail(std::string(parsed.message()));
  }
  facts.channel = static_cast<v1::Channel>(channel);
  for (const char* name : {"signed-for", "confirmed"}) {
    if (value(name).empty()) continue;
    absl::CivilDay day;
    if (!ParseDate(name, value(name), &day, &problem)) return Fail(problem);
    (std::string(name) == "signed-for" ? facts.signed_for : facts.confirmed) = day;
  }
  absl::StatusOr<LegalReceipt> receipt = LegalReceiptDate(facts);
  if (!receipt.ok()) return Fail(std::string(receipt.status().message()));

  DeadlineInput input{.receipt = receipt->date, .receipt_rule = receipt->rule};
  if (!value("supplement-received").empty()) {
    absl::CivilDay day;
    if (!ParseDate("supplement-received", value("supplement-received"), &day, &problem)) {
      return Fail(problem);
    }
    input.supplement_received = day;
  }
  auto [first, last] = flags.equal_range("pause");
  for (auto it = first; it != last; ++it) {
    const size_t colon = it->second.find(':');
    absl::CivilDay from, to;
    if (colon == std::string::npos || !ParseDay(it->second.substr(0, colon), &from) ||
        !ParseDay(it->second.substr(colon + 1), &to)) {
      return Fail(absl::StrCat("--pause must be FROM:TO dates, got \"", it->second, "\""));
    }
    input.pauses.emplace_back(from, to);
  }
  if (!value("extension").empty() && !absl::SimpleAtoi(value("extension"), &input.extension_days)) {
    return Fail("--extension must be a number of working days");
  }
  const std::string policy_name =
      value("unknown-years").empty() ? "provisional" : value("unknown-years");
  if (policy_name != "provisional" && policy_name != "refuse") {
    return Fail("--unknown-years must be provisional or refuse");
  }
  const std::string directory =
      value("calendar").empty() ? DefaultCalendarDirectory() : value("calendar");
  auto calendar = WorkingCalendar::LoadDirectory(
      directory, policy_name == "refuse" ? UnknownYears::kRefuse : UnknownYears::kProvisional);
  if (!calendar.ok()) return Fail(std::string(calendar.status().message()));

  absl::StatusOr<v1::Deadline> deadline = ComputeDeadline(*calendar, input);
  if (!deadline.ok()) {
    std::fprintf(stderr, "deadline: %s\n", std::string(deadline.status().message()).c_str());
    return 1;
  }
  if (json) {
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    std::string text;
    (void)google::protobuf::util::MessageToJsonString(*deadline, &text, options);
    std::printf("%s\n", text.c_str());
  } else {
    std::printf("due %s%s\n", deadline->due_date().c_str(),
                deadline->provisional() ? " (PROVISIONAL)" : "");
    for (const std::string& line : deadline->explanation()) std::printf("  %s\n", line.c_str());
  }
  return 0;
}

}  // namespace gongkai::cli
