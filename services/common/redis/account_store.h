// Staff accounts, ended sessions and refused calls in Redis, all on the `{auth}` slot.
//
// Example:
//   AccountStore accounts(redis, catalogue.default_agency().code);
//   GK_RETURN_IF_ERROR(accounts.Add(account, password_hash, /*only_if_first=*/false));
//   GK_ASSIGN_OR_RETURN(Revocations ended, accounts.LoadRevocations(now_seconds));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "auth/call_authenticator.h"
#include "gongkai/v1/account.pb.h"
#include "redis/redis_connection.h"

namespace gongkai {

inline constexpr size_t kMaxAccounts = 10000;

struct StoredAccount {
  v1::UserAccount account;
  std::string password_hash;
  int64_t version = 0;            // raised by every change after it was added
  int64_t sessions_ended_at = 0;  // sessions issued up to then (unix s) are refused; 0: none
};

// What UpdateUser writes: the whole account as it is to be, on the version it was read at.
struct AccountWrite {
  v1::UserAccount account;
  int64_t expected_version = 0;
  std::string password_hash;  // empty: unchanged
  bool end_sessions = false;  // ends every session issued up to `at`
  int64_t at = 0;             // unix seconds
};

class AccountStore {
 public:
  // `default_agency`: the agency of accounts stored before accounts had one (read back with
  // it); the sessions and refusals need none.
  explicit AccountStore(RedisConnection& redis, std::string default_agency = "")
      : redis_(redis), default_agency_(std::move(default_agency)) {}

  // ALREADY_EXISTS when the user id is taken; with `only_if_first`, FAILED_PRECONDITION unless
  // there is no account yet (checked in the same atomic step).
  absl::Status Add(const v1::UserAccount& account, const std::string& password_hash,
                   bool only_if_first);
  absl::StatusOr<StoredAccount> Get(absl::string_view user_id);  // NOT_FOUND
  // Marks the account disabled and ends every session issued up to `at` (unix seconds).
  absl::StatusOr<v1::UserAccount> Disable(absl::string_view user_id, int64_t at);
  // Writes the account's name, roles, agency, department and disabled flag (and the password hash
  // when given), ending its sessions if asked, in one atomic step. ABORTED when the account changed
  // since `expected_version` was read; NOT_FOUND.
  absl::StatusOr<v1::UserAccount> Update(const AccountWrite& write);
  // Ends every session of the account issued up to `at` (unix seconds): sign-out everywhere.
  absl::Status EndSessions(absl::string_view user_id, int64_t at);
  absl::StatusOr<std::vector<v1::UserAccount>> List();

  // A signed-out token is refused until it would have expired anyway.
  absl::Status RevokeToken(absl::string_view token_id, int64_t expires_at);
  // The ended sessions; forgets signed-out tokens past their expiry.
  absl::StatusOr<Revocations> LoadRevocations(int64_t now);

  // Appends a refused call to the bounded stream of refusals (the managers' record of them).
  absl::Status RecordDenial(absl::string_view user_id, absl::string_view role,
                            absl::string_view method, absl::string_view case_number,
                            absl::string_view reason, absl::string_view at);

 private:
  RedisConnection& redis_;
  const std::string default_agency_;
};

}  // namespace gongkai
