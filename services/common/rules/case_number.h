// Case numbers: "YYYY-NNNNNN", read aloud at the window, and the partition each case lives in.
//
// The sequence is one counter per year, so numbers are dense; the partition is the sequence
// modulo kPartitionCount, which spreads consecutive cases evenly over the partitions.
//
// Example:
//   FormatCaseNumber(2026, 123) == "2026-000123"
//   ParseCaseNumber("2026-000123")->sequence == 123
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// Fixed for a deployment: every key of a case carries its partition's hash tag, so changing it
// would move every case. 16 spreads one machine's load and maps onto a cluster's nodes later.
inline constexpr int kPartitionCount = 16;

struct CaseNumber {
  int year = 0;
  int64_t sequence = 0;
};

std::string FormatCaseNumber(int year, int64_t sequence);

// INVALID_ARGUMENT naming `case_number` unless the text is YYYY-NNNNNN (six or more digits).
absl::StatusOr<CaseNumber> ParseCaseNumber(absl::string_view text);

int PartitionOf(const CaseNumber& number);

// The number a case bears in its agency, as the letters print it: the year of its case number
// and its running number within the agency, 〔2026〕第000017号. A case stored without one prints
// its case number's sequence instead.
std::string AgencyNumberOf(const v1::Case& c);

// A total order over all cases, oldest registration first: the score of the work queues.
int64_t QueueScore(const CaseNumber& number);

}  // namespace gongkai
