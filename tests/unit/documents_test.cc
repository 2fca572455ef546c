#include "documents/documents.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "documents/redress_notice.h"
#include "rules/outcomes.h"

namespace gongkai {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const IssuingAgency kAgency = {
    "舒城县人民政府办公室", "舒城县人民政府",
    "到舒城县政务服务中心二楼收费窗口缴纳，或者转账至本机关指定的非税收入账户"};

// The texts of the document's blocks, in order.
std::vector<std::string> Blocks(const FormalDocument& document) {
  std::vector<std::string> texts;
  for (const FormalDocument::Block& block : document.blocks) texts.push_back(block.text);
  return texts;
}

// The last `n` blocks.
std::vector<std::string> Last(const FormalDocument& document, size_t n) {
  const std::vector<std::string> texts = Blocks(document);
  return std::vector<std::string>(texts.end() - std::min(n, texts.size()), texts.end());
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
  c.mutable_draft()->set_proposed_outcome(outcome);
  return c;
}

v1::Case Person(v1::Case c) {
  c.mutable_applicant()->set_type(v1::APPLICANT_TYPE_NATURAL_PERSON);
  c.mutable_applicant()->set_name("张三");
  c.mutable_applicant()->set_id_number("341523198001010022");
  return c;
}

TEST(Documents, ReceiptNamesCaseApplicantRequestAndReceiptDate) {
  const std::string receipt = RenderReceipt(ClearedCase(v1::OUTCOME_DISCLOSED), kAgency);
  EXPECT_TRUE(Contains(receipt, "政府信息公开申请登记回执"));
  EXPECT_TRUE(Contains(receipt, "登记编号：2026-000123"));
  EXPECT_TRUE(Contains(receipt, "申请人：舒城县皖江建材有限公司"));
  EXPECT_TRUE(Contains(receipt, "提交方式：邮寄（挂号信/EMS）"));
  EXPECT_TRUE(Contains(receipt, "收到申请日期：2026年11月20日"));
  EXPECT_TRUE(Contains(receipt, "贵单位"));
  EXPECT_TRUE(Contains(receipt, "20个工作日"));
  EXPECT_TRUE(Contains(receipt, "\n舒城县人民政府办公室\n"));
  EXPECT_FALSE(Contains(receipt, "（即"));  // no deadline computed: no date promised

  v1::Case with_deadline = ClearedCase(v1::OUTCOME_DISCLOSED);
  with_deadline.mutable_deadline()->set_receipt_date("2026-11-23");
  with_deadline.mutable_deadline()->set_due_date("2026-12-21");
  const std::string dated = RenderReceipt(with_deadline, kAgency);
  EXPECT_TRUE(Contains(dated, "收到申请日期：2026年11月23日"));
  EXPECT_TRUE(Contains(dated, "20个工作日内予以答复（即2026年12月21日前）"));
  with_deadline.mutable_deadline()->set_provisional(true);
  EXPECT_TRUE(Contains(RenderReceipt(with_deadline, kAgency), "暂按法定节日推算"));
}

// 行政复议法 Art. 20, 23(1)(4): a refusal goes to reconsideration first, before the named body.
TEST(Documents, WithholdingLetterSaysReconsiderationComesFirstAndNamesTheBody) {
  v1::Case c = ClearedCase(v1::OUTCOME_WITHHELD_STATE_SECRET);
  c.mutable_draft()->set_grounds("经定密属于国家秘密");
  const FormalDocument letter = ReplyDocument(c, kAgency, absl::CivilDay(2026, 11, 28));
  EXPECT_EQ(
      Last(letter, 1),
      std::vector<std::string>{
          "对本答复不服的，依照《中华人民共和国行政复议法》第二十条、第二十三条第一款第（四）"
          "项的规定，应当自收到本答复之日起六十日内先向舒城县人民政府申请行政复议；对行政复"
          "议决定不服的，可以依照《中华人民共和国行政诉讼法》第四十五条的规定，自收到行政复"
          "议决定书之日起十五日内向人民法院提起行政诉讼；行政复议机关逾期不作决定的，可以自行政复议"
          "期限届满之日起十五日内向人民法院提起行政诉讼；未经行政复议的，不得直接向人民法院"
          "提起行政诉讼。"});
  const std::string text = RenderText(letter);
  EXPECT_TRUE(Contains(text, "答复结果：不予公开（属于国家秘密）"));
  EXPECT_TRUE(Contains(text, "依据：《中华人民共和国政府信息公开条例》第十四条。"));
  EXPECT_FALSE(Contains(text, "六个月内"));
  EXPECT_FALSE(Contains(text, "现予以提供"));
}

TEST(Documents, DisclosureLetterOffersReconsiderationOrSuitBeforeTheBody) {
  v1::Case c = ClearedCase(v1::OUTCOME_DISCLOSED);
  c.mutable_draft()->set_disclosed_text("合同正文见附件");
  const FormalDocument letter = ReplyDocument(c, kAgency, absl::CivilDay(2026, 11, 28));
  EXPECT_EQ(Last(letter, 1),
            std::vector<std::string>{
                "对本答复不服的，可以依照《中华人民共和国行政复议法》第二十条的规定，自收到本答复之"
                "日起六十日内向舒城县人民政府申请行政复议，也可以依照《中华人民共和国行政诉讼法》"
                "第四十六条的规定，自收到本答复之日起六个月内向人民法院提起行政诉讼。"});
}

TEST(Documents, PartialDisclosureLetterGivesBothRemediesEachForItsPart) {
  v1::Case c = ClearedCase(v1::OUTCOME_PARTIALLY_DISCLOSED);
  c.mutable_draft()->set_disclosed_text("合同正文见附件");
  c.mutable_draft()->set_grounds("竞买企业财务资料属商业秘密");
  const FormalDocument letter = ReplyDocument(c, kAgency, absl::CivilDay(2026, 11, 28));
  EXPECT_EQ(
      Last(letter, 2),
      (std::vector<std::string>{
          "对本答复中不予公开的部分不服的，依照《中华人民共和国行政复议法》第二十条、第二十"
          "三条第一款第（四）项的规定，应当自收到本答复之日起六十日内先向舒城县人民政府申请"
          "行政复议；对行政复议决定不服的，可以依照《中华人民共和国行政诉讼法》第四十五条的"
          "规定，自收到行政复议决定书之日起十五日内向人民法院提起行政诉讼；行政复议机关逾期不作决定"
          "的，可以自行政复议期限届满之日起十五日内向人民法院提起行政诉讼；未经行政复议的，"
          "不得直接向人民法院提起行政诉讼。本答复其他内容的救济途径见下段。",
          "对本答复其他内容不服的，可以依照《中华人民共和国行政复议法》第二十条的规定，自收到"
          "本答复之日起六十日内向舒城县人民政府申请行政复议，也可以依照《中华人民共和国行政"
          "诉讼法》第四十六条的规定，自收到本答复之日起六个月内向人民法院提起行政诉讼。"}));
  const std::string text = RenderText(letter);
  EXPECT_TRUE(Contains(text, "〔2026〕第000123号"));
  EXPECT_TRUE(Contains(text, "答复结果：部分公开（区分处理）"));
  EXPECT_TRUE(Contains(text, "能够作区分处理"));
  EXPECT_TRUE(Contains(text, "合同正文见附件"));
  EXPECT_TRUE(Contains(text, "理由：竞买企业财务资料属商业秘密"));
  EXPECT_TRUE(Contains(text, "《中华人民共和国政府信息公开条例》第三十七条"));
  EXPECT_TRUE(Contains(text, "\n舒城县人民政府办公室\n2026年11月28日\n"));
}

TEST(Documents, RedressFollowsTheOutcome) {
  for (const OutcomeInfo& outcome : AllOutcomes()) {
    const std::vector<std::string> redress = ReplyRedress(outcome.outcome, "某县人民政府");
    ASSERT_FALSE(redress.empty());
    for (const std::string& paragraph : redress) {
      EXPECT_TRUE(Contains(paragraph, "向某县人民政府申请行政复议")) << outcome.label;
    }
    const bool first = Contains(redress[0], "先向某县人民政府申请行政复议");
    EXPECT_EQ(first,
              outcome.is_withholding_ground || outcome.outcome == v1::OUTCOME_PARTIALLY_DISCLOSED)
        << outcome.label;
    EXPECT_EQ(redress.size(), outcome.outcome == v1::OUTCOME_PARTIALLY_DISCLOSED ? 2u : 1u);
  }
}

TEST(Documents, WithheldSpansAndRedactionsAreReplacedAndTheirArticlesCited) {
  v1::Case c = ClearedCase(v1::OUTCOME_PARTIALLY_DISCLOSED);
  // 合同价款：1200万元；竞买人财务状况：亏损；联系人电话13800138000。
  //   the span withheld is "亏损" (characters 20-22), the phone number 28-39.
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
  phone.set_ground(v1::OUTCOME_WITHHELD_INTERNAL_AFFAIRS);
  c.mutable_draft()->set_grounds("竞买人财务状况属商业秘密");
  const std::string letter = RenderReplyLetter(c, kAgency, absl::CivilDay(2026, 11, 28));
  EXPECT_TRUE(Contains(letter,
                       "合同价款：1200万元；竞买人财务状况：［此处不予公开：保护第三方合法权益］；"
                       "联系人电话［此处不予公开：属于三类内部事务信息］。"));
  EXPECT_FALSE(Contains(letter, "亏损"));
  EXPECT_FALSE(Contains(letter, "13800138000"));
  EXPECT_TRUE(
      Contains(letter,
               "本答复中标注“此处不予公开”的部分不予公开：（1）不予公开（保护第三方合法"
               "权益），依据《中华人民共和国政府信息公开条例》第十五条；（2）不予公开（属于"
               "三类内部事务信息），依据《中华人民共和国政府信息公开条例》第十六条第一款。"));
  EXPECT_TRUE(Contains(
      letter, "依据：《中华人民共和国政府信息公开条例》第三十七条、第十五条、第十六条第一款。"));

  // A redaction recorded before redactions carried a ground is only marked as left out.
  c.mutable_draft()->mutable_findings(0)->clear_ground();
  EXPECT_TRUE(Contains(RenderReplyLetter(c, kAgency, absl::CivilDay(2026, 11, 28)),
                       "联系人电话［已隐去］。"));
}

// Item 5 of issue 13: the reviewer redacted part of a 予以公开; the letter is a 部分公开 with
// the reviewer's ground and its article, and the redress for the part withheld.
TEST(Documents, ARedactedFullDisclosureIsAPartialDisclosureWithItsGround) {
  v1::Case c = ClearedCase(v1::OUTCOME_PARTIALLY_DISCLOSED);
  c.mutable_draft()->set_proposed_outcome(v1::OUTCOME_DISCLOSED);
  c.mutable_draft()->set_disclosed_text(
      "经查，当事人身份证号341523198001010022，处罚决定书见附件。");
  v1::ScreeningFinding& id = *c.mutable_draft()->add_findings();
  id.set_field("disclosed_text");
  id.set_begin(10);
  id.set_end(28);
  id.set_resolution(v1::FINDING_RESOLUTION_REDACTED);
  id.set_ground(v1::OUTCOME_WITHHELD_THIRD_PARTY);
  const std::string letter = RenderReplyLetter(c, kAgency, absl::CivilDay(2026, 11, 28));
  EXPECT_TRUE(Contains(letter, "答复结果：部分公开（区分处理）"));
  EXPECT_TRUE(Contains(
      letter, "经查，当事人身份证号［此处不予公开：保护第三方合法权益］，处罚决定书见附件。"));
  EXPECT_TRUE(Contains(letter,
                       "本答复中标注“此处不予公开”的部分不予公开：（1）不予公开（保护第三方合法"
                       "权益），依据《中华人民共和国政府信息公开条例》第十五条。"));
  EXPECT_TRUE(Contains(letter, "依据：《中华人民共和国政府信息公开条例》第三十七条、第十五条。"));
  EXPECT_TRUE(Contains(letter, "对本答复中不予公开的部分不服的"));
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
      {v1::OUTCOME_UNAVAILABLE_NOT_HELD, {"第三十六条第（四）项", "该政府信息不存在"}},
      {v1::OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY, {"第三十六条第（五）项", "不属于本机关负责公开"}},
      {v1::OUTCOME_UNAVAILABLE_NEEDS_CREATION, {"第三十八条", "加工、分析"}},
      {v1::OUTCOME_UNAVAILABLE_STILL_UNCLEAR, {"第三十条", "仍不明确"}},
      {v1::OUTCOME_NOT_PROCESSED_PETITION, {"第三十九条第一款", "信访、投诉、举报"}},
      {v1::OUTCOME_NOT_PROCESSED_REPEAT, {"第三十六条第（六）项", "不予重复处理"}},
      {v1::OUTCOME_NOT_PROCESSED_PUBLICATION, {"第三十九条第二款", "公开出版物"}},
      {v1::OUTCOME_NOT_PROCESSED_EXCESSIVE, {"第三十五条", "明显超过合理范围"}},
      {v1::OUTCOME_NOT_PROCESSED_CONFIRMATION, {"第二条", "不属于政府信息公开申请"}},
      {v1::OUTCOME_OTHER_NO_SUPPLEMENT, {"第三十条", "逾期未补正"}},
      {v1::OUTCOME_OTHER_FEE_UNPAID, {"第四十二条", "信息处理费"}},
      {v1::OUTCOME_OTHER, {"第三十六条", "作如下处理"}},
  };
  for (int value = v1::Outcome_MIN + 1; value <= v1::Outcome_MAX; ++value) {
    const auto outcome = static_cast<v1::Outcome>(value);
    ASSERT_TRUE(expected.count(outcome)) << v1::Outcome_Name(outcome);
    v1::Case c = ClearedCase(outcome);
    c.mutable_draft()->set_grounds("依据有关规定");
    const std::string letter = RenderReplyLetter(c, kAgency, absl::CivilDay(2026, 11, 28));
    const auto& [article, decision] = expected.at(outcome);
    EXPECT_TRUE(Contains(letter, "依据：《中华人民共和国政府信息公开条例》" + article + "。"))
        << v1::Outcome_Name(outcome);
    EXPECT_TRUE(Contains(letter, decision)) << v1::Outcome_Name(outcome);
    EXPECT_TRUE(Contains(letter, "六十日内")) << v1::Outcome_Name(outcome);
    EXPECT_TRUE(Contains(letter, "向舒城县人民政府申请行政复议")) << v1::Outcome_Name(outcome);
    EXPECT_TRUE(Contains(letter, "贵单位")) << v1::Outcome_Name(outcome);  // an organisation
    EXPECT_FALSE(Contains(letter, "您")) << v1::Outcome_Name(outcome);
    const std::string html = RenderHtml(ReplyDocument(c, kAgency, absl::CivilDay(2026, 11, 28)));
    EXPECT_TRUE(Contains(html, article)) << v1::Outcome_Name(outcome);
  }
}

