#include "base/socket_path.h"

#include "absl/strings/str_cat.h"

namespace gongkai {

absl::Status CheckSocketPath(absl::string_view what, absl::string_view path) {
  if (path.empty() || path.front() != '/' || path.size() > kMaxSocketPathBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " must be an absolute path of at most ", kMaxSocketPathBytes, " bytes"));
  }
  return absl::OkStatus();
}

}  // namespace gongkai
