// `gongkai audit verify`: has the tracker check that cases' histories are unbroken hash chains
// (ReportService.VerifyAudit), so that an event edited or deleted in Redis is found.
#include <cstdio>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "commands.h"

ABSL_DECLARE_FLAG(int, year);

namespace gongkai::cli {

int Audit(CliContext& cli, const Args& args) {
  const std::string usage = "gongkai audit verify <case>... | gongkai audit verify --year=YYYY";
  if (args.empty() || args[0] != "verify") return Usage(usage);
  v1::VerifyAuditRequest request;
  if (args.size() > 1) {
    for (size_t i = 1; i < args.size(); ++i) request.add_case_numbers(args[i]);
  } else {
    const int year = absl::GetFlag(FLAGS_year);
    if (year < 2000 || year > 2999) return Usage(usage);
    request.set_year(year);
  }
  int64_t checked = 0, broken = 0;
  // A year is checked a page at a time; named cases in one call.
  do {
    v1::VerifyAuditResponse response;
    grpc::Status status = cli.report().VerifyAudit(cli.Call().get(), request, &response);
    if (!status.ok()) return Failed(cli, status);
    checked += response.checked();
    broken += response.broken_size();
    cli.Print(response, [&] {
      for (const v1::BrokenChain& chain : response.broken()) {
        std::printf("%s  记录断开  %s\n", chain.case_number().c_str(), chain.reason().c_str());
      }
      // A year's numbers that were allocated to a registration that never completed are not
      // listed: only the cases named by hand.
      if (request.year() == 0) {
        for (const std::string& number : response.not_found()) {
          std::printf("%s  案件不存在\n", number.c_str());
        }
      }
    });
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  if (!cli.json()) {
    std::printf("已核验 %lld 件：办理记录完整 %lld 件，断开 %lld 件\n",
                static_cast<long long>(checked), static_cast<long long>(checked - broken),
                static_cast<long long>(broken));
  }
  return broken == 0 ? 0 : 1;
}

}  // namespace gongkai::cli
