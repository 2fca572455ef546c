// The access policy: every RPC of every service is in the table, roles are chosen as documented,
// and the case scopes hold.
#include "auth/access_policy.h"

#include <gtest/gtest.h>

#include <set>

#include "base/staff_error.h"
#include "gongkai/v1/account.pb.h"
#include "gongkai/v1/intake.pb.h"
#include "gongkai/v1/reply.pb.h"
#include "gongkai/v1/report.pb.h"
#include "gongkai/v1/review.pb.h"
#include "gongkai/v1/routing.pb.h"
#include "gongkai/v1/tracker.pb.h"
#include "google/protobuf/descriptor.h"
#include "staff.h"

namespace gongkai {
namespace {

v1::TokenClaims Claims(std::vector<std::string> roles, std::string department = "") {
  v1::TokenClaims claims;
  claims.set_user_id("u1");
  for (std::string& role : roles) claims.add_roles(std::move(role));
  claims.set_department(std::move(department));
  return claims;
}

// Claims of a member of `agency`; `county_wide` for the county's disclosure office.
v1::TokenClaims AgencyClaims(std::vector<std::string> roles, std::string agency,
                             bool county_wide = false, std::string department = "") {
  v1::TokenClaims claims = Claims(std::move(roles), std::move(department));
  claims.set_agency(std::move(agency));
  claims.set_county_wide(county_wide);
  return claims;
}

v1::Actor AgencyActor(const std::string& user, const std::string& role, const std::string& agency,
                      const std::string& department = "") {
  v1::Actor actor = StaffActor(user, role, department);
  actor.set_agency(agency);
  return actor;
}

v1::Case CaseOf(const std::string& number, const std::string& agency,
                const std::string& department = "", const std::string& registered_by = "w1") {
  v1::Case c;
  c.set_case_number(number);
  c.set_agency(agency);
  c.set_department(department);
  c.set_registered_by(registered_by);
  return c;
}

TEST(AccessPolicy, ListsEveryMethodOfEveryServiceOnce) {
  std::set<std::string> in_protos;
  for (const google::protobuf::FileDescriptor* file :
       {v1::LoginRequest::descriptor()->file(), v1::RegisterRequest::descriptor()->file(),
        v1::AcceptRequest::descriptor()->file(), v1::SubmitDraftRequest::descriptor()->file(),
        v1::IssueReplyRequest::descriptor()->file(), v1::WatchCaseRequest::descriptor()->file(),
        v1::AnnualReportRequest::descriptor()->file()}) {
    for (int s = 0; s < file->service_count(); ++s) {
      for (int m = 0; m < file->service(s)->method_count(); ++m) {
        in_protos.insert(file->service(s)->name() + "." + file->service(s)->method(m)->name());
      }
    }
  }
  std::set<std::string> in_policy;
  for (const MethodPolicy& policy : AccessPolicy()) {
    EXPECT_TRUE(
        in_policy.insert(std::string(policy.service) + "." + std::string(policy.method)).second)
        << policy.method << " is listed twice";
    for (const RoleGrant& grant : policy.grants) EXPECT_TRUE(IsRole(grant.role)) << grant.role;
  }
  EXPECT_EQ(in_policy, in_protos);
  // With UpdateUser, SearchCases, VerifyAudit, FindEarlierRequests, PublishAnnualReport,
  // GetCountyOverview and GetBulletin.
  EXPECT_EQ(in_protos.size(), 59u);
}

TEST(AccessPolicy, ChoosesTheRoleThatGrantsTheCallPreferringAnUnscopedOne) {
  absl::StatusOr<v1::Actor> actor = AuthorizeCall("GetCase", Claims({"officer", "manager"}, "czj"));
  ASSERT_TRUE(actor.ok());
  EXPECT_EQ(actor->role(), "manager");
  EXPECT_EQ(actor->user_id(), "u1");
  EXPECT_EQ(actor->department(), "czj");

  actor = AuthorizeCall("Accept", Claims({"manager", "officer"}, "czj"));
  ASSERT_TRUE(actor.ok());
  EXPECT_EQ(actor->role(), "officer");
}

TEST(AccessPolicy, RefusesARoleTheMethodDoesNotGrantNamingBoth) {
  absl::StatusOr<v1::Actor> actor = AuthorizeCall("Clear", Claims({"officer", "clerk"}, "czj"));
  EXPECT_EQ(actor.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(actor.status().message(),
            "您的角色（部门经办、窗口受理）不能进行“保密审查通过”；可进行此操作的角色：保密审查");
  EXPECT_EQ(LogReason(actor.status()), "the role(s) officer, clerk may not call Clear");
  EXPECT_EQ(AuthorizeCall("GetCase", Claims({"admin"})).status().message(),
            "您的角色（系统管理）不能进行“查看案件”；可进行此操作的角色：窗口受理、分办、部门经办、"
            "保密审查、主任、督办");
  EXPECT_EQ(AuthorizeCall("Accept", Claims({})).status().message(),
            "您的账户没有任何角色，不能进行“部门接收”；请联系系统管理员分配角色");
  const absl::Status unknown = AuthorizeCall("NoSuchMethod", Claims({"admin"})).status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(unknown.message(), "此操作（NoSuchMethod）未向任何角色开放；请联系系统管理员");
}

TEST(AccessPolicy, EveryStaffRoleReadsTheirOwnReminders) {
  for (const char* method : {"ListNotices", "MarkNoticesRead", "WatchNotices"}) {
    for (const char* role : kRoles) {
      EXPECT_TRUE(AuthorizeCall(method, Claims({role})).ok()) << method << " as " << role;
    }
    EXPECT_EQ(AuthorizeCall(method, Claims({"service"})).status().code(),
              absl::StatusCode::kPermissionDenied)
        << method;
  }
}

TEST(AccessPolicy, OfficersReachOnlyTheirDepartmentsCases) {
  v1::Case held;
  held.set_case_number("2026-000001");
  held.set_agency(kTestAgency);
  held.set_department("czj");
  v1::Actor officer = StaffActor("o1", "officer", "czj");
  EXPECT_TRUE(CheckCaseAccess("Accept", officer, held).ok());
  officer.set_department("jyj");
  const absl::Status refused = CheckCaseAccess("Accept", officer, held);
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(refused.message(),
            "案件 2026-000001 不由本部门办理，您不能进行“部门接收”；如认为应由本部门办理，请联系"
            "分办人员分派");
  EXPECT_EQ(LogReason(refused), "case 2026-000001 is not held by department jyj");
  held.clear_department();  // in dispatch: no officer's
  EXPECT_FALSE(CheckCaseAccess("Accept", officer, held).ok());
  EXPECT_TRUE(CheckDepartmentAccess(officer, "", "jyj").ok());
  const absl::Status other_queue = CheckDepartmentAccess(officer, "", "czj");
  EXPECT_EQ(other_queue.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(other_queue.message(), "部门经办只能查看本部门的案件，不能查看其他部门的");
  EXPECT_EQ(LogReason(other_queue), "an officer of jyj may not see the queue of czj");
  officer.clear_department();
  EXPECT_EQ(CheckCaseAccess("GetCase", officer, held).message(),
            "您的账户未设置所属部门，不能对案件 2026-000001 进行“查看案件”；请联系系统管理员设置"
            "部门");
}

TEST(AccessPolicy, ClerksSeeOnlyTheCasesTheyRegistered) {
  v1::Case registered;
  registered.set_case_number("2026-000002");
  registered.set_agency(kTestAgency);
  registered.set_registered_by("w1");
  v1::Actor clerk = StaffActor("w1", "clerk");
  EXPECT_TRUE(CheckCaseAccess("GetCase", clerk, registered).ok());
  clerk.set_user_id("w2");
  EXPECT_EQ(CheckCaseAccess("GetCase", clerk, registered).message(),
            "案件 2026-000002 不是您登记的；窗口受理只能对本人登记的案件进行“查看案件”");
  EXPECT_TRUE(CheckCaseAccess("GetCase", StaffActor("m1", "manager"), registered).ok());
}

TEST(AccessPolicy, TheActorCarriesTheAgencyAndOnlyAManagerIsCountyWide) {
  absl::StatusOr<v1::Actor> actor =
      AuthorizeCall("GetCase", AgencyClaims({"officer", "manager"}, "zfb", true, "zwgk"));
  ASSERT_TRUE(actor.ok()) << actor.status();
  EXPECT_EQ(actor->role(), "manager");
  EXPECT_EQ(actor->agency(), "zfb");
  EXPECT_TRUE(actor->county_wide());
  // The same person accepting a case works as an officer of the office: its own cases only.
  actor = AuthorizeCall("Accept", AgencyClaims({"officer", "manager"}, "zfb", true, "zwgk"));
  ASSERT_TRUE(actor.ok()) << actor.status();
  EXPECT_EQ(actor->role(), "officer");
  EXPECT_EQ(actor->agency(), "zfb");
  EXPECT_FALSE(actor->county_wide());
  // A manager of an agency that is not the county's office oversees its own agency only.
  actor = AuthorizeCall("GetCase", AgencyClaims({"manager"}, "jyj"));
  ASSERT_TRUE(actor.ok()) << actor.status();
  EXPECT_EQ(actor->agency(), "jyj");
  EXPECT_FALSE(actor->county_wide());
}

TEST(AccessPolicy, StaffReachOnlyTheirAgencysCases) {
  const v1::Case at_czj = CaseOf("2026-000123", "czj", "ysg");
  const v1::Case at_jyj = CaseOf("2026-000124", "jyj", "ysg");
  // The same unit code in another agency is another unit.
  const v1::Actor officer = AgencyActor("o1", "officer", "jyj", "ysg");
  EXPECT_TRUE(CheckCaseAccess("Accept", officer, at_jyj).ok());
  const absl::Status refused = CheckCaseAccess("Accept", officer, at_czj);
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(refused.message(), "案件 2026-000123 属于其他机关，您无权查看或办理");
  EXPECT_EQ(LogReason(refused), "case 2026-000123 is of agency czj, not of jyj");
  // Roles that reach every case of their agency reach no other agency's.
  for (const char* role : {"dispatcher", "reviewer", "head", "manager"}) {
    const v1::Actor actor = AgencyActor("s1", role, "jyj");
    EXPECT_TRUE(CheckCaseAccess("GetCase", actor, at_jyj).ok()) << role;
    EXPECT_EQ(CheckCaseAccess("GetCase", actor, at_czj).message(),
              "案件 2026-000123 属于其他机关，您无权查看或办理")
        << role;
  }
}

TEST(AccessPolicy, TheCountyOfficesManagersReachEveryAgency) {
  absl::StatusOr<v1::Actor> manager =
      AuthorizeCall("GetCase", AgencyClaims({"manager"}, "zfb", /*county_wide=*/true));
  ASSERT_TRUE(manager.ok()) << manager.status();
  EXPECT_TRUE(CheckCaseAccess("GetCase", *manager, CaseOf("2026-000123", "czj")).ok());
  EXPECT_TRUE(CheckCaseAccess("GetCase", *manager, CaseOf("2026-000124", "jyj")).ok());
  EXPECT_TRUE(CheckCaseAccess("GetCase", *manager, CaseOf("2026-000125", "zfb")).ok());
  // The office's head is the office's: its own cases only.
  absl::StatusOr<v1::Actor> head =
      AuthorizeCall("GetCase", AgencyClaims({"head"}, "zfb", /*county_wide=*/true));
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_FALSE(head->county_wide());
  EXPECT_EQ(CheckCaseAccess("GetCase", *head, CaseOf("2026-000123", "czj")).message(),
            "案件 2026-000123 属于其他机关，您无权查看或办理");
}

TEST(AccessPolicy, AWindowClerkReachesWhatTheyRegisteredForAnyAgency) {
  const v1::Actor clerk = AgencyActor("w1", "clerk", "xzf");
  const v1::Case registered = CaseOf("2026-000126", "jyj", "", "w1");
  EXPECT_TRUE(CheckCaseAccess("GetCase", clerk, registered).ok());
  EXPECT_TRUE(CheckCaseAccess("GetReplyLetter", clerk, registered).ok());
  EXPECT_EQ(CheckCaseAccess("GetCase", clerk, CaseOf("2026-000127", "jyj", "", "w2")).message(),
            "案件 2026-000127 不是您登记的；窗口受理只能对本人登记的案件进行“查看案件”");
  // A step the window takes on any case of its agency stays within its agency.
  EXPECT_EQ(CheckCaseAccess("RecordFeePayment", clerk, registered).message(),
            "案件 2026-000126 属于其他机关，您无权查看或办理");
  EXPECT_TRUE(
      CheckCaseAccess("RecordFeePayment", clerk, CaseOf("2026-000128", "xzf", "", "w2")).ok());
}

TEST(AccessPolicy, AgencyAccessIsTheCallersOwnUnlessCountyWide) {
  const v1::Actor head = AgencyActor("h1", "head", "jyj");
  EXPECT_TRUE(CheckAgencyAccess(head, "").ok());
  EXPECT_TRUE(CheckAgencyAccess(head, "jyj").ok());
  const absl::Status other = CheckAgencyAccess(head, "czj");
  EXPECT_EQ(other.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(other.message(), "`agency` 您无权查看其他机关的案件和统计；只能查看本机关的");
  EXPECT_EQ(LogReason(other), "an actor of agency jyj as head may not see agency czj");
  const absl::Status county = CheckAgencyAccess(head, "*");
  EXPECT_EQ(county.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(county.message(),
            "`agency` 您无权查看全县各机关的汇总；只有政府信息公开工作主管部门的督办人员可以查看");
  EXPECT_EQ(LogReason(county),
            "an actor of agency jyj as head may not see agency * (every agency)");

  v1::Actor overseer = AgencyActor("m1", "manager", "zfb");
  overseer.set_county_wide(true);
  for (const char* agency : {"", "zfb", "czj", "jyj", "*"}) {
    EXPECT_TRUE(CheckAgencyAccess(overseer, agency).ok()) << agency;
  }
}

TEST(AccessPolicy, DepartmentQueuesAreWithinTheCallersAgency) {
  const v1::Actor officer = AgencyActor("o1", "officer", "jyj", "ysg");
  EXPECT_TRUE(CheckDepartmentAccess(officer, "", "ysg").ok());
  EXPECT_TRUE(CheckDepartmentAccess(officer, "jyj", "ysg").ok());
  EXPECT_EQ(CheckDepartmentAccess(officer, "czj", "ysg").message(),
            "`agency` 您无权查看其他机关的案件和统计；只能查看本机关的");
  EXPECT_EQ(CheckDepartmentAccess(officer, "jyj", "rsg").message(),
            "部门经办只能查看本部门的案件，不能查看其他部门的");
  const v1::Actor dispatcher = AgencyActor("d1", "dispatcher", "jyj");
  EXPECT_TRUE(CheckDepartmentAccess(dispatcher, "", "rsg").ok());
  EXPECT_EQ(CheckDepartmentAccess(dispatcher, "czj", "ysg").code(),
            absl::StatusCode::kPermissionDenied);
  v1::Actor overseer = AgencyActor("m1", "manager", "zfb");
  overseer.set_county_wide(true);
  EXPECT_TRUE(CheckDepartmentAccess(overseer, "czj", "ysg").ok());
}

TEST(AccessPolicy, TheCountyViewsAreGrantedToManagers) {
  for (const char* method : {"GetCountyOverview", "GetBulletin"}) {
    EXPECT_TRUE(AuthorizeCall(method, Claims({"manager"})).ok()) << method;
    EXPECT_EQ(AuthorizeCall(method, Claims({"head"})).status().code(),
              absl::StatusCode::kPermissionDenied)
        << method;
  }
  EXPECT_TRUE(AuthorizeCall("PublishAnnualReport", Claims({"head"})).ok());
  EXPECT_TRUE(AuthorizeCall("PublishAnnualReport", Claims({"manager"})).ok());
  EXPECT_EQ(AuthorizeCall("PublishAnnualReport", Claims({"clerk"})).status().code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace gongkai