// Art. 36(4) and 36(5) are two decisions with two letters.
TEST(Documents, NotHeldAndNotThisAgencyAreDistinctLetters) {
  v1::Case not_held = Person(ClearedCase(v1::OUTCOME_UNAVAILABLE_NOT_HELD));
  not_held.mutable_draft()->set_grounds("经检索本机关档案及业务系统，未找到该合同");
  const std::string held = RenderReplyLetter(not_held, kAgency, absl::CivilDay(2026, 11, 28));
  EXPECT_TRUE(Contains(held, "答复结果：无法提供（经检索没有所申请公开的信息）"));
  EXPECT_TRUE(Contains(held, "经检索，本机关没有您所申请公开的政府信息，该政府信息不存在。"));
  EXPECT_FALSE(Contains(held, "不属于本机关负责公开"));

  v1::Case elsewhere = Person(ClearedCase(v1::OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY));
  elsewhere.mutable_draft()->set_grounds("国有土地使用权出让由县自然资源和规划局负责");
  elsewhere.mutable_draft()->set_responsible_agency("舒城县自然资源和规划局");
  elsewhere.mutable_draft()->set_responsible_contact("0564-8621234");
  const std::string letter = RenderReplyLetter(elsewhere, kAgency, absl::CivilDay(2026, 11, 28));
  EXPECT_TRUE(Contains(letter, "答复结果：无法提供（不属于本机关负责公开）"));
  EXPECT_TRUE(Contains(letter, "经审查，您所申请公开的政府信息不属于本机关负责公开。"));
  EXPECT_TRUE(Contains(letter,
                       "经确认，负责公开该政府信息的行政机关为舒城县自然资源和规划局，联系方式："
                       "0564-8621234。您可以向该机关提出申请。"));
  EXPECT_FALSE(Contains(letter, "不存在"));

  elsewhere.mutable_draft()->clear_responsible_contact();
  EXPECT_TRUE(Contains(RenderReplyLetter(elsewhere, kAgency, absl::CivilDay(2026, 11, 28)),
                       "负责公开该政府信息的行政机关为舒城县自然资源和规划局。您可以向该机关提出"
                       "申请。"));
  elsewhere.mutable_draft()->clear_responsible_agency();
  EXPECT_FALSE(
      Contains(RenderReplyLetter(elsewhere, kAgency, absl::CivilDay(2026, 11, 28)), "经确认"));
}

