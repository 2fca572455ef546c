// gongkai-review: department drafts and their confidentiality review (保密审查).
#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/clock.h"
#include "base/logging.h"
#include "base/text_file.h"
#include "base/utf8.h"
#include "grpc/server_main.h"
#include "review_service.h"

ABSL_FLAG(std::string, sensitive_terms, "",
          "file of the office's sensitive terms for the screener, one a line (# comments)");

namespace {

constexpr size_t kMaxTerms = 2000;
constexpr size_t kMaxTermChars = 50;

absl::StatusOr<gongkai::ScreeningOptions> LoadScreeningOptions(const std::string& path) {
  gongkai::ScreeningOptions options;
  if (path.empty()) return options;
  auto text = gongkai::ReadTextFile(path);
  if (!text.ok()) return text.status();
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    const auto length = gongkai::Utf8Length(line);
    if (!length || *length > kMaxTermChars) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ":", line_number, ": a term is UTF-8 of at most ", kMaxTermChars, " characters"));
    }
    options.sensitive_terms.emplace_back(line);
    if (options.sensitive_terms.size() > kMaxTerms) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": more than ", kMaxTerms, " sensitive terms"));
    }
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  gongkai::InitService("review", argc, argv);
  auto options = gongkai::ServerOptionsFromFlags("review", "127.0.0.1:7103");
  auto screening = LoadScreeningOptions(absl::GetFlag(FLAGS_sensitive_terms));
  if (!options.ok() || !screening.ok()) {
    spdlog::critical("event=bad_configuration error=\"{}\"",
                     !options.ok() ? options.status().message() : screening.status().message());
    return 2;
  }
  spdlog::info("event=screening_terms count={}", screening->sensitive_terms.size());
  gongkai::SystemClock clock;
  gongkai::RedisWorkerPool pool(options->redis, options->workers);
  gongkai::ReviewServiceImpl service(pool, clock, *std::move(screening));
  return gongkai::RunServer(*options, {&service}, {}, &pool);
}
