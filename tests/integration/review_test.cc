// Confidentiality review through the real services: the screener's findings block clearing until
// the reviewer resolves them, the drafter cannot review, a withholding decision waits for the
// office head's sign-off, and what goes out carries the redactions.
#include <gtest/gtest.h>

#include "redis_snapshot.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

// A case accepted by 县财政局 (czj), ready for its draft.
std::string InDepartment(TestStack& stack, const std::string& request_id) {
  v1::RegisterResponse registered;
  EXPECT_TRUE(stack.intake()
                  .Register(TestStack::As("window01", "clerk").get(),
                            SampleRegistration(request_id, "2025年县级财政预算执行情况"),
                            &registered)
                  .ok());
  const std::string number = registered.case_().case_number();
  WaitForState(stack, number, v1::CASE_STATE_ASSIGNED);
  v1::AcceptRequest accept;
  accept.set_case_number(number);
  v1::CaseAck ack;
  EXPECT_TRUE(
      stack.routing().Accept(TestStack::As("czj-li", "officer", "czj").get(), accept, &ack).ok());
  return number;
}

// 县财政局's officer submits a draft; returns where the case stands (version 0 on failure).
v1::CaseAck SubmitDraft(TestStack& stack, const std::string& number, v1::Outcome outcome,
                        const std::string& text, const std::string& grounds = "") {
  v1::SubmitDraftRequest draft;
  draft.set_case_number(number);
  draft.set_outcome(outcome);
  draft.set_disclosed_text(text);
  draft.set_grounds(grounds);
  v1::CaseAck ack;
  grpc::Status status =
      stack.review().SubmitDraft(TestStack::As("czj-li", "officer", "czj").get(), draft, &ack);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return ack;
}

grpc::Status Decide(TestStack& stack, const std::string& number, const std::string& user,
                    const std::string& role, const std::string& what) {
  v1::ReviewDecisionRequest request;
  request.set_case_number(number);
  request.set_comments("意见");
  v1::CaseAck ack;
  auto context = TestStack::As(user, role);
  if (what == "clear") return stack.review().Clear(context.get(), request, &ack);
  if (what == "sign-off") return stack.review().SignOff(context.get(), request, &ack);
  return stack.review().Return(context.get(), request, &ack);
}

v1::Document GetDocument(TestStack& stack, const std::string& number, v1::DocumentKind kind,
                         v1::DocumentFormat format) {
  v1::GetDocumentRequest request;
  request.set_case_number(number);
  request.set_kind(kind);
  request.set_format(format);
  v1::Document document;
  grpc::Status status =
      stack.reply().GetDocument(TestStack::As("window01", "clerk").get(), request, &document);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return document;
}

