#include "redis/scripts.h"

namespace gongkai::scripts {

// Transition: one change of one case, all in the case's slot. PrepareTransition (case_store.cc)
// builds its keys and arguments from the change and from the index moves the rules decided
// (rules/case_indexes.h); the script decides nothing but whether the case is still at the
// version the change was planned on. A key that a change does not use is passed as the case's
// own key, so that every key named is in the case's slot.
// Errors: GK_NOT_FOUND; GK_EXISTS <version>; GK_CONFLICT <state> <version>.
// Returns the new version.
constexpr char kTransition[] = R"lua(
local case_key, events_key = KEYS[1], KEYS[2]
local queue_left, queue_entered = KEYS[3], KEYS[4]
local stream_handed_to, stream_acknowledged = KEYS[5], KEYS[6]
local due_index, consulting_index = KEYS[7], KEYS[8]
local open_index_left, open_index_entered = KEYS[9], KEYS[10]
local reply_stats, report_counters, changes_channel = KEYS[11], KEYS[12], KEYS[13]
local sweep_marks, sweep_late = KEYS[14], KEYS[15]
local recent_index, name_index, trend_counters = KEYS[16], KEYS[17], KEYS[18]
local agency_counters, published_years, amendments = KEYS[19], KEYS[20], KEYS[21]
local agency_open_index = KEYS[22]

local expected_version = ARGV[1]       -- "0": the case must not exist yet
local new_state, new_department = ARGV[2], ARGV[3]  -- department: "<agency>:<unit>"
local handed_case, event_data = ARGV[4], ARGV[5]  -- the serialized Case when handed over; CaseEvent
local case_number, changed_at = ARGV[6], ARGV[7]
local leaves_queue, enters_queue, queue_score = ARGV[8] == '1', ARGV[9] == '1', ARGV[10]
local hands_over, acknowledges = ARGV[11] == '1', ARGV[12] == '1'
local ack_group, ack_id = ARGV[13], ARGV[14]
local due_move, due_score = ARGV[15], ARGV[16]                 -- put, take or none
local open_move, open_score = ARGV[17], ARGV[18]               -- put, take or none
local consulting_move, consulting_score = ARGV[19], ARGV[20]   -- put, take or none
local counts_reply, reply_timeliness, reply_days = ARGV[21] == '1', ARGV[22], ARGV[23]
local recent_score = ARGV[24]                                  -- the change's moment, in ms
local enters_name_index = ARGV[25] == '1'                      -- when the case is created
-- Then runs of pairs, each after its number of pairs: the case's hash fields to write (the parts
-- of the case that changed, redis/stored_case.h, and at creation its searchable text); (counter
-- field, increment) pairs of the weekly trend, of the annual report (added to the county's and
-- the agency's hash), of the agency overview (the agency's hash alone); then (year, amendment)
-- pairs to the end: recorded for the years whose report the agency has published.
local field_count = tonumber(ARGV[26])
local first_trend = 28 + 2 * field_count
local first_report = first_trend + 1 + 2 * tonumber(ARGV[first_trend - 1])
local first_overview = first_report + 1 + 2 * tonumber(ARGV[first_report - 1])
-- (the amendments have no count of their own: they run to the end)
local first_amendment = first_overview + 2 * tonumber(ARGV[first_overview - 1])

local stored = redis.call('HMGET', case_key, 'version', 'state', 'dept')
local version, former_department = stored[1], stored[3]
if expected_version == '0' then
  if version then return redis.error_reply('GK_EXISTS ' .. version) end
elseif not version then
  return redis.error_reply('GK_NOT_FOUND')
elseif version ~= expected_version then
  return redis.error_reply('GK_CONFLICT ' .. stored[2] .. ' ' .. version)
end
local new_version = tonumber(expected_version) + 1

redis.call('HSET', case_key, 'version', new_version, 'state', new_state, 'dept', new_department,
           'updated', changed_at, unpack(ARGV, 27, 26 + 2 * field_count))
if enters_name_index then redis.call('ZADD', name_index, queue_score, case_number) end
redis.call('RPUSH', events_key, event_data)
redis.call('ZADD', recent_index, recent_score, case_number)

