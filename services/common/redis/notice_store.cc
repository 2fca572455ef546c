#include "redis/notice_store.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/clock.h"
#include "base/logging.h"
#include "base/status_macros.h"
#include "redis/keys.h"
#include "rules/case_number.h"
#include "rules/notice_ladder.h"

namespace gongkai {

namespace keys {

std::string NoticeCursors() { return "gk:{notices}:cursors"; }
std::string NoticeSequence() { return "gk:{notices}:seq"; }
std::string NoticeRecords() { return "gk:{notices}:records"; }
std::string NoticeMergeKeys() { return "gk:{notices}:merge"; }
std::string NoticeAges() { return "gk:{notices}:ages"; }
std::string NoticeInbox(absl::string_view audience) {
  return absl::StrCat("gk:{notices}:inbox:", audience);
}
std::string NoticeReadMarks(absl::string_view user) {
  return absl::StrCat("gk:{notices}:read:", user);
}
std::string NoticeReadAll() { return "gk:{notices}:read_all"; }
std::string NoticeReaders() { return "gk:{notices}:readers"; }
std::string NoticeLive() { return "gk:{notices}:live"; }

}  // namespace keys

namespace {

// Splits a record into its tab-separated fields, keeping empty ones (a notice of no department).
constexpr char kLuaDecode[] = R"lua(
local function decode(record)
  local fields, start = {}, 1
  while true do
    local tab = string.find(record, '\t', start, true)
    if not tab then
      fields[#fields + 1] = string.sub(record, start)
      return fields
    end
    fields[#fields + 1] = string.sub(record, start, tab - 1)
    start = tab + 1
  end
end
local function split(text)
  local parts = {}
  for part in string.gmatch(text, '[^,]+') do parts[#parts + 1] = part end
  return parts
end
)lua";

// KEYS[1] cursors   KEYS[2] seq   KEYS[3] records   KEYS[4] merge   KEYS[5] ages
// KEYS[6] the live channel   KEYS[7..] the inboxes the entries go to
// ARGV[1] P, partitions whose cursor moves   ARGV[2] inbox capacity   ARGV[3] cases listed at most
// ARGV[4..3+3P] per partition: cursor field, the value read, the new value
// then per outbox entry eleven arguments: source (p03/<entry id>), kind, department, due date,
// at, at in Unix ms, count, cases (comma-separated, sorted, at most ARGV[3]), audiences
// (comma-separated), the KEYS indexes of their inboxes (comma-separated), moved (1: a re-notice
// of cases moved from a department that was told, 0: a first notice)
// Checks every cursor first (GK_CONFLICT <field> when one moved: nothing is applied), moves them,
// then merges each entry into the notice of its kind, department, due date, at and moved — or
// gives a new notice, placed in each audience's inbox — and publishes each notice created or
// grown once. Returns {created, merged}.
constexpr char kDeliverNotices[] = R"lua(
local partitions, capacity, listed = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
for p = 0, partitions - 1 do
  local current = redis.call('HGET', KEYS[1], ARGV[4 + 3 * p]) or '0-0'
  if current ~= ARGV[5 + 3 * p] then
    return redis.error_reply('GK_CONFLICT ' .. ARGV[4 + 3 * p])
  end
end
for p = 0, partitions - 1 do
  redis.call('HSET', KEYS[1], ARGV[4 + 3 * p], ARGV[6 + 3 * p])
end
local touched, order, created, merged = {}, {}, 0, 0
local function sorted_head(list)
  table.sort(list)
  while #list > listed do table.remove(list) end
  return list
end
for e = 4 + 3 * partitions, #ARGV, 11 do
  local source, kind, department, due, at, at_ms, count, cases, audiences, inboxes, moved =
      unpack(ARGV, e, e + 10)
  -- Re-notices have other audiences (no managers for overdue): never one notice with first ones.
  -- A first notice keeps the key it always had.
  local merge_key = kind .. '|' .. department .. '|' .. due .. '|' .. at
  if moved == '1' then merge_key = merge_key .. '|moved' end
  local id = redis.call('HGET', KEYS[4], merge_key)
  local fields = id and redis.call('HGET', KEYS[3], id)
  if fields then
    fields = decode(fields)
    local sources = split(fields[8])
    local repeated = false
    for _, seen in ipairs(sources) do
      if seen == source then repeated = true end
    end
    if not repeated then
      -- A set union of the cases: the first `listed` by case number; the count stays exact.
      local set, list = {}, {}
      for _, part in ipairs({fields[6], cases}) do
        for _, number in ipairs(split(part)) do
          if not set[number] then
            set[number] = true
            list[#list + 1] = number
          end
        end
      end
      sources[#sources + 1] = source
      fields[5] = tostring(tonumber(fields[5]) + tonumber(count))
      fields[6] = table.concat(sorted_head(list), ',')
      fields[8] = table.concat(sources, ',')
      redis.call('HSET', KEYS[3], id, table.concat(fields, '\t'))
      merged = merged + 1
      if not touched[id] then order[#order + 1] = id end
      touched[id] = fields
    end
  else
    id = tostring(redis.call('INCR', KEYS[2]))
    fields = {kind, department, due, at, count, table.concat(sorted_head(split(cases)), ','),
              audiences, source, moved}
    redis.call('HSET', KEYS[3], id, table.concat(fields, '\t'))
    redis.call('HSET', KEYS[4], merge_key, id)
    redis.call('ZADD', KEYS[5], at_ms, id)
    for _, index in ipairs(split(inboxes)) do
      local inbox = KEYS[tonumber(index)]
      redis.call('ZADD', inbox, id, id)
      local size = redis.call('ZCARD', inbox)
      if size > capacity then redis.call('ZREMRANGEBYRANK', inbox, 0, size - capacity - 1) end
    end
    created = created + 1
    order[#order + 1] = id
    touched[id] = fields
  end
end
for _, id in ipairs(order) do
  redis.call('SPUBLISH', KEYS[6], id .. ' ' .. touched[id][5] .. ' ' .. touched[id][7])
end
return {created, merged}
)lua";

// KEYS[1] records   KEYS[2] the person's read marks   KEYS[3] read_all   KEYS[4..] their inboxes
// ARGV[1] user   ARGV[2] desc (ids below ARGV[3], newest first) or asc (ids above it, oldest
// first)   ARGV[4] limit   ARGV[5] 1: unread only   ARGV[6] 1: count the unread
// Returns {unread, more, newest, id, record, read (1/0), id, record, read, ...}; newest: the
// highest id in the person's inboxes (0: none), whatever the bound, limit and filter.
constexpr char kReadNotices[] = R"lua(
local user, descending, bound, limit = ARGV[1], ARGV[2] == 'desc', ARGV[3], tonumber(ARGV[4])
local unread_only, count_unread = ARGV[5] == '1', ARGV[6] == '1'
local read_all = tonumber(redis.call('HGET', KEYS[3], user) or '0')
local marks = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], '(' .. read_all, '+inf', 'BYSCORE')) do
  marks[id] = true
end
local ids, seen, newest = {}, {}, 0
for i = 4, #KEYS do
  local top = redis.call('ZRANGE', KEYS[i], '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, 1)
  if top[1] and tonumber(top[1]) > newest then newest = tonumber(top[1]) end
  -- Without the unread filter the page lies within the first limit + 1 of each inbox; with it,
  -- read ones may come between, and the whole inbox (at most its capacity) is looked at.
  local window = {}
  if not unread_only then window = {'LIMIT', 0, limit + 1} end
  local found
  if descending then
    found = redis.call('ZRANGE', KEYS[i], '(' .. bound, '-inf', 'BYSCORE', 'REV', unpack(window))
  else
    found = redis.call('ZRANGE', KEYS[i], '(' .. bound, '+inf', 'BYSCORE', unpack(window))
  end
  for _, id in ipairs(found) do
    if not seen[id] then
      seen[id] = true
      ids[#ids + 1] = id
    end
  end
end
table.sort(ids, function(a, b)
  if descending then return tonumber(a) > tonumber(b) end
  return tonumber(a) < tonumber(b)
end)
local out, taken = {0, 0, newest}, 0
for _, id in ipairs(ids) do
  local read = tonumber(id) <= read_all or marks[id] == true
  if not (unread_only and read) then
    if taken == limit then
      out[2] = 1
      break
    end
    local record = redis.call('HGET', KEYS[1], id)
    if record then
      out[#out + 1] = id
      out[#out + 1] = record
      out[#out + 1] = read and 1 or 0
      taken = taken + 1
    end
  end
end
if count_unread then
  local unread, counted = 0, {}
  for i = 4, #KEYS do
    for _, id in ipairs(redis.call('ZRANGE', KEYS[i], '(' .. read_all, '+inf', 'BYSCORE')) do
      if not counted[id] then
        counted[id] = true
        if not marks[id] then unread = unread + 1 end
      end
    end
  end
  out[1] = unread
end
return out
)lua";

// KEYS[1] the person's read marks   KEYS[2] read_all   KEYS[3] readers   KEYS[4] seq
// KEYS[5..] their inboxes
// ARGV[1] user   ARGV[2] all or ids   ARGV[3] read marks kept at most   ARGV[4..] the ids
// `all` records "everything up to the last id given is read" and drops the marks it covers;
// `ids` marks each (GK_NOT_FOUND <id> for one not in the person's inboxes: nothing is marked).
// Returns how many of the person's notices were unread and are now read.
constexpr char kMarkNoticesRead[] = R"lua(
local user = ARGV[1]
local read_all = tonumber(redis.call('HGET', KEYS[2], user) or '0')
if ARGV[2] == 'all' then
  local upto = tonumber(redis.call('GET', KEYS[4]) or '0')
  if upto <= read_all then return 0 end
  local marks, counted, marked = {}, {}, 0
  for _, id in ipairs(redis.call('ZRANGE', KEYS[1], '(' .. read_all, upto, 'BYSCORE')) do
    marks[id] = true
  end
  for i = 5, #KEYS do
    for _, id in ipairs(redis.call('ZRANGE', KEYS[i], '(' .. read_all, upto, 'BYSCORE')) do
      if not counted[id] then
        counted[id] = true
        if not marks[id] then marked = marked + 1 end
      end
    end
  end
  redis.call('HSET', KEYS[2], user, upto)
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', upto)
  return marked
end
for i = 4, #ARGV do
  local held = false
  for k = 5, #KEYS do
    if redis.call('ZSCORE', KEYS[k], ARGV[i]) then held = true end
  end
  if not held then return redis.error_reply('GK_NOT_FOUND ' .. ARGV[i]) end
end
local marked = 0
for i = 4, #ARGV do
  local id = ARGV[i]
  if tonumber(id) > read_all and not redis.call('ZSCORE', KEYS[1], id) then
    redis.call('ZADD', KEYS[1], id, id)
    marked = marked + 1
  end
end
if marked > 0 then
  redis.call('SADD', KEYS[3], user)
  local size, cap = redis.call('ZCARD', KEYS[1]), tonumber(ARGV[3])
  if size > cap then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, size - cap - 1) end
end
return marked
)lua";

// KEYS[1] records   KEYS[2] ages   KEYS[3] merge   KEYS[4] readers
// KEYS[5..4+ARGV[1]] inboxes   KEYS[5+ARGV[1]..] the read marks of the users ARGV[3..2+ARGV[2]]
// ARGV[1] number of inboxes   ARGV[2] number of readers   then the readers, then the ids to drop
// Drops the notices from the records, the merge keys, the ages, the inboxes and the read marks.
// Returns how many records were dropped.
constexpr char kDropNotices[] = R"lua(
local inboxes, readers = tonumber(ARGV[1]), tonumber(ARGV[2])
local ids = {}
for i = 3 + readers, #ARGV do ids[#ids + 1] = ARGV[i] end
if #ids == 0 then return 0 end
local dropped = 0
for _, id in ipairs(ids) do
  local record = redis.call('HGET', KEYS[1], id)
  if record then
    local fields = decode(record)
    local merge_key = fields[1] .. '|' .. fields[2] .. '|' .. fields[3] .. '|' .. fields[4]
    if fields[9] == '1' then merge_key = merge_key .. '|moved' end
    if redis.call('HGET', KEYS[3], merge_key) == id then redis.call('HDEL', KEYS[3], merge_key) end
    redis.call('HDEL', KEYS[1], id)
    dropped = dropped + 1
  end
  redis.call('ZREM', KEYS[2], id)
end
for i = 5, 4 + inboxes do redis.call('ZREM', KEYS[i], unpack(ids)) end
for r = 1, readers do
  local marks = KEYS[4 + inboxes + r]
  redis.call('ZREM', marks, unpack(ids))
  if redis.call('ZCARD', marks) == 0 then redis.call('SREM', KEYS[4], ARGV[2 + r]) end
end
return dropped
)lua";

const LuaScript& DeliverScript() {
  static const std::string* source = new std::string(absl::StrCat(kLuaDecode, kDeliverNotices));
  static const LuaScript script{*source};
  return script;
}

const LuaScript& ReadScript() {
  static const LuaScript script{kReadNotices};
  return script;
}

const LuaScript& MarkScript() {
  static const LuaScript script{kMarkNoticesRead};
  return script;
}

const LuaScript& DropScript() {
  static const std::string* source = new std::string(absl::StrCat(kLuaDecode, kDropNotices));
  static const LuaScript script{*source};
  return script;
}

absl::Status RedisError(absl::string_view what, const RedisReply& reply) {
  return absl::InternalError(absl::StrCat(what, ": ", reply.str()));
}

std::string CursorField(int partition) { return absl::StrFormat("p%02d", partition); }

// "1767225600000-3" → {1767225600000, 3}; false when malformed.
bool ParseEntryId(absl::string_view id, std::pair<uint64_t, uint64_t>* parsed) {
  const std::vector<absl::string_view> parts = absl::StrSplit(id, '-');
  return parts.size() == 2 && absl::SimpleAtoi(parts[0], &parsed->first) &&
         absl::SimpleAtoi(parts[1], &parsed->second);
}

// An outbox entry made ready for the delivery script, or the reason it is skipped.
struct OutboxEntry {
  std::string kind, department, due_date, at;
  bool moved = false;
  int64_t at_millis = 0;
  int64_t count = 0;
  std::vector<std::string> cases;
  std::vector<std::string> audiences;
};

absl::StatusOr<OutboxEntry> ParseOutboxEntry(const RedisReply& fields, absl::Time oldest) {
  std::map<std::string, std::string> values;
  for (size_t f = 0; f + 1 < fields.size(); f += 2) {
    values[std::string(fields.element(f).str())] = std::string(fields.element(f + 1).str());
  }
  OutboxEntry entry;
  entry.kind = values["kind"];
  entry.department = values["department"];
  // Absent from entries written before re-notices existed: those are first notices.
  const auto moved = values.find("moved");
  if (moved != values.end()) {
    if (moved->second != "0" && moved->second != "1") {
      return absl::InvalidArgumentError("`moved` malformed");
    }
    entry.moved = moved->second == "1";
  }
  GK_ASSIGN_OR_RETURN(entry.audiences, NoticeAudiences(entry.kind, entry.department, entry.moved));
  absl::CivilDay due;
  entry.due_date = values["due_date"];
  if (!ParseDay(entry.due_date, &due)) return absl::InvalidArgumentError("`due_date` malformed");
  entry.at = values["at"];
  absl::Time at;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, entry.at, &at, &error) ||
      entry.at.find_first_of("\t|,") != std::string::npos) {
    return absl::InvalidArgumentError("`at` malformed");
  }
  if (at < oldest) return absl::OutOfRangeError("older than the retention");
  entry.at_millis = absl::ToUnixMillis(at);
  if (!absl::SimpleAtoi(values["count"], &entry.count) || entry.count < 1 ||
      entry.count > 10'000'000) {
    return absl::InvalidArgumentError("`count` malformed");
  }
  for (absl::string_view number : absl::StrSplit(values["cases"], ',', absl::SkipEmpty())) {
    if (!ParseCaseNumber(number).ok()) return absl::InvalidArgumentError("`cases` malformed");
    entry.cases.emplace_back(number);
  }
  if (entry.cases.empty()) return absl::InvalidArgumentError("`cases` empty");
  // The first kMaxListedCases of a union are among the first kMaxListedCases of each part.
  std::sort(entry.cases.begin(), entry.cases.end());
  if (entry.cases.size() > static_cast<size_t>(kMaxListedCases)) {
    entry.cases.resize(kMaxListedCases);
  }
  return entry;
}

}  // namespace

bool ParseNoticeRecord(absl::string_view record, StoredNotice* notice) {
  const std::vector<absl::string_view> fields = absl::StrSplit(record, '\t');
  // Records from before re-notices have no ninth field: first notices.
  if (fields.size() != 8 && fields.size() != 9) return false;
  if (fields.size() == 9 && fields[8] != "0" && fields[8] != "1") return false;
  notice->moved = fields.size() == 9 && fields[8] == "1";
  notice->kind = std::string(fields[0]);
  notice->department = std::string(fields[1]);
  notice->due_date = std::string(fields[2]);
  notice->at = std::string(fields[3]);
  if (!absl::SimpleAtoi(fields[4], &notice->count)) return false;
  notice->case_numbers = absl::StrSplit(fields[5], ',', absl::SkipEmpty());
  notice->audiences = absl::StrSplit(fields[6], ',', absl::SkipEmpty());
  return true;
}

absl::StatusOr<DeliveryResult> NoticeStore::DeliverOnce(absl::Time now) {
  GK_ASSIGN_OR_RETURN(RedisReply cursors,
                      redis_.Command(keys::NoticesRoute(), {"HGETALL", keys::NoticeCursors()}));
  if (cursors.is_error()) return RedisError("HGETALL", cursors);
  std::map<std::string, std::string> at_cursor;
  for (size_t f = 0; f + 1 < cursors.size(); f += 2) {
    at_cursor[std::string(cursors.element(f).str())] = std::string(cursors.element(f + 1).str());
  }
  std::vector<std::string> read_from(kPartitionCount, "0-0");
  std::vector<RoutedCommand> ranges;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    auto found = at_cursor.find(CursorField(partition));
    if (found != at_cursor.end()) read_from[partition] = found->second;
    ranges.push_back({keys::PartitionRoute(partition),
                      {"XRANGE", keys::Notices(partition), absl::StrCat("(", read_from[partition]),
                       "+", "COUNT", std::to_string(kDeliveryBatch)}});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> outboxes, redis_.Pipeline(ranges));

