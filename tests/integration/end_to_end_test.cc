// A case through the four real services: registration, routing from the stream, the
// department, confidentiality review, the reply letter from the stream, delivery.
#include <gtest/gtest.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "redis/keys.h"
#include "rules/case_number.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

std::set<std::string> Listed(const v1::QueueResponse& queue) {
  std::set<std::string> numbers;
  for (const auto& item : queue.cases()) numbers.insert(item.case_number());
  return numbers;
}

v1::CaseAck Accept(TestStack& stack, const std::string& number, const std::string& dept) {
  v1::AcceptRequest request;
  request.set_case_number(number);
  v1::CaseAck ack;
  EXPECT_TRUE(stack.routing()
                  .Accept(TestStack::As(dept + "-li", "officer", dept).get(), request, &ack)
                  .ok());
  return ack;
}

grpc::Status Draft(TestStack& stack, const std::string& number, const std::string& officer,
                   const std::string& text) {
  v1::SubmitDraftRequest request;
  request.set_case_number(number);
  request.set_outcome(v1::OUTCOME_DISCLOSED);
  request.set_disclosed_text(text);
  v1::CaseAck ack;
  return stack.review().SubmitDraft(TestStack::As(officer, "officer", "czj").get(), request, &ack);
}

grpc::Status Review(TestStack& stack, const std::string& number, const std::string& reviewer,
                    bool clear, const std::string& comments = "") {
  v1::ReviewDecisionRequest request;
  request.set_case_number(number);
  request.set_comments(comments);
  v1::CaseAck ack;
  auto context = TestStack::As(reviewer, "reviewer");
  return clear ? stack.review().Clear(context.get(), request, &ack)
               : stack.review().Return(context.get(), request, &ack);
}

TEST(EndToEnd, ACaseTravelsThroughAllFourServicesAndCloses) {
  TestStack stack;
  stack.StartAll();
  const std::string number =
      RegisterSample(stack, "e2e-000001", "2025年县级财政预算和三公经费决算");
  ASSERT_EQ(number.substr(4), "-000001");

  v1::Case routed = WaitForState(stack, number, v1::CASE_STATE_ASSIGNED);
  EXPECT_EQ(routed.department(), "czj");
  v1::DepartmentQueueRequest queue_request;
  queue_request.set_department("czj");
  v1::QueueResponse queue;
  ASSERT_TRUE(stack.routing()
                  .ListDepartmentQueue(TestStack::As("czj-li", "officer", "czj").get(),
                                       queue_request, &queue)
                  .ok());
  ASSERT_EQ(queue.cases_size(), 1);
  EXPECT_EQ(queue.cases(0).case_number(), number);
  EXPECT_EQ(queue.cases(0).state(), v1::CASE_STATE_ASSIGNED);

  EXPECT_EQ(Accept(stack, number, "czj").state(), v1::CASE_STATE_IN_DEPARTMENT);
  ASSERT_TRUE(Draft(stack, number, "czj-li", "预算及三公经费决算表见附件").ok());
  v1::QueueResponse review_queue;
  ASSERT_TRUE(
      stack.review()
          .ListReviewQueue(TestStack::As("zhao", "reviewer").get(), v1::QueuePage(), &review_queue)
          .ok());
  EXPECT_EQ(Listed(review_queue), std::set<std::string>{number});
  ASSERT_TRUE(Review(stack, number, "zhao", /*clear=*/true, "可以发出").ok());

  // The reply service picks the cleared case up from its stream and prepares the letter.
  WaitForState(stack, number, v1::CASE_STATE_REPLY_READY);
  v1::GetCaseRequest get;
  get.set_case_number(number);
  v1::ReplyLetter letter;
  ASSERT_TRUE(
      stack.reply().GetReplyLetter(TestStack::As("window01", "clerk").get(), get, &letter).ok());
  EXPECT_NE(letter.text().find("政府信息公开申请答复书"), std::string::npos);
  EXPECT_NE(letter.text().find("预算及三公经费决算表见附件"), std::string::npos);
  EXPECT_NE(letter.text().find("第三十六条第（二）项"), std::string::npos);

  v1::IssueReplyRequest issue;
  issue.set_case_number(number);
  issue.mutable_delivery()->set_method(v1::DELIVERY_METHOD_POST);
  issue.mutable_delivery()->set_delivered_on(routed.request().received_date());
  issue.mutable_delivery()->set_reference("EMS1234567890");
  v1::CaseAck closed;
  ASSERT_TRUE(
      stack.reply().IssueReply(TestStack::As("window01", "clerk").get(), issue, &closed).ok());
  EXPECT_EQ(closed.state(), v1::CASE_STATE_CLOSED);

  v1::Case final_case;
  ASSERT_TRUE(stack.intake().GetCase(TestStack::As("m", "manager").get(), get, &final_case).ok());
  EXPECT_EQ(CommandsOf(final_case),
            (std::vector<std::string>{"Register", "Route", "Accept", "SubmitDraft", "Clear",
                                      "PrepareReply", "IssueReply"}));
  const std::vector<std::string> actors = {"window01", "svc:routing", "czj-li",  "czj-li",
                                           "zhao",     "svc:reply",   "window01"};
  for (int i = 0; i < final_case.events_size(); ++i) {
    EXPECT_EQ(final_case.events(i).version(), i + 1);
    EXPECT_EQ(final_case.events(i).actor().user_id(), actors[i]);
  }
  EXPECT_EQ(final_case.events(1).details().at("department"), "czj");
  EXPECT_EQ(final_case.delivery().reference(), "EMS1234567890");

  // Nothing is left behind on a queue, a stream or the due index.
  const int partition = PartitionOf(*ParseCaseNumber(number));
  EXPECT_TRUE(stack.redis().Command({"ZSCORE", keys::DueIndex(partition), number})->is_nil());
  EXPECT_FALSE(final_case.deadline().due_date().empty());
  for (const std::string& key : {keys::Queue(partition, QueueKind::kDepartment, "xzf", "czj"),
                                 keys::Queue(partition, QueueKind::kReview, "xzf", ""),
                                 keys::Queue(partition, QueueKind::kReply, "xzf", "")}) {
    EXPECT_EQ(stack.redis().Command({"ZCARD", key})->integer(), 0) << key;
  }
  for (Stage stage : {Stage::kRouting, Stage::kReply}) {
    const std::string stream = keys::Stream(partition, stage);
    EXPECT_EQ(stack.redis().Command({"XLEN", stream})->integer(), 0) << stream;
    auto pending = stack.redis().Command({"XPENDING", stream, std::string(keys::StageName(stage))});
    EXPECT_EQ(pending->element(0).integer(), 0) << stream;
  }
}

