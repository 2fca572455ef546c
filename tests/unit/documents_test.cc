#include "documents.h"

#include <gtest/gtest.h>

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
  EXPECT_TRUE(Contains(letter, "部分属于公开范围"));
  EXPECT_TRUE(Contains(letter, "合同正文见附件"));
  EXPECT_TRUE(Contains(letter, "理由：竞买企业财务资料属商业秘密"));
  EXPECT_TRUE(Contains(letter, "《中华人民共和国政府信息公开条例》第三十七条"));
  EXPECT_TRUE(Contains(letter, "六十日内依法申请行政复议"));
  EXPECT_TRUE(Contains(letter, "六个月内依法提起行政诉讼"));
  EXPECT_TRUE(Contains(letter, "2026年11月28日"));
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
