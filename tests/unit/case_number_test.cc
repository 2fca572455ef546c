#include "rules/case_number.h"

#include <gtest/gtest.h>

namespace gongkai {
namespace {

TEST(CaseNumber, FormatsSixDigitsAndWidensBeyond) {
  EXPECT_EQ(FormatCaseNumber(2026, 123), "2026-000123");
  EXPECT_EQ(FormatCaseNumber(2026, 1), "2026-000001");
  EXPECT_EQ(FormatCaseNumber(2026, 1234567), "2026-1234567");
}

TEST(CaseNumber, ParsesWhatItFormats) {
  auto parsed = ParseCaseNumber("2026-000123");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->year, 2026);
  EXPECT_EQ(parsed->sequence, 123);
  EXPECT_EQ(ParseCaseNumber("2026-1234567")->sequence, 1234567);
}

TEST(CaseNumber, RejectsEverythingElseNamingTheField) {
  for (const char* bad : {"", "2026-123", "2026000123", "2026-00012a", "2026-0000123",
                          "abcd-000123", "2026-000000", "1999-000001", "2026-000123 "}) {
    auto parsed = ParseCaseNumber(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(parsed.status().message().find("`case_number`"), absl::string_view::npos);
  }
}

TEST(CaseNumber, ConsecutiveCasesSpreadOverAllPartitions) {
  std::vector<int> counts(kPartitionCount, 0);
  for (int64_t sequence = 1; sequence <= 10 * kPartitionCount; ++sequence) {
    ++counts[PartitionOf({2026, sequence})];
  }
  for (int count : counts) EXPECT_EQ(count, 10);
  EXPECT_EQ(PartitionOf({2026, 17}), 1);
}

TEST(CaseNumber, QueueScoreOrdersByYearThenSequence) {
  EXPECT_LT(QueueScore({2025, 999999}), QueueScore({2026, 1}));
  EXPECT_LT(QueueScore({2026, 1}), QueueScore({2026, 2}));
  EXPECT_EQ(QueueScore({2026, 123}), 20260000000123);
}

}  // namespace
}  // namespace gongkai
