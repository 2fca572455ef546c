// Staff accounts: what AddUser and UpdateUser accept, and the limits on signing in.
#include <gtest/gtest.h>

#include "auth/accounts.h"
#include "auth/sign_in_limits.h"

namespace gongkai {
namespace {

// The county government (the default agency: its units are the departments answering for it),
// its disclosure office, and the education bureau with units of its own.
constexpr char kAgencies[] = R"(
[xzf]
name = 县人民政府
kind = county
reconsideration_body = 市人民政府
fee_payment = 县财政局非税收入汇缴结算户
unit = czj | 县财政局 | 财政
unit = jyj | 县教育局 | 教育

[zfb]
name = 县人民政府办公室
kind = department
oversight = yes
fee_payment = 县财政局非税收入汇缴结算户，执收单位县人民政府办公室
unit = zwgk | 政务公开科 | 政务公开

[jyj]
name = 县教育局
kind = department
fee_payment = 县财政局非税收入汇缴结算户，执收单位县教育局
unit = jck | 基础教育股 | 学校
unit = rsg | 人事股 | 教师
)";

const AgencyCatalogue& Catalogue() {
  static const auto* catalogue = new AgencyCatalogue(*AgencyCatalogue::Parse(kAgencies));
  return *catalogue;
}

v1::AddUserRequest NewOfficer() {
  v1::AddUserRequest request;
  request.mutable_account()->set_user_id("czj-li");
  request.mutable_account()->set_display_name("李经办");
  request.mutable_account()->add_roles("officer");
  request.mutable_account()->set_department("czj");
  request.set_password("twelve-chars-at-least");
  return request;
}

TEST(NewAccount, EveryFieldIsCheckedInChinese) {
  EXPECT_TRUE(ValidateNewAccount(NewOfficer(), Catalogue()).ok());
  const auto message = [](const std::function<void(v1::AddUserRequest&)>& spoil) {
    v1::AddUserRequest request = NewOfficer();
    spoil(request);
    const absl::Status status = ValidateNewAccount(request, Catalogue());
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    return std::string(status.message());
  };
  EXPECT_EQ(message([](auto& r) { r.mutable_account()->set_user_id("Li"); }),
            "`account.user_id` 须为 1 至 64 个字符，只含小写字母 a-z、数字和 . _ - @");
  EXPECT_EQ(message([](auto& r) { r.mutable_account()->clear_display_name(); }),
            "`account.display_name` 须为 1 至 64 个字符");
  EXPECT_EQ(message([](auto& r) { r.mutable_account()->clear_roles(); }),
            "`account.roles` 须列出 1 至 7 个角色");
  EXPECT_EQ(message([](auto& r) { r.mutable_account()->add_roles("boss"); }),
            "`account.roles` 含有未知角色 \"boss\"：角色为 clerk（窗口）、dispatcher（分办）、"
            "officer（部门经办）、reviewer（保密审查）、head（主任）、manager（督办）、"
            "admin（系统管理）");
  EXPECT_EQ(message([](auto& r) { r.mutable_account()->add_roles("officer"); }),
            "`account.roles` 重复列出角色 officer");
  EXPECT_EQ(message([](auto& r) { r.mutable_account()->set_department("xyz"); }),
            "`account.department` \"xyz\" 不是县人民政府的承办部门");
  EXPECT_EQ(message([](auto& r) { r.mutable_account()->clear_department(); }),
            "`account.department` 部门经办人员（officer）须指定所属部门");
  EXPECT_EQ(message([](auto& r) { r.set_password("short"); }), "`password` 须为 12 至 128 个字符");
}

TEST(NewAccount, TheDepartmentIsAUnitOfTheAccountsAgency) {
  v1::AddUserRequest request = NewOfficer();
  request.mutable_account()->set_agency("jyj");
  request.mutable_account()->set_department("rsg");
  EXPECT_TRUE(ValidateNewAccount(request, Catalogue()).ok());
  // No agency: the default one's (the county government's) units.
  request.mutable_account()->clear_agency();
  EXPECT_EQ(ValidateNewAccount(request, Catalogue()),
            absl::InvalidArgumentError("`account.department` \"rsg\" 不是县人民政府的承办部门"));
  request.mutable_account()->set_department("jyj");
  EXPECT_TRUE(ValidateNewAccount(request, Catalogue()).ok());
  // The county government's department jyj is not a unit of the education bureau itself.
  request.mutable_account()->set_agency("jyj");
  EXPECT_EQ(ValidateNewAccount(request, Catalogue()),
            absl::InvalidArgumentError("`account.department` \"jyj\" 不是县教育局的科室"));
  request.mutable_account()->set_agency("xyz");
  EXPECT_EQ(ValidateNewAccount(request, Catalogue()),
            absl::InvalidArgumentError("`account.agency` \"xyz\" 不在机关目录中"));
  // An officer names a department whatever the agency; others need none.
  request.mutable_account()->set_agency("zfb");
  request.mutable_account()->clear_department();
  EXPECT_EQ(
      ValidateNewAccount(request, Catalogue()),
      absl::InvalidArgumentError("`account.department` 部门经办人员（officer）须指定所属部门"));
  request.mutable_account()->clear_roles();
  request.mutable_account()->add_roles("manager");
  EXPECT_TRUE(ValidateNewAccount(request, Catalogue()).ok());
}

v1::UserAccount Stored() {
  v1::UserAccount account = NewOfficer().account();
  account.set_created_by("admin");
  return account;
}

absl::StatusOr<AccountUpdate> Update(const std::function<void(v1::UpdateUserRequest&)>& set,
                                     const std::string& actor = "admin") {
  v1::UpdateUserRequest request;
  request.set_user_id("czj-li");
  set(request);
  return ApplyAccountUpdate(Stored(), request, actor, Catalogue());
}

TEST(AccountUpdate, ChangesOnlyWhatIsGiven) {
  absl::StatusOr<AccountUpdate> renamed = Update([](auto& r) { r.set_display_name("李四"); });
  ASSERT_TRUE(renamed.ok()) << renamed.status();
  v1::UserAccount expected = Stored();
  expected.set_display_name("李四");
  EXPECT_EQ(renamed->account.SerializeAsString(), expected.SerializeAsString());
  // A new name is not in anyone's way: the sessions go on.
  EXPECT_FALSE(renamed->ends_sessions);

  absl::StatusOr<AccountUpdate> moved = Update([](auto& r) { r.set_department("jyj"); });
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->account.department(), "jyj");
  EXPECT_EQ(moved->account.roles_size(), 1);
  EXPECT_TRUE(moved->ends_sessions);
}

