// Paths of unix sockets given on the command line: Redis's (--redis=unix:...) and the one a
// service serves gRPC on besides its port (--listen_socket).
#pragma once

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace gongkai {

// A unix socket's address holds 108 bytes with its final zero on Linux, and gRPC refuses paths
// of more than 107; 100 leaves room and is the bound deploy/local.sh checks too.
inline constexpr size_t kMaxSocketPathBytes = 100;

// OK for an absolute path of at most kMaxSocketPathBytes; otherwise INVALID_ARGUMENT saying so,
// in the words `what` (e.g. "`listen_socket`") begins with. Relative paths are refused: what they
// name would depend on the directory the program was started from.
absl::Status CheckSocketPath(absl::string_view what, absl::string_view path);

}  // namespace gongkai