TEST(Review, FindingsMustBeResolvedAndRedactionsReachTheReply) {
  TestStack stack;
  stack.StartAll();
  const std::string number = InDepartment(stack, "review-0001");
  ASSERT_GT(SubmitDraft(stack, number, v1::OUTCOME_DISCLOSED,
                        "预算执行情况见附表。经办人电话：１３９ １２３４ ５６７８。")
                .version(),
            0);
  v1::CaseAck ack;

  v1::GetCaseRequest get;
  get.set_case_number(number);
  v1::Case in_review;
  ASSERT_TRUE(
      stack.intake().GetCase(TestStack::As("zhao", "reviewer").get(), get, &in_review).ok());
  ASSERT_EQ(in_review.draft().findings_size(), 1);
  EXPECT_EQ(in_review.draft().findings(0).kind(), v1::FINDING_KIND_MOBILE_PHONE);
  EXPECT_EQ(in_review.draft().findings(0).masked(), "１３９******５６７８");

  // The drafter may not review; an unresolved finding blocks clearing; neither changes a thing.
  const auto before = Snapshot(stack.redis());
  const grpc::Status by_drafter = Decide(stack, number, "czj-li", "reviewer", "clear");
  EXPECT_EQ(by_drafter.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(by_drafter.error_message(), absl::StrCat("拟稿人不能审查本人的拟稿：案件 ", number,
                                                     " 的答复由您拟稿，请由其他同事审查"));
  grpc::Status blocked = Decide(stack, number, "zhao", "reviewer", "clear");
  EXPECT_EQ(blocked.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(blocked.error_message(),
            absl::StrCat("案件 ", number,
                         " 的拟稿还有 1 处筛查发现未处理：请逐一遮盖，或说明可以公开的理由后放行，"
                         "再审查通过"));
  EXPECT_EQ(Snapshot(stack.redis()), before);

  v1::ResolveFindingRequest resolve;
  resolve.set_case_number(number);
  resolve.set_finding(0);
  resolve.set_resolution(v1::FINDING_RESOLUTION_REDACTED);
  // A redaction withholds information: it needs its ground.
  EXPECT_EQ(stack.review()
                .ResolveFinding(TestStack::As("zhao", "reviewer").get(), resolve, &ack)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  resolve.set_ground(v1::OUTCOME_WITHHELD_THIRD_PARTY);
  ASSERT_TRUE(
      stack.review().ResolveFinding(TestStack::As("zhao", "reviewer").get(), resolve, &ack).ok());
  // What was to be disclosed in full is now a partial disclosure (Art. 37): the office head
  // signs it off like any withholding.
  ASSERT_TRUE(Decide(stack, number, "zhao", "reviewer", "clear").ok());
  const v1::Case partial = WaitForState(stack, number, v1::CASE_STATE_SIGN_OFF);
  EXPECT_EQ(partial.draft().outcome(), v1::OUTCOME_PARTIALLY_DISCLOSED);
  EXPECT_EQ(partial.draft().proposed_outcome(), v1::OUTCOME_DISCLOSED);
  ASSERT_TRUE(Decide(stack, number, "zhuren", "head", "sign-off").ok());
  WaitForState(stack, number, v1::CASE_STATE_REPLY_READY);

  const v1::Document text =
      GetDocument(stack, number, v1::DOCUMENT_KIND_REPLY, v1::DOCUMENT_FORMAT_TEXT);
  EXPECT_NE(text.content().find("经办人电话：［此处不予公开：保护第三方合法权益］。"),
            std::string::npos)
      << text.content();
  EXPECT_NE(text.content().find("答复结果：部分公开"), std::string::npos) << text.content();
  EXPECT_EQ(text.content().find("５６７８"), std::string::npos);
  const v1::Document html =
      GetDocument(stack, number, v1::DOCUMENT_KIND_REPLY, v1::DOCUMENT_FORMAT_HTML);
  EXPECT_EQ(html.content_type(), "text/html; charset=utf-8");
  EXPECT_NE(html.content().find("@page { size: A4;"), std::string::npos);
  EXPECT_NE(html.content().find("经办人电话：［此处不予公开：保护第三方合法权益］。"),
            std::string::npos);
  const v1::Document receipt =
      GetDocument(stack, number, v1::DOCUMENT_KIND_RECEIPT, v1::DOCUMENT_FORMAT_TEXT);
  EXPECT_NE(receipt.content().find("登记编号：" + number), std::string::npos);
}

TEST(Review, WithholdingWaitsForTheOfficeHeadsSignOff) {
  TestStack stack;
  stack.StartAll();
  const std::string number = InDepartment(stack, "review-0002");
  ASSERT_GT(SubmitDraft(stack, number, v1::OUTCOME_WITHHELD_PROCESS_INFORMATION, "",
                        "所申请信息为预算编制过程中的讨论记录")
                .version(),
            0);
  ASSERT_TRUE(Decide(stack, number, "zhao", "reviewer", "clear").ok());
  v1::Case awaiting = WaitForState(stack, number, v1::CASE_STATE_SIGN_OFF);
  EXPECT_EQ(awaiting.reviewer(), "zhao");

  v1::QueueResponse queue;
  ASSERT_TRUE(stack.review()
                  .ListSignOffQueue(TestStack::As("wang", "head").get(), v1::QueuePage(), &queue)
                  .ok());
  ASSERT_EQ(queue.cases_size(), 1);
  EXPECT_EQ(queue.cases(0).case_number(), number);

  EXPECT_EQ(Decide(stack, number, "zhao", "head", "sign-off").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // the reviewer cannot be the second signature
  ASSERT_TRUE(Decide(stack, number, "wang", "head", "sign-off").ok());
  v1::Case ready = WaitForState(stack, number, v1::CASE_STATE_REPLY_READY);
  EXPECT_EQ(ready.draft().signed_off_by(), "wang");
  EXPECT_NE(ready.reply_letter().find("第十六条第二款"), std::string::npos);
  EXPECT_NE(ready.reply_letter().find("过程性信息"), std::string::npos);
  ASSERT_TRUE(stack.review()
                  .ListSignOffQueue(TestStack::As("wang", "head").get(), v1::QueuePage(), &queue)
                  .ok());
  EXPECT_EQ(queue.cases_size(), 0);
}

// Review keeps the case it committed, so that Clear needs no read; a change made by another
// service meanwhile must still be seen: the stale version is refused, the new one served.
TEST(Review, ACachedCaseNeverHidesAChangeMadeElsewhere) {
  TestStack stack;
  stack.StartAll();
  const std::string number = InDepartment(stack, "review-0003");
  const v1::CaseAck submitted =
      SubmitDraft(stack, number, v1::OUTCOME_DISCLOSED, "预算执行情况表见附件。");
  ASSERT_GT(submitted.version(), 0);
  v1::GrantExtensionRequest extend;
  extend.set_case_number(number);
  extend.set_days(10);
  extend.set_reason("需调取档案");
  v1::CaseAck extended;
  ASSERT_TRUE(
      stack.tracker().GrantExtension(TestStack::As("wang", "head").get(), extend, &extended).ok());
  ASSERT_EQ(extended.version(), submitted.version() + 1);

  v1::ReviewDecisionRequest clear;
  clear.set_case_number(number);
  clear.set_expected_version(submitted.version());  // what review committed and still holds
  v1::CaseAck ack;
  grpc::Status stale = stack.review().Clear(TestStack::As("zhao", "reviewer").get(), clear, &ack);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED) << stale.error_message();
  clear.set_expected_version(extended.version());
  ASSERT_TRUE(stack.review().Clear(TestStack::As("zhao", "reviewer").get(), clear, &ack).ok());
  v1::Case ready = WaitForState(stack, number, v1::CASE_STATE_REPLY_READY);
  EXPECT_EQ(ready.extension().days(), 10);  // the extension was not lost by a stale plan
}

}  // namespace
}  // namespace gongkai::testing