  DeliveryResult result;
  std::vector<std::string> call_keys = {keys::NoticeCursors(), keys::NoticeSequence(),
                                        keys::NoticeRecords(), keys::NoticeMergeKeys(),
                                        keys::NoticeAges(),    keys::NoticeLive()};
  std::map<std::string, int> inbox_index;  // audience → its index in KEYS (1-based)
  std::vector<std::string> cursor_args, entry_args;
  int moved = 0;
  const absl::Time oldest = now - kNoticeRetention;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    const RedisReply& entries = outboxes[partition];
    if (entries.is_error()) return RedisError("XRANGE", entries);
    if (entries.size() == 0) continue;
    ++moved;
    cursor_args.push_back(CursorField(partition));
    cursor_args.push_back(read_from[partition]);
    cursor_args.push_back(std::string(entries.element(entries.size() - 1).element(0).str()));
    for (size_t i = 0; i < entries.size(); ++i) {
      const std::string id(entries.element(i).element(0).str());
      ++result.entries;
      absl::StatusOr<OutboxEntry> entry = ParseOutboxEntry(entries.element(i).element(1), oldest);
      if (!entry.ok()) {
        // Passed over (the cursor moves on), never retried: it would fail the same way.
        ++result.skipped;
        spdlog::warn("event=notice_entry_skipped partition={} entry={} reason=\"{}\"", partition,
                     id, entry.status().message());
        continue;
      }
      std::vector<std::string> indexes;
      for (const std::string& audience : entry->audiences) {
        auto [where, added] = inbox_index.emplace(audience, static_cast<int>(call_keys.size()) + 1);
        if (added) call_keys.push_back(keys::NoticeInbox(audience));
        indexes.push_back(std::to_string(where->second));
      }
      entry_args.insert(entry_args.end(),
                        {absl::StrCat(CursorField(partition), "/", id), entry->kind,
                         entry->department, entry->due_date, entry->at,
                         std::to_string(entry->at_millis), std::to_string(entry->count),
                         absl::StrJoin(entry->cases, ","), absl::StrJoin(entry->audiences, ","),
                         absl::StrJoin(indexes, ","), entry->moved ? "1" : "0"});
    }
  }
  if (moved == 0) return result;
  std::vector<std::string> args = {std::to_string(moved), std::to_string(kInboxCapacity),
                                   std::to_string(kMaxListedCases)};
  args.insert(args.end(), cursor_args.begin(), cursor_args.end());
  args.insert(args.end(), entry_args.begin(), entry_args.end());
  GK_ASSIGN_OR_RETURN(RedisReply applied,
                      redis_.Eval(keys::NoticesRoute(), DeliverScript(), call_keys, args));
  if (applied.is_error()) {
    if (ScriptError(applied.str()).substr(0, 11) == "GK_CONFLICT") {
      return absl::AbortedError("another tracker delivered these notices first");
    }
    return RedisError("deliver notices", applied);
  }
  if (applied.size() == 2) {
    result.created = static_cast<int>(applied.element(0).integer());
    result.merged = static_cast<int>(applied.element(1).integer());
  }
  return result;
}

