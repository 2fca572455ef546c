// The console's HTTP API without a browser: the generic gateway reaches every unary RPC and
// answers as the service does, and refuses without a session, without the CSRF token, and with
// malformed JSON; sessions live in an HttpOnly cookie, name the person's agency and end
// everywhere at sign-out; live events, printable documents (the county's overview and 通报 for
// the county disclosure office's managers only) and the security headers.
#include <arpa/inet.h>
#include <grpcpp/support/byte_buffer.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gongkai/v1/account.pb.h"
#include "gongkai/v1/intake.pb.h"
#include "gongkai/v1/reply.pb.h"
#include "gongkai/v1/report.pb.h"
#include "gongkai/v1/review.pb.h"
#include "gongkai/v1/routing.pb.h"
#include "gongkai/v1/tracker.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "http_errors.h"
#include "sample_registration.h"
#include "staff.h"
#include "test_console.h"

namespace gongkai::testing {
namespace {

using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;

// The services the console relays to (every service of the system), and the process serving each.
struct RelayedService {
  const ServiceDescriptor* service;
  std::string process;
};

std::vector<RelayedService> RelayedServices() {
  std::vector<RelayedService> relayed;
  for (const auto& [name, process] : ProcessOfService()) {
    relayed.push_back({google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
                           "gongkai.v1." + name),
                       process});
  }
  return relayed;
}

// Login and Logout go through /api/session, WatchCase through /api/events/case/<number>.
bool HasOwnRoute(const MethodDescriptor& method) {
  const std::string& service = method.service()->name();
  return (service == "AccountService" && (method.name() == "Login" || method.name() == "Logout")) ||
         (service == "TrackerService" && method.name() == "WatchCase");
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &json).ok());
  return json;
}

// Sends `request` on a new plain TCP connection and returns everything the console answers
// until it closes the connection (at most five seconds).
std::string RawExchange(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string answer;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    timeval wait{.tv_sec = 5, .tv_usec = 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    char buffer[4096];
    for (ssize_t got; (got = recv(fd, buffer, sizeof buffer, 0)) > 0;) answer.append(buffer, got);
  }
  close(fd);
  return answer;
}

// Whether `condition` holds within five seconds.
bool Eventually(const std::function<bool()>& condition) {
  const absl::Time give_up = absl::Now() + absl::Seconds(5);
  while (absl::Now() < give_up) {
    if (condition()) return true;
    absl::SleepFor(absl::Milliseconds(100));
  }
  return false;
}

std::string RegistrationJson(const std::string& request_id, const std::string& description) {
  return ToJson(SampleRegistration(request_id, description));
}

class ConsoleApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_.StartAll();
    console_ = std::make_unique<TestConsole>(stack_);
    ASSERT_GT(console_->port(), 0);
  }

  // A browser holding a session of `user` in `roles` (a token as sign-in would issue it).
  std::unique_ptr<ConsoleBrowser> BrowserAs(const std::string& user,
                                            const std::vector<std::string>& roles,
                                            const std::string& department = "") {
    auto browser = std::make_unique<ConsoleBrowser>(*console_);
    browser->UseSessionToken(TestToken(user, roles, department));
    EXPECT_EQ(browser->Session().status, 200);
    return browser;
  }

  // Creates the office's administrator and one more account; returns nothing, fails the test if
  // the accounts cannot be made.
  void AddAccount(const std::string& user, const std::string& role, const std::string& password,
                  const std::string& department = "") {
    v1::AddUserRequest request;
    request.mutable_account()->set_user_id(user);
    request.mutable_account()->set_display_name(absl::StrCat(user, "（测试）"));
    request.mutable_account()->add_roles(role);
    request.mutable_account()->set_department(department);
    request.set_password(password);
    v1::UserAccount added;
    grpc::Status status =
        stack_.account().AddUser(TestStack::As("root", "admin").get(), request, &added);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // A browser holding a session of a manager of the county's disclosure office (县人民政府办公室,
  // whose managers see every agency), as sign-in issues it.
  std::unique_ptr<ConsoleBrowser> CountyWideManager(const std::string& user) {
    auto browser = std::make_unique<ConsoleBrowser>(*console_);
    browser->UseSessionToken(
        StaffToken(TestTokenKeys(), user, {"manager"}, "", absl::Hours(1), "zfb", true));
    EXPECT_EQ(browser->Session().status, 200);
    return browser;
  }

  TestStack stack_;
  std::unique_ptr<TestConsole> console_;
};

