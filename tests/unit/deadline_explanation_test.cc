// The due-date derivation as staff read it: every step in Chinese, from the structured fields.
#include "documents/deadline_explanation.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "calendar/deadline.h"
#include "office_days.h"

namespace gongkai {
namespace {

TEST(DeadlineInChinese, AnInPersonRequestOverTheNationalDayHolidays) {
  auto deadline = InitialDeadline(ShippedCalendar(), [] {
    v1::InformationRequest request;
    request.set_channel(v1::CHANNEL_IN_PERSON);
    request.set_received_date("2026-09-30");
    return request;
  }());
  ASSERT_TRUE(deadline.ok()) << deadline.status();
  EXPECT_EQ(DeadlineInChinese(*deadline),
            (std::vector<std::string>{
                "收到申请：2026年9月30日（当面提交，以提交之日为收到申请之日，条例第三十一条）",
                "自2026年9月30日的次日起计算20个工作日（条例第三十三条）",
                "其间法定节假日放假的5个工作日不计入：2026年10月1日、2026年10月2日、2026年10月5日、"
                "2026年10月6日、2026年10月7日",
                "2026年10月10日（星期六）为调休上班日，计入",
                "答复期限：2026年11月3日（星期二）",
            }));
}

TEST(DeadlineInChinese, ASupplementAConsultationAFeeAndAnExtension) {
  DeadlineInput input{.receipt = absl::CivilDay(2026, 3, 2),
                      .receipt_rule = "registered post: the day the office signed for it",
                      .receipt_rule_kind = v1::RECEIPT_RULE_SIGNED_FOR,
                      .supplement_received = absl::CivilDay(2026, 3, 4),
                      .pauses = {{absl::CivilDay(2026, 3, 10), absl::CivilDay(2026, 3, 20),
                                  "consultation", "征求某建材有限公司意见"},
                                 {absl::CivilDay(2026, 3, 16), absl::CivilDay(2026, 3, 25), "fee",
                                  "等待申请人缴纳信息处理费"}},
                      .extension_days = 20};
  auto deadline = ComputeDeadline(ShippedCalendar(), input);
  ASSERT_TRUE(deadline.ok()) << deadline.status();
  const std::vector<std::string> lines = DeadlineInChinese(*deadline);
  ASSERT_EQ(lines.size(), 10u) << absl::StrJoin(lines, "\n");
  EXPECT_EQ(lines[0],
            "收到申请：2026年3月2日（邮寄提交，以本机关签收之日为收到申请之日，条例第三十一条）");
  EXPECT_EQ(lines[1], "收到补正后的申请：2026年3月4日，答复期限自该日起重新计算（条例第三十条）");
  EXPECT_EQ(lines[2], "自2026年3月4日的次日起计算20个工作日（条例第三十三条）");
  EXPECT_EQ(lines[3], "经政府信息公开工作机构负责人同意，延长20个工作日（条例第三十三条）");
  EXPECT_EQ(lines[4],
            "其间法定节假日放假的4个工作日不计入：2026年4月6日、2026年5月1日、2026年5月4日、2026年5"
            "月5日");
  EXPECT_EQ(lines[5], "2026年5月9日（星期六）为调休上班日，计入");
  EXPECT_EQ(lines[6],
            "征求某建材有限公司意见：2026年3月10日的次日至2026年3月20日，8个工作日不计入（条例第三"
            "十三条）");
  EXPECT_EQ(lines[7],
            "等待申请人缴纳信息处理费：2026年3月16日的次日至2026年3月25日，7个工作日不计入（条例第"
            "三十三条）");
  EXPECT_EQ(lines[8], "以上合计11个工作日不计入，同一日只计一次");
  EXPECT_EQ(lines[9], "答复期限：2026年5月19日（星期二）");
}

TEST(DeadlineInChinese, AnArticle35LaterDateAndAProvisionalCount) {
  auto later = ComputeDeadline(ShippedCalendar(), {.receipt = absl::CivilDay(2026, 3, 2),
                                                   .later_due = absl::CivilDay(2026, 5, 29)});
  ASSERT_TRUE(later.ok()) << later.status();
  const std::vector<std::string> lines = DeadlineInChinese(*later);
  EXPECT_EQ(lines[lines.size() - 2],
            "依照条例第三十五条，本机关确定于2026年5月29日前答复，代替原答复期限2026年3月30日");
  EXPECT_EQ(lines.back(), "答复期限：2026年5月29日（星期五）");

  auto provisional = ComputeDeadline(ShippedCalendar(), {.receipt = absl::CivilDay(2026, 12, 15)});
  ASSERT_TRUE(provisional.ok());
  const std::vector<std::string> guessed = DeadlineInChinese(*provisional);
  EXPECT_EQ(guessed[0], "收到申请：2026年12月15日（条例第三十一条）");
  EXPECT_EQ(guessed[guessed.size() - 2],
            "暂定：计算跨越尚未公布节假日安排的年份，暂按周末和法定节日推算，安排公布后重新计算");
}

}  // namespace
}  // namespace gongkai
