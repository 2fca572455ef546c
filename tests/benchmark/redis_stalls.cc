#include "redis_stalls.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace gongkai::bench {
namespace {

// The replies of a command sent to every master, or the first error among them.
absl::StatusOr<std::vector<RedisReply>> OnEveryMaster(RedisConnection& redis,
                                                      const std::vector<absl::string_view>& args) {
  absl::StatusOr<std::vector<RedisReply>> replies = redis.OnEveryMaster(args);
  if (!replies.ok()) return replies.status();
  for (const RedisReply& reply : *replies) {
    if (reply.is_error()) {
      return absl::UnavailableError(absl::StrCat(args[0], ": ", reply.str()));
    }
  }
  return replies;
}

}  // namespace

RedisStallWatch::RedisStallWatch(RedisConnection& redis, int threshold_ms) : redis_(redis) {
  absl::StatusOr<std::vector<RedisReply>> before =
      OnEveryMaster(redis_, {"CONFIG", "GET", "latency-monitor-threshold"});
  if (!before.ok()) {
    status_ = before.status();
    return;
  }
  // [name, value] from the first master.
  if (!before->empty() && (*before)[0].size() == 2) {
    threshold_before_ = std::string((*before)[0].element(1).str());
  }
  const std::string threshold = std::to_string(threshold_ms);
  absl::StatusOr<std::vector<RedisReply>> set =
      OnEveryMaster(redis_, {"CONFIG", "SET", "latency-monitor-threshold", threshold});
  if (set.ok()) set = OnEveryMaster(redis_, {"LATENCY", "RESET"});
  status_ = set.status();
}

absl::StatusOr<std::map<std::string, RedisStall>> RedisStallWatch::Stop() {
  if (!status_.ok()) return status_;
  std::map<std::string, RedisStall> stalls;
  absl::StatusOr<std::vector<RedisReply>> latest = OnEveryMaster(redis_, {"LATENCY", "LATEST"});
  if (!latest.ok()) return latest.status();
  // Every event any master saw; each master is asked for each name (one it never saw answers an
  // empty history).
  std::vector<std::string> events;
  for (const RedisReply& master : *latest) {
    // [[event, last moment, last ms, longest ms], ...]
    for (size_t i = 0; i < master.size(); ++i) {
      if (master.element(i).size() < 1) continue;
      const std::string event(master.element(i).element(0).str());
      if (std::find(events.begin(), events.end(), event) == events.end()) events.push_back(event);
    }
  }
  for (const std::string& event : events) {
    absl::StatusOr<std::vector<RedisReply>> history =
        OnEveryMaster(redis_, {"LATENCY", "HISTORY", event});
    if (!history.ok()) return history.status();
    RedisStall& stall = stalls[event];
    for (const RedisReply& master : *history) {
      // [[moment, ms], ...]: one sample a second, the worst of it.
      for (size_t i = 0; i < master.size(); ++i) {
        if (master.element(i).size() < 2) continue;
        ++stall.seconds;
        stall.longest_ms =
            std::max<int64_t>(stall.longest_ms, master.element(i).element(1).integer());
      }
    }
  }
  absl::StatusOr<std::vector<RedisReply>> restored =
      OnEveryMaster(redis_, {"CONFIG", "SET", "latency-monitor-threshold", threshold_before_});
  if (!restored.ok()) return restored.status();
  return stalls;
}

std::string DescribeStalls(const std::map<std::string, RedisStall>& stalls) {
  std::string text;
  for (const auto& [event, stall] : stalls) {
    absl::StrAppend(&text, text.empty() ? "" : "; ", event, " ", stall.seconds, " s, ",
                    stall.longest_ms, " ms");
  }
  return text.empty() ? "none" : text;
}

std::string StallsJson(const std::map<std::string, RedisStall>& stalls) {
  std::string json;
  for (const auto& [event, stall] : stalls) {
    absl::StrAppend(&json, json.empty() ? "" : ",", "\"", event, "\":{\"seconds\":", stall.seconds,
                    ",\"longest_ms\":", stall.longest_ms, "}");
  }
  return absl::StrCat("{", json, "}");
}

}  // namespace gongkai::bench
