#include "deadline_command.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/clock.h"
#include "calendar/deadline.h"
#include "cli_context.h"
#include "documents/deadline_explanation.h"
#include "google/protobuf/util/json_util.h"

// The arrival facts, shared with `register` (commands_intake.cc).
ABSL_DECLARE_FLAG(std::string, received);
ABSL_DECLARE_FLAG(std::string, channel);
ABSL_DECLARE_FLAG(std::string, signed_for);
ABSL_DECLARE_FLAG(std::string, confirmed);

namespace {

// Every --pause value given, in order. absl keeps only the last value of a repeated flag, but a
// case can have several pauses (one per consultation) and silently dropping one would move the
// due date; so each value is collected here as the command line is parsed.
std::vector<std::string>& GivenPauses() {
  static auto* pauses = new std::vector<std::string>();
  return *pauses;
}

}  // namespace

ABSL_FLAG(std::string, supplement_received, "",
          "deadline: the day the applicant's supplement arrived, YYYY-MM-DD (the 20 working days "
          "run afresh from it)");
ABSL_FLAG(std::vector<std::string>, pause, {},
          "deadline: days the clock stood still (a consultation, a fee), FROM:TO in YYYY-MM-DD: "
          "the working days after FROM up to and including TO are not counted; several "
          "comma-separated, or --pause repeated")
    .OnUpdate([] {
      for (std::string& pause : absl::GetFlag(FLAGS_pause)) GivenPauses().push_back(pause);
    });
ABSL_FLAG(int, extension, 0, "deadline: working days the head of the office extended by");
ABSL_FLAG(std::string, calendar, "",
          "deadline: directory of the working-day calendar files (default: $GONGKAI_CALENDAR, "
          "else deploy/calendar of the source tree)");
ABSL_FLAG(std::string, unknown_years, "provisional",
          "deadline: years without a holiday notice: provisional (weekends and fixed holidays, "
          "flagged) or refuse");

namespace gongkai::cli {
namespace {

int Fail(const std::string& problem) {
  std::fprintf(stderr, "deadline: %s\n", problem.c_str());
  return 2;
}

// Where the calendar files are: --calendar, $GONGKAI_CALENDAR, or deploy/calendar of the source
// tree this binary was built in (build/bin/gongkai → deploy/calendar).
std::string CalendarDirectory() {
  if (std::string flag = absl::GetFlag(FLAGS_calendar); !flag.empty()) return flag;
  if (const char* env = std::getenv("GONGKAI_CALENDAR"); env && *env) return env;
  std::error_code error;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const auto candidate = exe.parent_path().parent_path().parent_path() / "deploy" / "calendar";
    if (std::filesystem::is_directory(candidate)) return candidate.string();
  }
  return "deploy/calendar";
}

// The date a flag holds; nullopt and `problem` naming the flag when it is no date.
std::optional<absl::CivilDay> ParseDateFlag(const std::string& flag, const std::string& text,
                                            std::string* problem) {
  absl::CivilDay day;
  if (ParseDay(text, &day)) return day;
  *problem = absl::StrCat("--", flag, " must be a date written YYYY-MM-DD, got \"", text, "\"");
  return std::nullopt;
}

}  // namespace

int Deadline(CliContext& cli, const Args& args) {
  if (!args.empty()) return Fail(absl::StrCat("unexpected argument \"", args[0], "\""));
  std::string problem;
  ArrivalFacts facts;
  const std::string received = absl::GetFlag(FLAGS_received);
  if (received.empty()) return Fail("--received=YYYY-MM-DD is required");
  std::optional<absl::CivilDay> arrived = ParseDateFlag("received", received, &problem);
  if (!arrived.has_value()) return Fail(problem);
  facts.arrived = *arrived;
  int channel = 0;
  if (absl::Status parsed = ParseEnumFlag("channel", absl::GetFlag(FLAGS_channel),
                                          v1::Channel_descriptor(), &channel);
      !parsed.ok()) {
    return Fail(std::string(parsed.message()));
  }
  facts.channel = static_cast<v1::Channel>(channel);
  if (std::string text = absl::GetFlag(FLAGS_signed_for); !text.empty()) {
    facts.signed_for = ParseDateFlag("signed_for", text, &problem);
    if (!facts.signed_for.has_value()) return Fail(problem);
  }
  if (std::string text = absl::GetFlag(FLAGS_confirmed); !text.empty()) {
    facts.confirmed = ParseDateFlag("confirmed", text, &problem);
    if (!facts.confirmed.has_value()) return Fail(problem);
  }
  absl::StatusOr<LegalReceipt> receipt = LegalReceiptDate(facts);
  if (!receipt.ok()) return Fail(std::string(receipt.status().message()));

  DeadlineInput input{
      .receipt = receipt->date, .receipt_rule = receipt->rule, .receipt_rule_kind = receipt->kind};
  if (std::string text = absl::GetFlag(FLAGS_supplement_received); !text.empty()) {
    input.supplement_received = ParseDateFlag("supplement_received", text, &problem);
    if (!input.supplement_received.has_value()) return Fail(problem);
  }
  for (const std::string& pause : GivenPauses()) {
    std::vector<std::string> ends = absl::StrSplit(pause, ':');
    absl::CivilDay from, to;
    if (ends.size() != 2 || !ParseDay(ends[0], &from) || !ParseDay(ends[1], &to)) {
      return Fail(absl::StrCat("--pause must be FROM:TO dates, got \"", pause, "\""));
    }
    input.pauses.emplace_back(from, to);
  }
  input.extension_days = absl::GetFlag(FLAGS_extension);
  const std::string policy_name = absl::GetFlag(FLAGS_unknown_years);
  if (policy_name != "provisional" && policy_name != "refuse") {
    return Fail("--unknown_years must be provisional or refuse");
  }
  auto calendar = WorkingCalendar::LoadDirectory(
      CalendarDirectory(),
      policy_name == "refuse" ? UnknownYears::kRefuse : UnknownYears::kProvisional);
  if (!calendar.ok()) return Fail(std::string(calendar.status().message()));

  absl::StatusOr<v1::Deadline> deadline = ComputeDeadline(*calendar, input);
  if (!deadline.ok()) {
    // A bad adjustment (an extension over 20 days) is a usage error; a year the calendar refuses
    // to guess is an answer.
    if (deadline.status().code() == absl::StatusCode::kInvalidArgument) {
      return Fail(std::string(deadline.status().message()));
    }
    std::fprintf(stderr, "deadline: %s\n", std::string(deadline.status().message()).c_str());
    return 1;
  }
  cli.Print(*deadline, [&] {
    std::printf("答复期限 %s%s\n", deadline->due_date().c_str(),
                deadline->provisional() ? "（暂定）" : "");
    for (const std::string& line : DeadlineInChinese(*deadline)) {
      std::printf("  %s\n", line.c_str());
    }
  });
  return 0;
}

}  // namespace gongkai::cli