TEST(AccountUpdate, EndsSessionsWhenTheTokenWouldNoLongerBeTrue) {
  EXPECT_TRUE(Update([](auto& r) { r.set_disabled(true); })->ends_sessions);
  EXPECT_TRUE(Update([](auto& r) {
                r.add_roles("officer");
                r.add_roles("reviewer");
              })->ends_sessions);
  EXPECT_TRUE(Update([](auto& r) { r.set_password("a-new-password-1"); })->ends_sessions);
  // The same roles in another order, the same department, enabling an enabled account: nothing
  // a token carries changes.
  EXPECT_FALSE(Update([](auto& r) {
                 r.add_roles("officer");
                 r.set_department("czj");
                 r.set_disabled(false);
               })->ends_sessions);
}

TEST(AccountUpdate, RefusalsNameTheRequestField) {
  const auto message = [](const std::function<void(v1::UpdateUserRequest&)>& set,
                          const std::string& actor = "admin") {
    absl::StatusOr<AccountUpdate> update = Update(set, actor);
    EXPECT_FALSE(update.ok());
    return std::string(update.status().message());
  };
  EXPECT_EQ(message([](auto&) {}),
            "没有要修改的内容：display_name、roles、agency、department、disabled、password "
            "至少给出一项");
  EXPECT_EQ(message([](auto& r) { r.set_user_id("Bad Id"); }),
            "`user_id` 须为 1 至 64 个字符，只含小写字母 a-z、数字和 . _ - @");
  EXPECT_EQ(message([](auto& r) { r.set_display_name(""); }), "`display_name` 须为 1 至 64 个字符");
  EXPECT_EQ(message([](auto& r) { r.add_roles("root"); }),
            "`roles` 含有未知角色 \"root\"：角色为 clerk（窗口）、dispatcher（分办）、"
            "officer（部门经办）、reviewer（保密审查）、head（主任）、manager（督办）、"
            "admin（系统管理）");
  EXPECT_EQ(message([](auto& r) { r.set_department("xyz"); }),
            "`department` \"xyz\" 不是县人民政府的承办部门");
  EXPECT_EQ(message([](auto& r) { r.set_agency("xyz"); }), "`agency` \"xyz\" 不在机关目录中");
  // An officer keeps a department.
  EXPECT_EQ(message([](auto& r) { r.set_department(""); }),
            "`department` 部门经办人员（officer）须指定所属部门");
  EXPECT_EQ(message([](auto& r) { r.set_password("short"); }), "`password` 须为 12 至 128 个字符");
  // Administrators keep themselves in.
  absl::StatusOr<AccountUpdate> self = Update([](auto& r) { r.set_disabled(true); }, "czj-li");
  EXPECT_EQ(self.status(), absl::FailedPreconditionError("`disabled` 管理员不能停用自己的账户"));
}

TEST(AccountUpdate, ANewAgencyRechecksTheDepartmentAndEndsTheSessions) {
  // The department kept (the county government's czj) is no unit of the education bureau.
  EXPECT_EQ(Update([](auto& r) { r.set_agency("jyj"); }).status(),
            absl::InvalidArgumentError("`department` \"czj\" 不是县教育局的科室"));
  absl::StatusOr<AccountUpdate> moved = Update([](auto& r) {
    r.set_agency("jyj");
    r.set_department("jck");
  });
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->account.agency(), "jyj");
  EXPECT_EQ(moved->account.department(), "jck");
  EXPECT_TRUE(moved->ends_sessions);
  // A unit code of another agency is refused in the agency the account stays in.
  EXPECT_EQ(Update([](auto& r) { r.set_department("jck"); }).status(),
            absl::InvalidArgumentError("`department` \"jck\" 不是县人民政府的承办部门"));
  // "" is the default agency, stored by its code; the same agency as before ends nothing.
  absl::StatusOr<AccountUpdate> same = Update([](auto& r) { r.set_agency(""); });
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_EQ(same->account.agency(), "xzf");
  EXPECT_FALSE(same->ends_sessions);
  EXPECT_FALSE(Update([](auto& r) { r.set_agency("xzf"); })->ends_sessions);
}