TEST(Documents, HtmlIsPrintableOnA4AndEscapesTheText) {
  v1::Case c = ClearedCase(v1::OUTCOME_DISCLOSED);
  c.mutable_draft()->set_disclosed_text("<script>alert(1)</script> & 附件");
  const std::string html = RenderHtml(ReplyDocument(c, kAgency, absl::CivilDay(2026, 11, 28)));
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
  for (v1::DocumentKind kind : {v1::DOCUMENT_KIND_REPLY, v1::DOCUMENT_KIND_SUPPLEMENT,
                                v1::DOCUMENT_KIND_EXTENSION, v1::DOCUMENT_KIND_CONSULTATION,
                                v1::DOCUMENT_KIND_FEE_NOTICE, v1::DOCUMENT_KIND_DISCLOSURE_NOTICE,
                                v1::DOCUMENT_KIND_REASONS_REQUEST, v1::DOCUMENT_KIND_LATER_REPLY}) {
    EXPECT_EQ(DocumentOf(c, kind, kAgency).status().code(), absl::StatusCode::kFailedPrecondition)
        << v1::DocumentKind_Name(kind);
  }
  EXPECT_EQ(DocumentOf(c, v1::DOCUMENT_KIND_FEE_NOTICE, kAgency).status().message(),
            "案件 2026-000123 未发出收费通知");
  EXPECT_EQ(DocumentOf(c, v1::DOCUMENT_KIND_UNSPECIFIED, kAgency).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto receipt = DocumentOf(c, v1::DOCUMENT_KIND_RECEIPT, kAgency);
  ASSERT_TRUE(receipt.ok());
  EXPECT_EQ(receipt->date, "2026年11月20日");
  EXPECT_EQ(receipt->agency, "舒城县人民政府办公室");

  c.set_reply_date("2026-11-27");
  c.mutable_supplement()->set_requested_on("2026-11-21");
  c.mutable_supplement()->set_items("请写明合同的签订年份");
  c.mutable_supplement()->set_reply_by("2026-12-05");
  c.mutable_extension()->set_granted_on("2026-11-26");
  c.mutable_extension()->set_days(20);
  c.mutable_extension()->set_reason("涉及档案调取");
  auto reply = DocumentOf(c, v1::DOCUMENT_KIND_REPLY, kAgency);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->date, "2026年11月27日");
  auto supplement = DocumentOf(c, v1::DOCUMENT_KIND_SUPPLEMENT, kAgency);
  ASSERT_TRUE(supplement.ok());
  EXPECT_EQ(supplement->title, "补正申请告知书");
  EXPECT_TRUE(Contains(RenderText(*supplement), "请于2026年12月5日前补正"));
  auto extension = DocumentOf(c, v1::DOCUMENT_KIND_EXTENSION, kAgency);
  ASSERT_TRUE(extension.ok());
  EXPECT_TRUE(Contains(RenderText(*extension), "答复期限延长20个工作日"));
  // Only the letters to consulted parties are chosen by consultation.
  EXPECT_EQ(DocumentOf(c, v1::DOCUMENT_KIND_REPLY, kAgency, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

v1::Case Consulted() {
  v1::Case c = ClearedCase(v1::OUTCOME_DISCLOSED);
  c.mutable_applicant()->set_id_number("91341523MA2N0ABC1X");
  v1::Consultation& first = *c.add_consultations();
  first.set_party_type(v1::CONSULTED_PARTY_THIRD_PARTY);
  first.set_party("安徽某建设工程有限公司");
  first.set_sent_on("2026-11-23");
  first.set_received_on("2026-11-24");
  first.set_answer_due("2026-12-15");
  v1::Consultation& second = *c.add_consultations();
  second.set_party_type(v1::CONSULTED_PARTY_OTHER_AGENCY);
  second.set_party("舒城县自然资源和规划局");
  second.set_sent_on("2026-11-25");
  second.set_answer_due("2026-12-16");
  second.set_answer_due_provisional(true);
  return c;
}

// The consulted party learns what was asked, never who asked.
TEST(Documents, ConsultationLettersNameTheArticleButNotTheApplicant) {
  const v1::Case c = Consulted();
  auto third_party = DocumentOf(c, v1::DOCUMENT_KIND_CONSULTATION, kAgency, 0);
  ASSERT_TRUE(third_party.ok());
  const std::string text = RenderText(*third_party);
  EXPECT_EQ(third_party->title, "第三方意见征询书");
  EXPECT_EQ(third_party->date, "2026年11月23日");
  EXPECT_TRUE(Contains(text, "安徽某建设工程有限公司："));
  EXPECT_TRUE(Contains(text, "第三十二条"));
  EXPECT_TRUE(
      Contains(text, "请于2026年12月15日前（自收到本征询书之日起15个工作日内）书面提出意见"));
  EXPECT_TRUE(Contains(text, "国有土地使用权出让合同"));
  EXPECT_FALSE(Contains(text, "舒城县皖江建材有限公司"));
  EXPECT_FALSE(Contains(text, "91341523MA2N0ABC1X"));

  // The latest by default; its due date is provisional until the receipt is known, so the
  // letter states the period, not a date.
  auto agency = DocumentOf(c, v1::DOCUMENT_KIND_CONSULTATION, kAgency);
  ASSERT_TRUE(agency.ok());
  EXPECT_EQ(agency->title, "政府信息公开征求意见函");
  EXPECT_EQ(agency->addressee, "舒城县自然资源和规划局");
  const std::string agency_text = RenderText(*agency);
  EXPECT_TRUE(Contains(agency_text, "第三十四条"));
  EXPECT_TRUE(Contains(
      agency_text, "请自收到本函之日起15个工作日内书面提出意见；逾期未提出意见的，视为同意公开。"));
  EXPECT_FALSE(Contains(agency_text, "2026年12月16日"));

  EXPECT_EQ(DocumentOf(c, v1::DOCUMENT_KIND_CONSULTATION, kAgency, 2).status().message(),
            "`consultation` 须为 0 到 1 之间的征求意见序号");
  EXPECT_EQ(DocumentOf(c, v1::DOCUMENT_KIND_CONSULTATION, kAgency, -1).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Art. 32: disclosed over the third party's objection, the third party is told what and why.
TEST(Documents, DisclosureNoticeTellsTheThirdPartyWhatIsDisclosedAndWhy) {
  v1::Case c = Person(Consulted());
  // The applicant's own ID number was released to the applicant: the third party sees it masked.
  c.mutable_draft()->set_disclosed_text(
      "中标单位：安徽某建设工程有限公司；申请人身份证号341523198001010022。");
  v1::ScreeningFinding& id = *c.mutable_draft()->add_findings();
  id.set_kind(v1::FINDING_KIND_RESIDENT_ID);
  id.set_field("disclosed_text");
  id.set_begin(24);
  id.set_end(42);
  id.set_masked("3415**********0022");
  id.set_resolution(v1::FINDING_RESOLUTION_RELEASED);
  v1::Consultation& objected = *c.mutable_consultations(0);
  objected.set_ended_on("2026-12-01");
  objected.set_result("objected");
  objected.mutable_disclosure_notice()->set_reasons(
      "该工程涉及公共安全，公开中标单位有利于社会监督");
  objected.mutable_disclosure_notice()->set_issued_on("2026-12-03");

  // Left out: the latest consultation with a notice, not the latest consultation.
  auto notice = DocumentOf(c, v1::DOCUMENT_KIND_DISCLOSURE_NOTICE, kAgency);
  ASSERT_TRUE(notice.ok()) << notice.status();
  EXPECT_EQ(notice->title, "第三方告知书");
  EXPECT_EQ(notice->addressee, "安徽某建设工程有限公司");
  EXPECT_EQ(notice->date, "2026年12月3日");
  EXPECT_EQ(Blocks(*notice),
            (std::vector<std::string>{
                "本机关于2026年11月23日就一件政府信息公开申请所涉信息书面征求贵方意见，该申请要求"
                "获取：国有土地使用权出让合同。贵方于2026年12月1日答复不同意公开。",
                "经审查，本机关认为不公开上述信息可能对公共利益造成重大影响。依照《中华人民共和国"
                "政府信息公开条例》第三十二条，本机关决定予以公开，现将决定公开的政府信息内容和理"
                "由书面告知如下。",
                "决定公开的政府信息内容：",
                "中标单位：安徽某建设工程有限公司；申请人身份证号3415**********0022。",
                "决定公开的理由：该工程涉及公共安全，公开中标单位有利于社会监督",
                "本告知书送达贵方后，本机关将向申请人提供上述信息。",
                "对本机关公开上述信息的决定不服的，可以依照《中华人民共和国行政复议法》第二十条的"
                "规定，自收到本告知书之日起六十日内向舒城县人民政府申请行政复议，也可以依照《中华"
                "人民共和国行政诉讼法》第四十六条的规定，自收到本告知书之日起六个月内向人民法院提"
                "起行政诉讼。"}));
  const std::string text = RenderText(*notice);
  EXPECT_FALSE(Contains(text, "张三"));
  EXPECT_FALSE(Contains(text, "341523198001010022"));

  EXPECT_TRUE(DocumentOf(c, v1::DOCUMENT_KIND_DISCLOSURE_NOTICE, kAgency, 0).ok());
  EXPECT_EQ(DocumentOf(c, v1::DOCUMENT_KIND_DISCLOSURE_NOTICE, kAgency, 1).status().code(),
            absl::StatusCode::kFailedPrecondition);  // the agency consulted got no notice
}

v1::Case WithFee(v1::FeeBasis basis) {
  v1::Case c = Person(ClearedCase(v1::OUTCOME_DISCLOSED));
  v1::Fee& fee = *c.mutable_fee();
  fee.set_basis(basis);
  if (basis == v1::FEE_BASIS_PER_REQUEST) {
    fee.set_requests_in_month(32);
    // Each request is charged the rate of its place in the month (rules/fees.h).
    fee.add_breakdown("第31—40件：200元/件，本件为当月第32件，200元");
    fee.set_amount_yuan(200);
  } else {
    fee.set_pages(120);
    fee.add_breakdown("31—100页的部分：10元/页 × 70页 = 700元");
    fee.add_breakdown("101—200页的部分：20元/页 × 20页 = 400元");
    fee.set_amount_yuan(1100);
  }
  fee.set_issued_on("2026-11-25");
  return c;
}

TEST(Documents, FeeNoticeGivesBasisStandardAmountPaymentAndPeriods) {
  auto per_request =
      DocumentOf(WithFee(v1::FEE_BASIS_PER_REQUEST), v1::DOCUMENT_KIND_FEE_NOTICE, kAgency);
  ASSERT_TRUE(per_request.ok());
  EXPECT_EQ(per_request->title, "收费通知");
  EXPECT_EQ(per_request->addressee, "张三");
  EXPECT_EQ(per_request->date, "2026年11月25日");
  EXPECT_EQ(
      Blocks(*per_request),
      (std::vector<std::string>{
          "本机关于2026年11月20日收到您提交的政府信息公开申请，申请获取：国有土地使用权出让合同。",
          "经审查，本件申请为您本自然月内提出的第32件政府信息公开申请，您申请公开政府信息的数"
          "量、频次明显超过合理范围。依照《中华人民共和国政府信息公开条例》第四十二条和国务院办公厅"
          "印发的《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本机关决定按件收取信"
          "息处理费。",
          "收费标准（按件计收）：同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；第11件"
          "至第30件的部分，每件收费100元；第31件起，以10件为一档，每增加一档，每件收费标准提高"
          "100元（第31件至第40件每件200元，第41件至第50件每件300元，依此类推）。",
          "计费明细：", "第31—40件：200元/件，本件为当月第32件，200元", "应缴费用合计：200元",
          "缴费方式：到舒城县政务服务中心二楼收费窗口缴纳，或者转账至本机关指定的非税收入账户。"
          "缴费时请注明登记编号2026-000123。",
          "请您自收到本通知之次日起20个工作日内缴纳上述费用。逾期未缴纳的，视为放弃申请，本机关"
          "不再处理该政府信息公开申请。",
          "自本机关发出本通知之日的次日起至您缴纳费用之日止的期间，不计算在答复期限内；本机关收到"
          "费用后继续办理并答复。",
          "对本收费决定不服的，可以依照《中华人民共和国行政复议法》第二十条的规定，自收到本通知之日"
          "起六十日内向舒城县人民政府申请行政复议，也可以依照《中华人民共和国行政诉讼法》第四十六条"
          "的规定，自收到本通知之日起六个月内向人民法院提起行政诉讼。"}));

  v1::Case per_volume = WithFee(v1::FEE_BASIS_PER_VOLUME);
  per_volume.mutable_applicant()->set_type(v1::APPLICANT_TYPE_LEGAL_SERVICE_INSTITUTION);
  const std::string text = RenderFeeNotice(per_volume, kAgency, absl::CivilDay(2026, 11, 25));
  EXPECT_TRUE(Contains(text,
                       "经审查，本机关拟向贵单位提供的政府信息共120页，贵单位申请公开政府信息的数量"
                       "明显超过合理范围。"));
  EXPECT_TRUE(Contains(text, "本机关决定按量收取信息处理费。"));
  EXPECT_TRUE(
      Contains(text,
               "收费标准（按量计收）：同一申请提供的政府信息30页以下（含30页）的，不收费；第31页"
               "至第100页的部分，每页收费10元；第101页至第200页的部分，每页收费20元；超过200"
               "页的部分，每页收费40元。"));
  EXPECT_TRUE(Contains(text, "应缴费用合计：1100元"));
  EXPECT_TRUE(Contains(text, "请贵单位自收到本通知之次日起20个工作日内缴纳上述费用。"));
  EXPECT_FALSE(Contains(text, "您"));
}

TEST(Documents, Article35LettersAskForReasonsAndStateTheLaterReplyDate) {
  v1::Case c = Person(ClearedCase(v1::OUTCOME_DISCLOSED));
  v1::ExcessiveRequests& excessive = *c.mutable_excessive();
  excessive.set_asked_on("2026-11-24");
  excessive.set_questions("请说明本月申请公开全县历年土地出让合同共计45件的用途及其必要性。");
  excessive.set_reply_by("2026-12-08");
  auto ask = DocumentOf(c, v1::DOCUMENT_KIND_REASONS_REQUEST, kAgency);
  ASSERT_TRUE(ask.ok());
  EXPECT_EQ(ask->title, "说明理由告知书");
  EXPECT_EQ(ask->date, "2026年11月24日");
  EXPECT_EQ(
      Blocks(*ask),
      (std::vector<std::string>{
          "本机关于2026年11月20日收到您提交的政府信息公开申请（国有土地使用权出让合同）。经"
          "审查，您申请公开政府信息的数量、频次明显超过合理范围。依照《中华人民共和国政府信"
          "息公开条例》第三十五条，请您就以下事项说明理由：",
          "请说明本月申请公开全县历年土地出让合同共计45件的用途及其必要性。",
          "请于2026年12月8日前向本机关书面说明。本机关认为申请理由不合理的，将告知您不予处理；"
          "认为申请理由合理，但无法在条例第三十三条规定的期限内答复的，将确定延迟答复的合理"
          "期限并告知您。"}));
  EXPECT_EQ(DocumentOf(c, v1::DOCUMENT_KIND_LATER_REPLY, kAgency).status().code(),
            absl::StatusCode::kFailedPrecondition);

  excessive.set_answered_on("2026-12-01");
  excessive.set_answer("用于土地出让收入专题研究");
  excessive.set_later_reply_date("2027-01-29");
  excessive.set_decided_on("2026-12-04");
  excessive.set_decision_reasons("所申请的45份合同分散于多个年度档案，需逐卷调取核对");
  auto later = DocumentOf(c, v1::DOCUMENT_KIND_LATER_REPLY, kAgency);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->title, "答复期限告知书");
  EXPECT_EQ(later->date, "2026年12月4日");
  EXPECT_EQ(Blocks(*later),
            (std::vector<std::string>{
                "本机关于2026年11月20日收到您提交的政府信息公开申请（国有土地使用权出让合同）。因您"
                "申请公开政府信息的数量、频次明显超过合理范围，本机关于2026年11月24日请您说明理由"
                "，并于2026年12月1日收到您的说明。经审查，本机关认为您的申请理由合理，但无法在《中"
                "华人民共和国政府信息公开条例》第三十三条规定的期限内答复。",
                "理由：所申请的45份合同分散于多个年度档案，需逐卷调取核对",
                "依照《中华人民共和国政府信息公开条例》第三十五条，本机关确定延迟答复的合理期限，将"
                "于2027年1月29日前答复您。"}));
}

}  // namespace
}  // namespace gongkai
