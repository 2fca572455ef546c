// Reading Redis's INFO text, shared by the benchmarks: its "field:value" lines, and the
// commandstats section's calls and microseconds per command. Parsing only: each benchmark sends
// INFO its own way (stack_access.h's Info ends the program on a failure; the script benchmark
// throws, to stop its private server first).
//
// Example:
//   auto stats = CommandStats(InfoFields(reply.str()));   // stats["evalsha"].usec
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "absl/strings/string_view.h"

namespace gongkai::bench {

// The "field:value" lines of INFO's text (section headers and blank lines left out).
std::map<std::string, std::string> InfoFields(absl::string_view text);

// One line of INFO commandstats: since the last CONFIG RESETSTAT, those run inside scripts too.
struct CommandStat {
  int64_t calls = 0;
  int64_t usec = 0;
};

// The commandstats lines of `info` by command name ("evalsha", "config|resetstat", ...).
std::map<std::string, CommandStat> CommandStats(const std::map<std::string, std::string>& info);

}  // namespace gongkai::bench