absl::Status NoticeStore::TrimOutboxes(absl::Time now) {
  GK_ASSIGN_OR_RETURN(RedisReply cursors,
                      redis_.Command(keys::NoticesRoute(), {"HGETALL", keys::NoticeCursors()}));
  if (cursors.is_error()) return RedisError("HGETALL", cursors);
  const std::pair<uint64_t, uint64_t> grace = {
      static_cast<uint64_t>(absl::ToUnixMillis(now - kOutboxGrace)), 0};
  std::vector<RoutedCommand> trims;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    for (size_t f = 0; f + 1 < cursors.size(); f += 2) {
      std::pair<uint64_t, uint64_t> cursor;
      if (cursors.element(f).str() != CursorField(partition) ||
          !ParseEntryId(cursors.element(f + 1).str(), &cursor)) {
        continue;
      }
      // Behind the cursor (entries up to it are delivered) and older than the grace period.
      // A cursor only moves forward, so the value read may be stale but never too far.
      const std::pair<uint64_t, uint64_t> keep_from = std::min(cursor, grace);
      trims.push_back({keys::PartitionRoute(partition),
                       {"XTRIM", keys::Notices(partition), "MINID",
                        absl::StrCat(keep_from.first, "-", keep_from.second)}});
    }
  }
  if (trims.empty()) return absl::OkStatus();
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> trimmed, redis_.Pipeline(trims));
  for (const RedisReply& reply : trimmed) {
    if (reply.is_error()) return RedisError("XTRIM", reply);
  }
  return absl::OkStatus();
}

