// How many failed sign-ins the office allows before it stops listening for a while, and from
// where a sign-in comes. The counting itself is in Redis (redis/sign_in_limiter.h).
//
// A sign-in counts as failed from the moment it is admitted until the password proves right:
// sign-ins tried at the same time therefore cannot get past the limit together. A correct
// password takes its attempt off both counts and clears the account's earlier failures.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace gongkai {

struct SignInLimits {
  // So many failures to one account within the window lock its sign-in until the oldest of
  // them leaves the window.
  int account_failures = 5;
  // So many failures from one client address, to any accounts (guessing one password against
  // many accounts). Failures, not attempts: a whole office may sign in through one address.
  int address_failures = 30;
  absl::Duration window = absl::Minutes(15);
};

// The metadata by which a gateway (the web console) names the address of the browser it serves.
inline constexpr char kClientAddressHeader[] = "gongkai-client-address";

// The client address sign-ins are counted by: `forwarded` (the gateway's metadata) when it is an
// IP address, otherwise the gRPC peer ("ipv4:10.0.0.7:51234", "ipv6:[::1]:51234"); without port.
// "local" for a peer on a unix socket or one that cannot be read.
std::string SignInClientAddress(absl::string_view forwarded, absl::string_view peer);

// What a refused sign-in says: "登录尝试过于频繁，请 N 分钟后再试", N the whole minutes (rounded
// up, at least 1) until sign-in is possible again.
std::string SignInThrottledMessage(absl::Duration wait);

}  // namespace gongkai