TEST(AccountUpdate, AnAgencyTakenOutOfTheCatalogueStopsOnlyChangesThatCheckIt) {
  v1::UserAccount stranded = Stored();
  stranded.set_agency("gone");
  v1::UpdateUserRequest request;
  request.set_user_id("czj-li");
  request.set_disabled(true);
  absl::StatusOr<AccountUpdate> disabled =
      ApplyAccountUpdate(stranded, request, "admin", Catalogue());
  ASSERT_TRUE(disabled.ok()) << disabled.status();
  EXPECT_EQ(disabled->account.agency(), "gone");
  request.clear_disabled();
  request.set_department("czj");
  EXPECT_EQ(ApplyAccountUpdate(stranded, request, "admin", Catalogue()).status(),
            absl::InvalidArgumentError("`agency` \"gone\" 不在机关目录中"));
  request.set_agency("xzf");
  absl::StatusOr<AccountUpdate> moved = ApplyAccountUpdate(stranded, request, "admin", Catalogue());
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->account.agency(), "xzf");
  EXPECT_TRUE(moved->ends_sessions);
}

TEST(AccountUpdate, AnAdministratorKeepsTheirOwnAdminRole) {
  v1::UserAccount admin;
  admin.set_user_id("admin");
  admin.set_display_name("系统管理员");
  admin.add_roles("admin");
  v1::UpdateUserRequest request;
  request.set_user_id("admin");
  request.add_roles("manager");
  EXPECT_EQ(ApplyAccountUpdate(admin, request, "admin", Catalogue()).status(),
            absl::FailedPreconditionError("`roles` 管理员不能取消自己的系统管理（admin）角色"));
  // ... but may give the role to someone else's account up or down.
  EXPECT_TRUE(ApplyAccountUpdate(admin, request, "admin2", Catalogue()).ok());
  request.add_roles("admin");
  EXPECT_TRUE(ApplyAccountUpdate(admin, request, "admin", Catalogue()).ok());
}

TEST(SignInLimits, TheRefusalSaysInHowManyMinutes) {
  EXPECT_EQ(SignInThrottledMessage(absl::Minutes(15)), "登录尝试过于频繁，请 15 分钟后再试");
  EXPECT_EQ(SignInThrottledMessage(absl::Minutes(14) + absl::Milliseconds(1)),
            "登录尝试过于频繁，请 15 分钟后再试");
  EXPECT_EQ(SignInThrottledMessage(absl::Minutes(14)), "登录尝试过于频繁，请 14 分钟后再试");
  EXPECT_EQ(SignInThrottledMessage(absl::Seconds(1)), "登录尝试过于频繁，请 1 分钟后再试");
  EXPECT_EQ(SignInThrottledMessage(absl::ZeroDuration()), "登录尝试过于频繁，请 1 分钟后再试");
}

TEST(SignInLimits, TheAddressIsTheForwardedOneElseThePeers) {
  EXPECT_EQ(SignInClientAddress("", "ipv4:10.0.0.7:51234"), "10.0.0.7");
  EXPECT_EQ(SignInClientAddress("", "ipv6:[::1]:51234"), "::1");
  EXPECT_EQ(SignInClientAddress("", "ipv6:[FE80::1%eth0]:51234"), "fe80::1%eth0");
  EXPECT_EQ(SignInClientAddress("", "unix:/tmp/socket"), "local");
  EXPECT_EQ(SignInClientAddress("", ""), "local");
  EXPECT_EQ(SignInClientAddress("203.0.113.9", "ipv4:127.0.0.1:5000"), "203.0.113.9");
  EXPECT_EQ(SignInClientAddress(" 203.0.113.9:443 ", "ipv4:127.0.0.1:5000"), "203.0.113.9");
  EXPECT_EQ(SignInClientAddress("2001:DB8::7", "ipv4:127.0.0.1:5000"), "2001:db8::7");
  EXPECT_EQ(SignInClientAddress("[2001:db8::7]:443", "ipv4:127.0.0.1:5000"), "2001:db8::7");
  // Anything but an address is not believed: the peer counts.
  for (const char* forwarded : {"evil.example.com", "gk:{auth}:x", "1 2", "12345", "::zz"}) {
    EXPECT_EQ(SignInClientAddress(forwarded, "ipv4:127.0.0.1:5000"), "127.0.0.1") << forwarded;
  }
  EXPECT_EQ(SignInClientAddress(std::string(65, '1') + ".1", "ipv4:127.0.0.1:5000"), "127.0.0.1");
}

}  // namespace
}  // namespace gongkai