if leaves_queue then redis.call('ZREM', queue_left, case_number) end
if enters_queue then redis.call('ZADD', queue_entered, queue_score, case_number) end
if hands_over then
  redis.call('XADD', stream_handed_to, '*', 'case', case_number, 'version', new_version,
             'data', handed_case)
end

-- The sweeper's passes have gone past every score up to its marks; a case that takes a score
-- behind them, or that moves to a department which was not told yet, waits in the late set for
-- the next pass (tracker/sweeper.cc).
local department_changed = former_department and former_department ~= new_department
local function place_by_due_day(index, move, score, mark_field)
  if move == 'put' then
    local moved = redis.call('ZADD', index, 'CH', score, case_number) == 1
    if moved or department_changed then
      local mark = redis.call('HGET', sweep_marks, mark_field)
      if mark and tonumber(score) <= tonumber(mark) then
        redis.call('ZADD', sweep_late, 0, case_number)
      end
    end
  elseif move == 'take' then
    redis.call('ZREM', index, case_number)
  end
end
place_by_due_day(due_index, due_move, due_score, 'due_high')
place_by_due_day(consulting_index, consulting_move, consulting_score, 'consulting_high')

if open_move == 'put' then
  if open_index_left ~= open_index_entered then redis.call('ZREM', open_index_left, case_number) end
  redis.call('ZADD', open_index_entered, open_score, case_number)
  redis.call('ZADD', agency_open_index, open_score, case_number)
elseif open_move == 'take' then
  redis.call('ZREM', open_index_left, case_number)
  redis.call('ZREM', agency_open_index, case_number)
end

if counts_reply then
  redis.call('HINCRBY', reply_stats, reply_timeliness, 1)
  redis.call('HINCRBY', reply_stats, 'days:' .. reply_days, 1)
end
for i = first_trend, first_report - 2, 2 do
  redis.call('HINCRBY', trend_counters, ARGV[i], ARGV[i + 1])
end
for i = first_report, first_overview - 2, 2 do
  redis.call('HINCRBY', report_counters, ARGV[i], ARGV[i + 1])
  redis.call('HINCRBY', agency_counters, ARGV[i], ARGV[i + 1])
end
for i = first_overview, first_amendment - 2, 2 do
  redis.call('HINCRBY', agency_counters, ARGV[i], ARGV[i + 1])
end
for i = first_amendment, #ARGV, 2 do
  if redis.call('HEXISTS', published_years, ARGV[i]) == 1 then
    redis.call('RPUSH', amendments, ARGV[i] .. '|' .. ARGV[i + 1])
  end
end

if acknowledges then
  redis.call('XACK', stream_acknowledged, ack_group, ack_id)
  redis.call('XDEL', stream_acknowledged, ack_id)
end
redis.call('SPUBLISH', changes_channel, case_number .. ' ' .. new_version .. ' ' .. new_state)
return new_version
)lua";

// KEYS[1] idempotency key of the request id   KEYS[2] the year's counter
// KEYS[3] the applicant's requests of the receipt month (a zset in the same slot)
// KEYS[4] the agency's running-number counter of the year
// ARGV[1] fingerprint of the request          ARGV[2] year   ARGV[3] seconds to remember
// ARGV[4] seconds to keep the applicant's month
// Returns {1, "2026-000124 17 <fingerprint>"} for a new case number and agency running number,
// {0, <stored>} for a retry: both numbers are remembered with the request, so that a retry after
// a registration that never committed creates the case with the same ones. The number joins the
// applicant's month when it is theirs: a new number, or a retry of the same request (ZADD NX adds
// nothing new); an id reused for another request (the caller refuses it) leaves every month as
// it was. Scored by year and sequence, so the month lists the requests in the order they were
// registered.
// With ARGV[5..8] (the record as allocated before, and the case number, its sequence and its
// agency running number, 0 for another agency's): that number was found to be another
// request's case already (the {seq} master failed over before its replica had the later
// allocations). If the request's record still holds it, it is taken off the applicant's month,
// the counters are moved past it, and the request is given the next numbers.
constexpr char kAllocateCaseNumber[] = R"lua(
local value = redis.call('GET', KEYS[1])
if ARGV[5] and value == ARGV[5] then
  redis.call('ZREM', KEYS[3], ARGV[6])
  if tonumber(redis.call('GET', KEYS[2]) or '0') < tonumber(ARGV[7]) then
    redis.call('SET', KEYS[2], ARGV[7])
  end
  if tonumber(redis.call('GET', KEYS[4]) or '0') < tonumber(ARGV[8]) then
    redis.call('SET', KEYS[4], ARGV[8])
  end
  value = nil
