// Who may do what, through the real services: every RPC against every role, sign-in and
// sessions, and the department and registration scopes.
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "audit/history_chain.h"
#include "auth/access_policy.h"
#include "auth/personal_data.h"
#include "base/text_file.h"
#include "google/protobuf/descriptor.h"
#include "redis/case_store.h"
#include "redis/keys.h"
#include "rules/case_number.h"
#include "rules/staff_labels.h"
#include "staff.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

// Calls `method` with an empty request (the bytes of a message with no field set).
grpc::Status CallEmpty(TestStack& stack, const MethodPolicy& policy, const std::string& token) {
  std::unique_ptr<grpc::ClientContext> context = TestStack::WithToken(token);
  // An admitted server-streaming call (WatchNotices) goes on until the client leaves: a short
  // deadline ends it with DEADLINE_EXCEEDED, which is neither a refusal nor UNAUTHENTICATED.
  const google::protobuf::MethodDescriptor* method =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          absl::StrCat("gongkai.v1.", policy.service, ".", policy.method));
  if (method != nullptr && method->server_streaming()) {
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
  }
  grpc::Slice nothing("", 0);
  return CallRaw(stack.port(ProcessOfService().at(std::string(policy.service))),
                 absl::StrCat("/gongkai.v1.", policy.service, "/", policy.method),
                 grpc::ByteBuffer(&nothing, 1), context.get());
}

bool Grants(const MethodPolicy& policy, absl::string_view role) {
  for (const RoleGrant& grant : policy.grants) {
    if (grant.role == role) return true;
  }
  return false;
}

TEST(Access, EveryRpcAdmitsExactlyTheRolesOfThePolicy) {
  TestStack stack;
  stack.StartAll();
  int refused = 0;
  for (const MethodPolicy& policy : AccessPolicy()) {
    // No token at all: only sign-in is open.
    const grpc::Status anonymous = CallEmpty(stack, policy, "");
    if (policy.open) {
      EXPECT_NE(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED) << policy.method;
    } else {
      EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED) << policy.method;
    }
    for (const char* role : kRoles) {
      const std::string department = std::string(role) == "officer" ? "czj" : "";
      // The manager of the county's disclosure office: the one a manager's grant reaches
      // furthest (the county's views answer no other manager).
      const bool county_wide = std::string(role) == "manager";
      const grpc::Status status =
          CallEmpty(stack, policy,
                    StaffToken(TestTokenKeys(), absl::StrCat("u-", role), {role}, department,
                               absl::Hours(1), county_wide ? "zfb" : kTestAgency, county_wide));
      const std::string where =
          absl::StrCat(policy.method, " as ", role, ": ", status.error_message());
      if (policy.open || Grants(policy, role)) {
        // Past the gate: whatever the empty request earns, it is not a refusal.
        EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << where;
        EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << where;
      } else {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << where;
        // In staff's words: the step, and the role that may not take it.
        EXPECT_TRUE(absl::StrContains(status.error_message(), Quoted(CallLabel(policy.method))))
            << where;
        EXPECT_TRUE(absl::StrContains(status.error_message(),
                                      absl::StrCat("您的角色（", RoleLabel(role), "）")))
            << where;
        ++refused;
      }
    }
  }
  EXPECT_GT(refused, 150);
  // Each refusal is itself recorded.
  EXPECT_EQ(stack.redis().Command({"XLEN", keys::Denied()})->integer(), refused);
}

