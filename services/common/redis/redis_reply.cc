#include "redis/redis_reply.h"

#include <hiredis/hiredis.h>

namespace gongkai {

RedisReply::RedisReply(redisReply* reply) : owned_(reply, Free()), reply_(reply) {}

RedisReply::RedisReply(const redisReply* borrowed, bool) : reply_(borrowed) {}

RedisReply RedisReply::Error(std::string text) {
  RedisReply reply;
  reply.made_error_ = std::make_shared<const std::string>(std::move(text));
  return reply;
}

void RedisReply::Free::operator()(redisReply* reply) const {
  if (reply != nullptr) freeReplyObject(reply);
}

bool RedisReply::is_nil() const {
  return made_error_ == nullptr && (reply_ == nullptr || reply_->type == REDIS_REPLY_NIL);
}
bool RedisReply::is_error() const {
  return made_error_ != nullptr || (reply_ && reply_->type == REDIS_REPLY_ERROR);
}
bool RedisReply::is_array() const { return reply_ && reply_->type == REDIS_REPLY_ARRAY; }
bool RedisReply::is_integer() const { return reply_ && reply_->type == REDIS_REPLY_INTEGER; }
bool RedisReply::is_string() const {
  return reply_ && (reply_->type == REDIS_REPLY_STRING || reply_->type == REDIS_REPLY_STATUS);
}

absl::string_view RedisReply::str() const {
  if (made_error_ != nullptr) return *made_error_;
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

}  // namespace gongkai
