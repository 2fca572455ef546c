// Staff reminders: `gongkai notices [--unread] [--follow]`, `gongkai notices read <id>...|--all`.
#include <chrono>
#include <cstdio>
#include <thread>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "commands.h"

ABSL_DECLARE_FLAG(int, page_size);
ABSL_DECLARE_FLAG(std::string, page_token);
ABSL_FLAG(bool, unread, false, "notices: only the unread ones");
ABSL_FLAG(bool, follow, false, "notices: then wait and print each new reminder as it comes");
ABSL_FLAG(bool, all, false, "notices read: every reminder delivered up to now");

namespace gongkai::cli {
namespace {

// "2026-11-28 15:30" in China time, from the stored "2026-11-28T07:30:00.123Z".
std::string LocalTime(const std::string& at) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, at, &time, &error)) return at;
  return absl::FormatTime("%Y-%m-%d %H:%M", time, ChinaTimeZone());
}

void PrintNotice(const v1::Notice& notice) {
  const std::string department = notice.department().empty()
                                     ? notice.department_name()
                                     : notice.department_name() + "（" + notice.department() + "）";
  std::printf("#%s %s %s  %s\n", notice.id().c_str(), notice.read() ? "已读" : "未读",
              LocalTime(notice.at()).c_str(), department.c_str());
  std::printf("    %s%s\n", notice.title().c_str(), notice.moved() ? "（由其他部门转来）" : "");
  std::string cases = absl::StrJoin(notice.case_numbers(), " ");
  if (notice.count() > notice.case_numbers_size()) {
    cases += " 等，共" + std::to_string(notice.count()) + "件";
  }
  std::printf("    案件：%s\n", cases.c_str());
}

// Prints one page of the caller's reminders. `*newest`: the caller's newest reminder when the
// page was read, listed or not (--unread, --page_token), "0" for none — where a watch that
// follows the list starts, so that what is delivered in between is printed too.
int List(CliContext& cli, std::string* newest) {
  v1::ListNoticesRequest request;
  request.set_unread_only(absl::GetFlag(FLAGS_unread));
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  v1::ListNoticesResponse response;
  grpc::Status status = cli.tracker().ListNotices(cli.Call().get(), request, &response);
  if (!status.ok()) return Failed(cli, status);
  *newest = response.newest_id();
  cli.Print(response, [&] {
    std::printf("未读提醒 %lld 条\n", static_cast<long long>(response.unread()));
    if (response.notices().empty()) {
      std::printf("%s\n", request.unread_only() ? "没有未读提醒" : "没有提醒");
    }
    for (const v1::Notice& notice : response.notices()) PrintNotice(notice);
    if (!response.next_page_token().empty()) {
      std::printf("更多：--page_token=%s\n", response.next_page_token().c_str());
    }
  });
  std::fflush(stdout);
  return 0;
}

// Prints each reminder delivered after `after` until interrupted; resumes after the last one
// seen when the tracker goes away for a while (restarts).
int Follow(CliContext& cli, std::string after) {
  std::fprintf(stderr, "正在接收新提醒（按 Ctrl+C 结束）……\n");
  while (true) {
    std::unique_ptr<grpc::ClientContext> context = cli.Call();
    context->set_deadline(std::chrono::system_clock::time_point::max());
    v1::WatchNoticesRequest request;
    request.set_after_id(after);
    std::unique_ptr<grpc::ClientReader<v1::Notice>> reader =
        cli.tracker().WatchNotices(context.get(), request);
    v1::Notice notice;
    while (reader->Read(&notice)) {
      if (after.empty() || std::stoll(notice.id()) > std::stoll(after)) after = notice.id();
      cli.Print(notice, [&] { PrintNotice(notice); });
      std::fflush(stdout);
    }
    const grpc::Status status = reader->Finish();
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE) return Failed(cli, status);
    std::fprintf(stderr, "与跟踪服务的连接中断，稍后重新接收……\n");
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

int MarkRead(CliContext& cli, const Args& ids) {
  v1::MarkNoticesReadRequest request;
  request.set_all(absl::GetFlag(FLAGS_all));
  for (const std::string& id : ids) request.add_ids(id);
  if (request.all() == !ids.empty()) {
    return Usage("gongkai notices read <id>... | gongkai notices read --all");
  }
  v1::MarkNoticesReadResponse response;
  grpc::Status status = cli.tracker().MarkNoticesRead(cli.Call().get(), request, &response);
  if (!status.ok()) return Failed(cli, status);
  cli.Print(response, [&] { std::printf("已将 %d 条提醒标为已读\n", response.marked()); });
  return 0;
}

}  // namespace

int Notices(CliContext& cli, const Args& args) {
  if (!args.empty() && args[0] == "read") return MarkRead(cli, Args(args.begin() + 1, args.end()));
  if (!args.empty()) {
    return Usage("gongkai notices [--unread] [--follow] | gongkai notices read <id>...|--all");
  }
  std::string newest;
  if (int listed = List(cli, &newest); listed != 0) return listed;
  if (!absl::GetFlag(FLAGS_follow)) return 0;
  return Follow(cli, newest);
}

}  // namespace gongkai::cli
