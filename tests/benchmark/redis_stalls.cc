#include "redis_stalls.h"

#include <algorithm>
#include <vector>

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
  if (before->empty() || (*before)[0].size() != 2) {
    status_ = absl::InternalError("CONFIG GET latency-monitor-threshold: no value");
    return;
  }
  threshold_before_ = std::string((*before)[0].element(1).str());
  threshold_changed_ = true;  // from here on, even a partial failure is undone
  absl::StatusOr<std::vector<RedisReply>> set = OnEveryMaster(
      redis_, {"CONFIG", "SET", "latency-monitor-threshold", std::to_string(threshold_ms)});
  if (set.ok()) set = OnEveryMaster(redis_, {"LATENCY", "RESET"});
  status_ = set.status();
  if (!status_.ok()) (void)RestoreThreshold();
}

RedisStallWatch::~RedisStallWatch() { (void)RestoreThreshold(); }

absl::Status RedisStallWatch::RestoreThreshold() {
  if (!threshold_changed_) return absl::OkStatus();
  threshold_changed_ = false;
  return OnEveryMaster(redis_, {"CONFIG", "SET", "latency-monitor-threshold", threshold_before_})
      .status();
}

absl::StatusOr<std::map<std::string, RedisStall>> RedisStallWatch::Stop() {
  if (!status_.ok()) return status_;
  absl::StatusOr<std::map<std::string, RedisStall>> stalls = ReadStalls();
  const absl::Status restored = RestoreThreshold();
  if (!stalls.ok()) return stalls.status();
  if (!restored.ok()) return restored;
  return stalls;
}

absl::StatusOr<std::map<std::string, RedisStall>> RedisStallWatch::ReadStalls() {
  absl::StatusOr<std::vector<RedisReply>> latest = OnEveryMaster(redis_, {"LATENCY", "LATEST"});
  if (!latest.ok()) return latest.status();
  // [[event, last moment, last ms, longest ms since the reset], ...] from each master.
  std::map<std::string, RedisStall> stalls;
  for (const RedisReply& master : *latest) {
    for (size_t i = 0; i < master.size(); ++i) {
      const RedisReply event = master.element(i);
      if (event.size() < 4) continue;
      RedisStall& stall = stalls[std::string(event.element(0).str())];
      stall.longest_ms = std::max<int64_t>(stall.longest_ms, event.element(3).integer());
    }
  }
  // The seconds: one sample a second in each master's history of the event (a master that
  // never saw it answers an empty one).
  for (auto& [event, stall] : stalls) {
    absl::StatusOr<std::vector<RedisReply>> history =
        OnEveryMaster(redis_, {"LATENCY", "HISTORY", event});
    if (!history.ok()) return history.status();
    for (const RedisReply& master : *history) stall.seconds += static_cast<int>(master.size());
  }
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
