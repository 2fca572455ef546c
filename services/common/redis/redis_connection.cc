#include "redis/redis_connection.h"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "base/text_file.h"

namespace gongkai {
namespace {

timeval AsTimeval(absl::Duration d) { return absl::ToTimeval(d); }

}  // namespace

absl::StatusOr<RedisOptions> ParseRedisAddress(absl::string_view address) {
  RedisOptions options;
  if (absl::ConsumePrefix(&address, "unix:")) {
    if (address.empty() || address[0] != '/' || address.size() > 100) {
      return absl::InvalidArgumentError(
          "`redis` unix socket must be an absolute path of at most 100 characters");
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

// hiredis writes with write(2): on a socket whose server has gone (Redis killed or restarted)
// that raises SIGPIPE, whose default action ends the process without a word — a service would
// die instead of answering UNAVAILABLE and reconnecting. Linux has no per-socket way out for
// write(2), so every process that talks to Redis ignores the signal; the write then fails with
// EPIPE and the call with UNAVAILABLE. Nothing in Gongkai relies on SIGPIPE.
void IgnoreBrokenPipes() {
  static std::once_flag once;
  std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

RedisConnection::RedisConnection(RedisOptions options) : options_(std::move(options)) {
  IgnoreBrokenPipes();
}

RedisConnection::~RedisConnection() {
  if (context_ != nullptr) redisFree(context_);
}

void RedisConnection::DropIfClosedByServer() {
  if (context_ == nullptr) return;
  // A request-reply connection has nothing to read between calls. If the socket is readable
  // now, the server has closed it (EOF) or it is broken; sending on it would only fail.
  pollfd socket = {context_->fd, POLLIN, 0};
  if (poll(&socket, 1, 0) <= 0) return;
  char byte;
  const ssize_t peeked = recv(context_->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (peeked > 0) return;  // data nobody asked for: left to the reply reader to make sense of
  if (peeked < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
  ++connection_epoch;  // Redis may have restarted: what this process knew may be gone
  redisFree(context_);
  context_ = nullptr;
  // Reconnect at once, not after the backoff of a failed attempt: nothing has failed yet.
  next_connect_attempt_ = absl::InfinitePast();
}

absl::Status RedisConnection::EnsureConnected() {
  if (context_ != nullptr) return absl::OkStatus();
  const absl::Time now = absl::Now();
  if (now < next_connect_attempt_) {
    return absl::UnavailableError(
        absl::StrCat("Redis at ", RedisAddress(options_), " is unreachable; retrying shortly"));
  }
  next_connect_attempt_ = now + options_.reconnect_backoff;
  redisContext* context = options_.unix_socket.empty()
                              ? redisConnectWithTimeout(options_.host.c_str(), options_.port,
                                                        AsTimeval(options_.connect_timeout))
                              : redisConnectUnixWithTimeout(options_.unix_socket.c_str(),
                                                            AsTimeval(options_.connect_timeout));
  if (context == nullptr || context->err != 0) {
    ++connection_epoch;  // Redis may be restarting: what this process knew may be gone
    std::string reason = context ? context->errstr : "out of memory";
    if (context) redisFree(context);
    return absl::UnavailableError(
        absl::StrCat("cannot connect to Redis at ", RedisAddress(options_), ": ", reason));
  }
  if (redisSetTimeout(context, AsTimeval(options_.command_timeout)) != REDIS_OK) {
    redisFree(context);
    return absl::UnavailableError("cannot set the Redis command timeout");
  }
  if (options_.unix_socket.empty()) redisEnableKeepAlive(context);
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
  DropIfClosedByServer();
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
  DropIfClosedByServer();
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
  absl::StatusOr<std::string> loaded = LoadScript(script);
  if (!loaded.ok()) return loaded.status();
  sha1 = *std::move(loaded);
  return Command(build("EVALSHA", sha1));
}

absl::StatusOr<std::string> RedisConnection::LoadScript(const LuaScript& script) {
  auto loaded = Command({"SCRIPT", "LOAD", script.source});
  if (!loaded.ok()) return loaded.status();
  if (loaded->is_error()) {
    return absl::InternalError(absl::StrCat("SCRIPT LOAD failed: ", loaded->str()));
  }
  return std::string(loaded->str());
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
  const auto evalsha = [&](size_t i) {
    const auto& [keys, args] = calls[i];
    std::vector<std::string> command = {"EVALSHA", sha1, std::to_string(keys.size())};
    command.insert(command.end(), keys.begin(), keys.end());
    command.insert(command.end(), args.begin(), args.end());
    return command;
  };
  const auto is_noscript = [](const RedisReply& reply) {
    return reply.is_error() && absl::StartsWith(reply.str(), "NOSCRIPT");
  };
  if (sha1.empty()) {
    absl::StatusOr<std::string> loaded = LoadScript(script);
    if (!loaded.ok()) return loaded.status();
    sha1 = *std::move(loaded);
  }
  std::vector<std::vector<std::string>> commands;
  commands.reserve(calls.size());
  for (size_t i = 0; i < calls.size(); ++i) commands.push_back(evalsha(i));
  absl::StatusOr<std::vector<RedisReply>> replies = Pipeline(commands);
  if (!replies.ok()) return replies;
  std::vector<size_t> not_run;
  for (size_t i = 0; i < replies->size(); ++i) {
    if (is_noscript((*replies)[i])) not_run.push_back(i);
  }
  if (not_run.empty()) return replies;
  // A call answered NOSCRIPT did not run: load the script again and send just those once more.
  // If that fails, the calls that did run keep their replies and the others their NOSCRIPT.
  absl::StatusOr<std::string> loaded = LoadScript(script);
  if (!loaded.ok()) return replies;
  sha1 = *std::move(loaded);
  commands.clear();
  for (size_t i : not_run) commands.push_back(evalsha(i));
  absl::StatusOr<std::vector<RedisReply>> again = Pipeline(commands);
  if (!again.ok()) return replies;
  for (size_t k = 0; k < not_run.size(); ++k) (*replies)[not_run[k]] = (*again)[k];
  return replies;
}

}  // namespace gongkai
