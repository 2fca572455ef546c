#include "stack_access.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "absl/time/time.h"

ABSL_FLAG(std::string, redis, "127.0.0.1:7379", "the stack's Redis");
ABSL_FLAG(std::string, redis_user, "", "Redis ACL user (the deployment's operator)");
ABSL_FLAG(std::string, redis_password_file, "", "file holding that user's password");
ABSL_FLAG(std::string, token_signing_key, "", "the stack's token signing key, to sign in staff");

namespace gongkai::bench {

void Check(const absl::Status& status, const char* what) {
  if (!status.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, std::string(status.message()).c_str());
    std::exit(1);
  }
}

RedisOptions StackRedisOptions() {
  absl::StatusOr<RedisOptions> options = ParseRedisAddress(absl::GetFlag(FLAGS_redis));
  Check(options.status(), "redis");
  Check(SetRedisCredentials(*options, absl::GetFlag(FLAGS_redis_user),
                            absl::GetFlag(FLAGS_redis_password_file)),
        "redis_password_file");
  options->command_timeout = absl::Seconds(30);
  return *options;
}

const TokenKeys& StackTokenKeys() {
  static const TokenKeys* keys = [] {
    absl::StatusOr<TokenKeys> loaded = LoadTokenKeys(absl::GetFlag(FLAGS_token_signing_key), "");
    Check(loaded.status(), "token_signing_key");
    return new TokenKeys(*std::move(loaded));
  }();
  return *keys;
}

namespace {

std::string Persistence(RedisConnection& redis) {
  auto info = redis.Command({"INFO", "persistence"});
  Check(info.status(), "INFO persistence");
  return std::string(info->str());
}

}  // namespace

void WaitForAofRewrite(RedisConnection& redis) {
  for (int waited = 0; waited < 6000; ++waited) {
    const std::string persistence = Persistence(redis);
    if (persistence.find("aof_rewrite_in_progress:0") != std::string::npos &&
        persistence.find("aof_rewrite_scheduled:0") != std::string::npos) {
      return;
    }
    absl::SleepFor(absl::Milliseconds(100));
  }
}

void CompactAof(RedisConnection& redis) {
  WaitForAofRewrite(redis);
  Check(redis.Command({"BGREWRITEAOF"}).status(), "BGREWRITEAOF");
  WaitForAofRewrite(redis);
}

int64_t AofRewrites(RedisConnection& redis) {
  const std::string persistence = Persistence(redis);
  const size_t at = persistence.find("aof_rewrites:");
  if (at == std::string::npos) return -1;
  return std::strtoll(persistence.c_str() + at + std::string("aof_rewrites:").size(), nullptr, 10);
}

}  // namespace gongkai::bench
