#include "outcomes.h"

namespace gongkai {
namespace {

using O = v1::Outcome;

constexpr OutcomeInfo kOutcomes[] = {
    {O::OUTCOME_DISCLOSED, "予以公开", "第三十六条第（二）项", true, false},
    {O::OUTCOME_ALREADY_PUBLIC, "予以公开（已主动公开）", "第三十六条第（一）项", true, false},
    {O::OUTCOME_PARTIALLY_DISCLOSED, "部分公开（区分处理）", "第三十七条", true, true},
    {O::OUTCOME_WITHHELD_STATE_SECRET, "不予公开（属于国家秘密）", "第十四条", false, true},
    {O::OUTCOME_WITHHELD_PROHIBITED_BY_LAW, "不予公开（其他法律行政法规禁止公开）", "第十四条",
     false, true},
    {O::OUTCOME_WITHHELD_SECURITY_STABILITY, "不予公开（危及“三安全一稳定”）", "第十四条", false,
     true},
    {O::OUTCOME_WITHHELD_THIRD_PARTY, "不予公开（保护第三方合法权益）", "第十五条", false, true},
    {O::OUTCOME_WITHHELD_INTERNAL_AFFAIRS, "不予公开（属于三类内部事务信息）", "第十六条第一款",
     false, true},
    {O::OUTCOME_WITHHELD_PROCESS_INFORMATION, "不予公开（属于四类过程性信息）", "第十六条第二款",
     false, true},
    {O::OUTCOME_WITHHELD_ENFORCEMENT_FILE, "不予公开（属于行政执法案卷）", "第十六条第二款", false,
     true},
    {O::OUTCOME_WITHHELD_QUERY_MATTER, "不予公开（属于行政查询事项）", "第三十六条第（七）项",
     false, true},
    {O::OUTCOME_UNAVAILABLE_NOT_HELD, "无法提供（本机关不掌握相关政府信息）",
     "第三十六条第（四）项、第（五）项", false, true},
    {O::OUTCOME_UNAVAILABLE_NEEDS_CREATION, "无法提供（没有现成信息需要另行制作）", "第三十八条",
     false, true},
    {O::OUTCOME_UNAVAILABLE_STILL_UNCLEAR, "无法提供（补正后申请内容仍不明确）", "第三十条", false,
     true},
    {O::OUTCOME_NOT_PROCESSED_PETITION, "不予处理（信访举报投诉类申请）", "第三十九条第一款", false,
     true},
    {O::OUTCOME_NOT_PROCESSED_REPEAT, "不予处理（重复申请）", "第三十六条第（六）项", false, true},
    {O::OUTCOME_NOT_PROCESSED_PUBLICATION, "不予处理（要求提供公开出版物）", "第三十九条第二款",
     false, true},
    {O::OUTCOME_NOT_PROCESSED_EXCESSIVE, "不予处理（无正当理由大量反复申请）", "第三十五条", false,
     true},
    {O::OUTCOME_NOT_PROCESSED_CONFIRMATION, "不予处理（要求行政机关确认或重新出具已获取信息）",
     "第三十九条第二款", false, true},
    {O::OUTCOME_OTHER_NO_SUPPLEMENT, "其他处理（申请人无正当理由逾期不补正）", "第三十条", false,
     true},
    {O::OUTCOME_OTHER_FEE_UNPAID, "其他处理（申请人逾期未缴纳费用）", "第四十二条", false, true},
    {O::OUTCOME_OTHER, "其他处理", "第三十六条", false, true},
};

}  // namespace

const OutcomeInfo* FindOutcome(v1::Outcome outcome) {
  for (const OutcomeInfo& info : kOutcomes) {
    if (info.outcome == outcome) return &info;
  }
  return nullptr;
}

}  // namespace gongkai
