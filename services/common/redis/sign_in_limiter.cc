#include "redis/sign_in_limiter.h"

#include <sodium.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "auth/passwords.h"
#include "base/status_macros.h"
#include "redis/keys.h"

namespace gongkai {
namespace {

// KEYS[1] the account's failures, KEYS[2] the address's failures (zsets: attempt id -> unix ms)
// ARGV[1] now (unix ms), ARGV[2] window (ms), ARGV[3] the account's limit, ARGV[4] the
// address's limit, ARGV[5] the new attempt's id
// Returns {0, ms to wait} when refused, {1, 0} when admitted and counted.
// Only commands the services' Redis user may run (deploy/redis-users.acl.in): EXPIRE, not
// PEXPIRE; a zset emptied by ZREM goes away by itself.
constexpr char kAdmitSignIn[] = R"lua(
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wait = 0
for i, limit in ipairs({tonumber(ARGV[3]), tonumber(ARGV[4])}) do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  if redis.call('ZCARD', KEYS[i]) >= limit then
    -- open again once the oldest of the last `limit` failures leaves the window
    local oldest = redis.call('ZRANGE', KEYS[i], -limit, -limit, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + window - now)
  end
end
if wait > 0 then return {0, wait} end
local seconds = math.ceil(window / 1000)
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], now, ARGV[5])
  redis.call('EXPIRE', KEYS[i], seconds)
end
return {1, 0}
)lua";

// KEYS[1] the account's failures, KEYS[2] the address's failures; ARGV[1] the attempt's id
constexpr char kSignInSucceeded[] = R"lua(
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -1)
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
)lua";

const LuaScript& AdmitScript() {
  static const LuaScript script{kAdmitSignIn};
  return script;
}

const LuaScript& SucceededScript() {
  static const LuaScript script{kSignInSucceeded};
  return script;
}

std::string NewAttemptId(absl::Time now) {
  InitSodium();
  unsigned char bytes[8];
  randombytes_buf(bytes, sizeof bytes);
  return absl::StrCat(
      absl::ToUnixMillis(now), "-",
      absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(bytes), sizeof bytes)));
}

}  // namespace

absl::StatusOr<SignInAdmission> SignInLimiter::Admit(absl::string_view user_id,
                                                     absl::string_view address, absl::Time now) {
  SignInAdmission admission;
  admission.attempt = NewAttemptId(now);
  GK_ASSIGN_OR_RETURN(
      RedisReply reply,
      redis_.Eval(keys::AuthRoute(), AdmitScript(),
                  {keys::SignInFailures(user_id), keys::SignInAddressFailures(address)},
                  {std::to_string(absl::ToUnixMillis(now)),
                   std::to_string(absl::ToInt64Milliseconds(limits_.window)),
                   std::to_string(limits_.account_failures),
                   std::to_string(limits_.address_failures), admission.attempt}));
  if (reply.is_error() || !reply.is_array() || reply.size() != 2) {
    return absl::InternalError(absl::StrCat("Redis: admitting a sign-in: ", reply.str()));
  }
  admission.admitted = reply.element(0).integer() == 1;
  if (!admission.admitted) {
    admission.attempt.clear();
    admission.wait = absl::Milliseconds(reply.element(1).integer());
  }
  return admission;
}

absl::Status SignInLimiter::Succeeded(absl::string_view user_id, absl::string_view address,
                                      absl::string_view attempt) {
  GK_ASSIGN_OR_RETURN(RedisReply reply, redis_.Eval(keys::AuthRoute(), SucceededScript(),
                                                    {keys::SignInFailures(user_id),
                                                     keys::SignInAddressFailures(address)},
                                                    {std::string(attempt)}));
  if (reply.is_error()) return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
  return absl::OkStatus();
}

}  // namespace gongkai
