// What every benchmark needs to reach the stack deploy/local.sh started: its Redis, signed in as
// the operator (--redis, --redis_user, --redis_password_file), and the key that signs the staff's
// session tokens (--token_signing_key). A benchmark cannot go on without them: a missing or wrong
// one ends it with the reason.
#pragma once

#include <grpcpp/client_context.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "auth/session_tokens.h"
#include "redis/redis_connection.h"

namespace gongkai::bench {

// Prints `what: message` and exits 1 unless `status` is OK.
void Check(const absl::Status& status, const char* what);

// The stack's Redis from the flags, with a command timeout long enough for bulk loads.
RedisOptions StackRedisOptions();

// The stack's token keys, read once.
const TokenKeys& StackTokenKeys();

// A call context of a signed-in staff member: `token` as the bearer of the `authorization`
// metadata, and a deadline `deadline` from now.
std::unique_ptr<grpc::ClientContext> StaffContext(const std::string& token,
                                                  absl::Duration deadline);

// The "field:value" lines of an INFO section, and one of them as a number (0 when absent).
std::map<std::string, std::string> Info(RedisConnection& redis, const char* section);
int64_t InfoNumber(const std::map<std::string, std::string>& info, const std::string& key);

// The INFO section of every master, one map each (one on a single node): a cluster's figures
// are its masters' summed, as each holds only its own slots' keys and counts its own commands.
std::vector<std::map<std::string, std::string>> InfoOfEveryMaster(RedisConnection& redis,
                                                                  const char* section);

// Returns once no master is rewriting its AOF (at most ten minutes). The rewrite is a forked child
// that takes one of the two cores and competes for the disk the AOF is fsynced to.
void WaitForAofRewrite(RedisConnection& redis);

// Rewrites every master's AOF now and waits for the end, so that a measured phase starts with a
// compact AOF and the growth left by the phase before does not start a rewrite in the middle of it.
void CompactAof(RedisConnection& redis);

// How many AOF rewrites the masters have finished since they started (`aof_rewrites`, summed).
// A cluster's replicas keep AOFs of their own, which they rewrite as they see fit.
int64_t AofRewrites(RedisConnection& redis);

}  // namespace gongkai::bench
