#include "redis/redis_connection.h"

#include <hiredis/hiredis.h>
#include <poll.h>

#include <atomic>
#include <cerrno>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/text_file.h"

namespace gongkai {
namespace {

timeval AsTimeval(absl::Duration d) { return absl::ToTimeval(d); }

}  // namespace

absl::StatusOr<RedisOptions> ParseRedisAddress(absl::string_view address) {
  const size_t colon = address.rfind(':');
  RedisOptions options;
  if (colon == absl::string_view::npos || colon == 0 ||
      !absl::SimpleAtoi(address.substr(colon + 1), &options.port) || options.port <= 0 ||
      options.port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("`redis` must be host:port, got \"", address, "\""));
  }
  options.host = std::string(address.substr(0, colon));
  return options;
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

RedisReply::RedisReply(redisReply* reply) : owned_(reply, Free()), reply_(reply) {}

RedisReply::RedisReply(const redisReply* borrowed, bool) : reply_(borrowed) {}

void RedisReply::Free::operator()(redisReply* reply) const {
  if (reply != nullptr) freeReplyObject(reply);
}

bool RedisReply::is_nil() const { return reply_ == nullptr || reply_->type == REDIS_REPLY_NIL; }
bool RedisReply::is_error() const { return reply_ && reply_->type == REDIS_REPLY_ERROR; }
bool RedisReply::is_array() const { return reply_ && reply_->type == REDIS_REPLY_ARRAY; }
bool RedisReply::is_integer() const { return reply_ && reply_->type == REDIS_REPLY_INTEGER; }
bool RedisReply::is_string() const {
  return reply_ && (reply_->type == REDIS_REPLY_STRING || reply_->type == REDIS_REPLY_STATUS);
}

absl::string_view RedisReply::str() const {
  if (reply_ == nullptr || reply_->str == nullptr) return {};
  return absl::string_view(reply_->str, reply_->len);
}

long long RedisReply::integer() const { return reply_ ? reply_->integer : 0; }

size_t RedisReply::size() const { return is_array() ? reply_->elements : 0; }

RedisReply RedisReply::element(size_t i) const {
  RedisReply child(reply_->element[i], true);
  child.owned_ = owned_;  // keeps the whole reply tree alive
  return child;
}

namespace {
std::atomic<int64_t> connection_epoch{0};
}  // namespace

RedisConnection::RedisConnection(RedisOptions options) : options_(std::move(options)) {}

RedisConnection::~RedisConnection() {
  if (context_ != nullptr) redisFree(context_);
}

absl::Status RedisConnection::EnsureConnected() {
  if (context_ != nullptr) return absl::OkStatus();
  const absl::Time now = absl::Now();
  if (now < next_connect_attempt_) {
    return absl::UnavailableError(absl::StrCat("Redis at ", options_.host, ":", options_.port,
                                               " is unreachable; retrying shortly"));
  }
  next_connect_attempt_ = now + options_.reconnect_backoff;
  redisContext* context = redisConnectWithTimeout(options_.host.c_str(), options_.port,
                                                  AsTimeval(options_.connect_timeout));
  if (context == nullptr || context->err != 0) {
    ++connection_epoch;  // Redis may be restarting: what this process knew may be gone
    std::string reason = context ? context->errstr : "out of memory";
    if (context) redisFree(context);
    return absl::UnavailableError(absl::StrCat("cannot connect to Redis at ", options_.host, ":",
                                               options_.port, ": ", reason));
  }
  if (redisSetTimeout(context, AsTimeval(options_.command_timeout)) != REDIS_OK) {
    redisFree(context);
    return absl::UnavailableError("cannot set the Redis command timeout");
  }
  redisEnableKeepAlive(context);
  if (!options_.user.empty()) {
    auto* reply = static_cast<redisReply*>(
        redisCommand(context, "AUTH %b %b", options_.user.data(), options_.user.size(),
                     options_.password.data(), options_.password.size()));
    const bool accepted = reply != nullptr && reply->type != REDIS_REPLY_ERROR;
    if (reply != nullptr) freeReplyObject(reply);
    if (!accepted) {
      redisFree(context);
      // Not retried faster than any other failed connection: a wrong password stays wrong.
      return absl::UnavailableError(absl::StrCat("Redis refused the credentials of user ",
                                                 options_.user, "; check the password file"));
    }
  }
  context_ = context;
  return absl::OkStatus();
}

int64_t RedisConnection::Epoch() { return connection_epoch.load(); }

absl::Status RedisConnection::FailAndDrop(absl::string_view what) {
  ++connection_epoch;
  std::string reason = context_ && context_->errstr[0] ? context_->errstr : "connection lost";
  // A connection with a half-read pipeline is useless: drop it and reconnect on the next call.
  redisFree(context_);
  context_ = nullptr;
  return absl::UnavailableError(absl::StrCat("Redis ", what, " failed: ", reason));
}

absl::StatusOr<RedisReply> RedisConnection::Command(const std::vector<absl::string_view>& args) {
  if (absl::Status status = EnsureConnected(); !status.ok()) return status;
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (absl::string_view arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  ++round_trips_;
  void* raw =
      redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data());
  if (raw == nullptr) return FailAndDrop(absl::StrCat(args.empty() ? "" : args[0], " command"));
  return RedisReply(static_cast<redisReply*>(raw));
}

absl::StatusOr<std::vector<RedisReply>> RedisConnection::Pipeline(
    const std::vector<std::vector<std::string>>& commands) {
  if (absl::Status status = EnsureConnected(); !status.ok()) return status;
  for (const auto& command : commands) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const std::string& arg : command) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
    }
    if (redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(),
                               lengths.data()) != REDIS_OK) {
      return FailAndDrop("pipeline");
    }
  }
  ++round_trips_;
  std::vector<RedisReply> replies;
  replies.reserve(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) {
      return FailAndDrop("pipeline");
    }
    replies.emplace_back(static_cast<redisReply*>(raw));
  }
  return replies;
}

