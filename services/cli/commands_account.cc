// Sign-in and staff accounts: login, logout, admin user add|update|disable|list, admin keygen.
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "auth/session_tokens.h"
#include "commands.h"

ABSL_FLAG(std::string, user, "", "account id (login, admin user add, admin user update)");
ABSL_FLAG(std::string, password_file, "",
          "file holding the password (login, admin user add); otherwise env GONGKAI_PASSWORD, "
          "otherwise one line read from standard input. admin user update sets a new password "
          "only when this flag or GONGKAI_PASSWORD is given");
ABSL_FLAG(std::string, roles, "", "comma-separated roles (admin user add, admin user update)");
ABSL_FLAG(std::string, agency, "",
          "agency code of deploy/agencies.conf (admin user add, admin user update: --agency=- for "
          "the deployment's default agency; and the commands that list an agency's cases)");
ABSL_FLAG(std::string, display_name, "",
          "the person's name as shown (admin user add, admin user update)");
ABSL_FLAG(bool, enable, false, "admin user update: enable the account again");
ABSL_FLAG(bool, disable, false, "admin user update: disable the account");
ABSL_FLAG(bool, everywhere, false, "logout: end every session of yours, on every machine");
ABSL_FLAG(std::string, dir, "", "directory to write the token keys to (admin keygen)");
ABSL_DECLARE_FLAG(std::string, dept);

namespace gongkai::cli {
namespace {

// The password from --password_file, GONGKAI_PASSWORD or standard input; never from a flag,
// which every user of the machine could read in the process list.
std::string ReadPassword() {
  std::string password;
  if (const std::string file = absl::GetFlag(FLAGS_password_file); !file.empty()) {
    std::ifstream in(file);
    std::getline(in, password);
  } else if (const char* env = std::getenv("GONGKAI_PASSWORD"); env != nullptr) {
    password = env;
  } else {
    std::fprintf(stderr, "password: ");
    std::getline(std::cin, password);
  }
  return std::string(absl::StripTrailingAsciiWhitespace(password));
}

// Writes the token readable by its owner only.
bool SaveToken(const std::string& path, const std::string& token) {
  std::error_code ignored;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ignored);
  const mode_t previous = umask(077);
  std::ofstream out(path, std::ios::trunc);
  out << token << "\n";
  umask(previous);
  return static_cast<bool>(out);
}

// One line an account: id, name, roles, agency, department within it, enabled or not.
void PrintAccount(const v1::UserAccount& account) {
  std::printf("%-16s %-12s %-30s %-8s %-6s %s\n", account.user_id().c_str(),
              account.display_name().c_str(), absl::StrJoin(account.roles(), ",").c_str(),
              account.agency().empty() ? "-" : account.agency().c_str(),
              account.department().empty() ? "-" : account.department().c_str(),
              account.disabled() ? "disabled" : "active");
}

// Only the flags given change the account; --dept=- takes the department away, --agency=- moves
// the account to the deployment's default agency.
int UpdateUser(CliContext& cli) {
  if (absl::GetFlag(FLAGS_user).empty() ||
      (absl::GetFlag(FLAGS_enable) && absl::GetFlag(FLAGS_disable))) {
    return Usage(
        "gongkai admin user update --user=ID [--display_name=NAME] [--roles=R1,R2] "
        "[--agency=CODE|-] [--dept=CODE|-] [--enable|--disable] [--password_file=F]");
  }
  v1::UpdateUserRequest request;
  request.set_user_id(absl::GetFlag(FLAGS_user));
  if (const std::string name = absl::GetFlag(FLAGS_display_name); !name.empty()) {
    request.set_display_name(name);
  }
  for (absl::string_view role :
       absl::StrSplit(absl::GetFlag(FLAGS_roles), ',', absl::SkipEmpty())) {
    request.add_roles(std::string(role));
  }
  if (const std::string agency = absl::GetFlag(FLAGS_agency); !agency.empty()) {
    request.set_agency(agency == "-" ? "" : agency);
  }
  if (const std::string dept = absl::GetFlag(FLAGS_dept); !dept.empty()) {
    request.set_department(dept == "-" ? "" : dept);
  }
  if (absl::GetFlag(FLAGS_enable)) request.set_disabled(false);
  if (absl::GetFlag(FLAGS_disable)) request.set_disabled(true);
  if (!absl::GetFlag(FLAGS_password_file).empty() || std::getenv("GONGKAI_PASSWORD") != nullptr) {
    request.set_password(ReadPassword());
  }
  v1::UserAccount response;
  grpc::Status status = cli.account().UpdateUser(cli.Call().get(), request, &response);
  if (!status.ok()) return Failed(cli, status);
  cli.Print(response, [&] { PrintAccount(response); });
  return 0;
}

int AddUser(CliContext& cli) {
  v1::AddUserRequest request;
  v1::UserAccount* account = request.mutable_account();
  account->set_user_id(absl::GetFlag(FLAGS_user));
  account->set_display_name(absl::GetFlag(FLAGS_display_name));
  for (absl::string_view role :
       absl::StrSplit(absl::GetFlag(FLAGS_roles), ',', absl::SkipEmpty())) {
    account->add_roles(std::string(role));
  }
  account->set_agency(absl::GetFlag(FLAGS_agency));  // empty: the deployment's default agency
  account->set_department(absl::GetFlag(FLAGS_dept));
  request.set_password(ReadPassword());
  v1::UserAccount response;
  grpc::Status status = cli.account().AddUser(cli.Call().get(), request, &response);
  if (!status.ok()) return Failed(cli, status);
  cli.Print(response, [&] { PrintAccount(response); });
  return 0;
}

}  // namespace