end
local fresh = 0
if not value then
  local n = redis.call('INCR', KEYS[2])
  local running = redis.call('INCR', KEYS[4])
  value = string.format('%s-%06d %d %s', ARGV[2], n, running, ARGV[1])
  redis.call('SET', KEYS[1], value, 'EX', ARGV[3])
  fresh = 1
end
local number, running, fingerprint = string.match(value, '^(%S+) (%d+) (%S+)$')
if fingerprint == ARGV[1] then
  local order = tonumber(string.sub(number, 1, 4)) * 1000000 + tonumber(string.sub(number, 6))
  redis.call('ZADD', KEYS[3], 'NX', order, number)
  redis.call('EXPIRE', KEYS[3], ARGV[4])
end
return {fresh, value}
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

// SweepNotices: one sweeper pass over one partition, in one step. For each kind of notice, the
// cases whose index score lies in the kind's window and past the kind's mark (where earlier
// passes stopped), and the cases of the late set whose score lies in a window behind its mark,
// get the notice unless their department was told already (field notice:<kind>@<due date> of the
// case's hash holds the department told); the marks move on. One step, so that a case is either
// behind a mark when a pass looked, or put in the late set by the transition that placed it
// there; and any number of sweepers give each notice once. New notices go to the partition's
// notice stream, one entry per kind, department and due date listing its cases; a notice to a
// department the case moved to, after another was told, is marked `moved` and listed apart: the
// escalation ladder tells the managers only once (rules/notice_ladder.h).
//
// The cases' hashes are read and written without being named in KEYS: the script finds them in
// the index. Each is in the partition's slot, the slot of every declared key, which is what
// Redis Cluster checks of keys a script did not declare.
//
// KEYS: 1 due index, 2 consulting index, 3 sweep marks, 4 late set, 5 notice stream
// ARGV: 1 most cases per kind and pass, 2 time, 3 the prefix of the partition's case keys
//   ("gk:{p07}:case:"),
//   then per kind of notice five arguments: name, index ("due" or "consulting"), floor and until
//   (the window, both exclusive), and the mark of a pass that found the whole window (until - 1).
// Scores stay strings: Lua's own number formatting would round the 16-digit ones; the due date
// is read off a score's first eight digits (rules/due_score.h).
// Returns {how many notices were new, 1 if a batch was full (another pass finds more) else 0}.
constexpr char kSweepNotices[] = R"lua(
local due_index, consulting_index, sweep_marks = KEYS[1], KEYS[2], KEYS[3]
local late_set, notice_stream = KEYS[4], KEYS[5]
local batch, at, case_prefix = tonumber(ARGV[1]), ARGV[2], ARGV[3]

local function larger(a, b) if tonumber(a) >= tonumber(b) then return a end return b end

local kinds = {}
for i = 4, #ARGV, 5 do
  kinds[#kinds + 1] = {name = ARGV[i], index = ARGV[i + 1] == 'due' and due_index or
                       consulting_index, high_field = ARGV[i + 1] .. '_high',
                       floor = ARGV[i + 2], until_score = ARGV[i + 3], complete_mark = ARGV[i + 4]}
end

