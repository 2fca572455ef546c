#include "base/text_file.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace gongkai {

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::ifstream file(path);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream content;
  content << file.rdbuf();
  return content.str();
}

}  // namespace gongkai