TEST_F(ConsoleApiTest, EveryUnaryRpcIsReachableAndAnswersAsTheServiceDoes) {
  const std::vector<std::string> roles = {"clerk", "dispatcher", "reviewer",
                                          "head",  "manager",    "admin"};
  auto browser = BrowserAs("all-roles", roles);
  ConsoleBrowser no_session(*console_);
  const std::string token = TestToken("all-roles", roles);
  int relayed = 0;
  for (const RelayedService& relayed_service : RelayedServices()) {
    ASSERT_NE(relayed_service.service, nullptr);
    for (int i = 0; i < relayed_service.service->method_count(); ++i) {
      const MethodDescriptor& method = *relayed_service.service->method(i);
      const std::string path =
          absl::StrCat(relayed_service.service->full_name(), "/", method.name());
      SCOPED_TRACE(path);
      if (method.server_streaming() || method.client_streaming() || HasOwnRoute(method)) {
        // Streams go through /api/events; signing in and out through /api/session.
        EXPECT_EQ(browser->Call(path, "{}").status, 404);
        continue;
      }
      ++relayed;
      ConsoleAnswer anonymous = no_session.Post(absl::StrCat("/api/rpc/", path), "{}", {});
      EXPECT_EQ(anonymous.status, 401);
      EXPECT_EQ(JsonField(anonymous.body, "error.code"), "UNAUTHENTICATED");
      ConsoleAnswer without_csrf = browser->Post(absl::StrCat("/api/rpc/", path), "{}", {});
      EXPECT_EQ(without_csrf.status, 403);
      EXPECT_TRUE(absl::StrContains(without_csrf.body, "X-CSRF-Token")) << without_csrf.body;
      ConsoleAnswer wrong_csrf =
          browser->Post(absl::StrCat("/api/rpc/", path), "{}", {{"X-CSRF-Token", "not-the-token"}});
      EXPECT_EQ(wrong_csrf.status, 403);

      // The same empty request straight to the service: the gateway answers what it answers.
      grpc::Slice no_bytes("");
      grpc::ByteBuffer empty(&no_bytes, 1);
      auto context = TestStack::WithToken(token);
      grpc::Status direct = CallRaw(stack_.port(relayed_service.process), absl::StrCat("/", path),
                                    empty, context.get());
      ConsoleAnswer answer = browser->Call(path, "{}");
      EXPECT_EQ(answer.status, console::HttpStatusOf(direct.error_code())) << answer.body;
      if (!direct.ok()) {
        EXPECT_EQ(JsonField(answer.body, "error.message"), direct.error_message()) << answer.body;
      }
    }
  }
  EXPECT_GE(relayed, 50);
}

TEST_F(ConsoleApiTest, MalformedJsonIsRefusedNamingTheProblem) {
  auto clerk = BrowserAs("w1", {"clerk"});
  ConsoleAnswer truncated = clerk->Call("gongkai.v1.IntakeService/Register", "{\"request_id\":");
  EXPECT_EQ(truncated.status, 400);
  EXPECT_EQ(JsonField(truncated.body, "error.code"), "INVALID_ARGUMENT");
  EXPECT_TRUE(absl::StrContains(JsonField(truncated.body, "error.message"), "JSON"));

  ConsoleAnswer unknown_field =
      clerk->Call("gongkai.v1.IntakeService/GetCase", R"({"case_numbr":"2026-000001"})");
  EXPECT_EQ(unknown_field.status, 400);
  EXPECT_TRUE(absl::StrContains(JsonField(unknown_field.body, "error.message"), "case_numbr"))
      << unknown_field.body;

  ConsoleAnswer wrong_type =
      clerk->Call("gongkai.v1.IntakeService/GetCase", R"({"case_number":{"a":1}})");
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_TRUE(absl::StrContains(JsonField(wrong_type.body, "error.message"), "case_number"))
      << wrong_type.body;

  ConsoleAnswer form_post =
      clerk->Post("/api/rpc/gongkai.v1.IntakeService/GetCase", "case_number=2026-000001",
                  {{"X-CSRF-Token", clerk->csrf_token()}}, "application/x-www-form-urlencoded");
  EXPECT_EQ(form_post.status, 400);

  ConsoleAnswer unknown_method = clerk->Call("gongkai.v1.IntakeService/Unregister", "{}");
  EXPECT_EQ(unknown_method.status, 404);
  EXPECT_EQ(JsonField(unknown_method.body, "error.code"), "NOT_FOUND");
}