TEST(EndToEnd, ReviewReturnsADraftAndTheDepartmentFixesIt) {
  TestStack stack;
  stack.StartAll();
  const std::string number =
      RegisterSample(stack, "e2e-return-1", "2025年县级残疾人专项资金使用情况");
  WaitForState(stack, number, v1::CASE_STATE_ASSIGNED);
  Accept(stack, number, "czj");
  ASSERT_TRUE(Draft(stack, number, "czj-li", "明细见附件（含受助人电话13912345678）").ok());

  // The drafter may not review their own draft, whichever way.
  grpc::Status own = Review(stack, number, "czj-li", /*clear=*/true);
  EXPECT_EQ(own.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Review(stack, number, "zhao", /*clear=*/false).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // a return needs comments

  ASSERT_TRUE(Review(stack, number, "zhao", /*clear=*/false, "附件含个人手机号，请删除").ok());
  v1::Case returned = WaitForState(stack, number, v1::CASE_STATE_IN_DEPARTMENT);
  EXPECT_EQ(returned.review_comments(), "附件含个人手机号，请删除");
  v1::QueueResponse review_queue;
  ASSERT_TRUE(
      stack.review()
          .ListReviewQueue(TestStack::As("zhao", "reviewer").get(), v1::QueuePage(), &review_queue)
          .ok());
  EXPECT_EQ(review_queue.cases_size(), 0);

  ASSERT_TRUE(Draft(stack, number, "czj-li", "明细见附件（个人信息已隐去）").ok());
  ASSERT_TRUE(Review(stack, number, "zhao", /*clear=*/true).ok());
  v1::Case ready = WaitForState(stack, number, v1::CASE_STATE_REPLY_READY);
  EXPECT_EQ(CommandsOf(ready),
            (std::vector<std::string>{"Register", "Route", "Accept", "SubmitDraft", "Return",
                                      "SubmitDraft", "Clear", "PrepareReply"}));
  EXPECT_EQ(ready.events(4).details().at("comments"), "附件含个人手机号，请删除");
  EXPECT_NE(ready.reply_letter().find("个人信息已隐去"), std::string::npos);
  EXPECT_EQ(ready.reply_letter().find("13912345678"), std::string::npos);
}

TEST(EndToEnd, DepartmentHandsBackAndTheDispatcherReassigns) {
  TestStack stack;
  stack.StartAll();
  const std::string number = RegisterSample(stack, "e2e-handback", "2025年县级财政预算");
  WaitForState(stack, number, v1::CASE_STATE_ASSIGNED);

  EXPECT_EQ(HandBack(stack, number, "czj", "此项信息由县人社局制作").state(),
            v1::CASE_STATE_DISPATCH);

  v1::QueueResponse dispatch;
  ASSERT_TRUE(
      stack.routing()
          .ListDispatchQueue(TestStack::As("d1", "dispatcher").get(), v1::QueuePage(), &dispatch)
          .ok());
  EXPECT_EQ(Listed(dispatch), std::set<std::string>{number});
  v1::DepartmentQueueRequest czj_queue;
  czj_queue.set_department("czj");
  v1::QueueResponse czj;
  ASSERT_TRUE(
      stack.routing()
          .ListDepartmentQueue(TestStack::As("czj-li", "officer", "czj").get(), czj_queue, &czj)
          .ok());
  EXPECT_EQ(czj.cases_size(), 0);

  Assign(stack, number, "rsj", "请人社局办理");
  v1::DepartmentQueueRequest rsj_queue;
  rsj_queue.set_department("rsj");
  v1::QueueResponse rsj;
  ASSERT_TRUE(
      stack.routing()
          .ListDepartmentQueue(TestStack::As("rsj-wu", "officer", "rsj").get(), rsj_queue, &rsj)
          .ok());
  EXPECT_EQ(Listed(rsj), std::set<std::string>{number});
  ASSERT_TRUE(
      stack.routing()
          .ListDispatchQueue(TestStack::As("d1", "dispatcher").get(), v1::QueuePage(), &dispatch)
          .ok());
  EXPECT_EQ(dispatch.cases_size(), 0);

  v1::Case assigned = WaitForState(stack, number, v1::CASE_STATE_ASSIGNED);
  EXPECT_EQ(assigned.department(), "rsj");
  EXPECT_EQ(CommandsOf(assigned),
            (std::vector<std::string>{"Register", "Route", "HandBack", "Assign"}));
  EXPECT_EQ(assigned.events(2).details().at("reason"), "此项信息由县人社局制作");
  EXPECT_EQ(assigned.events(2).actor().department(), "czj");
  EXPECT_EQ(assigned.events(3).details().at("department"), "rsj");
}

TEST(EndToEnd, AnUnmatchedRequestWaitsForTheDispatcher) {
  TestStack stack;
  stack.StartAll();
  const std::string number = RegisterSample(stack, "e2e-unmatched", "举报某村干部违规问题");
  v1::Case waiting = WaitForState(stack, number, v1::CASE_STATE_DISPATCH);
  EXPECT_EQ(waiting.events(1).command(), "RouteToDispatch");
  EXPECT_EQ(waiting.events(1).details().at("rule"), "no catalogue keyword matched the description");
}

TEST(EndToEnd, QueuesPageByCursorInRegistrationOrder) {
  TestStack stack;
  stack.StartAll();
  std::vector<std::string> registered;
  for (int i = 0; i < 7; ++i) {
    registered.push_back(RegisterSample(stack, absl::StrCat("e2e-paging-", i), "县财政预算"));
  }
  for (const auto& number : registered) WaitForState(stack, number, v1::CASE_STATE_ASSIGNED);
  std::vector<std::string> listed;
  v1::DepartmentQueueRequest request;
  request.set_department("czj");
  request.mutable_page()->set_page_size(3);
  std::vector<int> page_sizes;
  do {
    v1::QueueResponse page;
    ASSERT_TRUE(
        stack.routing()
            .ListDepartmentQueue(TestStack::As("czj-li", "officer", "czj").get(), request, &page)
            .ok());
    page_sizes.push_back(page.cases_size());
    for (const auto& item : page.cases()) listed.push_back(item.case_number());
    request.mutable_page()->set_page_token(page.next_page_token());
  } while (!request.page().page_token().empty());
  EXPECT_EQ(page_sizes, (std::vector<int>{3, 3, 1}));
  EXPECT_EQ(listed, registered);
}

}  // namespace
}  // namespace gongkai::testing
