#include "metrics/partition_gauges.h"

#include <array>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/logging.h"
#include "metrics/stream_groups.h"
#include "redis/keys.h"
#include "rules/case_number.h"
#include "rules/due_score.h"

namespace gongkai::metrics {
namespace {

// Each stage and the consumer group that reads it: the group is named after the service
// consuming the stage (routing/main.cc, reply/main.cc: ConsumerOptionsFromFlags).
struct ConsumedStage {
  Stage stage;
  absl::string_view group;
};
constexpr std::array<ConsumedStage, 2> kConsumedStages = {
    {{Stage::kRouting, "routing"}, {Stage::kReply, "reply"}}};

prometheus::MetricFamily Gauge(std::string name, std::string help) {
  prometheus::MetricFamily family;
  family.name = std::move(name);
  family.help = std::move(help);
  family.type = prometheus::MetricType::Gauge;
  return family;
}

void AddSample(prometheus::MetricFamily& family,
               std::vector<prometheus::ClientMetric::Label> labels, double value) {
  prometheus::ClientMetric metric;
  metric.label = std::move(labels);
  metric.gauge.value = value;
  family.metric.push_back(std::move(metric));
}

bool NodeDown(const RedisReply& reply) {
  return reply.is_error() && absl::StartsWith(reply.str(), kNodeDownReply);
}

}  // namespace

PartitionGauges::PartitionGauges(std::string service, bool case_counts)
    : service_(std::move(service)), case_counts_(case_counts) {}

void PartitionGauges::Refresh(RedisConnection& redis, absl::Time now) {
  // Per partition, in this order: XINFO GROUPS of each stage's stream, then (the tracker)
  // ZCARD and ZCOUNT of the due index. Every command of a partition goes to its master.
  const size_t per_partition = kConsumedStages.size() + (case_counts_ ? 2 : 0);
  const std::string overdue_below = absl::StrCat("(", DueScoreAfter(now));
  std::vector<RoutedCommand> commands;
  commands.reserve(per_partition * kPartitionCount);
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    const RedisRoute& route = keys::PartitionRoute(partition);
    for (const ConsumedStage& consumed : kConsumedStages) {
      commands.push_back({route, {"XINFO", "GROUPS", keys::Stream(partition, consumed.stage)}});
    }
    if (case_counts_) {
      commands.push_back({route, {"ZCARD", keys::DueIndex(partition)}});
      commands.push_back({route, {"ZCOUNT", keys::DueIndex(partition), "-inf", overdue_below}});
    }
  }
  absl::StatusOr<std::vector<RedisReply>> replies =
      redis.Pipeline(commands, WhenNodeDown::kFailItsOwn);
  if (replies.ok() && replies->size() != commands.size()) {
    replies = absl::InternalError("metrics: a reply per command was expected");
  }

  prometheus::MetricFamily lag =
      Gauge("gongkai_stream_lag",
            "Entries of the stage's stream not yet delivered to its consumer group, by partition");
  prometheus::MetricFamily pending = Gauge(
      "gongkai_stream_pending",
      "Entries of the stage's stream delivered to its consumer group and not yet acknowledged");
  prometheus::MetricFamily unreachable =
      Gauge("gongkai_partition_unreachable",
            "1 when the partition's Redis master could not be read at the last collection, else 0");
  std::string problem;
  int64_t running = 0;
  int64_t overdue = 0;
  int read = 0;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    const std::string label = std::to_string(partition);
    const RedisReply* first = replies.ok() ? &(*replies)[partition * per_partition] : nullptr;
    if (first == nullptr || NodeDown(*first)) {
      if (first != nullptr) problem = std::string(first->str());
      AddSample(unreachable, {{"service", service_}, {"partition", label}}, 1);
      continue;
    }
    AddSample(unreachable, {{"service", service_}, {"partition", label}}, 0);
    ++read;
    for (size_t s = 0; s < kConsumedStages.size(); ++s) {
      const RedisReply& reply = (*replies)[partition * per_partition + s];
      // "no such key" while the consuming service has not created its stream and group.
      if (reply.is_error() && !absl::StrContains(reply.str(), "no such key")) {
        problem = std::string(reply.str());
      }
      std::optional<GroupFigures> figures = FindGroup(reply, kConsumedStages[s].group);
      if (!figures.has_value()) continue;
      const std::vector<prometheus::ClientMetric::Label> labels = {
          {"service", service_},
          {"stage", std::string(keys::StageName(kConsumedStages[s].stage))},
          {"partition", label}};
      AddSample(pending, labels, static_cast<double>(figures->pending));
      if (figures->lag.has_value()) AddSample(lag, labels, static_cast<double>(*figures->lag));
    }
    if (case_counts_) {
      const RedisReply& card = (*replies)[partition * per_partition + kConsumedStages.size()];
      const RedisReply& count = (*replies)[partition * per_partition + kConsumedStages.size() + 1];
      if (card.is_integer()) running += card.integer();
      if (count.is_integer()) overdue += count.integer();
      if (card.is_error()) problem = std::string(card.str());
      if (count.is_error()) problem = std::string(count.str());
    }
  }
  if (!replies.ok()) problem = std::string(replies.status().message());
  // One line when a read starts failing or fails differently (a missing ACL permission, Redis
  // gone), not one every few seconds.
  if (problem != last_problem_) {
    if (!problem.empty()) spdlog::warn("event=metrics_read_failed error=\"{}\"", problem);
    last_problem_ = problem;
  }

  std::vector<prometheus::MetricFamily> families;
  families.push_back(std::move(lag));
  families.push_back(std::move(pending));
  families.push_back(std::move(unreachable));
  // With no partition read, a sum of nothing would claim there are no overdue cases.
  if (case_counts_ && read > 0) {
    prometheus::MetricFamily clocks =
        Gauge("gongkai_cases_clock_running",
              "Open cases whose statutory clock runs (not paused), in the partitions read");
    AddSample(clocks, {{"service", service_}}, static_cast<double>(running));
    prometheus::MetricFamily late =
        Gauge("gongkai_cases_overdue",
              "Open cases with a running clock past their due date, in the partitions read");
    AddSample(late, {{"service", service_}}, static_cast<double>(overdue));
    families.push_back(std::move(clocks));
    families.push_back(std::move(late));
  }
  absl::MutexLock lock(&mutex_);
  families_ = std::move(families);
}

std::vector<prometheus::MetricFamily> PartitionGauges::Collect() const {
  absl::MutexLock lock(&mutex_);
  return families_;
}

}  // namespace gongkai::metrics
