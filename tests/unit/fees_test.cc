#include "rules/fees.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

namespace gongkai {
namespace {

struct MonthRow {
  int place;
  int64_t rate;   // the fee of the request at this place
  int64_t total;  // the month's requests 1..place together
};

// Written out by hand from the standard: 1-10 free, 11-30 at 100, 31-40 at 200, 41-50 at 300,
// 51-60 at 400 yuan a request.
constexpr MonthRow kMonth[] = {
    {1, 0, 0},       {2, 0, 0},       {3, 0, 0},        {4, 0, 0},        {5, 0, 0},
    {6, 0, 0},       {7, 0, 0},       {8, 0, 0},        {9, 0, 0},        {10, 0, 0},
    {11, 100, 100},  {12, 100, 200},  {13, 100, 300},   {14, 100, 400},   {15, 100, 500},
    {16, 100, 600},  {17, 100, 700},  {18, 100, 800},   {19, 100, 900},   {20, 100, 1000},
    {21, 100, 1100}, {22, 100, 1200}, {23, 100, 1300},  {24, 100, 1400},  {25, 100, 1500},
    {26, 100, 1600}, {27, 100, 1700}, {28, 100, 1800},  {29, 100, 1900},  {30, 100, 2000},
    {31, 200, 2200}, {32, 200, 2400}, {33, 200, 2600},  {34, 200, 2800},  {35, 200, 3000},
    {36, 200, 3200}, {37, 200, 3400}, {38, 200, 3600},  {39, 200, 3800},  {40, 200, 4000},
    {41, 300, 4300}, {42, 300, 4600}, {43, 300, 4900},  {44, 300, 5200},  {45, 300, 5500},
    {46, 300, 5800}, {47, 300, 6100}, {48, 300, 6400},  {49, 300, 6700},  {50, 300, 7000},
    {51, 400, 7400}, {52, 400, 7800}, {53, 400, 8200},  {54, 400, 8600},  {55, 400, 9000},
    {56, 400, 9400}, {57, 400, 9800}, {58, 400, 10200}, {59, 400, 10600}, {60, 400, 11000},
};

TEST(PerRequest, EveryPlaceFromOneToSixty) {
  ASSERT_EQ(std::size(kMonth), 60u);
  for (const MonthRow& row : kMonth) {
    EXPECT_EQ(PerRequestRate(row.place), row.rate) << "place " << row.place;
    EXPECT_EQ(MonthTotalPerRequest(row.place), row.total) << "requests " << row.place;
  }
}

TEST(PerRequest, BandsKeepRisingByOneHundred) {
  EXPECT_EQ(PerRequestRate(61), 500);
  EXPECT_EQ(PerRequestRate(100), 800);
  EXPECT_EQ(PerRequestRate(101), 900);
  EXPECT_EQ(PerRequestRate(10000), 99800);  // 9991-10000: the 997th band past 30, 100 + 997 × 100
  EXPECT_EQ(PerRequestRate(0), 0);
  EXPECT_EQ(MonthTotalPerRequest(0), 0);
}

TEST(PerVolume, Checkpoints) {
  EXPECT_EQ(PerVolumeFee(1), 0);
  EXPECT_EQ(PerVolumeFee(30), 0);
  EXPECT_EQ(PerVolumeFee(31), 10);
  EXPECT_EQ(PerVolumeFee(45), 150);
  EXPECT_EQ(PerVolumeFee(100), 700);
  EXPECT_EQ(PerVolumeFee(101), 720);
  EXPECT_EQ(PerVolumeFee(150), 1700);
  EXPECT_EQ(PerVolumeFee(200), 2700);
  EXPECT_EQ(PerVolumeFee(201), 2740);
  EXPECT_EQ(PerVolumeFee(250), 4700);
  EXPECT_EQ(PerVolumeFee(300), 6700);  // 700 + 2000 + 4000
  EXPECT_EQ(PerVolumeFee(0), 0);
}

// The standard written as one formula, independently of the bands in fees.cc.
int64_t ClosedFormVolumeFee(int pages) {
  const int64_t at10 = std::clamp(pages - 30, 0, 70);
  const int64_t at20 = std::clamp(pages - 100, 0, 100);
  const int64_t at40 = std::max(pages - 200, 0);
  return 10 * at10 + 20 * at20 + 40 * at40;
}

TEST(PerVolume, EveryPageCountFromOneToThreeHundred) {
  for (int pages = 1; pages <= 300; ++pages) {
    EXPECT_EQ(PerVolumeFee(pages), ClosedFormVolumeFee(pages)) << pages << " pages";
  }
}

std::vector<std::string> Lines(const FeeQuote& quote) { return quote.breakdown; }

TEST(Quote, PerRequestStatesTheBandAndThePlace) {
  auto free = QuoteFee(v1::FEE_BASIS_PER_REQUEST, 5, 0);
  ASSERT_TRUE(free.ok()) << free.status();
  EXPECT_EQ(free->amount_yuan, 0);
  EXPECT_EQ(Lines(*free), (std::vector<std::string>{"第1—10件：不收费，本件为当月第5件，0元"}));

  auto twelfth = QuoteFee(v1::FEE_BASIS_PER_REQUEST, 12, 0);
  ASSERT_TRUE(twelfth.ok()) << twelfth.status();
  EXPECT_EQ(twelfth->amount_yuan, 100);
  EXPECT_EQ(Lines(*twelfth),
            (std::vector<std::string>{"第11—30件：100元/件，本件为当月第12件，100元"}));

  auto thirty_fifth = QuoteFee(v1::FEE_BASIS_PER_REQUEST, 35, 0);
  ASSERT_TRUE(thirty_fifth.ok());
  EXPECT_EQ(thirty_fifth->amount_yuan, 200);
  EXPECT_EQ(Lines(*thirty_fifth),
            (std::vector<std::string>{"第31—40件：200元/件，本件为当月第35件，200元"}));

  auto forty_first = QuoteFee(v1::FEE_BASIS_PER_REQUEST, 41, 0);
  ASSERT_TRUE(forty_first.ok());
  EXPECT_EQ(forty_first->amount_yuan, 300);
  EXPECT_EQ(Lines(*forty_first),
            (std::vector<std::string>{"第41—50件：300元/件，本件为当月第41件，300元"}));
}

TEST(Quote, PerVolumeHasOneLinePerBandUsed) {
  auto few = QuoteFee(v1::FEE_BASIS_PER_VOLUME, 12, 12);
  ASSERT_TRUE(few.ok()) << few.status();
  EXPECT_EQ(few->amount_yuan, 0);
  EXPECT_EQ(Lines(*few), (std::vector<std::string>{"第1—30页：不收费（12页）"}));

  auto some = QuoteFee(v1::FEE_BASIS_PER_VOLUME, 1, 45);
  ASSERT_TRUE(some.ok());
  EXPECT_EQ(some->amount_yuan, 150);
  EXPECT_EQ(Lines(*some), (std::vector<std::string>{"第1—30页：不收费（30页）",
                                                    "第31—100页：10元/页 × 15页 = 150元"}));

  auto many = QuoteFee(v1::FEE_BASIS_PER_VOLUME, 1, 250);
  ASSERT_TRUE(many.ok());
  EXPECT_EQ(many->amount_yuan, 4700);
  EXPECT_EQ(Lines(*many),
            (std::vector<std::string>{
                "第1—30页：不收费（30页）", "第31—100页：10元/页 × 70页 = 700元",
                "第101—200页：20元/页 × 100页 = 2000元", "第201页起：40元/页 × 50页 = 2000元"}));
}

TEST(Quote, RejectsWhatIsOutOfBoundsOrMixesTheBases) {
  auto no_basis = QuoteFee(v1::FEE_BASIS_UNSPECIFIED, 12, 0);
  EXPECT_EQ(no_basis.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(no_basis.status().message(),
            "`basis` 须为按件（FEE_BASIS_PER_REQUEST）或按量（FEE_BASIS_PER_VOLUME）");

  for (int place : {0, -1, 10001}) {
    auto bad = QuoteFee(v1::FEE_BASIS_PER_REQUEST, place, 0);
    EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument) << place;
    EXPECT_EQ(bad.status().message(), "`requests_in_month` 须在 1 至 10000 之间");
  }
  EXPECT_TRUE(QuoteFee(v1::FEE_BASIS_PER_REQUEST, 10000, 0).ok());

  auto both = QuoteFee(v1::FEE_BASIS_PER_REQUEST, 12, 40);
  EXPECT_EQ(both.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(both.status().message(), "`pages` 按件计收时须为 0：每件申请只按一种标准计收");

  for (int pages : {0, -5, 100001}) {
    auto bad = QuoteFee(v1::FEE_BASIS_PER_VOLUME, 12, pages);
    EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument) << pages;
    EXPECT_EQ(bad.status().message(), "`pages` 须在 1 至 100000 之间");
  }
  auto most = QuoteFee(v1::FEE_BASIS_PER_VOLUME, 12, 100000);
  ASSERT_TRUE(most.ok());
  EXPECT_EQ(most->amount_yuan, 700 + 2000 + 40 * (100000 - 200));
}

}  // namespace
}  // namespace gongkai
