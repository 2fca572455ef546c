#include "redis/redis_route.h"

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace gongkai {
namespace {

// CRC-16/XMODEM (polynomial 0x1021, initial 0), the checksum Redis Cluster hashes keys with.
// Bitwise rather than by table: it runs over three to eight bytes of a hash tag.
uint16_t Crc16(absl::string_view bytes) {
  uint16_t crc = 0;
  for (unsigned char byte : bytes) {
    crc ^= static_cast<uint16_t>(byte) << 8;
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x8000) ? static_cast<uint16_t>((crc << 1) ^ 0x1021)
                           : static_cast<uint16_t>(crc << 1);
    }
  }
  return crc;
}

}  // namespace

int KeyHashSlot(absl::string_view key) {
  const size_t open = key.find('{');
  if (open != absl::string_view::npos) {
    const size_t close = key.find('}', open + 1);
    if (close != absl::string_view::npos && close > open + 1) {
      key = key.substr(open + 1, close - open - 1);
    }
  }
  return Crc16(key) % kClusterSlots;
}

RedisRoute::RedisRoute(absl::string_view tag)
    : tag_(tag), slot_(KeyHashSlot(absl::StrCat("{", tag, "}"))) {}

RedisRoute RedisRoute::OfSlot(int slot) {
  RedisRoute route("");
  route.slot_ = slot;
  return route;
}

bool RedisRoute::Holds(absl::string_view key) const {
  const size_t open = key.find('{');
  if (open == absl::string_view::npos) return false;
  const size_t close = key.find('}', open + 1);
  return !tag_.empty() && close != absl::string_view::npos &&
         key.substr(open + 1, close - open - 1) == tag_;
}

}  // namespace gongkai
