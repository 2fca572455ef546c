#include "redis/scripts.h"

namespace gongkai::scripts {

// KEYS[1] case hash            KEYS[2] events list
// KEYS[3] queue to leave       KEYS[4] queue to enter
// KEYS[5] stream to hand to    KEYS[6] stream the work came from
// KEYS[7] the partition's due index
// KEYS[8] open index of the department left   KEYS[9] open index of the department now
// KEYS[10] reply statistics of the department   KEYS[11] the partition's consulting index
// ARGV[1] expected version ("0": the case must not exist yet)
// ARGV[2] new state            ARGV[3] new department      ARGV[4] case (serialized Case)
// ARGV[5] event (serialized CaseEvent)                     ARGV[6] case number
// ARGV[7] queue score          ARGV[8] flags "LEHA": leave, enter, hand over, acknowledge
// ARGV[9] consumer group of the acknowledged entry         ARGV[10] its id
// ARGV[11] time of the change  ARGV[12] due score (DueScore) of a running clock
// A hand-over entry carries the case as committed (`data`), so that the stage's service need not
// read it again.
// ARGV[8] has a fifth flag for the due index: A add or move, R remove, 0 leave alone;
// a sixth for the open index: M move (ZREM KEYS[8], ZADD KEYS[9] ARGV[13]), R remove, 0;
// a seventh for reply statistics: S count ARGV[14] (on_time or late) and days:ARGV[15];
// an eighth for the consulting index: A add at ARGV[16], R remove, 0 leave alone
// KEYS[12] the partition's annual-report counters; ARGV[17], ARGV[18], ... field and increment
// pairs moving the case between counters (report_counts.h)
// KEYS[13] the partition's change channel: "<case number> <new version> <new state>" is
// published there
// Unused keys repeat KEYS[1], so that every key named is in the case's slot.
// Errors: GK_NOT_FOUND; GK_EXISTS <version>; GK_CONFLICT <state> <version>.
constexpr char kTransition[] = R"lua(
local version = redis.call('HGET', KEYS[1], 'version')
local expected = ARGV[1]
if expected == '0' then
  if version then return redis.error_reply('GK_EXISTS ' .. version) end
elseif not version then
  return redis.error_reply('GK_NOT_FOUND')
elseif version ~= expected then
  local state = redis.call('HGET', KEYS[1], 'state')
  return redis.error_reply('GK_CONFLICT ' .. state .. ' ' .. version)
end
local new_version = tonumber(expected) + 1
redis.call('HSET', KEYS[1], 'version', new_version, 'state', ARGV[2], 'dept', ARGV[3],
           'data', ARGV[4], 'updated', ARGV[11])
redis.call('RPUSH', KEYS[2], ARGV[5])
local flags = ARGV[8]
if string.sub(flags, 1, 1) == '1' then redis.call('ZREM', KEYS[3], ARGV[6]) end
if string.sub(flags, 2, 2) == '1' then redis.call('ZADD', KEYS[4], ARGV[7], ARGV[6]) end
if string.sub(flags, 3, 3) == '1' then
  redis.call('XADD', KEYS[5], '*', 'case', ARGV[6], 'version', new_version, 'data', ARGV[4])
end
local due = string.sub(flags, 5, 5)
if due == 'A' then
  redis.call('ZADD', KEYS[7], ARGV[12], ARGV[6])
elseif due == 'R' then
  redis.call('ZREM', KEYS[7], ARGV[6])
end
local open = string.sub(flags, 6, 6)
if open == 'M' then
  if KEYS[8] ~= KEYS[9] then redis.call('ZREM', KEYS[8], ARGV[6]) end
  redis.call('ZADD', KEYS[9], ARGV[13], ARGV[6])
elseif open == 'R' then
  redis.call('ZREM', KEYS[8], ARGV[6])
end
local consulting = string.sub(flags, 8, 8)
if consulting == 'A' then
  redis.call('ZADD', KEYS[11], ARGV[16], ARGV[6])
elseif consulting == 'R' then
  redis.call('ZREM', KEYS[11], ARGV[6])
end
if string.sub(flags, 7, 7) == 'S' then
  redis.call('HINCRBY', KEYS[10], ARGV[14], 1)
  redis.call('HINCRBY', KEYS[10], 'days:' .. ARGV[15], 1)
end
for i = 17, #ARGV, 2 do
  redis.call('HINCRBY', KEYS[12], ARGV[i], ARGV[i + 1])
end
if string.sub(flags, 4, 4) == '1' then
  redis.call('XACK', KEYS[6], ARGV[9], ARGV[10])
  redis.call('XDEL', KEYS[6], ARGV[10])
end
redis.call('SPUBLISH', KEYS[13], ARGV[6] .. ' ' .. new_version .. ' ' .. ARGV[2])
return new_version
)lua";

