#include "auth/access_policy.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/staff_error.h"
#include "base/utf8.h"
#include "rules/staff_labels.h"

namespace gongkai {
namespace {

constexpr CaseScope kDept = CaseScope::kOwnDepartment;
constexpr CaseScope kOwn = CaseScope::kOwnRegistration;

// What stands for every agency of the county (the county's totals).
constexpr absl::string_view kEveryAgency = "*";

// An agency code as the logs show it: the code, which names no person.
absl::string_view AgencyForLog(absl::string_view agency) {
  return agency.empty() ? "(none)" : agency;
}

// Reading a case: the people who work on cases, each within their scope.
std::vector<RoleGrant> CaseReaders() {
  return {{"clerk", kOwn}, {"dispatcher"}, {"officer", kDept}, {"reviewer"}, {"head"}, {"manager"}};
}

// Every role of a person (not the services' own).
std::vector<RoleGrant> AllStaff() {
  return {{"clerk"}, {"dispatcher"}, {"officer"}, {"reviewer"}, {"head"}, {"manager"}, {"admin"}};
}

std::vector<MethodPolicy> BuildPolicy() {
  return {
      // Sign-in and accounts.
      {"AccountService", "Login", true, {}},
      {"AccountService",
       "Logout",
       false,
       {{"clerk"}, {"dispatcher"}, {"officer"}, {"reviewer"}, {"head"}, {"manager"}, {"admin"}}},
      {"AccountService", "AddUser", false, {{"admin"}}},
      {"AccountService", "DisableUser", false, {{"admin"}}},
      {"AccountService", "UpdateUser", false, {{"admin"}}},
      {"AccountService", "ListUsers", false, {{"admin"}}},
      // The window.
      {"IntakeService", "Register", false, {{"clerk"}}},
      {"IntakeService", "GetCase", false, CaseReaders()},
      // Each finds only the cases GetCase shows them (the scope is checked on every case found).
      {"IntakeService", "SearchCases", false, CaseReaders()},
      {"IntakeService", "FindEarlierRequests", false, {{"clerk"}}},
      // Routing: the departments and the dispatcher.
      {"RoutingService",
       "ListDepartments",
       false,
       {{"clerk"}, {"dispatcher"}, {"officer"}, {"reviewer"}, {"head"}, {"manager"}, {"admin"}}},
      {"RoutingService",
       "ListDepartmentQueue",
       false,
       {{"dispatcher"}, {"manager"}, {"officer", kDept}}},
      {"RoutingService", "ListDispatchQueue", false, {{"dispatcher"}, {"manager"}}},
      {"RoutingService", "Accept", false, {{"officer", kDept}}},
      {"RoutingService", "HandBack", false, {{"officer", kDept}}},
      {"RoutingService", "Assign", false, {{"dispatcher"}}},
      // Review: drafts, confidentiality review, the head's sign-off.
      {"ReviewService", "SubmitDraft", false, {{"officer", kDept}}},
      {"ReviewService", "ListReviewQueue", false, {{"reviewer"}, {"manager"}}},
      {"ReviewService", "Clear", false, {{"reviewer"}}},
      {"ReviewService", "Return", false, {{"reviewer"}}},
      {"ReviewService", "ResolveFinding", false, {{"reviewer"}}},
      {"ReviewService", "ListSignOffQueue", false, {{"head"}, {"manager"}}},
      {"ReviewService", "SignOff", false, {{"head"}}},
      {"ReviewService", "RefuseSignOff", false, {{"head"}}},
      // Reply: letters and delivery at the window.
      {"ReplyService", "ListReplyQueue", false, {{"clerk"}, {"manager"}}},
      {"ReplyService", "GetReplyLetter", false, CaseReaders()},
      {"ReplyService", "IssueReply", false, {{"clerk"}}},
      {"ReplyService", "GetDocument", false, CaseReaders()},
      // The statutory clock and the managers' views.
      // An unclear request is sent back for a supplement by the department holding it, or by the
      // dispatcher before it has one.
      {"TrackerService", "RequestSupplement", false, {{"dispatcher"}, {"officer", kDept}}},
      {"TrackerService", "ReceiveSupplement", false, {{"clerk"}, {"officer", kDept}}},
      {"TrackerService", "CloseUnsupplemented", false, {{"dispatcher"}, {"officer", kDept}}},
      {"TrackerService", "StartConsultation", false, {{"officer", kDept}, {"reviewer"}}},
      {"TrackerService", "EndConsultation", false, {{"officer", kDept}, {"reviewer"}}},
      {"TrackerService",
       "RecordConsultationReceipt",
       false,
       {{"clerk"}, {"officer", kDept}, {"reviewer"}}},
      // Disclosing over a third party's objection: the department writes the notice; the window
      // records its delivery like any letter's.
      {"TrackerService", "IssueDisclosureNotice", false, {{"officer", kDept}}},
      {"TrackerService", "RecordDisclosureNoticeDelivery", false, {{"clerk"}, {"officer", kDept}}},
      {"TrackerService", "GrantExtension", false, {{"head"}}},
      // Fees: the department decides to charge and sends the notice; the window records receipt
      // and payment; only the head of the office waives a fee once noticed.
      {"TrackerService", "IssueFeeNotice", false, {{"officer", kDept}}},
      {"TrackerService", "RecordFeeNoticeReceipt", false, {{"clerk"}, {"officer", kDept}}},
      {"TrackerService", "RecordFeePayment", false, {{"clerk"}}},
      {"TrackerService", "WaiveFee", false, {{"head"}}},
      {"TrackerService", "CloseFeeUnpaid", false, {{"officer", kDept}}},
      // Art. 35: the department asks for reasons; the window records the answer; the head sets
      // a later reply date.
      {"TrackerService", "AskForReasons", false, {{"officer", kDept}}},
      {"TrackerService", "RecordReasons", false, {{"clerk"}, {"officer", kDept}}},
      {"TrackerService", "SetLaterReplyDate", false, {{"head"}}},
      {"TrackerService", "ListOverdue", false, {{"dispatcher"}, {"head"}, {"manager"}}},
      {"TrackerService", "ListDueSoon", false, {{"dispatcher"}, {"head"}, {"manager"}}},
      {"TrackerService", "DepartmentBoard", false, {{"head"}, {"manager"}}},
      {"TrackerService", "ReloadCalendar", false, {{"admin"}}},
      // Only the cases GetCase would show (checked on the case before the watch starts).
      {"TrackerService", "WatchCase", false, CaseReaders()},
      // Staff reminders: every staff member reads their own. What they see follows from all the
      // roles of their session (rules/notice_ladder.h); a role no reminder goes to (clerk,
      // reviewer, admin) gets an empty list, not a refusal, so that a person holding it beside
      // another role is not refused the other's reminders.
      {"TrackerService", "ListNotices", false, AllStaff()},
      {"TrackerService", "MarkNoticesRead", false, AllStaff()},
      {"TrackerService", "WatchNotices", false, AllStaff()},
      // The annual report: each agency's own (another's, or the county's totals, for the county
      // office's managers: the handler asks CheckAgencyAccess).
      {"ReportService", "GetAnnualReport", false, {{"head"}, {"manager"}}},
      {"ReportService", "PublishAnnualReport", false, {{"head"}, {"manager"}}},
      // The county office's views over every agency: granted to managers, answered only for a
      // county-wide one (Actor.county_wide: CheckAgencyAccess(actor, "*") says so).
      {"ReportService", "GetCountyOverview", false, {{"manager"}}},
      {"ReportService", "GetBulletin", false, {{"manager"}}},
      {"ReportService", "RecordRedress", false, {{"manager"}}},
      // Checking the hash chains shows no case's content, only where a chain breaks.
      {"ReportService", "VerifyAudit", false, {{"head"}, {"manager"}, {"admin"}}},
  };
}

const RoleGrant* GrantOf(const MethodPolicy& policy, absl::string_view role) {
  for (const RoleGrant& grant : policy.grants) {
    if (grant.role == role) return &grant;
  }
  return nullptr;
}

// A role that the method does not grant: whose roles, which step, and who may take it.
template <typename Roles>
absl::Status RoleRefused(const MethodPolicy& policy, const Roles& roles,
                         absl::string_view log_reason) {
  std::vector<absl::string_view> allowed;
  for (const RoleGrant& grant : policy.grants) allowed.push_back(grant.role);
  const std::string step = Quoted(CallLabel(policy.method));
  const std::string message =
      roles.empty()
          ? absl::StrCat("您的账户没有任何角色，不能进行", step, "；请联系系统管理员分配角色")
          : absl::StrCat("您的角色（", RolesLabel(roles), "）不能进行", step,
                         "；可进行此操作的角色：", RolesLabel(allowed));
  return StaffError(absl::StatusCode::kPermissionDenied, message, log_reason);
}

}  // namespace

bool IsRole(absl::string_view role) {
  return std::find(std::begin(kRoles), std::end(kRoles), role) != std::end(kRoles);
}

const std::vector<MethodPolicy>& AccessPolicy() {
  static const std::vector<MethodPolicy>* policy = new std::vector<MethodPolicy>(BuildPolicy());
  return *policy;
}

const MethodPolicy* FindMethodPolicy(absl::string_view method) {
  for (const MethodPolicy& policy : AccessPolicy()) {
    if (policy.method == method) return &policy;
  }
  return nullptr;
}

absl::StatusOr<v1::Actor> AuthorizeCall(absl::string_view method, const v1::TokenClaims& claims) {
  const MethodPolicy* policy = FindMethodPolicy(method);
  if (policy == nullptr) {
    // A method missing from the table is closed to everyone (the table test lists them all).
    return StaffError(absl::StatusCode::kPermissionDenied,
                      absl::StrCat("此操作（", method, "）未向任何角色开放；请联系系统管理员"),
                      absl::StrCat(method, " is not open to any role"));
  }
  const RoleGrant* chosen = nullptr;
  for (const std::string& role : claims.roles()) {
    const RoleGrant* grant = GrantOf(*policy, role);
    if (grant == nullptr) continue;
    if (chosen == nullptr ||
        (chosen->scope != CaseScope::kAny && grant->scope == CaseScope::kAny)) {
      chosen = grant;
    }
  }
  if (chosen == nullptr) {
    return RoleRefused(*policy, claims.roles(),
                       absl::StrCat("the role(s) ", absl::StrJoin(claims.roles(), ", "),
                                    " may not call ", method));
  }
  v1::Actor actor;
  actor.set_user_id(claims.user_id());
  actor.set_role(std::string(chosen->role));
  actor.set_department(claims.department());
  actor.set_agency(claims.agency());
  actor.set_county_wide(claims.county_wide() && chosen->role == "manager");
  return actor;
}

CaseScope CaseScopeOf(absl::string_view method, const v1::Actor& actor) {
  const MethodPolicy* policy = FindMethodPolicy(method);
  const RoleGrant* grant = policy == nullptr ? nullptr : GrantOf(*policy, actor.role());
  return grant == nullptr ? CaseScope::kAny : grant->scope;
}

absl::Status CheckCaseAccess(absl::string_view method, const v1::Actor& actor,
                             const v1::Case& current) {
  const MethodPolicy* policy = FindMethodPolicy(method);
  const RoleGrant* grant = policy == nullptr ? nullptr : GrantOf(*policy, actor.role());
  if (grant == nullptr) {
    const std::string log_reason =
        absl::StrCat("the role ", actor.role(), " may not call ", method);
    if (policy == nullptr) {
      return StaffError(absl::StatusCode::kPermissionDenied,
                        absl::StrCat("此操作（", method, "）未向任何角色开放；请联系系统管理员"),
                        log_reason);
    }
    return RoleRefused(*policy, std::vector<std::string>{actor.role()}, log_reason);
  }
  // Window clerks reach the cases they registered, for whichever agency: a county service
  // centre's window registers for every agency. Everyone else works within their agency.
  if (!actor.county_wide() && actor.role() != "service" && grant->scope != kOwn &&
      current.agency() != actor.agency()) {
    return StaffError(
        absl::StatusCode::kPermissionDenied,
        absl::StrCat("案件 ", current.case_number(), " 属于其他机关，您无权查看或办理"),
        absl::StrCat("case ", current.case_number(), " is of agency ",
                     AgencyForLog(current.agency()), ", not of ", AgencyForLog(actor.agency())));
  }
  const std::string step = Quoted(CallLabel(method));
  switch (grant->scope) {
    case CaseScope::kAny:
      return absl::OkStatus();
    case CaseScope::kOwnDepartment: {
      if (!actor.department().empty() && current.department() == actor.department()) {
        return absl::OkStatus();
      }
      const std::string log_reason =
          absl::StrCat("case ", current.case_number(), " is not held by department ",
                       actor.department().empty() ? "(none)" : actor.department());
      if (actor.department().empty()) {
        return StaffError(absl::StatusCode::kPermissionDenied,
                          absl::StrCat("您的账户未设置所属部门，不能对案件 ", current.case_number(),
                                       " 进行", step, "；请联系系统管理员设置部门"),
                          log_reason);
      }
      return StaffError(absl::StatusCode::kPermissionDenied,
                        absl::StrCat("案件 ", current.case_number(), " 不由本部门办理，您不能进行",
                                     step, "；如认为应由本部门办理，请联系分办人员分派"),
                        log_reason);
    }
    case CaseScope::kOwnRegistration:
      if (current.registered_by() == actor.user_id()) return absl::OkStatus();
      return StaffError(
          absl::StatusCode::kPermissionDenied,
          absl::StrCat("案件 ", current.case_number(),
                       " 不是您登记的；窗口受理只能对本人登记的案件进行", step),
          absl::StrCat("case ", current.case_number(), " was not registered by ", actor.user_id()));
  }
  return StaffError(
      absl::StatusCode::kPermissionDenied,
      absl::StrCat("无法确定您对案件 ", current.case_number(), " 的权限，请联系系统管理员"),
      "unknown scope");
}

absl::Status CheckAgencyAccess(const v1::Actor& actor, absl::string_view agency) {
  if (agency.empty() || agency == actor.agency() || actor.county_wide()) return absl::OkStatus();
  const std::string log_reason = absl::StrCat(
      "an actor of agency ", AgencyForLog(actor.agency()), " as ", actor.role(),
      " may not see agency ", agency == kEveryAgency ? "* (every agency)" : Utf8Prefix(agency, 16));
  if (agency == kEveryAgency) {
    return StaffError(absl::StatusCode::kPermissionDenied,
                      "`agency` 您无权查看全县各机关的汇总；只有政府信息公开工作主管部门的"
                      "督办人员可以查看",
                      log_reason);
  }
  return StaffError(absl::StatusCode::kPermissionDenied,
                    "`agency` 您无权查看其他机关的案件和统计；只能查看本机关的", log_reason);
}

absl::Status CheckDepartmentAccess(const v1::Actor& actor, absl::string_view agency,
                                   absl::string_view department) {
  if (absl::Status reached = CheckAgencyAccess(actor, agency); !reached.ok()) return reached;
  if (actor.role() != "officer" || actor.department() == department) return absl::OkStatus();
  return StaffError(absl::StatusCode::kPermissionDenied,
                    actor.department().empty()
                        ? "您的账户未设置所属部门，不能查看部门的案件；请联系系统管理员设置部门"
                        : "部门经办只能查看本部门的案件，不能查看其他部门的",
                    absl::StrCat("an officer of ",
                                 actor.department().empty() ? "no department" : actor.department(),
                                 " may not see the queue of ", department));
}

}  // namespace gongkai
