// Counts failed sign-ins in Redis, per account and per client address, within a sliding window
// (auth/sign_in_limits.h): each step one atomic script on the `{auth}` slot, every count a
// sorted set of attempts that expires with the window.
//
// Example (the Login handler):
//   SignInLimiter limiter(redis, limits);
//   GK_ASSIGN_OR_RETURN(SignInAdmission admitted, limiter.Admit(user, address, now));
//   if (!admitted.admitted) return absl::ResourceExhaustedError(SignInThrottledMessage(...));
//   ... check the password ...
//   if (right) GK_RETURN_IF_ERROR(limiter.Succeeded(user, address, admitted.attempt));
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "auth/sign_in_limits.h"
#include "redis/redis_connection.h"

namespace gongkai {

struct SignInAdmission {
  bool admitted = false;
  std::string attempt;  // admitted: the attempt's id, counted as a failure until Succeeded
  absl::Duration wait;  // refused: how long until sign-in is possible again
};

class SignInLimiter {
 public:
  SignInLimiter(RedisConnection& redis, const SignInLimits& limits)
      : redis_(redis), limits_(limits) {}

  // Refuses (admitted false) while the account or the address has reached its limit of failures
  // within the window; otherwise counts the attempt as a failure of both.
  absl::StatusOr<SignInAdmission> Admit(absl::string_view user_id, absl::string_view address,
                                        absl::Time now);
  // The password was right: the attempt no longer counts, nor do the account's earlier failures.
  absl::Status Succeeded(absl::string_view user_id, absl::string_view address,
                         absl::string_view attempt);

 private:
  RedisConnection& redis_;
  const SignInLimits limits_;
};

}  // namespace gongkai
