// The Lua scripts that make every change of state one atomic step in Redis. Their contracts
// (KEYS and ARGV) are documented in scripts.cc beside their source.
#pragma once

#include "redis/redis_connection.h"

namespace gongkai::scripts {

// Checks the case is at the expected version, stores the new case, appends the event, moves the
// case between work queues, hands it to a stream and acknowledges the entry it came from.
const LuaScript& Transition();

// Returns the case number a request id registered, or allocates the next one of the year.
const LuaScript& AllocateCaseNumber();

// Moves a stream entry to the partition's dead-letter stream and acknowledges it.
const LuaScript& DeadLetter();

// Freezes one partition's share of an agency's annual report on a year (scripts.cc says how).
const LuaScript& FreezeReport();

// One sweeper pass over one partition: every case due a notice gets it once, and the marks move
// on (scripts.cc says how).
const LuaScript& SweepNotices();

}  // namespace gongkai::scripts
