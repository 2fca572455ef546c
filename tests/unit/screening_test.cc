#include "screening/screening.h"

#include <gtest/gtest.h>

#include "screening/draft_screening.h"

namespace gongkai {
namespace {

// "kind:text" for each finding, to compare in one line.
std::vector<std::string> Found(absl::string_view text, const ScreeningOptions& options = {}) {
  std::vector<std::string> found;
  for (const Finding& finding : Screen(text, options)) {
    found.push_back(std::string(FindingKindName(finding.kind)) + ":" +
                    std::string(text.substr(finding.begin, finding.end - finding.begin)));
  }
  return found;
}

using V = std::vector<std::string>;

TEST(Screening, ResidentIdNumbersNeedAValidCheckDigit) {
  EXPECT_EQ(Found("申请人身份证号11010519491231002X，住城关镇。"),
            V{"resident_id:11010519491231002X"});
  EXPECT_EQ(Found("号码110105194912310021有误"), V{});  // wrong check digit
  EXPECT_EQ(Found("身份证：341523198001010014"), V{"resident_id:341523198001010014"});
}

TEST(Screening, FullWidthDigitsAndSpacesAreRead) {
  EXPECT_EQ(Found("联系电话：１３８ ００１３ ８０００。"),
            V{"mobile_phone:１３８ ００１３ ８０００"});
  EXPECT_EQ(Found("身份证号１１０１０５１９４９１２３１００２Ｘ"),
            V{"resident_id:１１０１０５１９４９１２３１００２Ｘ"});
  EXPECT_EQ(Found("电话 0551-3350000 或 139-1234-5678"),
            (V{"landline:0551-3350000", "mobile_phone:139-1234-5678"}));
}

TEST(Screening, BankCardsPassTheLuhnCheck) {
  EXPECT_EQ(Found("收款账号6222 0212 3456 7890 128"), V{"bank_card:6222 0212 3456 7890 128"});
  EXPECT_EQ(Found("收款账号6222021234567890129"), V{});
}

TEST(Screening, EmailAddresses) {
  EXPECT_EQ(Found("请发至wang.li@example.cn。"), V{"email:wang.li@example.cn"});
  EXPECT_EQ(Found("请发至ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｎ"),
            V{"email:ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｎ"});
  EXPECT_EQ(Found("@ 符号单独出现"), V{});
}

TEST(Screening, ClassificationMarkings) {
  EXPECT_EQ(Found("机密★10年\n关于某事项的请示"), V{"classification_marking:机密★10年"});
  EXPECT_EQ(Found("本件标注秘密★6个月，不得公开"), V{"classification_marking:秘密★6个月"});
  EXPECT_EQ(Found("【绝密】"), V{"classification_marking:绝密"});
  EXPECT_EQ(Found("秘密★"), V{"classification_marking:秘密★"});
  // The law's words in a sentence are not a document's marking.
  EXPECT_EQ(Found("涉及商业秘密和国家秘密的内容已删除"), V{});
}

TEST(Screening, InternalMarkings) {
  EXPECT_EQ(Found("（内部资料，注意保存）"), V{"internal_marking:内部资料"});
  EXPECT_EQ(Found("此件属工作秘密"), V{"internal_marking:工作秘密"});
  EXPECT_EQ(Found("【内部】会议纪要"), V{"internal_marking:内部"});
  EXPECT_EQ(Found("内部审计结果已公开"), V{});
}

TEST(Screening, NoFalsePositivesOnDatesAmountsAndCaseNumbers) {
  EXPECT_EQ(Found("2026年11月28日，案件2026-000123，金额12345678.90元，文号舒政〔2025〕12号，"
                  "日期2026-11-28，20261128"),
            V{});
}

TEST(Screening, ConfiguredSensitiveTerms) {
  ScreeningOptions options;
  options.sensitive_terms = {"某重点工程", "内控名单"};
  EXPECT_EQ(Found("附件为某重点工程的内控名单", options),
            (V{"sensitive_term:某重点工程", "sensitive_term:内控名单"}));
}

v1::ScreeningFinding& AddFinding(v1::Draft& draft, absl::string_view field, int begin, int end,
                                 v1::FindingResolution resolution,
                                 v1::Outcome ground = v1::OUTCOME_UNSPECIFIED) {
  v1::ScreeningFinding& finding = *draft.add_findings();
  finding.set_field(std::string(field));
  finding.set_begin(begin);
  finding.set_end(end);
  finding.set_resolution(resolution);
  finding.set_ground(ground);
  return finding;
}

// A redaction turns a full disclosure into 部分公开; any other decision stays as proposed.
TEST(DraftScreening, OutcomeAfterReview) {
  v1::Draft draft;
  draft.set_outcome(v1::OUTCOME_ALREADY_PUBLIC);
  draft.set_proposed_outcome(v1::OUTCOME_ALREADY_PUBLIC);
  AddFinding(draft, "disclosed_text", 0, 2, v1::FINDING_RESOLUTION_RELEASED);
  EXPECT_EQ(OutcomeAfterReview(draft), v1::OUTCOME_ALREADY_PUBLIC);
  AddFinding(draft, "grounds", 3, 5, v1::FINDING_RESOLUTION_REDACTED,
             v1::OUTCOME_WITHHELD_THIRD_PARTY);
  EXPECT_EQ(OutcomeAfterReview(draft), v1::OUTCOME_PARTIALLY_DISCLOSED);
  draft.set_proposed_outcome(v1::OUTCOME_WITHHELD_STATE_SECRET);
  EXPECT_EQ(OutcomeAfterReview(draft), v1::OUTCOME_WITHHELD_STATE_SECRET);
  // Submitted before proposed_outcome was recorded: the outcome is the proposal.
  draft.clear_proposed_outcome();
  draft.set_outcome(v1::OUTCOME_DISCLOSED);
  EXPECT_EQ(OutcomeAfterReview(draft), v1::OUTCOME_PARTIALLY_DISCLOSED);
}

TEST(DraftScreening, WithheldPartsListTheReleasedTextFirstInTextOrder) {
  v1::Draft draft;
  draft.set_disclosed_text("甲乙丙丁戊己庚辛");
  v1::WithheldSpan& span = *draft.add_withheld();
  span.set_begin(4);
  span.set_end(6);
  span.set_ground(v1::OUTCOME_WITHHELD_PROCESS_INFORMATION);
  AddFinding(draft, "grounds", 0, 1, v1::FINDING_RESOLUTION_REDACTED,
             v1::OUTCOME_WITHHELD_STATE_SECRET);
  AddFinding(draft, "disclosed_text", 1, 2, v1::FINDING_RESOLUTION_REDACTED,
             v1::OUTCOME_WITHHELD_THIRD_PARTY);
  AddFinding(draft, "disclosed_text", 2, 3, v1::FINDING_RESOLUTION_RELEASED);
  AddFinding(draft, "disclosed_text", 7, 8, v1::FINDING_RESOLUTION_REDACTED);  // no ground
  std::vector<std::string> listed;
  for (const WithheldPart& part : WithheldParts(draft)) {
    listed.push_back(part.field + ":" + std::to_string(part.begin) + ":" +
                     v1::Outcome_Name(part.ground));
  }
  EXPECT_EQ(listed, (V{"disclosed_text:1:OUTCOME_WITHHELD_THIRD_PARTY",
                       "disclosed_text:4:OUTCOME_WITHHELD_PROCESS_INFORMATION",
                       "grounds:0:OUTCOME_WITHHELD_STATE_SECRET"}));
  EXPECT_EQ(ReleasedText(draft),
            "甲［此处不予公开：保护第三方合法权益］丙丁［此处不予公开：属于四类过程性信息］庚"
            "［已隐去］");
}

TEST(DraftScreening, AThirdPartySeesReleasedPersonalDataMasked) {
  v1::Draft draft;
  draft.set_disclosed_text("联系人电话13912345678，邮箱wang@example.cn，机密★10年");
  AddFinding(draft, "disclosed_text", 5, 16, v1::FINDING_RESOLUTION_RELEASED)
      .set_kind(v1::FINDING_KIND_MOBILE_PHONE);
  draft.mutable_findings(0)->set_masked("139****5678");
  AddFinding(draft, "disclosed_text", 19, 34, v1::FINDING_RESOLUTION_REDACTED,
             v1::OUTCOME_WITHHELD_THIRD_PARTY)
      .set_kind(v1::FINDING_KIND_EMAIL);
  AddFinding(draft, "disclosed_text", 35, 41, v1::FINDING_RESOLUTION_RELEASED)
      .set_kind(v1::FINDING_KIND_CLASSIFICATION_MARKING);
  draft.mutable_findings(2)->set_masked("机密★10年");
  EXPECT_EQ(ReleasedText(draft),
            "联系人电话13912345678，邮箱［此处不予公开：保护第三方合法权益］，机密★10年");
  EXPECT_EQ(ReleasedTextMaskingPersonalData(draft),
            "联系人电话139****5678，邮箱［此处不予公开：保护第三方合法权益］，机密★10年");
}

}  // namespace
}  // namespace gongkai