absl::StatusOr<RedisReply> RedisConnection::Eval(const LuaScript& script,
                                                 const std::vector<std::string>& keys,
                                                 const std::vector<std::string>& args) {
  const std::string key_count = std::to_string(keys.size());
  auto build = [&](absl::string_view verb, absl::string_view body) {
    std::vector<absl::string_view> argv = {verb, body, key_count};
    for (const auto& key : keys) argv.push_back(key);
    for (const auto& arg : args) argv.push_back(arg);
    return argv;
  };
  std::string& sha1 = script_shas_[&script];
  if (!sha1.empty()) {
    auto reply = Command(build("EVALSHA", sha1));
    if (!reply.ok()) return reply;
    // After a restart without the script cache (or a failover), load it again and retry.
    if (!reply->is_error() || !absl::StartsWith(reply->str(), "NOSCRIPT")) return reply;
  }
  auto loaded = Command({"SCRIPT", "LOAD", script.source});
  if (!loaded.ok()) return loaded.status();
  if (loaded->is_error()) {
    return absl::InternalError(absl::StrCat("SCRIPT LOAD failed: ", loaded->str()));
  }
  sha1 = std::string(loaded->str());
  return Command(build("EVALSHA", sha1));
}

absl::StatusOr<std::optional<RedisReply>> RedisConnection::ReadPushed(absl::Duration wait) {
  if (absl::Status status = EnsureConnected(); !status.ok()) return status;
  void* raw = nullptr;
  // A message may already sit in the reader's buffer; otherwise wait for the socket.
  if (redisGetReplyFromReader(context_, &raw) != REDIS_OK) return FailAndDrop("reading");
  if (raw == nullptr) {
    pollfd socket = {context_->fd, POLLIN, 0};
    const int ready = poll(&socket, 1, static_cast<int>(absl::ToInt64Milliseconds(wait)));
    if (ready < 0 && errno != EINTR) return FailAndDrop("waiting");
    if (ready <= 0) return std::nullopt;
    if (redisBufferRead(context_) != REDIS_OK) return FailAndDrop("reading");
    if (redisGetReplyFromReader(context_, &raw) != REDIS_OK) return FailAndDrop("reading");
    if (raw == nullptr) return std::nullopt;  // part of a message so far
  }
  return RedisReply(static_cast<redisReply*>(raw));
}

absl::StatusOr<std::vector<RedisReply>> RedisConnection::EvalMany(
    const LuaScript& script,
    const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>>& calls) {
  std::string& sha1 = script_shas_[&script];
  if (sha1.empty()) {
    auto loaded = Command({"SCRIPT", "LOAD", script.source});
    if (!loaded.ok()) return loaded.status();
    if (loaded->is_error()) {
      return absl::InternalError(absl::StrCat("SCRIPT LOAD failed: ", loaded->str()));
    }
    sha1 = std::string(loaded->str());
  }
  std::vector<std::vector<std::string>> commands;
  commands.reserve(calls.size());
  for (const auto& [keys, args] : calls) {
    std::vector<std::string> command = {"EVALSHA", sha1, std::to_string(keys.size())};
    command.insert(command.end(), keys.begin(), keys.end());
    command.insert(command.end(), args.begin(), args.end());
    commands.push_back(std::move(command));
  }
  auto replies = Pipeline(commands);
  if (!replies.ok()) return replies;
  for (const RedisReply& reply : *replies) {
    // The server lost its script cache (a restart): load again and let the caller retry.
    if (reply.is_error() && absl::StartsWith(reply.str(), "NOSCRIPT")) {
      sha1.clear();
      return absl::UnavailableError("Redis lost its script cache; retry");
    }
  }
  return replies;
}

}  // namespace gongkai
