#include "redis_info.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace gongkai::bench {

std::map<std::string, std::string> InfoFields(absl::string_view text) {
  std::map<std::string, std::string> fields;
  for (absl::string_view line : absl::StrSplit(text, "\r\n")) {
    const size_t colon = line.find(':');
    if (colon != absl::string_view::npos) {
      fields[std::string(line.substr(0, colon))] = std::string(line.substr(colon + 1));
    }
  }
  return fields;
}

std::map<std::string, CommandStat> CommandStats(const std::map<std::string, std::string>& info) {
  std::map<std::string, CommandStat> stats;
  for (const auto& [key, value] : info) {
    absl::string_view command = key;
    if (!absl::ConsumePrefix(&command, "cmdstat_")) continue;
    CommandStat& stat = stats[std::string(command)];
    for (absl::string_view part : absl::StrSplit(value, ',')) {
      const std::pair<absl::string_view, absl::string_view> pair = absl::StrSplit(part, '=');
      if (pair.first == "calls") (void)absl::SimpleAtoi(pair.second, &stat.calls);
      if (pair.first == "usec") (void)absl::SimpleAtoi(pair.second, &stat.usec);
    }
  }
  return stats;
}

}  // namespace gongkai::bench
