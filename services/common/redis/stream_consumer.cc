#include "redis/stream_consumer.h"

#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/logging.h"
#include "base/staff_error.h"
#include "base/status_macros.h"
#include "redis/keys.h"
#include "redis/scripts.h"

namespace gongkai {
namespace {

// Reads the "case" and "version" fields of an entry's field list.
StreamEntry ParseEntry(int partition, const RedisReply& entry,
                       const StreamConsumerOptions& options) {
  StreamEntry parsed;
  parsed.ref = {partition, options.stage, options.group, std::string(entry.element(0).str())};
  const RedisReply fields = entry.element(1);
  for (size_t i = 0; i + 1 < fields.size(); i += 2) {
    const absl::string_view name = fields.element(i).str();
    const absl::string_view value = fields.element(i + 1).str();
    if (name == "case") parsed.case_number = std::string(value);
    if (name == "version") (void)absl::SimpleAtoi(value, &parsed.version);
    if (name == "data") parsed.data = std::string(value);
  }
  return parsed;
}

}  // namespace

StreamConsumer::StreamConsumer(RedisOptions redis, StreamConsumerOptions options, Handler handler)
    : redis_(std::move(redis)),
      store_(redis_),
      options_(std::move(options)),
      handler_(std::move(handler)) {}

absl::Status StreamConsumer::EnsureGroups() {
  std::vector<RoutedCommand> commands;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    commands.push_back({keys::PartitionRoute(partition),
                        {"XGROUP", "CREATE", keys::Stream(partition, options_.stage),
                         options_.group, "0", "MKSTREAM"}});
  }
  // A partition whose master cannot be reached gets its group when it answers again: reading
  // its stream then says NOGROUP, and this runs again. The others start now.
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
                      redis_.Pipeline(commands, WhenNodeDown::kFailItsOwn));
  for (size_t partition = 0; partition < replies.size(); ++partition) {
    const RedisReply& reply = replies[partition];
    if (!reply.is_error() || absl::StartsWith(reply.str(), "BUSYGROUP")) continue;
    if (absl::StartsWith(reply.str(), kNodeDownReply)) {
      spdlog::warn("event=stream_group_unreachable stage={} partition={} error=\"{}\"",
                   keys::StageName(options_.stage), partition, reply.str());
      continue;
    }
    return absl::InternalError(absl::StrCat("XGROUP CREATE: ", reply.str()));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> StreamConsumer::PollOnce(bool own_pending) {
  // One XREADGROUP per partition, pipelined: a multi-key read would cross slots on a cluster.
  std::vector<RoutedCommand> commands;
  std::vector<int> partitions;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    commands.push_back({keys::PartitionRoute(partition),
                        {"XREADGROUP", "GROUP", options_.group, options_.consumer, "COUNT",
                         std::to_string(options_.batch), "STREAMS",
                         keys::Stream(partition, options_.stage), own_pending ? "0" : ">"}});
    partitions.push_back(partition);
  }
  // A master that cannot be reached stalls its own partitions' streams, not the others'.
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
                      redis_.Pipeline(commands, WhenNodeDown::kFailItsOwn));
  return HandleReplies(replies, partitions);
}

absl::StatusOr<int> StreamConsumer::HandleReplies(const std::vector<RedisReply>& replies,
                                                  const std::vector<int>& partitions) {
  std::vector<StreamEntry> entries;
  std::vector<StreamEntryRef> deleted;
  bool groups_missing = false;
  for (size_t i = 0; i < replies.size(); ++i) {
    const RedisReply& reply = replies[i];
    if (reply.is_error()) {
      if (absl::StartsWith(reply.str(), kNodeDownReply)) {
        if (absl::Now() - unreachable_logged_ < absl::Seconds(1)) continue;
        unreachable_logged_ = absl::Now();
        spdlog::warn("event=stream_partition_unreachable stage={} partition={} error=\"{}\"",
                     keys::StageName(options_.stage), partitions[i], reply.str());
        continue;
      }
      if (absl::StartsWith(reply.str(), "NOGROUP")) {
        groups_missing = true;
        continue;
      }
      return absl::InternalError(absl::StrCat("XREADGROUP: ", reply.str()));
    }
    // [[stream, [[id, [field, value, ...]], ...]]]
    for (size_t s = 0; s < reply.size(); ++s) {
      const RedisReply stream_entries = reply.element(s).element(1);
      for (size_t e = 0; e < stream_entries.size(); ++e) {
        const RedisReply entry = stream_entries.element(e);
        if (entry.size() < 2 || entry.element(1).is_nil()) {
          // An entry deleted while pending: nothing left to do but acknowledge it.
          deleted.push_back(
              {partitions[i], options_.stage, options_.group, std::string(entry.element(0).str())});
          continue;
        }
        entries.push_back(ParseEntry(partitions[i], entry, options_));
      }
    }
  }
  HandleBatch(entries, std::move(deleted));
  // A stream without the group (its master was down when the groups were made, or lost it):
  // made once for the whole poll, after the entries read are handled.
  if (groups_missing) GK_RETURN_IF_ERROR(EnsureGroups());
  return static_cast<int>(entries.size());
}

