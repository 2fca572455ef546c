#include "audit_verify.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "audit/chain_reason.h"
#include "audit/history_chain.h"
#include "base/logging.h"
#include "base/staff_error.h"
#include "base/status_macros.h"
#include "redis/keys.h"
#include "rules/case_number.h"

namespace gongkai {
namespace {

// Cases read and checked per round trip: a case's history is a few kilobytes.
constexpr size_t kBatch = 100;

absl::StatusOr<std::vector<CaseNumber>> NamedCases(const v1::VerifyAuditRequest& request) {
  if (request.year() != 0) {
    return absl::InvalidArgumentError("`year` 与 `case_numbers` 只能填写一项");
  }
  if (request.case_numbers_size() > kMaxAuditCaseNumbers) {
    return absl::InvalidArgumentError(
        absl::StrCat("`case_numbers` 一次最多核验 ", kMaxAuditCaseNumbers, " 件"));
  }
  if (request.page_size() != 0 || !request.page_token().empty()) {
    return absl::InvalidArgumentError("`page_token` 只用于按年度核验");
  }
  std::vector<CaseNumber> numbers;
  for (int i = 0; i < request.case_numbers_size(); ++i) {
    absl::StatusOr<CaseNumber> number = ParseCaseNumber(request.case_numbers(i));
    if (!number.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("`case_numbers[", i, "]` 不是案件编号（应如 2026-000123）"));
    }
    // Each case once, in the order first named.
    if (std::none_of(numbers.begin(), numbers.end(), [&](const CaseNumber& seen) {
          return QueueScore(seen) == QueueScore(*number);
        })) {
      numbers.push_back(*number);
    }
  }
  return numbers;
}

// The page of a year's numbers to check: after the token, up to the year's last number.
absl::StatusOr<std::vector<CaseNumber>> YearPage(RedisConnection& redis,
                                                 const v1::VerifyAuditRequest& request,
                                                 v1::VerifyAuditResponse* response) {
  if (request.year() < 2000 || request.year() > 2100) {
    return absl::InvalidArgumentError("`year` 须在 2000 至 2100 之间");
  }
  if (request.page_size() < 0 || request.page_size() > kMaxAuditYearPage) {
    return absl::InvalidArgumentError(absl::StrCat("`page_size` 须在 0 至 ", kMaxAuditYearPage,
                                                   " 之间（0 表示每次 ", kDefaultAuditYearPage,
                                                   " 件）"));
  }
  int64_t after = 0;
  if (!request.page_token().empty() &&
      (!absl::SimpleAtoi(request.page_token(), &after) || after < 0)) {
    return absl::InvalidArgumentError("`page_token` 不是本服务给出的续查标记");
  }
  GK_ASSIGN_OR_RETURN(
      RedisReply counter,
      redis.Command(keys::SequenceRoute(), {"GET", keys::CaseCounter(request.year())}));
  if (counter.is_error()) return absl::InternalError(absl::StrCat("Redis: ", counter.str()));
  int64_t last_allocated = 0;
  if (counter.is_string() && !absl::SimpleAtoi(counter.str(), &last_allocated)) {
    return absl::DataLossError(
        absl::StrCat("the case counter of ", request.year(), " is not a number"));
  }
  const int64_t page = request.page_size() == 0 ? kDefaultAuditYearPage : request.page_size();
  const int64_t last = std::min(last_allocated, after + page);
  std::vector<CaseNumber> numbers;
  for (int64_t sequence = after + 1; sequence <= last; ++sequence) {
    numbers.push_back({request.year(), sequence});
  }
  if (last < last_allocated) response->set_next_page_token(std::to_string(last));
  return numbers;
}

}  // namespace

absl::Status VerifyAudit(CaseStore& store, const v1::Actor& actor,
                         const v1::VerifyAuditRequest& request, v1::VerifyAuditResponse* response) {
  if (request.case_numbers_size() == 0 && request.year() == 0) {
    return absl::InvalidArgumentError(
        "`case_numbers` 请填写要核验的案件编号，或填写年度（`year`）核验该年全部案件");
  }
  GK_ASSIGN_OR_RETURN(std::vector<CaseNumber> numbers,
                      request.case_numbers_size() > 0 ? NamedCases(request)
                                                      : YearPage(store.redis(), request, response));
  for (size_t first = 0; first < numbers.size(); first += kBatch) {
    const std::vector<CaseNumber> batch(numbers.begin() + first,
                                        numbers.begin() + std::min(numbers.size(), first + kBatch));
    GK_ASSIGN_OR_RETURN(std::vector<absl::StatusOr<v1::Case>> loaded,
                        store.LoadWithHistories(batch));
    for (size_t i = 0; i < batch.size(); ++i) {
      const std::string number = FormatCaseNumber(batch[i].year, batch[i].sequence);
      if (absl::IsNotFound(loaded[i].status())) {
        response->add_not_found(number);
        continue;
      }
      response->set_checked(response->checked() + 1);
      std::string reason, logged;
      if (!loaded[i].ok()) {
        // Bytes that no longer parse are a broken record too.
        reason = "案件记录或其办理记录已无法读取：数据被改动或损坏";
        logged = LogReason(loaded[i].status());
      } else if (std::optional<ChainBreak> found = FindChainBreak(*loaded[i])) {
        reason = ChainBreakReason(*found);
        logged = DescribeChainBreak(*found);
      } else {
        continue;
      }
      v1::BrokenChain* broken = response->add_broken();
      broken->set_case_number(number);
      broken->set_reason(std::move(reason));
      spdlog::warn("event=audit_chain_broken case={} problem=\"{}\" user={}", number, logged,
                   actor.user_id());
    }
  }
  spdlog::info("event=audit_verified checked={} broken={} not_found={} user={}",
               response->checked(), response->broken_size(), response->not_found_size(),
               actor.user_id());
  return absl::OkStatus();
}

}  // namespace gongkai
