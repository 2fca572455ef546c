// Where a command goes on a Redis Cluster: the hash tag its keys share ({p07}, {seq}, ...).
// Every call site names it, from keys.h (keys::PartitionRoute(7), keys::SequenceRoute()), so
// that the routing never depends on where a command keeps its key; Eval checks that the script's
// keys carry the tag it was given. On a single node every route leads to that node.
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace gongkai {

inline constexpr int kClusterSlots = 16384;

// Redis Cluster's slot of a key: CRC16 (XMODEM) of its hash tag, the text between the first
// '{' and the next '}' when that is not empty, else of the whole key; modulo 16384.
int KeyHashSlot(absl::string_view key);

class RedisRoute {
 public:
  // The route of the keys tagged {tag}: `tag` without the braces.
  explicit RedisRoute(absl::string_view tag);
  // A route to a slot without a tag: for commands of the tools and tests that name a key, or
  // none (slot 0), rather than a route. Holds no key.
  static RedisRoute OfSlot(int slot);

  absl::string_view tag() const { return tag_; }
  int slot() const { return slot_; }
  // Whether `key` carries this route's tag, i.e. lives in its slot by construction.
  bool Holds(absl::string_view key) const;

 private:
  std::string tag_;
  int slot_;
};

}  // namespace gongkai