void StreamConsumer::HandleBatch(const std::vector<StreamEntry>& entries,
                                 std::vector<StreamEntryRef> acknowledge) {
  std::vector<const StreamEntry*> planned;
  std::vector<CaseChange> changes;
  std::vector<StreamEntryRef> consumed;
  for (const StreamEntry& entry : entries) {
    absl::StatusOr<std::optional<CaseChange>> plan = handler_(store_, entry);
    if (!plan.ok()) {
      spdlog::warn("event=stream_handler_failed stage={} case={} entry={} error=\"{}\"",
                   keys::StageName(options_.stage), entry.case_number, entry.ref.id,
                   LogReason(plan.status()));
      continue;  // stays pending: retried after claim_idle, dead-lettered after max_deliveries
    }
    if (!plan->has_value()) {
      acknowledge.push_back(entry.ref);
      continue;
    }
    planned.push_back(&entry);
    changes.push_back(std::move(**plan));
    consumed.push_back(entry.ref);
  }
  if (!changes.empty()) {
    absl::StatusOr<std::vector<absl::StatusOr<int64_t>>> committed =
        store_.CommitMany(changes, consumed);
    if (!committed.ok()) {
      // Every entry stays pending; those whose commit went through are discarded as repeats on
      // their next delivery.
      spdlog::warn("event=stream_commit_failed stage={} entries={} error=\"{}\"",
                   keys::StageName(options_.stage), changes.size(), committed.status().message());
    }
    for (size_t i = 0; committed.ok() && i < changes.size(); ++i) {
      const StreamEntry& entry = *planned[i];
      const absl::StatusOr<int64_t>& result = (*committed)[i];
      if (result.ok()) continue;
      if (absl::IsAborted(result.status()) || absl::IsNotFound(result.status())) {
        // The case moved on (or is gone) since it was handed over: nothing left to do.
        if (absl::IsNotFound(result.status())) {
          spdlog::warn("event=entry_without_case case={} entry={}", entry.case_number,
                       entry.ref.id);
        }
        acknowledge.push_back(entry.ref);
      } else {
        spdlog::warn("event=stream_handler_failed stage={} case={} entry={} error=\"{}\"",
                     keys::StageName(options_.stage), entry.case_number, entry.ref.id,
                     LogReason(result.status()));
      }
    }
  }
  if (absl::Status status = Acknowledge(acknowledge); !status.ok()) {
    spdlog::warn("event=ack_failed stage={} entries={} error=\"{}\"",
                 keys::StageName(options_.stage), acknowledge.size(), status.message());
  }
}

