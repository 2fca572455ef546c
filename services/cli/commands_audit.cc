// `gongkai audit verify`: checks that cases' histories are unbroken hash chains, so that an event
// edited or deleted in Redis is found.
#include <cstdio>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "audit/history_chain.h"
#include "commands.h"
#include "rules/case_number.h"

ABSL_DECLARE_FLAG(int, year);

namespace gongkai::cli {
namespace {

// Reads after the last case of a year: this many numbers in a row that do not exist.
constexpr int kMissingInARowAtTheEnd = 20;

enum class Checked { kIntact, kBroken, kMissing, kFailed };

Checked VerifyOne(CliContext& cli, const std::string& number) {
  v1::GetCaseRequest request;
  request.set_case_number(number);
  v1::Case found;
  grpc::Status status = cli.intake().GetCase(cli.Call().get(), request, &found);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return Checked::kMissing;
  if (!status.ok()) {
    Failed(cli, status);
    return Checked::kFailed;
  }
  if (absl::Status verified = VerifyHistory(found); !verified.ok()) {
    std::printf("%s  BROKEN  %s\n", number.c_str(), std::string(verified.message()).c_str());
    return Checked::kBroken;
  }
  return Checked::kIntact;
}

}  // namespace

int Audit(CliContext& cli, const Args& args) {
  const std::string usage = "gongkai audit verify <case>... | gongkai audit verify --year=YYYY";
  if (args.empty() || args[0] != "verify") return Usage(usage);
  int intact = 0, broken = 0;
  auto count = [&](Checked checked) {
    if (checked == Checked::kIntact) ++intact;
    if (checked == Checked::kBroken) ++broken;
    return checked;
  };
  if (args.size() > 1) {
    for (size_t i = 1; i < args.size(); ++i) {
      const Checked checked = count(VerifyOne(cli, args[i]));
      if (checked == Checked::kMissing) std::printf("%s  not found\n", args[i].c_str());
      if (checked == Checked::kFailed) return 1;
    }
  } else {
    const int year = absl::GetFlag(FLAGS_year);
    if (year < 2000 || year > 2999) return Usage(usage);
    int missing_in_a_row = 0;
    for (int64_t sequence = 1; missing_in_a_row < kMissingInARowAtTheEnd; ++sequence) {
      const Checked checked = count(VerifyOne(cli, FormatCaseNumber(year, sequence)));
      if (checked == Checked::kFailed) return 1;
      missing_in_a_row = checked == Checked::kMissing ? missing_in_a_row + 1 : 0;
    }
  }
  std::printf("%d cases with an intact history, %d broken\n", intact, broken);
  return broken == 0 ? 0 : 1;
}

}  // namespace gongkai::cli