absl::StatusOr<int> NoticeStore::ApplyRetention(absl::Time now) {
  const int64_t cutoff = absl::ToUnixMillis(now - kNoticeRetention);
  GK_ASSIGN_OR_RETURN(
      std::vector<RedisReply> found,
      redis_.Pipeline({{keys::NoticesRoute(),
                        {"ZRANGE", keys::NoticeAges(), "-inf", absl::StrCat("(", cutoff), "BYSCORE",
                         "LIMIT", "0", std::to_string(kRetentionBatch)}},
                       {keys::NoticesRoute(), {"ZCARD", keys::NoticeAges()}},
                       {keys::NoticesRoute(), {"SMEMBERS", keys::NoticeReaders()}}}));
  for (const RedisReply& reply : found) {
    if (reply.is_error()) return RedisError("retention", reply);
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < found[0].size(); ++i) ids.emplace(found[0].element(i).str());
  const long long beyond = found[1].integer() - kMaxNotices;
  if (beyond > 0) {
    GK_ASSIGN_OR_RETURN(
        RedisReply oldest,
        redis_.Command(keys::NoticesRoute(),
                       {"ZRANGE", keys::NoticeAges(), "0",
                        std::to_string(std::min<long long>(beyond, kRetentionBatch) - 1)}));
    if (oldest.is_error()) return RedisError("ZRANGE", oldest);
    for (size_t i = 0; i < oldest.size(); ++i) ids.emplace(oldest.element(i).str());
  }
  if (ids.empty()) return 0;
  std::vector<std::string> hmget = {"HMGET", keys::NoticeRecords()};
  hmget.insert(hmget.end(), ids.begin(), ids.end());
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> records,
                      redis_.Pipeline({{keys::NoticesRoute(), hmget}}));
  if (records[0].is_error()) return RedisError("HMGET", records[0]);
  std::set<std::string> audiences;
  for (size_t i = 0; i < records[0].size(); ++i) {
    StoredNotice notice;
    if (!records[0].element(i).is_nil() &&
        ParseNoticeRecord(records[0].element(i).str(), &notice)) {
      audiences.insert(notice.audiences.begin(), notice.audiences.end());
    }
  }
  std::vector<std::string> readers;
  for (size_t i = 0; i < found[2].size(); ++i) readers.emplace_back(found[2].element(i).str());

  std::vector<std::string> call_keys = {keys::NoticeRecords(), keys::NoticeAges(),
                                        keys::NoticeMergeKeys(), keys::NoticeReaders()};
  for (const std::string& audience : audiences) call_keys.push_back(keys::NoticeInbox(audience));
  for (const std::string& reader : readers) call_keys.push_back(keys::NoticeReadMarks(reader));
  std::vector<std::string> args = {std::to_string(audiences.size()),
                                   std::to_string(readers.size())};
  args.insert(args.end(), readers.begin(), readers.end());
  args.insert(args.end(), ids.begin(), ids.end());
  GK_ASSIGN_OR_RETURN(RedisReply dropped,
                      redis_.Eval(keys::NoticesRoute(), DropScript(), call_keys, args));
  if (dropped.is_error()) return RedisError("drop notices", dropped);
  return static_cast<int>(dropped.integer());
}

