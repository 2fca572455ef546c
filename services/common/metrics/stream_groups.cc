#include "metrics/stream_groups.h"

namespace gongkai::metrics {

std::optional<GroupFigures> FindGroup(const RedisReply& reply, absl::string_view group) {
  if (!reply.is_array()) return std::nullopt;
  for (size_t i = 0; i < reply.size(); ++i) {
    const RedisReply fields = reply.element(i);
    if (!fields.is_array()) continue;
    bool named = false;
    GroupFigures figures;
    for (size_t f = 0; f + 1 < fields.size(); f += 2) {
      const absl::string_view field = fields.element(f).str();
      const RedisReply value = fields.element(f + 1);
      if (field == "name") {
        named = value.is_string() && value.str() == group;
      } else if (field == "pending" && value.is_integer()) {
        figures.pending = value.integer();
      } else if (field == "lag" && value.is_integer()) {
        figures.lag = value.integer();
      }
    }
    if (named) return figures;
  }
  return std::nullopt;
}

}  // namespace gongkai::metrics
