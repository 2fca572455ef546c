// An owned hiredis reply with accessors for the shapes Gongkai reads.
#pragma once

#include <memory>
#include <string>

#include "absl/strings/string_view.h"

struct redisReply;

namespace gongkai {

class RedisReply {
 public:
  RedisReply() = default;
  explicit RedisReply(redisReply* reply);
  // An error reply made here, not by Redis: a command the routing layer could not deliver
  // (its partition's master unreachable) answers this in a pipeline whose other nodes answered.
  static RedisReply Error(std::string text);

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
  std::shared_ptr<const std::string> made_error_;
};

// The error a script raised with redis.error_reply("GK_..."): Redis prefixes a message without a
// space with "ERR ", and this takes that off again.
inline absl::string_view ScriptError(absl::string_view error) {
  return error.substr(0, 4) == "ERR " ? error.substr(4) : error;
}

}  // namespace gongkai
