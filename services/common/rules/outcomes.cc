#include "rules/outcomes.h"

namespace gongkai {
namespace {

using O = v1::Outcome;

// Columns: outcome, label, article, report row, discloses, withholds, sign-off, withholding
// ground, the decision as the letter states it ("您" is replaced by "贵单位" for organisations).
constexpr OutcomeInfo kOutcomes[] = {
    {O::OUTCOME_DISCLOSED, "予以公开", "第三十六条第（二）项", "3.1", true, false, false, false,
     "经审查，您申请获取的政府信息属于公开范围，本机关予以公开，现将有关信息提供如下："},
    {O::OUTCOME_ALREADY_PUBLIC, "予以公开（已主动公开）", "第三十六条第（一）项", "3.1", true,
     false, false, false, "经查，您申请获取的政府信息本机关已经主动公开，获取的方式和途径如下："},
    {O::OUTCOME_PARTIALLY_DISCLOSED, "部分公开（区分处理）", "第三十七条", "3.2", true, true, true,
     false,
     "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，"
     "本机关向您提供可以公开的部分如下："},
    {O::OUTCOME_WITHHELD_STATE_SECRET, "不予公开（属于国家秘密）", "第十四条", "3.3.1", false, true,
     true, true, "经审查，您申请获取的政府信息属于国家秘密，本机关决定不予公开。"},
    {O::OUTCOME_WITHHELD_PROHIBITED_BY_LAW, "不予公开（其他法律行政法规禁止公开）", "第十四条",
     "3.3.2", false, true, true, true,
     "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息，本机关决定不予公开。"},
    {O::OUTCOME_WITHHELD_SECURITY_STABILITY, "不予公开（危及“三安全一稳定”）", "第十四条", "3.3.3",
     false, true, true, true,
     "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，"
     "本机关决定不予公开。"},
    {O::OUTCOME_WITHHELD_THIRD_PARTY, "不予公开（保护第三方合法权益）", "第十五条", "3.3.4", false,
     true, true, true,
     "经审查，您申请获取的政府信息涉及商业秘密、个人隐私，公开会对第三方合法权益造成损害，"
     "本机关决定不予公开。"},
    {O::OUTCOME_WITHHELD_INTERNAL_AFFAIRS, "不予公开（属于三类内部事务信息）", "第十六条第一款",
     "3.3.5", false, true, true, true,
     "经审查，您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，"
     "本机关决定不予公开。"},
    {O::OUTCOME_WITHHELD_PROCESS_INFORMATION, "不予公开（属于四类过程性信息）", "第十六条第二款",
     "3.3.6", false, true, true, true,
     "经审查，您申请获取的政府信息属于履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、"
     "请示报告等过程性信息，本机关决定不予公开。"},
    {O::OUTCOME_WITHHELD_ENFORCEMENT_FILE, "不予公开（属于行政执法案卷）", "第十六条第二款",
     "3.3.7", false, true, true, true,
     "经审查，您申请获取的政府信息属于行政执法案卷信息，本机关决定不予公开。"},
    {O::OUTCOME_WITHHELD_QUERY_MATTER, "不予公开（属于行政查询事项）", "第三十六条第（七）项",
     "3.3.8", false, true, true, true,
     "经审查，您申请获取的信息属于行政查询事项，有关法律、行政法规对信息的获取有特别规定，"
     "请依照有关规定办理。"},
    {O::OUTCOME_UNAVAILABLE_NOT_HELD, "无法提供（经检索没有所申请公开的信息）",
     "第三十六条第（四）项", "3.4.1", false, true, false, false,
     "经检索，本机关没有您所申请公开的政府信息，该政府信息不存在。"},
    // Art. 36(5): the letter also names the responsible agency and its contact where known
    // (Draft.responsible_agency, responsible_contact). Counted with 36(4) in 三(四)1.
    {O::OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY, "无法提供（不属于本机关负责公开）",
     "第三十六条第（五）项", "3.4.1", false, true, false, false,
     "经审查，您所申请公开的政府信息不属于本机关负责公开。"},
    {O::OUTCOME_UNAVAILABLE_NEEDS_CREATION, "无法提供（没有现成信息需要另行制作）", "第三十八条",
     "3.4.2", false, true, false, false,
     "经审查，您申请获取的信息需要本机关对现有政府信息进行加工、分析方能形成，"
     "本机关不予提供。"},
    {O::OUTCOME_UNAVAILABLE_STILL_UNCLEAR, "无法提供（补正后申请内容仍不明确）", "第三十条",
     "3.4.3", false, true, false, false,
     "经审查，您补正后的申请内容仍不明确，本机关无法确定您所需的政府信息，无法提供。"},
    {O::OUTCOME_NOT_PROCESSED_PETITION, "不予处理（信访举报投诉类申请）", "第三十九条第一款",
     "3.5.1", false, true, false, false,
     "经审查，您的申请属于以政府信息公开申请的形式进行信访、投诉、举报，本机关不作为政府信息"
     "公开申请处理，请通过相应渠道提出。"},
    {O::OUTCOME_NOT_PROCESSED_REPEAT, "不予处理（重复申请）", "第三十六条第（六）项", "3.5.2",
     false, true, false, false,
     "经审查，本机关已就您申请公开的同一政府信息作出答复，您重复申请，本机关不予重复处理。"},
    {O::OUTCOME_NOT_PROCESSED_PUBLICATION, "不予处理（要求提供公开出版物）", "第三十九条第二款",
     "3.5.3", false, true, false, false,
     "经审查，您要求提供的是政府公报、报刊、书籍等公开出版物，请通过相应途径获取。"},
    {O::OUTCOME_NOT_PROCESSED_EXCESSIVE, "不予处理（无正当理由大量反复申请）", "第三十五条",
     "3.5.4", false, true, false, false,
     "经审查，您申请公开政府信息的数量、频次明显超过合理范围，且未能说明合理理由，"
     "本机关不予处理。"},
    // Not 第三十九条第二款, which is about published materials. Confirming, certifying or
    // re-issuing what the applicant already holds asks the agency to make a new statement, not to
    // provide information it has made or obtained and recorded: the request falls outside the
    // definition of government information in 第二条, so the Regulations do not govern it.
    {O::OUTCOME_NOT_PROCESSED_CONFIRMATION, "不予处理（要求行政机关确认或重新出具已获取信息）",
     "第二条", "3.5.5", false, true, false, false,
     "经审查，您要求本机关确认或者重新出具已获取的信息，该请求不属于申请获取政府信息，"
     "不属于政府信息公开申请，本机关不予处理。"},
    {O::OUTCOME_OTHER_NO_SUPPLEMENT, "其他处理（申请人无正当理由逾期不补正）", "第三十条", "3.6.1",
     false, true, false, false,
     "本机关已一次性告知您补正申请，您无正当理由逾期未补正，视为放弃申请，"
     "本机关不再处理该政府信息公开申请。"},
    {O::OUTCOME_OTHER_FEE_UNPAID, "其他处理（申请人逾期未按收费通知要求缴纳费用）", "第四十二条",
     "3.6.2", false, true, false, false,
     "您未在收费通知要求的期限内缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。"},
    {O::OUTCOME_OTHER, "其他处理", "第三十六条", "3.6.3", false, true, false, false,
     "本机关对您的政府信息公开申请作如下处理："},
};

}  // namespace

const OutcomeInfo* FindOutcome(v1::Outcome outcome) {
  for (const OutcomeInfo& info : kOutcomes) {
    if (info.outcome == outcome) return &info;
  }
  return nullptr;
}

std::span<const OutcomeInfo> AllOutcomes() { return kOutcomes; }

bool DisclosesInFull(v1::Outcome outcome) {
  return outcome == v1::OUTCOME_DISCLOSED || outcome == v1::OUTCOME_ALREADY_PUBLIC;
}

bool RefusesDisclosure(v1::Outcome outcome) {
  const OutcomeInfo* info = FindOutcome(outcome);
  return info != nullptr && info->is_withholding_ground;
}

bool AnswerableOnTheSpot(v1::Outcome outcome) {
  switch (outcome) {
    case v1::OUTCOME_ALREADY_PUBLIC:
    case v1::OUTCOME_NOT_PROCESSED_PUBLICATION:
    case v1::OUTCOME_NOT_PROCESSED_PETITION:
    case v1::OUTCOME_UNAVAILABLE_NOT_HELD:
    case v1::OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY:
      return true;
    default:
      return false;
  }
}

}  // namespace gongkai
