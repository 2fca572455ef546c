#include "documents/documents.h"

#include <gtest/gtest.h>

#include <map>

namespace gongkai {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

v1::Case ClearedCase(v1::Outcome outcome) {
  v1::Case c;
  c.set_case_number("2026-000123");
  c.mutable_applicant()->set_type(v1::APPLICANT_TYPE_COMMERCIAL_ENTERPRISE);
  c.mutable_applicant()->set_name("舒城县皖江建材有限公司");
  c.mutable_request()->set_description("国有土地使用权出让合同");
  c.mutable_request()->set_received_date("2026-11-20");
  c.mutable_request()->set_channel(v1::CHANNEL_REGISTERED_POST);
  c.mutable_draft()->set_outcome(outcome);
  return c;
}

TEST(Documents, ReceiptNamesCaseApplicantRequestAndReceiptDate) {
  const std::string receipt =
      RenderReceipt(ClearedCase(v1::OUTCOME_DISCLOSED), "舒城县人民政府办公室");
  EXPECT_TRUE(Contains(receipt, "政府信息公开申请登记回执"));
  EXPECT_TRUE(Contains(receipt, "登记编号：2026-000123"));
  EXPECT_TRUE(Contains(receipt, "申请人：舒城县皖江建材有限公司"));
  EXPECT_TRUE(Contains(receipt, "提交方式：邮寄（挂号信/EMS）"));
  EXPECT_TRUE(Contains(receipt, "收到申请日期：2026年11月20日"));
  EXPECT_TRUE(Contains(receipt, "贵单位"));
  EXPECT_TRUE(Contains(receipt, "20个工作日"));
  EXPECT_FALSE(Contains(receipt, "（即"));  // no deadline computed: no date promised

  v1::Case with_deadline = ClearedCase(v1::OUTCOME_DISCLOSED);
  with_deadline.mutable_deadline()->set_receipt_date("2026-11-23");
  with_deadline.mutable_deadline()->set_due_date("2026-12-21");
  const std::string dated = RenderReceipt(with_deadline, "县政府办");
  EXPECT_TRUE(Contains(dated, "收到申请日期：2026年11月23日"));
  EXPECT_TRUE(Contains(dated, "20个工作日内予以答复（即2026年12月21日前）"));
  with_deadline.mutable_deadline()->set_provisional(true);
  EXPECT_TRUE(Contains(RenderReceipt(with_deadline, "县政府办"), "暂按法定节日推算"));
}

TEST(Documents, PartialDisclosureLetterReleasesTheRestWithReasons) {
  v1::Case c = ClearedCase(v1::OUTCOME_PARTIALLY_DISCLOSED);
  c.mutable_draft()->set_disclosed_text("合同正文见附件");
  c.mutable_draft()->set_grounds("竞买企业财务资料属商业秘密");
  const std::string letter =
      RenderReplyLetter(c, "舒城县人民政府办公室", absl::CivilDay(2026, 11, 28));
  EXPECT_TRUE(Contains(letter, "〔2026〕第000123号"));
  EXPECT_TRUE(Contains(letter, "答复结果：部分公开（区分处理）"));
  EXPECT_TRUE(Contains(letter, "能够作区分处理"));
  EXPECT_TRUE(Contains(letter, "合同正文见附件"));
  EXPECT_TRUE(Contains(letter, "理由：竞买企业财务资料属商业秘密"));
  EXPECT_TRUE(Contains(letter, "《中华人民共和国政府信息公开条例》第三十七条"));
  EXPECT_TRUE(Contains(letter, "六十日内依法申请行政复议"));
  EXPECT_TRUE(Contains(letter, "六个月内依法提起行政诉讼"));
  EXPECT_TRUE(Contains(letter, "2026年11月28日"));
}

TEST(Documents, WithheldSpansAndRedactionsAreReplacedAndTheirArticlesCited) {
  v1::Case c = ClearedCase(v1::OUTCOME_PARTIALLY_DISCLOSED);
  // 合同价款：1200万元；竞买人财务状况：亏损；联系人电话13800138000。
  //   characters 12-19 "竞买人财务状况：" ... the span withheld is "亏损" (20-22).
  c.mutable_draft()->set_disclosed_text(
      "合同价款：1200万元；竞买人财务状况：亏损；联系人电话13800138000。");
  v1::WithheldSpan& span = *c.mutable_draft()->add_withheld();
  span.set_begin(20);
  span.set_end(22);
  span.set_ground(v1::OUTCOME_WITHHELD_THIRD_PARTY);
  v1::ScreeningFinding& phone = *c.mutable_draft()->add_findings();
  phone.set_field("disclosed_text");
  phone.set_begin(28);
  phone.set_end(39);
  phone.set_resolution(v1::FINDING_RESOLUTION_REDACTED);
  c.mutable_draft()->set_grounds("竞买人财务状况属商业秘密");
  const std::string letter = RenderReplyLetter(c, "县政府办", absl::CivilDay(2026, 11, 28));
  EXPECT_TRUE(Contains(letter,
                       "合同价款：1200万元；竞买人财务状况：［此处不予公开：保护第三方合法权益］；"
                       "联系人电话［已隐去］。"));
  EXPECT_FALSE(Contains(letter, "亏损"));
  EXPECT_FALSE(Contains(letter, "13800138000"));
  EXPECT_TRUE(Contains(
      letter,
      "（1）不予公开（保护第三方合法权益），依据《中华人民共和国政府信息公开条例》第十五条"));
  EXPECT_TRUE(Contains(letter, "依据：《中华人民共和国政府信息公开条例》第三十七条、第十五条。"));
}

// Every outcome's letter states its decision and cites the article the outcome relies on.
TEST(Documents, EveryOutcomeHasALetterWithItsArticle) {
  const std::map<v1::Outcome, std::pair<std::string, std::string>> expected = {
      {v1::OUTCOME_DISCLOSED, {"第三十六条第（二）项", "本机关予以公开"}},
      {v1::OUTCOME_ALREADY_PUBLIC, {"第三十六条第（一）项", "已经主动公开"}},
      {v1::OUTCOME_PARTIALLY_DISCLOSED, {"第三十七条", "能够作区分处理"}},
      {v1::OUTCOME_WITHHELD_STATE_SECRET, {"第十四条", "属于国家秘密"}},
      {v1::OUTCOME_WITHHELD_PROHIBITED_BY_LAW, {"第十四条", "法律、行政法规禁止公开"}},
      {v1::OUTCOME_WITHHELD_SECURITY_STABILITY, {"第十四条", "社会稳定"}},
      {v1::OUTCOME_WITHHELD_THIRD_PARTY, {"第十五条", "商业秘密、个人隐私"}},
      {v1::OUTCOME_WITHHELD_INTERNAL_AFFAIRS, {"第十六条第一款", "内部事务信息"}},
      {v1::OUTCOME_WITHHELD_PROCESS_INFORMATION, {"第十六条第二款", "过程性信息"}},
      {v1::OUTCOME_WITHHELD_ENFORCEMENT_FILE, {"第十六条第二款", "行政执法案卷"}},
      {v1::OUTCOME_WITHHELD_QUERY_MATTER, {"第三十六条第（七）项", "行政查询事项"}},
      {v1::OUTCOME_UNAVAILABLE_NOT_HELD, {"第三十六条第（四）项、第（五）项", "不存在"}},
      {v1::OUTCOME_UNAVAILABLE_NEEDS_CREATION, {"第三十八条", "加工、分析"}},
      {v1::OUTCOME_UNAVAILABLE_STILL_UNCLEAR, {"第三十条", "仍不明确"}},
      {v1::OUTCOME_NOT_PROCESSED_PETITION, {"第三十九条第一款", "信访、投诉、举报"}},
      {v1::OUTCOME_NOT_PROCESSED_REPEAT, {"第三十六条第（六）项", "不予重复处理"}},
      {v1::OUTCOME_NOT_PROCESSED_PUBLICATION, {"第三十九条第二款", "公开出版物"}},
      {v1::OUTCOME_NOT_PROCESSED_EXCESSIVE, {"第三十五条", "明显超过合理范围"}},
      {v1::OUTCOME_NOT_PROCESSED_CONFIRMATION, {"第三十九条第二款", "确认或者重新出具"}},
      {v1::OUTCOME_OTHER_NO_SUPPLEMENT, {"第三十条", "逾期未补正"}},
      {v1::OUTCOME_OTHER_FEE_UNPAID, {"第四十二条", "信息处理费"}},
      {v1::OUTCOME_OTHER, {"第三十六条", "作如下处理"}},
  };
  for (int value = v1::Outcome_MIN + 1; value <= v1::Outcome_MAX; ++value) {
    const auto outcome = static_cast<v1::Outcome>(value);
    ASSERT_TRUE(expected.count(outcome)) << v1::Outcome_Name(outcome);
    v1::Case c = ClearedCase(outcome);
    c.mutable_draft()->set_grounds("依据有关规定");
    const std::string letter = RenderReplyLetter(c, "县政府办", absl::CivilDay(2026, 11, 28));
    const auto& [article, decision] = expected.at(outcome);
    EXPECT_TRUE(Contains(letter, "依据：《中华人民共和国政府信息公开条例》" + article + "。"))
        << v1::Outcome_Name(outcome);
    EXPECT_TRUE(Contains(letter, decision)) << v1::Outcome_Name(outcome);
    EXPECT_TRUE(Contains(letter, "六十日内依法申请行政复议")) << v1::Outcome_Name(outcome);
    EXPECT_TRUE(Contains(letter, "贵单位")) << v1::Outcome_Name(outcome);  // an organisation
    const std::string html = RenderHtml(ReplyDocument(c, "县政府办", absl::CivilDay(2026, 11, 28)));
    EXPECT_TRUE(Contains(html, article)) << v1::Outcome_Name(outcome);
  }
}

TEST(Documents, HtmlIsPrintableOnA4AndEscapesTheText) {
  v1::Case c = ClearedCase(v1::OUTCOME_DISCLOSED);
  c.mutable_draft()->set_disclosed_text("<script>alert(1)</script> & 附件");
  const std::string html = RenderHtml(ReplyDocument(c, "县政府办", absl::CivilDay(2026, 11, 28)));
  EXPECT_TRUE(Contains(html, "<!DOCTYPE html>"));
  EXPECT_TRUE(Contains(html, "@page { size: A4;"));
  EXPECT_TRUE(Contains(html, "<h1>政府信息公开申请答复书</h1>"));
  EXPECT_TRUE(Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 附件"));
  EXPECT_FALSE(Contains(html, "<script>"));
  EXPECT_TRUE(Contains(html, "<p class=\"date\">2026年11月28日</p>"));
}

TEST(Documents, EveryKindIsAvailableOnlyOnceItsStepHappened) {
  v1::Case c = ClearedCase(v1::OUTCOME_DISCLOSED);
  c.set_registered_at("2026-11-20T02:00:00.000Z");
  EXPECT_EQ(DocumentOf(c, v1::DOCUMENT_KIND_REPLY, "县政府办").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(DocumentOf(c, v1::DOCUMENT_KIND_SUPPLEMENT, "县政府办").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(DocumentOf(c, v1::DOCUMENT_KIND_EXTENSION, "县政府办").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(DocumentOf(c, v1::DOCUMENT_KIND_CONSULTATION, "县政府办").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(DocumentOf(c, v1::DOCUMENT_KIND_UNSPECIFIED, "县政府办").status().code(),
            absl::StatusCode::kInvalidArgument);
  auto receipt = DocumentOf(c, v1::DOCUMENT_KIND_RECEIPT, "县政府办");
  ASSERT_TRUE(receipt.ok());
  EXPECT_EQ(receipt->date, "2026年11月20日");

  c.set_reply_date("2026-11-27");
  c.mutable_supplement()->set_requested_on("2026-11-21");
  c.mutable_supplement()->set_items("请写明合同的签订年份");
  c.mutable_supplement()->set_reply_by("2026-12-05");
  c.mutable_extension()->set_granted_on("2026-11-26");
  c.mutable_extension()->set_days(20);
  c.mutable_extension()->set_reason("涉及档案调取");
  auto reply = DocumentOf(c, v1::DOCUMENT_KIND_REPLY, "县政府办");
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->date, "2026年11月27日");
  auto supplement = DocumentOf(c, v1::DOCUMENT_KIND_SUPPLEMENT, "县政府办");
  ASSERT_TRUE(supplement.ok());
  EXPECT_EQ(supplement->title, "补正申请告知书");
  EXPECT_TRUE(Contains(RenderText(*supplement), "请于2026年12月5日前补正"));
  auto extension = DocumentOf(c, v1::DOCUMENT_KIND_EXTENSION, "县政府办");
  ASSERT_TRUE(extension.ok());
  EXPECT_TRUE(Contains(RenderText(*extension), "答复期限延长20个工作日"));
}

// The consulted party learns what was asked, never who asked.
TEST(Documents, ConsultationLettersNameTheArticleButNotTheApplicant) {
  v1::Case c = ClearedCase(v1::OUTCOME_DISCLOSED);
  c.mutable_applicant()->set_id_number("91341523MA2N0ABC1X");
  v1::Consultation& consultation = *c.add_consultations();
  consultation.set_party_type(v1::CONSULTED_PARTY_THIRD_PARTY);
  consultation.set_party("安徽某建设工程有限公司");
  consultation.set_sent_on("2026-11-23");
  consultation.set_answer_due("2026-12-14");
  auto third_party = DocumentOf(c, v1::DOCUMENT_KIND_CONSULTATION, "县政府办");
  ASSERT_TRUE(third_party.ok());
  const std::string text = RenderText(*third_party);
  EXPECT_EQ(third_party->title, "第三方意见征询书");
  EXPECT_TRUE(Contains(text, "安徽某建设工程有限公司："));
  EXPECT_TRUE(Contains(text, "第三十二条"));
  EXPECT_TRUE(Contains(text, "请于2026年12月14日前"));
  EXPECT_TRUE(Contains(text, "国有土地使用权出让合同"));
  EXPECT_FALSE(Contains(text, "舒城县皖江建材有限公司"));
  EXPECT_FALSE(Contains(text, "91341523MA2N0ABC1X"));

  c.mutable_consultations(0)->set_party_type(v1::CONSULTED_PARTY_OTHER_AGENCY);
  auto agency = DocumentOf(c, v1::DOCUMENT_KIND_CONSULTATION, "县政府办");
  ASSERT_TRUE(agency.ok());
  EXPECT_EQ(agency->title, "政府信息公开征求意见函");
  EXPECT_TRUE(Contains(RenderText(*agency), "第三十四条"));
  EXPECT_TRUE(Contains(RenderText(*agency), "视为同意公开"));
}

TEST(Documents, WithholdingLetterCitesItsArticleAndReleasesNothing) {
  v1::Case c = ClearedCase(v1::OUTCOME_WITHHELD_STATE_SECRET);
  c.mutable_draft()->set_grounds("经定密属于国家秘密");
  const std::string letter = RenderReplyLetter(c, "县政府办", absl::CivilDay(2026, 11, 28));
  EXPECT_TRUE(Contains(letter, "答复结果：不予公开（属于国家秘密）"));
  EXPECT_TRUE(Contains(letter, "第十四条"));
  EXPECT_FALSE(Contains(letter, "现予以提供"));
}

}  // namespace
}  // namespace gongkai