TEST_F(ConsoleApiTest, ABadIdNumberIsReportedAtItsFieldAndNothingIsWritten) {
  auto clerk = BrowserAs("w1", {"clerk"});
  v1::RegisterRequest bad = SampleRegistration("console-bad-id", "县财政预算");
  bad.mutable_applicant()->set_id_number("110105194912310021");  // check digit should be X
  ConsoleAnswer refused = clerk->Call("gongkai.v1.IntakeService/Register", ToJson(bad));
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(JsonField(refused.body, "error.field_violations.0.field"), "applicant.id_number")
      << refused.body;
  EXPECT_FALSE(JsonField(refused.body, "error.field_violations.0.description").empty());

  // Nothing was written: the first registration that passes gets the year's first number.
  ConsoleAnswer registered = clerk->Call("gongkai.v1.IntakeService/Register",
                                         RegistrationJson("console-good-id", "县财政预算"));
  ASSERT_EQ(registered.status, 200) << registered.body;
  EXPECT_TRUE(absl::EndsWith(JsonField(registered.body, "case.case_number"), "-000001"))
      << registered.body;
}

TEST_F(ConsoleApiTest, SignInSetsAnHttpOnlyStrictCookieAndSignOutEndsEverySession) {
  AddAccount("chuangkou01", "clerk", "correct horse battery");
  ConsoleBrowser first(*console_);
  ConsoleAnswer wrong = first.SignIn("chuangkou01", "wrong password!!");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_TRUE(wrong.Header("Set-Cookie").empty());

  ConsoleAnswer signed_in = first.SignIn("chuangkou01", "correct horse battery");
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  const std::string cookie = signed_in.Header("Set-Cookie");
  EXPECT_TRUE(absl::StartsWith(cookie, "gk_session=gk1.")) << cookie;
  EXPECT_TRUE(absl::StrContains(cookie, "; HttpOnly")) << cookie;
  EXPECT_TRUE(absl::StrContains(cookie, "; SameSite=Strict")) << cookie;
  EXPECT_TRUE(absl::StrContains(cookie, "; Path=/")) << cookie;
  EXPECT_EQ(absl::StrContains(cookie, "; Secure"), console_->tls()) << cookie;
  // The token itself is never in the body, where a script could read it.
  EXPECT_FALSE(absl::StrContains(signed_in.body, first.session_token()));
  EXPECT_EQ(JsonField(signed_in.body, "user.user_id"), "chuangkou01");
  EXPECT_EQ(JsonField(signed_in.body, "user.roles.0"), "clerk");
  EXPECT_FALSE(first.csrf_token().empty());

  ConsoleBrowser second(*console_);
  ASSERT_EQ(second.SignIn("chuangkou01", "correct horse battery").status, 200);
  ASSERT_EQ(second.Session().status, 200);

  // Signing out needs the CSRF token too.
  EXPECT_EQ(first.Delete("/api/session", {}).status, 403);
  ConsoleAnswer signed_out = first.SignOut();
  EXPECT_EQ(signed_out.status, 200);
  EXPECT_TRUE(absl::StrContains(signed_out.Header("Set-Cookie"), "Max-Age=0"));

  // Every service reads the ended sessions again within a second.
  EXPECT_TRUE(Eventually([&] { return first.Session().status == 401; }));
  EXPECT_TRUE(Eventually([&] { return second.Session().status == 401; }));
  EXPECT_TRUE(Eventually([&] {
    ConsoleAnswer after =
        second.Call("gongkai.v1.IntakeService/GetCase", R"({"case_number":"2026-000001"})");
    return after.status == 401 && JsonField(after.body, "error.code") == "UNAUTHENTICATED";
  }));
  // Without its CSRF token too, an ended session is told to sign in again, not to reload.
  ConsoleAnswer tokenless = second.Post("/api/rpc/gongkai.v1.IntakeService/GetCase", "{}", {});
  EXPECT_EQ(tokenless.status, 401) << tokenless.body;
}

