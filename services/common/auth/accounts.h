// The rules for staff accounts, in plain C++: what a new account must look like.
#pragma once

#include "absl/status/status.h"
#include "gongkai/v1/account.pb.h"
#include "rules/department_catalogue.h"

namespace gongkai {

// INVALID_ARGUMENT naming the field: `account.user_id` (1-64 of a-z 0-9 . _ - @),
// `account.display_name` (1-64 characters), `account.roles` (1-7 distinct known roles),
// `account.department` (required for officers, a catalogue code; otherwise empty or a code),
// `password` (12-128 characters).
absl::Status ValidateNewAccount(const v1::AddUserRequest& request,
                                const DepartmentCatalogue& catalogue);

// INVALID_ARGUMENT naming `field` unless `user_id` is a well-formed account id.
absl::Status ValidateUserId(absl::string_view user_id, absl::string_view field);

}  // namespace gongkai