// KEYS[1] idempotency key of the request id   KEYS[2] the year's counter
// ARGV[1] fingerprint of the request          ARGV[2] year   ARGV[3] seconds to remember
// Returns {1, "2026-000124 <fingerprint>"} for a new number, {0, <stored>} for a retry.
constexpr char kAllocateCaseNumber[] = R"lua(
local existing = redis.call('GET', KEYS[1])
if existing then return {0, existing} end
local n = redis.call('INCR', KEYS[2])
local value = string.format('%s-%06d %s', ARGV[2], n, ARGV[1])
redis.call('SET', KEYS[1], value, 'EX', ARGV[3])
return {1, value}
)lua";

// KEYS[1] the stream   KEYS[2] the partition's dead-letter stream
// ARGV[1] consumer group   ARGV[2] entry id   ARGV[3] case number   ARGV[4] deliveries
// ARGV[5] the stage's name
constexpr char kDeadLetter[] = R"lua(
redis.call('XADD', KEYS[2], '*', 'stage', ARGV[5], 'case', ARGV[3], 'entry', ARGV[2],
           'deliveries', ARGV[4])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
return 1
)lua";

// KEYS[1] the partition's notice stream   KEYS[2..n] the cases' hashes (one partition)
// ARGV[1] kind   ARGV[2] who is told   ARGV[3] time   ARGV[4..] case number, due date, ... in
// the order of KEYS[2..n]
// Records each notice in its case's hash (field notice:<kind>@<due date>) and appends the new
// ones to the stream, one entry per department and due date listing its cases: a busy moment
// is a few entries per department, not one per case. Returns how many notices were new.
constexpr char kEmitNotices[] = R"lua(
local kind, notify, at = ARGV[1], ARGV[2], ARGV[3]
local groups, order, given = {}, {}, 0
for i = 2, #KEYS do
  local number, due = ARGV[2 + 2 * (i - 1)], ARGV[3 + 2 * (i - 1)]
  -- Every case of the due index exists: the transition script keeps the two together.
  if redis.call('HSETNX', KEYS[i], 'notice:' .. kind .. '@' .. due, at) == 1 then
    local department = redis.call('HGET', KEYS[i], 'dept') or ''
    local group = department .. '|' .. due
    if not groups[group] then
      groups[group] = {department = department, due = due, cases = {}}
      order[#order + 1] = group
    end
    table.insert(groups[group].cases, number)
    given = given + 1
  end
end
for _, name in ipairs(order) do
  local group = groups[name]
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', '100000', '*', 'kind', kind, 'due_date', group.due,
             'department', group.department, 'notify', notify, 'at', at,
             'count', #group.cases, 'cases', table.concat(group.cases, ','))
end
return given
)lua";

const LuaScript& EmitNotices() {
  static const LuaScript script{kEmitNotices};
  return script;
}

const LuaScript& Transition() {
  static const LuaScript script{kTransition};
  return script;
}

const LuaScript& AllocateCaseNumber() {
  static const LuaScript script{kAllocateCaseNumber};
  return script;
}

const LuaScript& DeadLetter() {
  static const LuaScript script{kDeadLetter};
  return script;
}

}  // namespace gongkai::scripts
