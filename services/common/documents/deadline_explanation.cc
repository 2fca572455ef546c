#include "documents/deadline_explanation.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/clock.h"
#include "documents/formal_document.h"

namespace gongkai {
namespace {

absl::string_view ReceiptRuleText(v1::ReceiptRule rule) {
  switch (rule) {
    case v1::RECEIPT_RULE_HANDED_IN:
      return "当面提交，以提交之日为收到申请之日";
    case v1::RECEIPT_RULE_SIGNED_FOR:
      return "邮寄提交，以本机关签收之日为收到申请之日";
    case v1::RECEIPT_RULE_CONFIRMED_LETTER:
      return "平常信函提交，以与申请人确认之日为收到申请之日";
    case v1::RECEIPT_RULE_CONFIRMED_BOTH_SIDES:
      return "通过互联网或传真提交，以双方确认之日为收到申请之日";
    case v1::RECEIPT_RULE_ARRIVED:
      return "以申请送达本机关之日为收到申请之日";
    default:
      return "";
  }
}

std::string Day(absl::string_view text) {
  absl::CivilDay day;
  return ParseDay(text, &day) ? ChineseDate(day) : std::string(text);
}

std::string DayWithWeekday(absl::string_view text) {
  static constexpr absl::string_view kWeekdays[] = {"星期一", "星期二", "星期三", "星期四",
                                                    "星期五", "星期六", "星期日"};
  absl::CivilDay day;
  if (!ParseDay(text, &day)) return std::string(text);
  return absl::StrCat(ChineseDate(day), "（", kWeekdays[static_cast<int>(absl::GetWeekday(day))],
                      "）");
}

// "2026-03-02:2026-03-10" → {"2026-03-02", "2026-03-10"}.
std::pair<std::string, std::string> Range(const std::string& paused) {
  const size_t colon = paused.find(':');
  if (colon == std::string::npos) return {paused, paused};
  return {paused.substr(0, colon), paused.substr(colon + 1)};
}

}  // namespace

std::vector<std::string> DeadlineInChinese(const v1::Deadline& d) {
  std::vector<std::string> lines;
  const absl::string_view rule = ReceiptRuleText(d.receipt_rule_kind());
  lines.push_back(absl::StrCat("收到申请：", Day(d.receipt_date()), "（",
                               rule.empty() ? "" : absl::StrCat(rule, "，"), "条例第三十一条）"));
  if (!d.clock_start().empty() && d.clock_start() != d.receipt_date()) {
    lines.push_back(absl::StrCat("收到补正后的申请：", Day(d.clock_start()),
                                 "，答复期限自该日起重新计算（条例第三十条）"));
  }
  lines.push_back(
      absl::StrCat("自", Day(d.clock_start()), "的次日起计算20个工作日（条例第三十三条）"));
  if (d.extension_days() > 0) {
    lines.push_back(absl::StrCat("经政府信息公开工作机构负责人同意，延长", d.extension_days(),
                                 "个工作日（条例第三十三条）"));
  }
  if (d.holidays_met_size() > 0) {
    std::vector<std::string> days;
    for (const std::string& day : d.holidays_met()) days.push_back(Day(day));
    lines.push_back(absl::StrCat("其间法定节假日放假的", d.holidays_met_size(), "个工作日不计入：",
                                 absl::StrJoin(days, "、")));
  }
  for (const std::string& day : d.make_up_days_met()) {
    lines.push_back(absl::StrCat(DayWithWeekday(day), "为调休上班日，计入"));
  }
  for (int i = 0; i < d.paused_size(); ++i) {
    const auto [from, to] = Range(d.paused(i));
    const std::string why = i < d.paused_for_size() && !d.paused_for(i).empty()
                                ? d.paused_for(i)
                                : std::string("暂停计算");
    const std::string days = i < d.paused_working_days_size()
                                 ? absl::StrCat("，", d.paused_working_days(i), "个工作日")
                                 : std::string();
    lines.push_back(
        absl::StrCat(why, "：", Day(from), "的次日至", Day(to), days, "不计入（条例第三十三条）"));
  }
  if (d.paused_size() > 1) {
    lines.push_back(
        absl::StrCat("以上合计", d.paused_working_days_total(), "个工作日不计入，同一日只计一次"));
  }
  if (d.provisional()) {
    lines.push_back(
        "暂定：计算跨越尚未公布节假日安排的年份，暂按周末和法定节日推算，"
        "安排公布后重新计算");
  }
  if (!d.later_reply_date().empty()) {
    if (d.later_reply_date() == d.due_date()) {
      lines.push_back(absl::StrCat("依照条例第三十五条，本机关确定于", Day(d.later_reply_date()),
                                   "前答复，代替原答复期限", Day(d.ordinary_due_date())));
    } else {
      lines.push_back(absl::StrCat("依照条例第三十五条确定的答复日期", Day(d.later_reply_date()),
                                   "早于按期计算的期限届满日，仍以后者为准"));
    }
  }
  lines.push_back(absl::StrCat("答复期限：", DayWithWeekday(d.due_date())));
  return lines;
}

}  // namespace gongkai