int Login(CliContext& cli, const Args& args) {
  if (!args.empty() || absl::GetFlag(FLAGS_user).empty()) {
    return Usage("gongkai login --user=ID [--password_file=F]");
  }
  v1::LoginRequest request;
  request.set_user_id(absl::GetFlag(FLAGS_user));
  request.set_password(ReadPassword());
  v1::LoginResponse response;
  grpc::Status status = cli.account().Login(cli.Call().get(), request, &response);
  if (!status.ok()) return Failed(cli, status);
  if (!SaveToken(cli.token_file(), response.token())) {
    std::fprintf(stderr, "error: cannot write the session token to %s\n", cli.token_file().c_str());
    return 1;
  }
  response.clear_token();  // kept in the file, not printed
  cli.Print(response, [&] {
    std::printf("signed in as %s (%s) until %s\n", response.account().user_id().c_str(),
                absl::StrJoin(response.account().roles(), ",").c_str(),
                absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(response.expires_at()),
                                 absl::FixedTimeZone(8 * 3600))
                    .c_str());
  });
  return 0;
}

int Logout(CliContext& cli, const Args& args) {
  if (!args.empty()) return Usage("gongkai logout [--everywhere]");
  v1::LogoutRequest request;
  request.set_everywhere(absl::GetFlag(FLAGS_everywhere));
  v1::LogoutResponse response;
  grpc::Status status = cli.account().Logout(cli.Call().get(), request, &response);
  std::error_code ignored;
  std::filesystem::remove(cli.token_file(), ignored);
  if (!status.ok()) return Failed(cli, status);
  std::printf(request.everywhere() ? "signed out everywhere\n" : "signed out\n");
  return 0;
}

int Admin(CliContext& cli, const Args& args) {
  const std::string usage =
      "gongkai admin user add --user=ID --display_name=NAME --roles=R1,R2 [--agency=CODE] "
      "[--dept=CODE] [--password_file=F]\n"
      "       gongkai admin user update --user=ID [--display_name=NAME] [--roles=R1,R2] "
      "[--agency=CODE|-] [--dept=CODE|-] [--enable|--disable] [--password_file=F]\n"
      "       gongkai admin user disable <user id>\n"
      "       gongkai admin user list\n"
      "       gongkai admin keygen --dir=DIR";
  if (args.size() == 1 && args[0] == "keygen") {
    const std::string dir = absl::GetFlag(FLAGS_dir);
    if (dir.empty()) return Usage(usage);
    std::error_code ignored;
    std::filesystem::create_directories(dir, ignored);
    if (absl::Status written = WriteTokenKeys(GenerateTokenKeys(), dir); !written.ok()) {
      std::fprintf(stderr, "error: %s\n", std::string(written.message()).c_str());
      return 1;
    }
    std::printf("wrote %s/token-signing.key (for the tracker only) and %s/token-verify.pub\n",
                dir.c_str(), dir.c_str());
    return 0;
  }
  if (args.size() < 2 || args[0] != "user") return Usage(usage);
  if (args[1] == "add" && args.size() == 2) return AddUser(cli);
  if (args[1] == "update" && args.size() == 2) return UpdateUser(cli);
  if (args[1] == "disable" && args.size() == 3) {
    v1::DisableUserRequest request;
    request.set_user_id(args[2]);
    v1::UserAccount response;
    grpc::Status status = cli.account().DisableUser(cli.Call().get(), request, &response);
    if (!status.ok()) return Failed(cli, status);
    cli.Print(response, [&] { PrintAccount(response); });
    return 0;
  }
  if (args[1] == "list" && args.size() == 2) {
    v1::ListUsersResponse response;
    grpc::Status status =
        cli.account().ListUsers(cli.Call().get(), v1::ListUsersRequest(), &response);
    if (!status.ok()) return Failed(cli, status);
    cli.Print(response, [&] {
      for (const v1::UserAccount& account : response.users()) PrintAccount(account);
    });
    return 0;
  }
  return Usage(usage);
}

}  // namespace gongkai::cli