absl::Status StreamConsumer::Acknowledge(const std::vector<StreamEntryRef>& refs) {
  if (refs.empty()) return absl::OkStatus();
  std::vector<RoutedCommand> commands;
  for (const StreamEntryRef& ref : refs) {
    const std::string stream = keys::Stream(ref.partition, ref.stage);
    commands.push_back({keys::PartitionRoute(ref.partition), {"XACK", stream, ref.group, ref.id}});
    commands.push_back({keys::PartitionRoute(ref.partition), {"XDEL", stream, ref.id}});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis_.Pipeline(commands));
  for (const RedisReply& reply : replies) {
    if (reply.is_error()) return absl::InternalError(absl::StrCat("XACK: ", reply.str()));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> StreamConsumer::ReclaimOnce() {
  const std::string min_idle = std::to_string(absl::ToInt64Milliseconds(options_.claim_idle));
  std::vector<RoutedCommand> pending_commands;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    pending_commands.push_back(
        {keys::PartitionRoute(partition),
         {"XPENDING", keys::Stream(partition, options_.stage), options_.group, "IDLE", min_idle,
          "-", "+", std::to_string(options_.batch)}});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> pending, redis_.Pipeline(pending_commands));
  std::vector<RoutedCommand> claims;
  std::vector<int> claim_partitions;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    const RedisReply& list = pending[partition];
    if (list.is_error()) continue;  // NOGROUP before the first poll
    const std::string stream = keys::Stream(partition, options_.stage);
    std::vector<std::string> claim = {"XCLAIM", stream, options_.group, options_.consumer,
                                      min_idle};
    for (size_t i = 0; i < list.size(); ++i) {
      // [id, consumer, idle ms, deliveries]
      const RedisReply item = list.element(i);
      const std::string id(item.element(0).str());
      const long long deliveries = item.element(3).integer();
      if (deliveries >= options_.max_deliveries) {
        // The case number is read back from the entry for the dead-letter record.
        GK_ASSIGN_OR_RETURN(RedisReply range, redis_.Command(keys::PartitionRoute(partition),
                                                             {"XRANGE", stream, id, id}));
        if (range.is_error()) return absl::InternalError(absl::StrCat("XRANGE: ", range.str()));
        std::string case_number = "?";
        if (range.size() == 1) {
          case_number = ParseEntry(partition, range.element(0), options_).case_number;
        }
        GK_ASSIGN_OR_RETURN(
            RedisReply moved,
            redis_.Eval(keys::PartitionRoute(partition), scripts::DeadLetter(),
                        {stream, keys::DeadLetters(partition)},
                        {options_.group, id, case_number, std::to_string(deliveries),
                         std::string(keys::StageName(options_.stage))}));
        if (moved.is_error())
          return absl::InternalError(absl::StrCat("dead letter: ", moved.str()));
        spdlog::error("event=dead_lettered stage={} case={} entry={} deliveries={}",
                      keys::StageName(options_.stage), case_number, id, deliveries);
        continue;
      }
      claim.push_back(id);
    }
    if (claim.size() > 5) {
      claims.push_back({keys::PartitionRoute(partition), std::move(claim)});
      claim_partitions.push_back(partition);
    }
  }
  if (claims.empty()) return 0;
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> claimed, redis_.Pipeline(claims));
  // XCLAIM answers with the entries themselves: reshape as XREADGROUP's [[stream, entries]].
  std::vector<StreamEntry> entries;
  for (size_t i = 0; i < claimed.size(); ++i) {
    if (claimed[i].is_error()) continue;
    for (size_t e = 0; e < claimed[i].size(); ++e) {
      const RedisReply entry = claimed[i].element(e);
      if (entry.is_nil() || entry.size() < 2) continue;
      spdlog::info("event=claimed stage={} entry={}", keys::StageName(options_.stage),
                   entry.element(0).str());
      entries.push_back(ParseEntry(claim_partitions[i], entry, options_));
    }
  }
  HandleBatch(entries, {});
  return static_cast<int>(entries.size());
}

void StreamConsumer::Run(const std::atomic<bool>& stop) {
  bool groups_ready = false;
  bool own_pending_done = false;
  absl::Duration wait = options_.idle_wait;
  absl::Time next_claim = absl::Now();
  while (!stop.load()) {
    absl::StatusOr<int> handled = 0;
    if (!groups_ready) {
      absl::Status status = EnsureGroups();
      groups_ready = status.ok();
      if (!groups_ready) handled = status;
    }
    if (groups_ready && !own_pending_done) {
      // After a restart under the same name, finish what this consumer had taken on.
      handled = PollOnce(/*own_pending=*/true);
      own_pending_done = handled.ok();
    }
    if (groups_ready && own_pending_done) {
      handled = PollOnce();
      if (handled.ok() && absl::Now() >= next_claim) {
        absl::StatusOr<int> reclaimed = ReclaimOnce();
        next_claim = absl::Now() + options_.claim_interval;
        if (!reclaimed.ok()) handled = reclaimed.status();
      }
    }
    if (!handled.ok()) {
      spdlog::warn("event=consumer_error stage={} error=\"{}\"", keys::StageName(options_.stage),
                   handled.status().message());
      groups_ready = groups_ready && !absl::IsUnavailable(handled.status());
      wait = std::min(wait * 2, absl::Seconds(1));
    } else if (*handled == 0) {
      wait = std::min(wait * 2, options_.max_idle_wait);
    } else {
      wait = options_.idle_wait;
      // A full batch: more are waiting. A partial one: let a few more arrive, so that one poll
      // (an XREADGROUP per partition) serves several cases instead of one.
      if (*handled >= options_.batch) continue;
    }
    absl::SleepFor(wait);
  }
}

}  // namespace gongkai