TEST_F(ConsoleApiTest, RepeatedFailedSignInsAreRefusedForAWhile) {
  AddAccount("chuangkou02", "clerk", "correct horse battery");
  ConsoleBrowser browser(*console_);
  // Five failures within the window lock the account (services/common/auth/sign_in_limits.h).
  for (int attempt = 1; attempt <= 5; ++attempt) {
    SCOPED_TRACE(attempt);
    EXPECT_EQ(browser.SignIn("chuangkou02", "not the password").status, 401);
  }
  ConsoleAnswer locked = browser.SignIn("chuangkou02", "correct horse battery");
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(JsonField(locked.body, "error.code"), "RESOURCE_EXHAUSTED");
  EXPECT_TRUE(absl::StartsWith(JsonField(locked.body, "error.message"), "登录尝试过于频繁"))
      << locked.body;
  EXPECT_TRUE(locked.Header("Set-Cookie").empty());
}

TEST_F(ConsoleApiTest, AnOfficerOfAnotherDepartmentCannotOpenTheCase) {
  const std::string number =
      RegisterSample(stack_, "console-dept-check", "县财政局2025年三公经费决算");
  ASSERT_FALSE(number.empty());
  const v1::Case routed = WaitForState(stack_, number, v1::CASE_STATE_ASSIGNED);
  ASSERT_EQ(routed.department(), "czj");

  auto own = BrowserAs("czj-1", {"officer"}, "czj");
  ConsoleAnswer opened = own->Call("gongkai.v1.IntakeService/GetCase",
                                   absl::StrCat(R"({"case_number":")", number, R"("})"));
  EXPECT_EQ(opened.status, 200) << opened.body;
  EXPECT_EQ(JsonField(opened.body, "state"), "CASE_STATE_ASSIGNED");

  auto other = BrowserAs("jyj-1", {"officer"}, "jyj");
  ConsoleAnswer refused = other->Call("gongkai.v1.IntakeService/GetCase",
                                      absl::StrCat(R"({"case_number":")", number, R"("})"));
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(JsonField(refused.body, "error.code"), "PERMISSION_DENIED");
  ConsoleAnswer printed =
      other->Get(absl::StrCat("/print/document?case=", number, "&kind=DOCUMENT_KIND_RECEIPT"));
  EXPECT_EQ(printed.status, 403);
  // In the tab opened for printing, the refusal is a page in Chinese, not the API's JSON.
  EXPECT_TRUE(absl::StartsWith(printed.Header("Content-Type"), "text/html"));
  EXPECT_TRUE(absl::StrContains(printed.body, "无法打印")) << printed.body;
  // The case's event stream is refused before it starts: an HTTP error, not a stream.
  ConsoleAnswer watched = other->Get(absl::StrCat("/api/events/case/", number));
  EXPECT_EQ(watched.status, 403) << watched.body;
  EXPECT_EQ(JsonField(watched.body, "error.code"), "PERMISSION_DENIED");
}

