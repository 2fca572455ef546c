#include "redis_snapshot.h"

#include <gtest/gtest.h>

#include "redis/keys.h"

namespace gongkai::testing {
namespace {

void Append(std::string& out, const RedisReply& reply) {
  if (reply.is_array()) {
    out += "[";
    for (size_t i = 0; i < reply.size(); ++i) Append(out, reply.element(i));
    out += "]";
  } else if (reply.is_integer()) {
    out += std::to_string(reply.integer()) + ",";
  } else {
    out += std::string(reply.str()) + ",";
  }
}

}  // namespace

std::map<std::string, std::string> Snapshot(RedisConnection& redis) {
  std::map<std::string, std::string> snapshot;
  std::string cursor = "0";
  do {
    auto scanned = redis.Command({"SCAN", cursor, "COUNT", "1000"});
    EXPECT_TRUE(scanned.ok());
    if (!scanned.ok()) return snapshot;
    cursor = std::string(scanned->element(0).str());
    const RedisReply keys = scanned->element(1);
    for (size_t i = 0; i < keys.size(); ++i) {
      const std::string key(keys.element(i).str());
      // A refused call is recorded there on purpose; the case data must not change.
      if (key == keys::Denied()) continue;
      auto type = redis.Command({"TYPE", key});
      std::string content;
      if (type.ok() && type->str() == "stream") {
        auto entries = redis.Command({"XRANGE", key, "-", "+"});
        if (entries.ok()) Append(content, *entries);
      } else {
        auto dumped = redis.Command({"DUMP", key});
        if (dumped.ok()) content = std::string(dumped->str());
      }
      snapshot[key] = content;
    }
  } while (cursor != "0");
  return snapshot;
}

}  // namespace gongkai::testing
