#include "redis/node_connection.h"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace gongkai {
namespace {

timeval AsTimeval(absl::Duration d) { return absl::ToTimeval(d); }

std::atomic<int64_t> connection_epoch{0};
std::atomic<uint64_t> last_session{0};

absl::Mutex failures_mutex;
std::map<std::string, int64_t>& Failures() ABSL_EXCLUSIVE_LOCKS_REQUIRED(failures_mutex) {
  static auto* failures = new std::map<std::string, int64_t>();
  return *failures;
}

void CountFailure(const RedisOptions& options) {
  absl::MutexLock lock(&failures_mutex);
  ++Failures()[RedisAddress(options)];
}

// hiredis writes with write(2): on a socket whose server has gone (Redis killed or restarted)
// that raises SIGPIPE, whose default action ends the process without a word — a service would
// die instead of answering UNAVAILABLE and reconnecting. Linux has no per-socket way out for
// write(2), so every process that talks to Redis ignores the signal; the write then fails with
// EPIPE and the call with UNAVAILABLE. Nothing in Gongkai relies on SIGPIPE.
void IgnoreBrokenPipes() {
  static std::once_flag once;
  std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

}  // namespace

NodeConnection::NodeConnection(RedisOptions options) : options_(std::move(options)) {
  IgnoreBrokenPipes();
}

NodeConnection::~NodeConnection() {
  if (context_ != nullptr) redisFree(context_);
}

int64_t NodeConnection::Epoch() { return connection_epoch.load(); }

std::map<std::string, int64_t> NodeConnection::FailuresByNode() {
  absl::MutexLock lock(&failures_mutex);
  return Failures();
}

int NodeConnection::fd() const { return context_ ? context_->fd : -1; }

void NodeConnection::DropIfClosedByServer() {
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
  session_ = 0;
  // Reconnect at once, not after the backoff of a failed attempt: nothing has failed yet.
  next_connect_attempt_ = absl::InfinitePast();
}

absl::Status NodeConnection::EnsureConnected() {
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
    CountFailure(options_);
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
  session_ = ++last_session;
  return absl::OkStatus();
}

absl::Status NodeConnection::FailAndDrop(absl::string_view what) {
  ++connection_epoch;
  CountFailure(options_);
  std::string reason = context_ && context_->errstr[0] ? context_->errstr : "connection lost";
  // A connection with a half-read pipeline is useless: drop it and reconnect on the next call.
  if (context_ != nullptr) redisFree(context_);
  context_ = nullptr;
  session_ = 0;
  return absl::UnavailableError(
      absl::StrCat("Redis ", what, " at ", RedisAddress(options_), " failed: ", reason));
}

absl::Status NodeConnection::Prepare() {
  DropIfClosedByServer();
  return EnsureConnected();
}

absl::Status NodeConnection::Append(const std::vector<absl::string_view>& args) {
  if (context_ == nullptr) return absl::UnavailableError("Redis connection not prepared");
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (absl::string_view arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  if (redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(),
                             lengths.data()) != REDIS_OK) {
    return FailAndDrop("pipeline");
  }
  return absl::OkStatus();
}

absl::Status NodeConnection::Flush() {
  if (context_ == nullptr) return absl::UnavailableError("Redis connection not prepared");
  int done = 0;
  while (!done) {
    if (redisBufferWrite(context_, &done) != REDIS_OK) return FailAndDrop("writing");
  }
  return absl::OkStatus();
}

absl::StatusOr<RedisReply> NodeConnection::Read() {
  if (context_ == nullptr) return absl::UnavailableError("Redis connection not prepared");
  void* raw = nullptr;
  if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) return FailAndDrop("reading");
  return RedisReply(static_cast<redisReply*>(raw));
}

absl::StatusOr<RedisReply> NodeConnection::Command(const std::vector<absl::string_view>& args) {
  if (absl::Status status = Prepare(); !status.ok()) return status;
  if (absl::Status status = Append(args); !status.ok()) return status;
  if (absl::Status status = Flush(); !status.ok()) return status;
  return Read();
}

absl::StatusOr<std::optional<RedisReply>> NodeConnection::TakeBuffered() {
  if (context_ == nullptr) return std::nullopt;
  void* raw = nullptr;
  if (redisGetReplyFromReader(context_, &raw) != REDIS_OK) return FailAndDrop("reading");
  if (raw == nullptr) return std::nullopt;
  return RedisReply(static_cast<redisReply*>(raw));
}

void NodeConnection::Close() {
  if (context_ != nullptr) redisFree(context_);
  context_ = nullptr;
  session_ = 0;
  next_connect_attempt_ = absl::InfinitePast();
}

absl::StatusOr<std::optional<RedisReply>> NodeConnection::ReadAvailable() {
  if (context_ == nullptr) return absl::UnavailableError("Redis connection not prepared");
  if (redisBufferRead(context_) != REDIS_OK) return FailAndDrop("reading");
  return TakeBuffered();
}

}  // namespace gongkai