absl::StatusOr<std::vector<StoredNotice>> NoticeStore::Read(
    absl::string_view user, const std::vector<std::string>& audiences, bool descending,
    int64_t bound, int limit, bool unread_only, NoticePage* page) {
  std::vector<StoredNotice> notices;
  if (audiences.empty()) return notices;
  std::vector<std::string> call_keys = {keys::NoticeRecords(), keys::NoticeReadMarks(user),
                                        keys::NoticeReadAll()};
  for (const std::string& audience : audiences) call_keys.push_back(keys::NoticeInbox(audience));
  // Ids are far below 2^53: that bound is "from the newest".
  const int64_t from = descending && bound == 0 ? (int64_t{1} << 53) : bound;
  GK_ASSIGN_OR_RETURN(
      RedisReply reply,
      redis_.Eval(keys::NoticesRoute(), ReadScript(), call_keys,
                  {std::string(user), descending ? "desc" : "asc", std::to_string(from),
                   std::to_string(limit), unread_only ? "1" : "0", page != nullptr ? "1" : "0"}));
  if (reply.is_error()) return RedisError("read notices", reply);
  if (reply.size() < 3) return absl::InternalError("read notices: short reply");
  if (page != nullptr) {
    page->unread = reply.element(0).integer();
    page->more = reply.element(1).integer() != 0;
    page->newest = reply.element(2).integer();
  }
  for (size_t i = 3; i + 2 < reply.size(); i += 3) {
    StoredNotice notice;
    if (!absl::SimpleAtoi(reply.element(i).str(), &notice.id) ||
        !ParseNoticeRecord(reply.element(i + 1).str(), &notice)) {
      continue;
    }
    notice.read = reply.element(i + 2).integer() != 0;
    notices.push_back(std::move(notice));
  }
  return notices;
}

