// The rules for staff accounts, in plain C++: what a new account must look like, and what a
// change to one may do.
#pragma once

#include "absl/status/statusor.h"
#include "gongkai/v1/account.pb.h"
#include "rules/agency_catalogue.h"

namespace gongkai {

// INVALID_ARGUMENT naming the field: `account.user_id` (1-64 of a-z 0-9 . _ - @),
// `account.display_name` (1-64 characters), `account.roles` (1-7 distinct known roles),
// `account.agency` (a catalogue code; empty: the default agency), `account.department`
// (required for officers, a unit of that agency; otherwise empty or such a unit), `password`
// (12-128 characters). The caller stores the agency's code (AgencyCatalogue::CodeOf).
absl::Status ValidateNewAccount(const v1::AddUserRequest& request,
                                const AgencyCatalogue& catalogue);

// INVALID_ARGUMENT naming `field` unless `user_id` is a well-formed account id.
absl::Status ValidateUserId(absl::string_view user_id, absl::string_view field);

struct AccountUpdate {
  v1::UserAccount account;  // as it is to be stored
  // Its sessions must end: disabled, roles, agency or department changed (a token carries
  // them), or a new password set.
  bool ends_sessions = false;
};

// `current` changed as `request` asks, by the administrator `actor_user_id`. INVALID_ARGUMENT
// naming the request's field (`display_name`, `roles`, `agency`, `department`, `password`) as
// AddUser checks them, or when nothing is to change; FAILED_PRECONDITION when administrators would
// disable themselves (`disabled`) or give up their own admin role (`roles`). The password is
// only checked here: the caller hashes it. A new agency is stored as its code, and the
// department (the one given, else the account's) is checked against the new agency's units.
absl::StatusOr<AccountUpdate> ApplyAccountUpdate(const v1::UserAccount& current,
                                                 const v1::UpdateUserRequest& request,
                                                 absl::string_view actor_user_id,
                                                 const AgencyCatalogue& catalogue);

}  // namespace gongkai
