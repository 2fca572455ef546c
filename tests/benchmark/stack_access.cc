#include "stack_access.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "redis_info.h"

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

std::unique_ptr<grpc::ClientContext> StaffContext(const std::string& token,
                                                  absl::Duration deadline) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  context->set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  return context;
}

namespace {

// Exits with the first failure unless every master answered the command sent to each.
void CheckEveryMaster(const absl::StatusOr<std::vector<RedisReply>>& replies, const char* what) {
  Check(replies.status(), what);
  for (const RedisReply& reply : *replies) {
    if (reply.is_error()) Check(absl::UnavailableError(std::string(reply.str())), what);
  }
}

}  // namespace

std::map<std::string, std::string> Info(RedisConnection& redis, const char* section) {
  auto reply = redis.Command({"INFO", section});
  Check(reply.status(), "INFO");
  return InfoFields(reply->str());
}

std::vector<std::map<std::string, std::string>> InfoOfEveryMaster(RedisConnection& redis,
                                                                  const char* section) {
  auto replies = redis.OnEveryMaster({"INFO", section});
  CheckEveryMaster(replies, "INFO");
  std::vector<std::map<std::string, std::string>> masters;
  for (const RedisReply& reply : *replies) masters.push_back(InfoFields(reply.str()));
  return masters;
}

int64_t InfoNumber(const std::map<std::string, std::string>& info, const std::string& key) {
  int64_t value = 0;
  auto found = info.find(key);
  if (found != info.end()) (void)absl::SimpleAtoi(found->second, &value);
  return value;
}

void WaitForAofRewrite(RedisConnection& redis) {
  for (int waited = 0; waited < 6000; ++waited) {
    bool rewriting = false;
    for (const auto& persistence : InfoOfEveryMaster(redis, "persistence")) {
      rewriting = rewriting || InfoNumber(persistence, "aof_rewrite_in_progress") != 0 ||
                  InfoNumber(persistence, "aof_rewrite_scheduled") != 0;
    }
    if (!rewriting) return;
    absl::SleepFor(absl::Milliseconds(100));
  }
}

void CompactAof(RedisConnection& redis) {
  WaitForAofRewrite(redis);
  CheckEveryMaster(redis.OnEveryMaster({"BGREWRITEAOF"}), "BGREWRITEAOF");
  WaitForAofRewrite(redis);
}

int64_t AofRewrites(RedisConnection& redis) {
  int64_t rewrites = 0;
  for (const auto& persistence : InfoOfEveryMaster(redis, "persistence")) {
    rewrites += InfoNumber(persistence, "aof_rewrites");
  }
  return rewrites;
}

}  // namespace gongkai::bench