TEST(Access, OverTlsAPlaintextClientGetsNowhere) {
  if (!TestOverTls()) GTEST_SKIP() << "only when the suite runs over TLS (integration_over_tls)";
  TestStack stack;
  stack.Start("intake");
  auto plaintext = grpc::CreateChannel(absl::StrCat("127.0.0.1:", stack.port("intake")),
                                       grpc::InsecureChannelCredentials());
  auto intake = v1::IntakeService::NewStub(plaintext);
  v1::GetCaseRequest request;
  request.set_case_number("2026-000001");
  v1::Case found;
  EXPECT_EQ(intake->GetCase(TestStack::As("m1", "manager").get(), request, &found).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST(Access, TokensThatExpiredOrWereForgedAreRefused) {
  TestStack stack;
  stack.Start("intake");
  v1::GetCaseRequest request;
  request.set_case_number("2026-000001");
  v1::Case found;
  grpc::Status expired = stack.intake().GetCase(
      TestStack::WithToken(TestToken("m1", {"manager"}, "", absl::Minutes(-1))).get(), request,
      &found);
  EXPECT_EQ(expired.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(expired.error_message(), "登录已过期，请重新登录");

  const TokenKeys forger = GenerateTokenKeys();
  grpc::Status forged = stack.intake().GetCase(
      TestStack::WithToken(StaffToken(forger, "m1", {"manager"})).get(), request, &found);
  EXPECT_EQ(forged.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(forged.error_message(), "登录令牌无效（签名不符），请重新登录");

  grpc::Status garbage =
      stack.intake().GetCase(TestStack::WithToken("not-a-token").get(), request, &found);
  EXPECT_EQ(garbage.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST(Access, AccountsSignInSignOutAndDisabling) {
  TestStack stack;
  stack.StartAll();
  // The first account, an administrator, needs no token; after it, none may be added so.
  v1::AddUserRequest first;
  first.mutable_account()->set_user_id("admin");
  first.mutable_account()->set_display_name("系统管理员");
  first.mutable_account()->add_roles("admin");
  first.set_password("first-admin-password");
  v1::UserAccount added;
  grpc::Status status = stack.account().AddUser(TestStack::WithToken("").get(), first, &added);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(added.created_by(), "set-up");
  first.mutable_account()->set_user_id("intruder");
  EXPECT_EQ(stack.account().AddUser(TestStack::WithToken("").get(), first, &added).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  v1::LoginResponse admin;
  ASSERT_TRUE(Login(stack, "admin", "first-admin-password", &admin).ok());
  EXPECT_EQ(admin.account().roles(0), "admin");

  v1::AddUserRequest clerk;
  clerk.mutable_account()->set_user_id("w1");
  clerk.mutable_account()->set_display_name("窗口一");
  clerk.mutable_account()->add_roles("clerk");
  clerk.set_password("window-one-password");
  status = stack.account().AddUser(TestStack::WithToken(admin.token()).get(), clerk, &added);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(added.created_by(), "admin");
  v1::ListUsersResponse users;
  ASSERT_TRUE(
      stack.account().ListUsers(TestStack::WithToken(admin.token()).get(), {}, &users).ok());
  ASSERT_EQ(users.users_size(), 2);
  // Stored as an argon2id hash, never as given.
  const auto stored = stack.redis().Command({"HGET", keys::User("w1"), "pwhash"});
  EXPECT_TRUE(absl::StartsWith(stored->str(), "$argon2id$")) << stored->str();

  v1::LoginResponse session;
  for (const auto& [user, password] : std::vector<std::pair<std::string, std::string>>{
           {"w1", "wrong-password-here"}, {"nobody", "window-one-password"}}) {
    status = Login(stack, user, password, &session);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << user;
    EXPECT_EQ(status.error_message(), "用户名或密码不正确，或账户已停用");
  }

  // A session works until it is signed out.
  ASSERT_TRUE(Login(stack, "w1", "window-one-password", &session).ok());
  v1::RegisterResponse registered;
  status = stack.intake().Register(TestStack::WithToken(session.token()).get(),
                                   SampleRegistration("access-w1-1", "县财政预算"), &registered);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::LogoutResponse out;
  ASSERT_TRUE(stack.account().Logout(TestStack::WithToken(session.token()).get(), {}, &out).ok());
  v1::GetCaseRequest get;
  get.set_case_number(registered.case_().case_number());
  v1::Case found;
  EXPECT_TRUE(RefusedSoon([&] {
    return stack.intake().GetCase(TestStack::WithToken(session.token()).get(), get, &found);
  }));

  // Disabling ends every session of the account and refuses the next sign-in.
  ASSERT_TRUE(Login(stack, "w1", "window-one-password", &session).ok());
  ASSERT_TRUE(
      stack.intake().GetCase(TestStack::WithToken(session.token()).get(), get, &found).ok());
  v1::DisableUserRequest disable;
  disable.set_user_id("w1");
  ASSERT_TRUE(
      stack.account().DisableUser(TestStack::WithToken(admin.token()).get(), disable, &added).ok());
  EXPECT_TRUE(added.disabled());
  EXPECT_TRUE(RefusedSoon([&] {
    return stack.intake().GetCase(TestStack::WithToken(session.token()).get(), get, &found);
  }));
  EXPECT_EQ(Login(stack, "w1", "window-one-password", &session).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST(Access, OfficersActOnlyInTheirDepartmentAndClerksSeeOnlyTheirCases) {
  TestStack stack;
  stack.StartAll();
  const std::string number = RegisterSample(stack, "access-scope-1");  // by window01, to czj
  WaitForState(stack, number, v1::CASE_STATE_ASSIGNED);

  v1::AcceptRequest accept;
  accept.set_case_number(number);
  v1::CaseAck ack;
  grpc::Status status =
      stack.routing().Accept(TestStack::As("jyj-li", "officer", "jyj").get(), accept, &ack);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(status.error_message(),
            absl::StrCat("案件 ", number,
                         " 不由本部门办理，您不能进行“部门接收”；如认为应由本部门办理，请联系分办"
                         "人员分派"));
  const std::string status_seen_by_officer = status.error_message();
  // The log says it in English, and never the Chinese text staff read.
  absl::StatusOr<std::string> log = ReadTextFile(absl::StrCat(stack.dir(), "/routing.log"));
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_TRUE(absl::StrContains(
      *log, absl::StrCat("event=call_refused method=Accept user=jyj-li role=officer error=\"case ",
                         number, " is not held by department jyj\"")))
      << *log;
  EXPECT_FALSE(absl::StrContains(*log, "不由本部门办理")) << *log;
  status = stack.routing().Accept(TestStack::As("czj-li", "officer", "czj").get(), accept, &ack);
  EXPECT_TRUE(status.ok()) << status.error_message();

  v1::DepartmentQueueRequest queue;
  queue.set_department("czj");
  v1::QueueResponse listed;
  EXPECT_EQ(
      stack.routing()
          .ListDepartmentQueue(TestStack::As("jyj-li", "officer", "jyj").get(), queue, &listed)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(
      stack.routing()
          .ListDepartmentQueue(TestStack::As("czj-li", "officer", "czj").get(), queue, &listed)
          .ok());

  v1::GetCaseRequest get;
  get.set_case_number(number);
  v1::Case found;
  EXPECT_TRUE(stack.intake().GetCase(TestStack::As("window01", "clerk").get(), get, &found).ok());
  EXPECT_EQ(
      stack.intake().GetCase(TestStack::As("window02", "clerk").get(), get, &found).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  // Only the window and the department see the applicant's identity number and contact details.
  v1::Case by_clerk, by_officer, by_manager, by_reviewer;
  ASSERT_TRUE(
      stack.intake().GetCase(TestStack::As("window01", "clerk").get(), get, &by_clerk).ok());
  ASSERT_TRUE(stack.intake()
                  .GetCase(TestStack::As("czj-li", "officer", "czj").get(), get, &by_officer)
                  .ok());
  ASSERT_TRUE(stack.intake().GetCase(TestStack::As("m1", "manager").get(), get, &by_manager).ok());
  ASSERT_TRUE(
      stack.intake().GetCase(TestStack::As("r1", "reviewer").get(), get, &by_reviewer).ok());
  const v1::Applicant& full = by_clerk.applicant();
  EXPECT_EQ(full.id_number(), SampleRegistration("x", "y").applicant().id_number());
  EXPECT_EQ(by_officer.applicant().id_number(), full.id_number());
  for (const v1::Case* masked : {&by_manager, &by_reviewer}) {
    EXPECT_EQ(masked->applicant().name(), full.name());
    EXPECT_EQ(masked->applicant().id_number(), MaskIdentityNumber(full.id_number()));
    EXPECT_EQ(masked->applicant().phone(), MaskPhone(full.phone()));
    EXPECT_EQ(masked->applicant().address(), MaskAddress(full.address()));
    EXPECT_NE(masked->applicant().id_number(), full.id_number());
  }

  // The refusals are on record: who, in what role, calling what.
  auto recorded = stack.redis().Command({"XRANGE", keys::Denied(), "-", "+"});
  ASSERT_TRUE(recorded.ok());
  ASSERT_EQ(recorded->size(), 3u);
  std::map<std::string, std::string> first;
  const RedisReply fields = recorded->element(0).element(1);
  for (size_t i = 0; i + 1 < fields.size(); i += 2) {
    first[std::string(fields.element(i).str())] = std::string(fields.element(i + 1).str());
  }
  EXPECT_EQ(first["user"], "jyj-li");
  EXPECT_EQ(first["role"], "officer");
  EXPECT_EQ(first["method"], "Accept");
  // The reason as the officer read it.
  EXPECT_EQ(first["reason"], status_seen_by_officer);
}

TEST(RedisUsers, TheServicesUserReachesOnlyItsKeysAndCommandsAndNobodyGetsInWithout) {
  TestStack stack;  // Redis with the deployment's users
  RedisOptions anonymous;
  anonymous.unix_socket = stack.redis_socket();
  RedisConnection nobody(anonymous);
  auto refused = nobody.Command({"GET", "gk:{p01}:case:2026-000001"});
  ASSERT_TRUE(refused.ok());
  EXPECT_TRUE(refused->is_error());
  EXPECT_TRUE(absl::StartsWith(refused->str(), "NOAUTH")) << refused->str();

  RedisConnection service(stack.ServiceOptions());
  auto allowed = service.Command({"HSET", "gk:{p01}:case:2026-000001", "state", "1"});
  ASSERT_TRUE(allowed.ok());
  EXPECT_FALSE(allowed->is_error()) << allowed->str();
  for (const std::vector<absl::string_view>& forbidden :
       std::vector<std::vector<absl::string_view>>{{"FLUSHALL"},
                                                   {"SET", "other:key", "1"},
                                                   {"KEYS", "*"},
                                                   {"CONFIG", "GET", "dir"},
                                                   {"DEL", "gk:{p01}:case:2026-000001"}}) {
    auto reply = service.Command(forbidden);
    ASSERT_TRUE(reply.ok());
    EXPECT_TRUE(absl::StartsWith(reply->str(), "NOPERM")) << forbidden[0] << ": " << reply->str();
  }
}

TEST(Audit, AReadingMadeOnAStaleHeadIsChainedOnTheNewOne) {
  TestStack stack;
  stack.Start("intake");
  const std::string number = RegisterSample(stack, "audit-stale-1");
  CaseStore store(stack.redis());
  v1::PersonalDataRead read;
  read.set_at("2026-11-28T10:00:00Z");
  read.set_method("GetCase");
  read.mutable_actor()->set_user_id("window01");
  ASSERT_TRUE(store.RecordPersonalDataRead(number, read, "").ok());
  // A second reading loaded the case before the first was recorded: its head is stale.
  read.mutable_actor()->set_user_id("window02");
  ASSERT_TRUE(store.RecordPersonalDataRead(number, read, "").ok());
  absl::StatusOr<v1::Case> stored = store.Load(number, /*with_events=*/true);
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_EQ(stored->personal_data_reads_size(), 2);
  EXPECT_EQ(stored->personal_data_reads(1).actor().user_id(), "window02");
  EXPECT_EQ(stored->personal_data_reads(1).prev_hash(), stored->personal_data_reads(0).hash());
  EXPECT_TRUE(VerifyHistory(*stored).ok()) << VerifyHistory(*stored);
  EXPECT_EQ(store.RecordPersonalDataRead("2026-999999", read, "").code(),
            absl::StatusCode::kNotFound);
}

TEST(Audit, AnEventEditedOrRemovedInRedisIsFoundByAuditVerify) {
  TestStack stack;
  stack.StartAll();
  const std::string intact = RegisterSample(stack, "audit-intact-1");
  const std::string edited = RegisterSample(stack, "audit-edited-1");
  const std::string cut = RegisterSample(stack, "audit-cut-1");
  for (const std::string& number : {intact, edited, cut}) {
    WaitForState(stack, number, v1::CASE_STATE_ASSIGNED);
  }
  // The tracker checks the chains (ReportService.VerifyAudit); the client prints its answer.
  const std::string manager = absl::StrCat("--token_file=", TestTokenFile("m1", "manager"),
                                           " --tracker=127.0.0.1:", stack.port("tracker"));
  const std::string verify_year =
      absl::StrCat(manager, " audit verify --year=", ParseCaseNumber(intact)->year);
  int exit_status = -1;
  std::string output = RunCli(verify_year, &exit_status);
  EXPECT_EQ(exit_status, 0) << output;
  EXPECT_TRUE(absl::StrContains(output, "已核验 3 件：办理记录完整 3 件，断开 0 件")) << output;

  // The window reads the applicant's details of one case unmasked: on record, chained; the
  // manager's masked reading is not such a read.
  v1::GetCaseRequest get;
  get.set_case_number(intact);
  v1::Case seen;
  ASSERT_TRUE(stack.intake().GetCase(TestStack::As("window01", "clerk").get(), get, &seen).ok());
  ASSERT_TRUE(stack.intake().GetCase(TestStack::As("m1", "manager").get(), get, &seen).ok());
  ASSERT_EQ(seen.personal_data_reads_size(), 1);
  EXPECT_EQ(seen.personal_data_reads(0).actor().user_id(), "window01");
  EXPECT_EQ(seen.personal_data_reads(0).actor().role(), "clerk");
  EXPECT_EQ(seen.personal_data_reads(0).method(), "GetCase");
  EXPECT_EQ(seen.reads_head(), seen.personal_data_reads(0).hash());
  output = RunCli(verify_year, &exit_status);
  EXPECT_EQ(exit_status, 0) << output;

  // Someone with access to Redis rewrites who routed a case, and drops another's last event.
  const std::string events = keys::Events(*ParseCaseNumber(edited));
  auto stored = stack.redis().Command({"LINDEX", events, "1"});
  v1::CaseEvent event;
  ASSERT_TRUE(event.ParseFromString(std::string(stored->str())));
  // Redis keeps an event's own hash only; the link to the event before comes back on reading.
  EXPECT_EQ(event.prev_hash(), "");
  ASSERT_EQ(seen.events_size(), 2);
  EXPECT_EQ(seen.events(1).prev_hash(), seen.events(0).hash());
  EXPECT_EQ(seen.events(0).prev_hash(), "");
  event.mutable_actor()->set_user_id("svc:someone-else");
  ASSERT_TRUE(stack.redis().Command({"LSET", events, "1", event.SerializeAsString()}).ok());
  ASSERT_TRUE(stack.redis().Command({"RPOP", keys::Events(*ParseCaseNumber(cut))}).ok());
  // ... and erases the window's reading of the intact one.
  ASSERT_TRUE(stack.redis().Command({"DEL", keys::Reads(*ParseCaseNumber(intact))}).ok());

  output = RunCli(verify_year, &exit_status);
  EXPECT_EQ(exit_status, 1) << output;
  EXPECT_TRUE(absl::StrContains(
      output, absl::StrCat(edited, "  记录断开  第2条办理记录（Route，版本2）被改动：哈希值不符")))
      << output;
  EXPECT_TRUE(absl::StrContains(
      output, absl::StrCat(cut, "  记录断开  办理记录只有1条，案件却已到版本2：最后的记录被删除")))
      << output;
  EXPECT_TRUE(absl::StrContains(
      output, absl::StrCat(intact, "  记录断开  最后一条个人信息查阅记录不是案件登记的最后一条")))
      << output;
  EXPECT_TRUE(absl::StrContains(output, "已核验 3 件：办理记录完整 0 件，断开 3 件")) << output;

  // Cases named by hand, one of which does not exist.
  output = RunCli(absl::StrCat(manager, " audit verify ", edited, " 2026-999999"), &exit_status);
  EXPECT_EQ(exit_status, 1) << output;
  EXPECT_TRUE(absl::StrContains(output, "2026-999999  案件不存在")) << output;
  EXPECT_TRUE(absl::StrContains(output, "已核验 1 件：办理记录完整 0 件，断开 1 件")) << output;
}

}  // namespace
}  // namespace gongkai::testing
