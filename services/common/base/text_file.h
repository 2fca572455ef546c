// Reading a whole configuration file (catalogue, calendar) into memory.
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace gongkai {

// NOT_FOUND naming the path when the file cannot be read.
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

}  // namespace gongkai
