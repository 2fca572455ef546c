#include "redis/search_store.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "redis/keys.h"

namespace gongkai {
namespace {

// Which of the partition's cases hold the text in their stored description. The cases' hashes
// are read without being named in KEYS: each is in the slot of the partition's recent index,
// which is declared, and that is what Redis Cluster checks (as SweepNotices, scripts.cc).
// KEYS[1] the partition's recent index; ARGV[1] the folded text, ARGV[2] the prefix of the
// partition's case keys, ARGV[3..] case numbers. Returns the numbers whose text holds ARGV[1]
// (a plain find: no pattern characters).
constexpr char kMatchText[] = R"lua(
local found = {}
for i = 3, #ARGV do
  local text = redis.call('HGET', ARGV[2] .. ARGV[i], 'text')
  if text and string.find(text, ARGV[1], 1, true) then found[#found + 1] = ARGV[i] end
end
return found
)lua";

const LuaScript& MatchTextScript() {
  static const LuaScript script{kMatchText};
  return script;
}

absl::Status RedisFailure(const RedisReply& reply) {
  return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
}

}  // namespace

absl::StatusOr<std::vector<CaseNumber>> CasesOfName(RedisConnection& redis,
                                                    absl::string_view name_digest, int limit) {
  std::vector<RoutedCommand> ranges;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    ranges.push_back({keys::PartitionRoute(partition),
                      {"ZRANGE", keys::NameIndex(partition, name_digest), "+inf", "-inf", "BYSCORE",
                       "REV", "LIMIT", "0", std::to_string(limit)}});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis.Pipeline(ranges));
  std::vector<CaseNumber> found;
  for (const RedisReply& reply : replies) {
    if (reply.is_error()) return RedisFailure(reply);
    for (size_t i = 0; i < reply.size(); ++i) {
      absl::StatusOr<CaseNumber> number = ParseCaseNumber(reply.element(i).str());
      if (number.ok()) found.push_back(*number);
    }
  }
  std::sort(found.begin(), found.end(),
            [](const CaseNumber& a, const CaseNumber& b) { return QueueScore(a) > QueueScore(b); });
  if (found.size() > static_cast<size_t>(limit)) found.resize(limit);
  return found;
}

absl::StatusOr<TextMatches> CasesWithText(RedisConnection& redis, absl::string_view folded_text,
                                          int scan) {
  // The newest `scan` of each partition hold the newest `scan` of all; one more each tells
  // whether any case was left out.
  std::vector<RoutedCommand> ranges;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    ranges.push_back({keys::PartitionRoute(partition),
                      {"ZRANGE", keys::RecentIndex(partition), "+inf", "-inf", "BYSCORE", "REV",
                       "LIMIT", "0", std::to_string(scan + 1), "WITHSCORES"}});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis.Pipeline(ranges));
  // (changed at, partition, case number), newest first.
  std::vector<std::tuple<double, int, std::string>> recent;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    const RedisReply& reply = replies[partition];
    if (reply.is_error()) return RedisFailure(reply);
    for (size_t i = 0; i + 1 < reply.size(); i += 2) {
      double changed_at = 0;
      if (!absl::SimpleAtod(reply.element(i + 1).str(), &changed_at)) continue;
      recent.emplace_back(changed_at, partition, std::string(reply.element(i).str()));
    }
  }
  std::sort(recent.begin(), recent.end(), [](const auto& a, const auto& b) { return a > b; });
  TextMatches matches;
  matches.bounded = recent.size() > static_cast<size_t>(scan);
  if (matches.bounded) recent.resize(scan);

  std::vector<std::vector<std::string>> candidates(kPartitionCount);
  for (auto& [changed_at, partition, number] : recent) {
    candidates[partition].push_back(std::move(number));
  }
  std::vector<ScriptCall> calls;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    if (candidates[partition].empty()) continue;
    std::vector<std::string> args = {std::string(folded_text), keys::CaseKeyPrefix(partition)};
    args.insert(args.end(), std::make_move_iterator(candidates[partition].begin()),
                std::make_move_iterator(candidates[partition].end()));
    calls.push_back(
        {keys::PartitionRoute(partition), {keys::RecentIndex(partition)}, std::move(args)});
  }
  if (calls.empty()) return matches;
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> found, redis.EvalMany(MatchTextScript(), calls));
  for (const RedisReply& reply : found) {
    if (reply.is_error()) return RedisFailure(reply);
    for (size_t i = 0; i < reply.size(); ++i) {
      absl::StatusOr<CaseNumber> number = ParseCaseNumber(reply.element(i).str());
      if (number.ok()) matches.cases.push_back(*number);
    }
  }
  return matches;
}

}  // namespace gongkai
