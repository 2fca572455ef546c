// `gongkai search <text>`: the search box from the command line (IntakeService.SearchCases): a
// case number, an applicant's full name, or words of a request.
#include <cstdio>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_join.h"
#include "commands.h"
#include "rules/state_machine.h"

ABSL_DECLARE_FLAG(int, page_size);

namespace gongkai::cli {

int Search(CliContext& cli, const Args& args) {
  if (args.empty()) return Usage("gongkai search <case number | applicant's name | words>");
  v1::SearchCasesRequest request;
  // Words typed apart are one query, as in a search box.
  request.set_query(absl::StrJoin(args, " "));
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  v1::SearchCasesResponse response;
  grpc::Status status = cli.intake().SearchCases(cli.Call().get(), request, &response);
  if (!status.ok()) return Failed(cli, status);
  cli.Print(response, [&] {
    if (response.cases().empty()) std::printf("未找到案件\n");
    for (const v1::CaseSummary& item : response.cases()) PrintSummaryRow(item);
    if (response.more()) std::printf("另有更多案件符合，请缩小查询范围（或加大 --page_size）\n");
    if (response.text_scan_bounded()) {
      std::printf("申请内容只在最近变动的2000件中查找；更早的案件请按编号或申请人姓名查找\n");
    }
  });
  return 0;
}

}  // namespace gongkai::cli
