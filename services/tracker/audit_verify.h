// ReportService.VerifyAudit: the hash chains of cases' histories and of their personal-data
// reads (audit/history_chain.h) checked on the server, for the cases named or for every number
// of a year a page at a time, with each break said in Chinese (audit/chain_reason.h). The case is
// read from the store directly: no GetCase, so checking leaves no personal-data reading.
#pragma once

#include "absl/status/status.h"
#include "gongkai/v1/report.pb.h"
#include "redis/case_store.h"

namespace gongkai {

inline constexpr int kMaxAuditCaseNumbers = 500;
inline constexpr int kDefaultAuditYearPage = 500;
inline constexpr int kMaxAuditYearPage = 2000;

// INVALID_ARGUMENT, naming the field in Chinese, for a request that names neither cases nor a
// year, or both, or too many, or a bad number, year, page size or token.
absl::Status VerifyAudit(CaseStore& store, const v1::Actor& actor,
                         const v1::VerifyAuditRequest& request, v1::VerifyAuditResponse* response);

}  // namespace gongkai
