#include "auth/accounts.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "auth/access_policy.h"
#include "auth/passwords.h"
#include "base/utf8.h"

namespace gongkai {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("`", field, "` ", problem));
}

absl::Status ValidateDisplayName(absl::string_view name, absl::string_view field) {
  const std::optional<size_t> length = Utf8Length(name);
  if (!length.has_value() || *length == 0 || *length > 64) {
    return Invalid(field, "须为 1 至 64 个字符");
  }
  return absl::OkStatus();
}

template <typename Roles>
absl::Status ValidateRoles(const Roles& roles, absl::string_view field) {
  if (roles.empty() || roles.size() > 7) return Invalid(field, "须列出 1 至 7 个角色");
  std::set<std::string> seen;
  for (const std::string& role : roles) {
    if (!IsRole(role)) {
      return Invalid(field, absl::StrCat("含有未知角色 \"", Utf8Prefix(role, 32),
                                         "\"：角色为 clerk（窗口）、dispatcher（分办）、"
                                         "officer（部门经办）、reviewer（保密审查）、head（主任）、"
                                         "manager（督办）、admin（系统管理）"));
    }
    if (!seen.insert(role).second) return Invalid(field, absl::StrCat("重复列出角色 ", role));
  }
  return absl::OkStatus();
}

bool HasRole(const google::protobuf::RepeatedPtrField<std::string>& roles, absl::string_view role) {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

// The agency an account names, INVALID_ARGUMENT naming `field` for a code not in the catalogue.
// Empty names the catalogue's default agency.
absl::StatusOr<const Agency*> AccountAgency(absl::string_view code,
                                            const AgencyCatalogue& catalogue,
                                            absl::string_view field) {
  const Agency* agency = catalogue.Resolve(code);
  if (agency == nullptr) return catalogue.CheckCode(code, field);
  return agency;
}

// What an agency's units are called: the county government's are the departments that answer
// for it (承办部门), any other agency's its own offices (科室).
absl::string_view UnitWord(const Agency& agency) {
  return agency.kind == AgencyKind::kCountyGovernment ? "承办部门" : "科室";
}

// The department against the agency's units, and an officer's required one.
absl::Status ValidateDepartment(const v1::UserAccount& account, const Agency& agency,
                                absl::string_view field) {
  const std::string& department = account.department();
  if (!department.empty() && agency.units.Find(department) == nullptr) {
    return Invalid(field, absl::StrCat("\"", Utf8Prefix(department, 16), "\" 不是", agency.name,
                                       "的", UnitWord(agency)));
  }
  if (HasRole(account.roles(), "officer") && department.empty()) {
    return Invalid(field, "部门经办人员（officer）须指定所属部门");
  }
  return absl::OkStatus();
}

std::set<std::string> RoleSet(const google::protobuf::RepeatedPtrField<std::string>& roles) {
  return std::set<std::string>(roles.begin(), roles.end());
}

}  // namespace

absl::Status ValidateUserId(absl::string_view user_id, absl::string_view field) {
  bool well_formed = !user_id.empty() && user_id.size() <= 64;
  for (char c : user_id) {
    well_formed = well_formed && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                                  c == '_' || c == '-' || c == '@');
  }
  if (well_formed) return absl::OkStatus();
  return Invalid(field, "须为 1 至 64 个字符，只含小写字母 a-z、数字和 . _ - @");
}

absl::Status ValidateNewAccount(const v1::AddUserRequest& request,
                                const AgencyCatalogue& catalogue) {
  const v1::UserAccount& account = request.account();
  if (absl::Status id = ValidateUserId(account.user_id(), "account.user_id"); !id.ok()) return id;
  if (absl::Status name = ValidateDisplayName(account.display_name(), "account.display_name");
      !name.ok()) {
    return name;
  }
  if (absl::Status roles = ValidateRoles(account.roles(), "account.roles"); !roles.ok()) {
    return roles;
  }
  absl::StatusOr<const Agency*> agency =
      AccountAgency(account.agency(), catalogue, "account.agency");
  if (!agency.ok()) return agency.status();
  if (absl::Status department = ValidateDepartment(account, **agency, "account.department");
      !department.ok()) {
    return department;
  }
  return ValidatePassword(request.password());
}

absl::StatusOr<AccountUpdate> ApplyAccountUpdate(const v1::UserAccount& current,
                                                 const v1::UpdateUserRequest& request,
                                                 absl::string_view actor_user_id,
                                                 const AgencyCatalogue& catalogue) {
  if (absl::Status id = ValidateUserId(request.user_id(), "user_id"); !id.ok()) return id;
  if (!request.has_display_name() && request.roles().empty() && !request.has_department() &&
      !request.has_agency() && !request.has_disabled() && request.password().empty()) {
    return absl::InvalidArgumentError(
        "没有要修改的内容：display_name、roles、agency、department、disabled、password "
        "至少给出一项");
  }
  AccountUpdate update;
  update.account = current;
  v1::UserAccount& account = update.account;
  if (request.has_display_name()) {
    if (absl::Status name = ValidateDisplayName(request.display_name(), "display_name");
        !name.ok()) {
      return name;
    }
    account.set_display_name(request.display_name());
  }
  if (!request.roles().empty()) {
    if (absl::Status roles = ValidateRoles(request.roles(), "roles"); !roles.ok()) return roles;
    *account.mutable_roles() = request.roles();
  }
  if (request.has_agency()) {
    absl::StatusOr<const Agency*> agency = AccountAgency(request.agency(), catalogue, "agency");
    if (!agency.ok()) return agency.status();
    account.set_agency((*agency)->code);
  }
  if (request.has_department()) account.set_department(request.department());
  // Checked only when asked to change: a code since taken out of the catalogue does not stop
  // an unrelated change (disabling the account, say). A new agency checks the department
  // kept, which is rarely one of its units: the change then names one.
  if (request.has_department() || !request.roles().empty() || request.has_agency()) {
    // An agency since taken out of the catalogue is named as the one to change.
    absl::StatusOr<const Agency*> agency = AccountAgency(account.agency(), catalogue, "agency");
    if (!agency.ok()) return agency.status();
    if (absl::Status department = ValidateDepartment(account, **agency, "department");
        !department.ok()) {
      return department;
    }
  }
  if (request.has_disabled()) account.set_disabled(request.disabled());
  if (!request.password().empty()) {
    if (absl::Status password = ValidatePassword(request.password()); !password.ok()) {
      return password;
    }
  }
  if (current.user_id() == actor_user_id) {
    if (account.disabled()) {
      return absl::FailedPreconditionError("`disabled` 管理员不能停用自己的账户");
    }
    if (HasRole(current.roles(), "admin") && !HasRole(account.roles(), "admin")) {
      return absl::FailedPreconditionError("`roles` 管理员不能取消自己的系统管理（admin）角色");
    }
  }
  update.ends_sessions =
      (account.disabled() && !current.disabled()) ||
      RoleSet(account.roles()) != RoleSet(current.roles()) ||
      account.department() != current.department() ||
      catalogue.Resolve(account.agency()) != catalogue.Resolve(current.agency()) ||
      !request.password().empty();
  return update;
}

}  // namespace gongkai
