#include "auth/accounts.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "auth/access_policy.h"
#include "auth/passwords.h"
#include "base/utf8.h"

namespace gongkai {

absl::Status ValidateUserId(absl::string_view user_id, absl::string_view field) {
  bool well_formed = !user_id.empty() && user_id.size() <= 64;
  for (char c : user_id) {
    well_formed = well_formed && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                                  c == '_' || c == '-' || c == '@');
  }
  if (well_formed) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("`", field, "` must be 1 to 64 of a-z, 0-9, '.', '_', '-', '@'"));
}

absl::Status ValidateNewAccount(const v1::AddUserRequest& request,
                                const DepartmentCatalogue& catalogue) {
  const v1::UserAccount& account = request.account();
  if (absl::Status id = ValidateUserId(account.user_id(), "account.user_id"); !id.ok()) return id;
  const std::optional<size_t> name_length = Utf8Length(account.display_name());
  if (!name_length.has_value() || *name_length == 0 || *name_length > 64) {
    return absl::InvalidArgumentError("`account.display_name` must be 1 to 64 characters");
  }
  if (account.roles().empty() || account.roles().size() > 7) {
    return absl::InvalidArgumentError("`account.roles` must list 1 to 7 roles");
  }
  std::set<std::string> seen;
  for (const std::string& role : account.roles()) {
    if (!IsRole(role)) {
      return absl::InvalidArgumentError(
          absl::StrCat("`account.roles` holds \"", role.substr(0, 32),
                       "\": roles are clerk, dispatcher, officer, reviewer, head, manager, admin"));
    }
    if (!seen.insert(role).second) {
      return absl::InvalidArgumentError(absl::StrCat("`account.roles` lists ", role, " twice"));
    }
  }
  if (absl::Status known = catalogue.CheckCode(account.department(), "account.department");
      !known.ok()) {
    return known;
  }
  if (seen.count("officer") > 0 && account.department().empty()) {
    return absl::InvalidArgumentError("`account.department` is required for an officer");
  }
  return ValidatePassword(request.password());
}

}  // namespace gongkai
