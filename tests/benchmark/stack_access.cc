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

std::map<std::string, std::string> Info(RedisConnection& redis, const char* section) {
  auto reply = redis.Command({"INFO", section});
  Check(reply.status(), "INFO");
  std::map<std::string, std::string> fields;
  for (absl::string_view line : absl::StrSplit(reply->str(), "\r\n")) {
    const size_t colon = line.find(':');
    if (colon != absl::string_view::npos) {
      fields[std::string(line.substr(0, colon))] = std::string(line.substr(colon + 1));
    }
  }
  return fields;
}

int64_t InfoNumber(const std::map<std::string, std::string>& info, const std::string& key) {
  int64_t value = 0;
  auto found = info.find(key);
  if (found != info.end()) (void)absl::SimpleAtoi(found->second, &value);
  return value;
}

void WaitForAofRewrite(RedisConnection& redis) {
  for (int waited = 0; waited < 6000; ++waited) {
    const auto persistence = Info(redis, "persistence");
    if (InfoNumber(persistence, "aof_rewrite_in_progress") == 0 &&
        InfoNumber(persistence, "aof_rewrite_scheduled") == 0) {
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
  return InfoNumber(Info(redis, "persistence"), "aof_rewrites");
}

}  // namespace gongkai::bench
