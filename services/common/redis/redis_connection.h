// One blocking connection to Redis (hiredis), with timeouts, pipelining, Lua scripts by SHA and
// reconnection. Not thread-safe: each worker thread owns its own connection.
//
// Errors: a lost or refused connection is UNAVAILABLE (the caller may retry the same call);
// an error reply from Redis is returned as a RedisError reply, for the caller to interpret.
//
// Example:
//   RedisConnection redis(options);
//   GK_ASSIGN_OR_RETURN(RedisReply reply, redis.Command({"HGET", key, "state"}));
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

struct redisContext;
struct redisReply;

namespace gongkai {

struct RedisOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  // When set, a unix socket path used instead of host and port (tests give each private
  // redis-server its own socket, so no port is found free and then taken by another).
  std::string unix_socket;
  absl::Duration connect_timeout = absl::Seconds(1);
  absl::Duration command_timeout = absl::Seconds(2);
  // After a failed connection attempt, calls fail fast for this long before trying again, so
  // that an outage costs callers microseconds, not a connect timeout each.
  absl::Duration reconnect_backoff = absl::Milliseconds(200);
  // The Redis ACL user and its password; empty user: the default user, no AUTH.
  std::string user;
  std::string password;
};

// Reads the password of `user` from `password_file` (its first line) into `options`.
// NOT_FOUND naming the file when it cannot be read.
absl::Status SetRedisCredentials(RedisOptions& options, const std::string& user,
                                 const std::string& password_file);

// Parses "host:port", or "unix:/path/to/redis.sock".
absl::StatusOr<RedisOptions> ParseRedisAddress(absl::string_view address);

// "127.0.0.1:6379" or "unix:/path/to/redis.sock", for messages.
std::string RedisAddress(const RedisOptions& options);

// An owned hiredis reply with accessors for the shapes Gongkai reads.
class RedisReply {
 public:
  RedisReply() = default;
  explicit RedisReply(redisReply* reply);

  bool is_nil() const;
  bool is_error() const;
  bool is_array() const;
  bool is_integer() const;
  bool is_string() const;         // bulk string or status
  absl::string_view str() const;  // string, status or error text
  long long integer() const;
  size_t size() const;  // array length
  // Element `i` of an array reply, borrowed from this reply.
  RedisReply element(size_t i) const;

 private:
  struct Free {
    void operator()(redisReply* reply) const;
  };
  RedisReply(const redisReply* borrowed, bool);
  std::shared_ptr<redisReply> owned_;
  const redisReply* reply_ = nullptr;
};

// The error a script raised with redis.error_reply("GK_..."): Redis prefixes a message without a
// space with "ERR ", and this takes that off again.
inline absl::string_view ScriptError(absl::string_view error) {
  return error.substr(0, 4) == "ERR " ? error.substr(4) : error;
}

// A Lua script's source. Each connection loads it on first use and then calls it by SHA.
struct LuaScript {
  absl::string_view source;
};

class RedisConnection {
 public:
  explicit RedisConnection(RedisOptions options);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  absl::StatusOr<RedisReply> Command(const std::vector<absl::string_view>& args);
  // Sends every command before reading any reply: one round trip for the lot.
  absl::StatusOr<std::vector<RedisReply>> Pipeline(
      const std::vector<std::vector<std::string>>& commands);
  absl::StatusOr<RedisReply> Eval(const LuaScript& script, const std::vector<std::string>& keys,
                                  const std::vector<std::string>& args);

  // Many calls of one script in one round trip (after loading it, if this connection has not).
  // A server that lost its script cache (a restart, a failover) answers NOSCRIPT without running
  // the call; the script is loaded again and those calls sent again, as Eval does (if that
  // fails, their replies stay NOSCRIPT errors beside the replies of the calls that ran).
  absl::StatusOr<std::vector<RedisReply>> EvalMany(
      const LuaScript& script,
      const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>>& calls);

  // For a subscribed connection: the next message the server pushed, waiting at most `wait` for
  // one to arrive; nullopt when none did. UNAVAILABLE (and the connection dropped) on failure.
  absl::StatusOr<std::optional<RedisReply>> ReadPushed(absl::Duration wait);

  bool connected() const { return context_ != nullptr; }

  // Raised by every failed connection in the process: what was read or committed before may
  // not be what Redis holds now (a restart can lose the last writes). CaseCache checks it.
  static int64_t Epoch();
  // Total round trips made, for benchmarks and tests.
  long long round_trips() const { return round_trips_; }

 private:
  absl::Status EnsureConnected();
  // Drops a connection the server has closed (a restarted Redis, an idle timeout), so that the
  // next call makes a new one instead of failing on the dead socket.
  void DropIfClosedByServer();
  absl::StatusOr<std::string> LoadScript(const LuaScript& script);
  absl::Status FailAndDrop(absl::string_view what);

  RedisOptions options_;
  redisContext* context_ = nullptr;
  absl::Time next_connect_attempt_ = absl::InfinitePast();
  long long round_trips_ = 0;
  std::unordered_map<const void*, std::string> script_shas_;  // by LuaScript address
};

}  // namespace gongkai
