// What every benchmark needs to reach the stack deploy/local.sh started: its Redis, signed in as
// the operator (--redis, --redis_user, --redis_password_file), and the key that signs the staff's
// session tokens (--token_signing_key). A benchmark cannot go on without them: a missing or wrong
// one ends it with the reason.
#pragma once

#include "absl/status/status.h"
#include "auth/session_tokens.h"
#include "redis/redis_connection.h"

namespace gongkai::bench {

// Prints `what: message` and exits 1 unless `status` is OK.
void Check(const absl::Status& status, const char* what);

// The stack's Redis from the flags, with a command timeout long enough for bulk loads.
RedisOptions StackRedisOptions();

// The stack's token keys, read once.
const TokenKeys& StackTokenKeys();

}  // namespace gongkai::bench