absl::StatusOr<NoticePage> NoticeStore::List(absl::string_view user,
                                             const std::vector<std::string>& audiences,
                                             bool unread_only, int64_t before, int limit) {
  NoticePage page;
  GK_ASSIGN_OR_RETURN(
      page.notices, Read(user, audiences, /*descending=*/true, before, limit, unread_only, &page));
  return page;
}

absl::StatusOr<std::vector<StoredNotice>> NoticeStore::ListAfter(
    absl::string_view user, const std::vector<std::string>& audiences, int64_t after, int limit) {
  return Read(user, audiences, /*descending=*/false, after, limit, /*unread_only=*/false, nullptr);
}

absl::StatusOr<int> NoticeStore::MarkRead(absl::string_view user,
                                          const std::vector<std::string>& audiences,
                                          const std::vector<int64_t>& ids) {
  std::vector<std::string> call_keys = {keys::NoticeReadMarks(user), keys::NoticeReadAll(),
                                        keys::NoticeReaders(), keys::NoticeSequence()};
  for (const std::string& audience : audiences) call_keys.push_back(keys::NoticeInbox(audience));
  std::vector<std::string> args = {std::string(user), "ids", std::to_string(kMaxReadMarks)};
  for (int64_t id : ids) args.push_back(std::to_string(id));
  GK_ASSIGN_OR_RETURN(RedisReply reply,
                      redis_.Eval(keys::NoticesRoute(), MarkScript(), call_keys, args));
  if (reply.is_error()) {
    const absl::string_view error = ScriptError(reply.str());
    if (error.substr(0, 13) == "GK_NOT_FOUND ") {
      return absl::NotFoundError(
          absl::StrCat("`ids`: 提醒 ", error.substr(13), " 不存在或不是您的提醒"));
    }
    return RedisError("mark notices read", reply);
  }
  return static_cast<int>(reply.integer());
}

