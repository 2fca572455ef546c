#include "redis/redis_options.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "base/socket_path.h"
#include "base/text_file.h"

namespace gongkai {

absl::StatusOr<RedisOptions> ParseRedisAddress(absl::string_view address) {
  RedisOptions options;
  if (absl::ConsumePrefix(&address, "unix:")) {
    if (absl::Status path = CheckSocketPath("`redis` unix socket", address); !path.ok()) {
      return path;
    }
    options.unix_socket = std::string(address);
    return options;
  }
  const size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos || colon == 0 ||
      !absl::SimpleAtoi(address.substr(colon + 1), &options.port) || options.port <= 0 ||
      options.port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("`redis` must be host:port or unix:/path, got \"", address, "\""));
  }
  options.host = std::string(address.substr(0, colon));
  return options;
}

std::string RedisAddress(const RedisOptions& options) {
  if (!options.unix_socket.empty()) return absl::StrCat("unix:", options.unix_socket);
  return absl::StrCat(options.host, ":", options.port);
}

absl::Status SetRedisCredentials(RedisOptions& options, const std::string& user,
                                 const std::string& password_file) {
  options.user = user;
  if (user.empty()) return absl::OkStatus();
  absl::StatusOr<std::string> text = ReadTextFile(password_file);
  const std::string password = text.ok() ? text->substr(0, text->find('\n')) : "";
  if (password.empty()) {
    return absl::NotFoundError(
        absl::StrCat("`redis_password_file` \"", password_file, "\" cannot be read"));
  }
  options.password = password;
  return absl::OkStatus();
}

}  // namespace gongkai
