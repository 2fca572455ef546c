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
  // With UpdateUser, SearchCases, VerifyAudit and FindEarlierRequests.
  EXPECT_EQ(in_protos.size(), 56u);
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
  EXPECT_TRUE(CheckDepartmentAccess(officer, "jyj").ok());
  const absl::Status other_queue = CheckDepartmentAccess(officer, "czj");
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
  registered.set_registered_by("w1");
  v1::Actor clerk = StaffActor("w1", "clerk");
  EXPECT_TRUE(CheckCaseAccess("GetCase", clerk, registered).ok());
  clerk.set_user_id("w2");
  EXPECT_EQ(CheckCaseAccess("GetCase", clerk, registered).message(),
            "案件 2026-000002 不是您登记的；窗口受理只能对本人登记的案件进行“查看案件”");
  EXPECT_TRUE(CheckCaseAccess("GetCase", StaffActor("m1", "manager"), registered).ok());
}

}  // namespace
}  // namespace gongkai