absl::StatusOr<int> NoticeStore::MarkAllRead(absl::string_view user,
                                             const std::vector<std::string>& audiences) {
  std::vector<std::string> call_keys = {keys::NoticeReadMarks(user), keys::NoticeReadAll(),
                                        keys::NoticeReaders(), keys::NoticeSequence()};
  for (const std::string& audience : audiences) call_keys.push_back(keys::NoticeInbox(audience));
  GK_ASSIGN_OR_RETURN(RedisReply reply,
                      redis_.Eval(keys::NoticesRoute(), MarkScript(), call_keys,
                                  {std::string(user), "all", std::to_string(kMaxReadMarks)}));
  if (reply.is_error()) return RedisError("mark notices read", reply);
  return static_cast<int>(reply.integer());
}

absl::StatusOr<int64_t> NoticeStore::LastId() {
  GK_ASSIGN_OR_RETURN(RedisReply reply,
                      redis_.Command(keys::NoticesRoute(), {"GET", keys::NoticeSequence()}));
  if (reply.is_error()) return RedisError("GET", reply);
  int64_t last = 0;
  if (!reply.is_nil() && !absl::SimpleAtoi(reply.str(), &last)) {
    return absl::InternalError("the notice sequence is not a number");
  }
  return last;
}

absl::StatusOr<std::optional<StoredNotice>> NoticeStore::Load(int64_t id,
                                                              const std::vector<std::string>& users,
                                                              std::vector<bool>* read_by) {
  const std::string member = std::to_string(id);
  std::vector<RoutedCommand> commands = {
      {keys::NoticesRoute(), {"HGET", keys::NoticeRecords(), member}}};
  for (const std::string& user : users) {
    commands.push_back({keys::NoticesRoute(), {"HGET", keys::NoticeReadAll(), user}});
    commands.push_back({keys::NoticesRoute(), {"ZSCORE", keys::NoticeReadMarks(user), member}});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis_.Pipeline(commands));
  for (const RedisReply& reply : replies) {
    if (reply.is_error()) return RedisError("load notice", reply);
  }
  read_by->assign(users.size(), false);
  if (replies[0].is_nil()) return std::nullopt;
  StoredNotice notice;
  notice.id = id;
  if (!ParseNoticeRecord(replies[0].str(), &notice)) {
    return absl::InternalError(absl::StrCat("notice ", id, " is malformed"));
  }
  for (size_t u = 0; u < users.size(); ++u) {
    int64_t all_read = 0;
    const RedisReply& upto = replies[1 + 2 * u];
    if (!upto.is_nil()) (void)absl::SimpleAtoi(upto.str(), &all_read);
    (*read_by)[u] = id <= all_read || !replies[2 + 2 * u].is_nil();
  }
  return notice;
}

}  // namespace gongkai