local groups, order, given, more = {}, {}, 0, 0
local function give(kind, case_number, score)
  local due = string.sub(score, 1, 4) .. '-' .. string.sub(score, 5, 6) .. '-' ..
              string.sub(score, 7, 8)
  local field = 'notice:' .. kind.name .. '@' .. due
  local stored = redis.call('HMGET', case_prefix .. case_number, 'dept', field)
  local department, told = stored[1], stored[2]
  -- Every case of the indexes exists: the transition script keeps them together.
  if not department or told == department then return end
  redis.call('HSET', case_prefix .. case_number, field, department)
  local moved = told and '1' or '0'
  local group = kind.name .. '|' .. department .. '|' .. due .. '|' .. moved
  if not groups[group] then
    groups[group] = {kind = kind.name, department = department, due = due, moved = moved,
                     cases = {}}
    order[#order + 1] = group
  end
  table.insert(groups[group].cases, case_number)
  given = given + 1
end

local highs = {}
for _, kind in ipairs(kinds) do
  local mark = redis.call('HGET', sweep_marks, kind.name) or '0'
  local found = redis.call('ZRANGE', kind.index, '(' .. larger(kind.floor, mark),
                           '(' .. kind.until_score, 'BYSCORE', 'LIMIT', 0, batch, 'WITHSCORES')
  for i = 1, #found, 2 do give(kind, found[i], found[i + 1]) end
  -- A full batch stops at its last case; the next pass goes on from there.
  local new_mark = kind.complete_mark
  if #found / 2 >= batch then
    new_mark = found[#found]
    more = 1
  end
  kind.mark = larger(new_mark, mark)
  -- Written only when it moves: the same value written again is a write all the same (to the
  -- AOF and the replicas), five passes a second on every partition of an idle office.
  if kind.mark ~= mark then redis.call('HSET', sweep_marks, kind.name, kind.mark) end
  highs[kind.high_field] = larger(kind.mark, highs[kind.high_field] or '0')
end

local late = redis.call('ZPOPMIN', late_set, batch)
if #late / 2 >= batch then more = 1 end
for i = 1, #late, 2 do
  for _, kind in ipairs(kinds) do
    local score = redis.call('ZSCORE', kind.index, late[i])
    if score and tonumber(score) > tonumber(kind.floor) and
        tonumber(score) <= tonumber(kind.mark) then
      give(kind, late[i], score)
    end
  end
end

for field, high in pairs(highs) do
  local old = redis.call('HGET', sweep_marks, field) or '0'
  local moved_to = larger(high, old)
  if moved_to ~= old then redis.call('HSET', sweep_marks, field, moved_to) end
end
for _, name in ipairs(order) do
  local group = groups[name]
  redis.call('XADD', notice_stream, 'MAXLEN', '~', '100000', '*', 'kind', group.kind,
             'due_date', group.due, 'department', group.department, 'moved', group.moved,
             'at', at, 'count', #group.cases, 'cases', table.concat(group.cases, ','))
end
return {given, more}
)lua";

const LuaScript& SweepNotices() {
  static const LuaScript script{kSweepNotices};
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

// FreezeReport: one partition's part of publishing an agency's annual report on a year. Copies
// the agency's counters of the partition as they stand and marks the year published, in one
// step: a change committed before it is in the frozen copy, one committed after it is recorded as
// an amendment by the transition script. A partition already frozen is left as it was, so that a
// publication broken off part way is completed by calling again.
// KEYS[1] the agency's published years   KEYS[2] the agency's counters   KEYS[3] the frozen copy
// ARGV[1] year   ARGV[2] the moment of publication
// Returns 1 when this call froze the partition, 0 when it was frozen already.
constexpr char kFreezeReport[] = R"lua(
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
local counters = redis.call('HGETALL', KEYS[2])
-- The copy is written once, in this step with the mark: there is none before it. A marker, so
-- that a partition without any of the agency's cases has a frozen copy too.
redis.call('HSET', KEYS[3], 'frozen', ARGV[2])
for i = 1, #counters, 2 do redis.call('HSET', KEYS[3], counters[i], counters[i + 1]) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
)lua";

const LuaScript& FreezeReport() {
  static const LuaScript script{kFreezeReport};
  return script;
}

const LuaScript& DeadLetter() {
  static const LuaScript script{kDeadLetter};
  return script;
}

}  // namespace gongkai::scripts