TEST_F(ConsoleApiTest, CaseChangesArriveAsServerSentEvents) {
  // The window clerk who registered it (RegisterSample registers at window01) may watch it.
  const std::string number =
      RegisterSample(stack_, "console-events-1", "县财政局2025年三公经费决算");
  ASSERT_FALSE(number.empty());
  auto clerk = BrowserAs("window01", {"clerk"});
  // Version 1 is the registration; routing's step makes version 2.
  const std::string events = clerk->ReadEvents(
      absl::StrCat("/api/events/case/", number, "?after_version=1"), "}\n\n", absl::Seconds(10));
  // The browser retries a stream that ends no sooner than ten seconds later.
  EXPECT_TRUE(absl::StartsWith(events, "retry: 10000\n\n")) << events;
  EXPECT_TRUE(absl::StrContains(events, "event: case\n")) << events;
  EXPECT_TRUE(absl::StrContains(events, absl::StrCat(R"("case_number":")", number))) << events;
  EXPECT_TRUE(absl::StrContains(events, "id: 2\n")) << events;

  ConsoleBrowser anonymous(*console_);
  EXPECT_EQ(anonymous.Get(absl::StrCat("/api/events/case/", number)).status, 401);
}

TEST_F(ConsoleApiTest, DocumentsAndTheReportPrintFromTheirOwnPages) {
  const std::string number = RegisterSample(stack_, "console-print-1");
  ASSERT_FALSE(number.empty());
  auto clerk = BrowserAs("window01", {"clerk"});
  ConsoleAnswer receipt =
      clerk->Get(absl::StrCat("/print/document?case=", number, "&kind=DOCUMENT_KIND_RECEIPT"));
  ASSERT_EQ(receipt.status, 200) << receipt.body;
  EXPECT_TRUE(absl::StartsWith(receipt.Header("Content-Type"), "text/html"));
  EXPECT_TRUE(absl::StrContains(receipt.body, number));
  EXPECT_TRUE(absl::StrContains(receipt.body, "回执")) << receipt.body;
  // A printed page runs no script at all.
  EXPECT_TRUE(absl::StartsWith(receipt.Header("Content-Security-Policy"), "default-src 'none'"));

  ConsoleAnswer bad_kind = clerk->Get(absl::StrCat("/print/document?case=", number, "&kind=X"));
  EXPECT_EQ(bad_kind.status, 400);
  EXPECT_TRUE(absl::StrContains(bad_kind.body, "不是已知的文书种类")) << bad_kind.body;

  auto manager = BrowserAs("m1", {"manager"});
  const std::string year = number.substr(0, 4);
  ConsoleAnswer csv = manager->Get(absl::StrCat("/print/report?year=", year, "&format=csv"));
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_TRUE(absl::StartsWith(csv.Header("Content-Type"), "text/csv"));
  EXPECT_EQ(csv.Header("Content-Disposition"),
            absl::StrCat("attachment; filename=\"annual-report-", year, ".csv\""));
  EXPECT_TRUE(absl::StrContains(csv.body, "本年度办理结果")) << csv.body;
  ConsoleAnswer html = manager->Get(absl::StrCat("/print/report?year=", year, "&format=html"));
  EXPECT_EQ(html.status, 200);
  EXPECT_TRUE(absl::StrContains(html.body, "<table"));
}

TEST_F(ConsoleApiTest, TheSessionNamesThePersonsAgencyAndWhetherTheySeeTheWholeCounty) {
  auto clerk = BrowserAs("w1", {"clerk"});
  ConsoleAnswer own = clerk->Session();
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(JsonField(own.body, "user.agency"), kTestAgency) << own.body;
  EXPECT_EQ(JsonField(own.body, "user.county_wide"), "false") << own.body;

  auto county = CountyWideManager("gk-county");
  ConsoleAnswer overseeing = county->Session();
  ASSERT_EQ(overseeing.status, 200) << overseeing.body;
  EXPECT_EQ(JsonField(overseeing.body, "user.agency"), "zfb") << overseeing.body;
  EXPECT_EQ(JsonField(overseeing.body, "user.county_wide"), "true") << overseeing.body;
}

TEST_F(ConsoleApiTest, AWindowRegistersForAnotherAgencyWhoseOfficersAloneWorkOnIt) {
  auto clerk = BrowserAs("window01", {"clerk"});
  v1::RegisterRequest request =
      SampleRegistration("console-other-agency", "2025年义务教育学区划分");
  request.set_agency("jyj");
  ConsoleAnswer registered = clerk->Call("gongkai.v1.IntakeService/Register", ToJson(request));
  ASSERT_EQ(registered.status, 200) << registered.body;
  const std::string number = JsonField(registered.body, "case.case_number");
  EXPECT_EQ(JsonField(registered.body, "case.agency"), "jyj");
  // The agency's first case: its own running number starts at 1.
  EXPECT_EQ(JsonField(registered.body, "case.agency_sequence"), "1") << registered.body;

  // The clerk who registered it reads it; an officer of the county government's units does not.
  ConsoleAnswer read = clerk->Call("gongkai.v1.IntakeService/GetCase",
                                   absl::StrCat(R"({"case_number":")", number, R"("})"));
  EXPECT_EQ(read.status, 200) << read.body;
  auto stranger = BrowserAs("czj-1", {"officer"}, "czj");
  ConsoleAnswer refused = stranger->Call("gongkai.v1.IntakeService/GetCase",
                                         absl::StrCat(R"({"case_number":")", number, R"("})"));
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_TRUE(absl::StrContains(JsonField(refused.body, "error.message"), "属于其他机关"))
      << refused.body;
  // The county disclosure office's manager reads every agency's cases.
  auto county = CountyWideManager("gk-county");
  EXPECT_EQ(county
                ->Call("gongkai.v1.IntakeService/GetCase",
                       absl::StrCat(R"({"case_number":")", number, R"("})"))
                .status,
            200);
}

TEST_F(ConsoleApiTest, TheCountysOverviewAndBulletinPrintForTheCountyOfficeOnly) {
  ASSERT_FALSE(RegisterSample(stack_, "console-county-1").empty());
  const int year = absl::ToCivilYear(absl::Now(), absl::FixedTimeZone(8 * 3600)).year();
  auto county = CountyWideManager("gk-county");

  ConsoleAnswer csv = county->Get(absl::StrCat("/print/county?year=", year, "&format=csv"));
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_TRUE(absl::StartsWith(csv.Header("Content-Type"), "text/csv"));
  EXPECT_EQ(csv.Header("Content-Disposition"),
            absl::StrCat("attachment; filename=\"county-overview-", year, ".csv\""));
  EXPECT_TRUE(absl::StrContains(csv.body, "县教育局")) << csv.body;
  ConsoleAnswer html = county->Get(absl::StrCat("/print/county?year=", year));
  ASSERT_EQ(html.status, 200) << html.body;
  EXPECT_TRUE(absl::StartsWith(html.Header("Content-Type"), "text/html"));
  EXPECT_TRUE(absl::StrContains(html.body, "<table")) << html.body;
  EXPECT_TRUE(absl::StartsWith(html.Header("Content-Security-Policy"), "default-src 'none'"));

  // Last year's fourth quarter: months that have ended.
  const std::string from = absl::StrCat(year - 1, "-10");
  const std::string to = absl::StrCat(year - 1, "-12");
  ConsoleAnswer bulletin =
      county->Get(absl::StrCat("/print/bulletin?from=", from, "&to=", to, "&format=html"));
  ASSERT_EQ(bulletin.status, 200) << bulletin.body;
  EXPECT_TRUE(absl::StrContains(bulletin.body, "通报")) << bulletin.body;
  ConsoleAnswer bulletin_csv =
      county->Get(absl::StrCat("/print/bulletin?from=", from, "&to=", to, "&format=csv"));
  ASSERT_EQ(bulletin_csv.status, 200) << bulletin_csv.body;
  EXPECT_EQ(bulletin_csv.Header("Content-Disposition"),
            absl::StrCat("attachment; filename=\"bulletin-", from, "-", to, ".csv\""));
  EXPECT_TRUE(absl::StrContains(bulletin_csv.body, "县教育局")) << bulletin_csv.body;

  // The county's totals of the annual report, named so in the file's name.
  ConsoleAnswer totals =
      county->Get(absl::StrCat("/print/report?year=", year, "&agency=*&format=csv"));
  ASSERT_EQ(totals.status, 200) << totals.body;
  EXPECT_EQ(totals.Header("Content-Disposition"),
            absl::StrCat("attachment; filename=\"annual-report-", year, "-county.csv\""));

  // A manager of one agency sees none of these: a page in Chinese, not the API's JSON.
  auto manager = BrowserAs("m1", {"manager"});
  for (const std::string& path : {absl::StrCat("/print/county?year=", year),
                                  absl::StrCat("/print/bulletin?from=", from, "&to=", to),
                                  absl::StrCat("/print/report?year=", year, "&agency=*"),
                                  absl::StrCat("/print/report?year=", year, "&agency=jyj")}) {
    SCOPED_TRACE(path);
    ConsoleAnswer refused = manager->Get(path);
    EXPECT_EQ(refused.status, 403) << refused.body;
    EXPECT_TRUE(absl::StartsWith(refused.Header("Content-Type"), "text/html"));
    EXPECT_TRUE(absl::StrContains(refused.body, "无法打印")) << refused.body;
  }

  // Parameters the console can see are wrong are refused before any call, naming the field.
  ConsoleAnswer bad_month = county->Get("/print/bulletin?from=2026-13&to=2026-03");
  EXPECT_EQ(bad_month.status, 400);
  EXPECT_TRUE(absl::StrContains(bad_month.body, "`from`")) << bad_month.body;
  ConsoleAnswer bad_format = county->Get(absl::StrCat("/print/county?year=", year, "&format=pdf"));
  EXPECT_EQ(bad_format.status, 400);
  EXPECT_TRUE(absl::StrContains(bad_format.body, "`format`")) << bad_format.body;
  ConsoleAnswer bad_agency =
      county->Get(absl::StrCat("/print/report?year=", year, "&agency=%22%3E%3Cscript%3E"));
  EXPECT_EQ(bad_agency.status, 400);
  EXPECT_TRUE(absl::StrContains(bad_agency.body, "`agency`")) << bad_agency.body;
}

TEST_F(ConsoleApiTest, BodiesThatCannotBeBoundedAreRefusedBeforeTheyAreRead) {
  auto clerk = BrowserAs("w1", {"clerk"});
  const std::map<std::string, std::string> csrf = {{"X-CSRF-Token", clerk->csrf_token()}};
  const std::string path = "/api/rpc/gongkai.v1.IntakeService/GetCase";

  if (!console_->tls()) {
    // Announced, not sent: the answer must come before a byte of the body is read. (An HTTP
    // client sending the whole body may see the connection closed under it instead; a socket
    // of our own reads the answer deterministically.)
    const std::string answer = RawExchange(
        console_->port(),
        absl::StrCat("POST ", path, " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: gk_session=",
                     clerk->session_token(), "\r\nX-CSRF-Token: ", clerk->csrf_token(),
                     "\r\nContent-Type: application/json\r\nContent-Length: ", (1 << 20) + 1,
                     "\r\n\r\n"));
    EXPECT_TRUE(absl::StartsWith(answer, "HTTP/1.1 413")) << answer;
    EXPECT_TRUE(absl::StrContains(answer, "RESOURCE_EXHAUSTED")) << answer;
  }

  std::map<std::string, std::string> chunked = csrf;
  chunked["Transfer-Encoding"] = "chunked";
  ConsoleAnswer refused = clerk->Post(path, "{}", chunked);
  EXPECT_EQ(refused.status, 411) << refused.body;

  std::map<std::string, std::string> compressed = csrf;
  compressed["Content-Encoding"] = "gzip";
  ConsoleAnswer inflated = clerk->Post(path, "{}", compressed);
  EXPECT_EQ(inflated.status, 415) << inflated.body;

  // Nothing is compressed, though the browser asks for it: cpp-httplib would compress text/*
  // (the app's files, the event streams, the printed pages) with Brotli at its highest quality.
  // (The JSON answers it leaves alone, whatever the request says.)
  for (const char* compressible : {"/app.js", "/style.css", "/index.html"}) {
    SCOPED_TRACE(compressible);
    ConsoleAnswer plain = clerk->Get(compressible, {{"Accept-Encoding", "br, gzip"}});
    EXPECT_EQ(plain.status, 200);
    EXPECT_TRUE(absl::StartsWith(plain.Header("Content-Type"), "text/"));
    EXPECT_EQ(plain.Header("Content-Encoding"), "");
  }
}

TEST_F(ConsoleApiTest, EveryAnswerCarriesTheSecurityHeaders) {
  // The app's page and files, the API, a route that does not exist, and a body refused before
  // any route.
  ConsoleBrowser refused(*console_);
  ConsoleAnswer unbounded = refused.Post("/api/session", "{}", {{"Transfer-Encoding", "chunked"}});
  EXPECT_EQ(unbounded.status, 411);
  std::vector<ConsoleAnswer> answers = {unbounded};
  for (const char* path :
       {"/", "/index.html", "/app.js", "/api/health", "/api/session", "/api/nothing-here"}) {
    ConsoleBrowser browser(*console_);
    answers.push_back(browser.Get(path));
    EXPECT_NE(answers.back().status, 0) << path;
  }
  for (const ConsoleAnswer& answer : answers) {
    SCOPED_TRACE(answer.status);
    const std::string policy = answer.Header("Content-Security-Policy");
    EXPECT_TRUE(absl::StrContains(policy, "script-src 'self'")) << policy;
    EXPECT_FALSE(absl::StrContains(policy, "unsafe-inline")) << policy;
    EXPECT_TRUE(absl::StrContains(policy, "frame-ancestors 'none'")) << policy;
    EXPECT_EQ(answer.Header("X-Content-Type-Options"), "nosniff");
  }
  ConsoleBrowser browser(*console_);
  ConsoleAnswer unknown = browser.Get("/api/nothing-here");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(JsonField(unknown.body, "error.code"), "NOT_FOUND");
}

}  // namespace
}  // namespace gongkai::testing
