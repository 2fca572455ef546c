// Every kind of bad input gets the right gRPC code, a message naming the field, and leaves
// Redis exactly as it was.
#include <gtest/gtest.h>

#include <functional>

#include "base/clock.h"
#include "grpc/field_errors.h"
#include "redis_snapshot.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

struct BadCall {
  const char* name;
  std::function<grpc::Status(TestStack&, const std::string& assigned_case)> call;
  grpc::StatusCode code;
  const char* message_part;
  // The field the message names first and the status details carry; "" for none.
  const char* field;
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const BadCall& call, std::ostream* out) { *out << call.name; }

grpc::Status RegisterWith(TestStack& stack, std::function<void(v1::RegisterRequest&)> spoil) {
  v1::RegisterRequest request = SampleRegistration("bad-input-0001", "县财政预算");
  spoil(request);
  v1::RegisterResponse response;
  return stack.intake().Register(TestStack::As("w1", "clerk").get(), request, &response);
}

class BadInput : public ::testing::TestWithParam<BadCall> {};

TEST_P(BadInput, IsRefusedAndChangesNothing) {
  TestStack stack;
  stack.StartAll();
  // One case already in the system, assigned to 县财政局.
  v1::RegisterResponse registered;
  ASSERT_TRUE(stack.intake()
                  .Register(TestStack::As("w1", "clerk").get(),
                            SampleRegistration("existing-0001", "县财政预算"), &registered)
                  .ok());
  const std::string number = registered.case_().case_number();
  WaitForState(stack, number, v1::CASE_STATE_ASSIGNED);
  WaitForFirstSweep(stack);

  const auto before = Snapshot(stack.redis());
  const grpc::Status status = GetParam().call(stack, number);
  EXPECT_EQ(status.error_code(), GetParam().code) << status.error_message();
  EXPECT_NE(status.error_message().find(GetParam().message_part), std::string::npos)
      << status.error_message();
  // A message naming its field first carries that field in the status details, for forms: the
  // field, and the rest of the message as what is wrong with it.
  const std::vector<FieldViolation> details = FieldViolationsOf(status);
  const std::string field = GetParam().field;
  if (field.empty()) {
    EXPECT_TRUE(details.empty()) << status.error_message();
    EXPECT_EQ(status.error_details(), "");
  } else {
    ASSERT_EQ(details.size(), 1u) << status.error_message();
    EXPECT_EQ(details[0].field, field);
    EXPECT_FALSE(details[0].description.empty());
    EXPECT_EQ(status.error_message(), "`" + field + "` " + details[0].description);
  }
  EXPECT_EQ(Snapshot(stack.redis()), before);
}

// The web console points at the field from the status details: a mistyped ID number names
// `applicant.id_number`, and says what is wrong in Chinese.
TEST(BadInputDetails, AWrongCheckDigitNamesTheIdNumberField) {
  TestStack stack;
  stack.StartAll();
  WaitForFirstSweep(stack);
  const auto before = Snapshot(stack.redis());
  // 11010519491231002X with its check character mistyped.
  const grpc::Status status = RegisterWith(stack, [](v1::RegisterRequest& r) {
    r.mutable_applicant()->set_id_number("110105194912310021");
  });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "`applicant.id_number` 居民身份证号码校验位不正确");
  EXPECT_EQ(FieldViolationsOf(status),
            (std::vector<FieldViolation>{{"applicant.id_number", "居民身份证号码校验位不正确"}}));
  EXPECT_EQ(Snapshot(stack.redis()), before);

  // A refusal that names no field carries no details.
  v1::AcceptRequest accept;
  accept.set_case_number("2026-999999");
  v1::CaseAck ack;
  const grpc::Status unknown =
      stack.routing().Accept(TestStack::As("o1", "officer", "czj").get(), accept, &ack);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(unknown.error_details(), "");
}

std::string FormatDayToday() { return FormatDay(ChinaDay(absl::Now())); }

using R = v1::RegisterRequest;
using S = TestStack;
const std::string kLong(2001, 'x');

INSTANTIATE_TEST_SUITE_P(
    EveryKind, BadInput,
    ::testing::Values(
        BadCall{"MissingApplicantName",
                [](S& s, auto&) {
                  return RegisterWith(s, [](R& r) { r.mutable_applicant()->clear_name(); });
                },
                grpc::StatusCode::INVALID_ARGUMENT, "`applicant.name` 必须填写", "applicant.name"},
        BadCall{"EmptyDescription",
                [](S& s, auto&) {
                  return RegisterWith(s, [](R& r) { r.mutable_request()->clear_description(); });
                },
                grpc::StatusCode::INVALID_ARGUMENT, "`request.description` 必须填写",
                "request.description"},
        BadCall{"UnknownChannel",
                [](S& s, auto&) {
                  return RegisterWith(s, [](R& r) {
                    r.mutable_request()->set_channel(static_cast<v1::Channel>(42));
                  });
                },
                grpc::StatusCode::INVALID_ARGUMENT, "`request.channel` 的取值 42 无效",
                "request.channel"},
        BadCall{"DescriptionOverItsBound",
                [](S& s, auto&) {
                  return RegisterWith(s, [](R& r) { r.mutable_request()->set_description(kLong); });
                },
                grpc::StatusCode::INVALID_ARGUMENT,
                "`request.description` 最多 2000 个字符，现有 2001 个", "request.description"},
        BadCall{"InvalidUtf8",
                [](S& s, auto&) {
                  return RegisterWith(s, [](R& r) { r.mutable_applicant()->set_name("\xE5\xBC"); });
                },
                grpc::StatusCode::INVALID_ARGUMENT, "`applicant.name` 不是有效的 UTF-8 文本",
                "applicant.name"},
        BadCall{"ReceivedDateInTheFuture",
                [](S& s, auto&) {
                  return RegisterWith(
                      s, [](R& r) { r.mutable_request()->set_received_date("2999-01-01"); });
                },
                grpc::StatusCode::INVALID_ARGUMENT, "`request.received_date` 不能晚于今天",
                "request.received_date"},
        BadCall{"RequestIdReusedForOtherContent",
                [](S& s, auto&) {
                  return RegisterWith(s, [](R& r) {
                    r.set_request_id("existing-0001");
                    r.mutable_request()->set_description("另一项申请");
                  });
                },
                grpc::StatusCode::ALREADY_EXISTS, "`request_id`", "request_id"},
        BadCall{"DeliveredBeforeReceipt",
                [](S& s, const std::string& number) {
                  v1::IssueReplyRequest request;
                  request.set_case_number(number);
                  request.mutable_delivery()->set_method(v1::DELIVERY_METHOD_PICKUP);
                  request.mutable_delivery()->set_delivered_on("2020-01-01");
                  v1::CaseAck ack;
                  return s.reply().IssueReply(S::As("w1", "clerk").get(), request, &ack);
                },
                grpc::StatusCode::INVALID_ARGUMENT, "`delivery.delivered_on`",
                "delivery.delivered_on"},
        BadCall{"IssueReplyOnAnAssignedCase",
                [](S& s, const std::string& number) {
                  v1::IssueReplyRequest request;
                  request.set_case_number(number);
                  request.mutable_delivery()->set_method(v1::DELIVERY_METHOD_PICKUP);
                  request.mutable_delivery()->set_delivered_on(FormatDayToday());
                  v1::CaseAck ack;
                  return s.reply().IssueReply(S::As("w1", "clerk").get(), request, &ack);
                },
                grpc::StatusCode::FAILED_PRECONDITION,
                "案件当前状态为“已分派（待接收）”，不能进行“答复书送达”；只有状态为“答复书待送达”"
                "的案件可以进行此操作",
                ""},
        BadCall{"ClearBeforeADraft",
                [](S& s, const std::string& number) {
                  v1::ReviewDecisionRequest request;
                  request.set_case_number(number);
                  v1::CaseAck ack;
                  return s.review().Clear(S::As("r1", "reviewer").get(), request, &ack);
                },
                grpc::StatusCode::FAILED_PRECONDITION,
                "案件当前状态为“已分派（待接收）”，不能进行“保密审查通过”；只有状态为“保密审查中”"
                "的案件可以进行此操作",
                ""},
        BadCall{"UnknownCase",
                [](S& s, auto&) {
                  v1::AcceptRequest request;
                  request.set_case_number("2026-999999");
                  v1::CaseAck ack;
                  return s.routing().Accept(S::As("o1", "officer", "czj").get(), request, &ack);
                },
                grpc::StatusCode::NOT_FOUND, "案件 2026-999999 不存在，请核对案件编号", ""},
        BadCall{"MalformedCaseNumber",
                [](S& s, auto&) {
                  v1::GetCaseRequest request;
                  request.set_case_number("123");
                  v1::Case found;
                  return s.intake().GetCase(S::As("m", "manager").get(), request, &found);
                },
                grpc::StatusCode::INVALID_ARGUMENT, "`case_number`", "case_number"},
        BadCall{"HandBackWithoutReason",
                [](S& s, const std::string& number) {
                  v1::HandBackRequest request;
                  request.set_case_number(number);
                  v1::CaseAck ack;
                  return s.routing().HandBack(S::As("o1", "officer", "czj").get(), request, &ack);
                },
                grpc::StatusCode::INVALID_ARGUMENT, "`reason` 必须填写", "reason"},
        BadCall{"AssignToAnUnknownDepartment",
                [](S& s, const std::string& number) {
                  v1::AssignRequest request;
                  request.set_case_number(number);
                  request.set_department("nowhere");
                  v1::CaseAck ack;
                  return s.routing().Assign(S::As("d1", "dispatcher").get(), request, &ack);
                },
                grpc::StatusCode::INVALID_ARGUMENT, "`department` \"nowhere\" 不在部门目录中",
                "department"},
        BadCall{"StaleExpectedVersion",
                [](S& s, const std::string& number) {
                  v1::AcceptRequest request;
                  request.set_case_number(number);
                  request.set_expected_version(1);
                  v1::CaseAck ack;
                  return s.routing().Accept(S::As("o1", "officer", "czj").get(), request, &ack);
                },
                grpc::StatusCode::ABORTED,
                "在您打开后已被他人更新（现为“已分派（待接收）”），您的操作未执行；请刷新后核对，"
                "再决定是否重新操作",
                ""},
        BadCall{"PageTooLarge",
                [](S& s, auto&) {
                  v1::QueuePage page;
                  page.set_page_size(501);
                  v1::QueueResponse response;
                  return s.review().ListReviewQueue(S::As("r1", "reviewer").get(), page, &response);
                },
                grpc::StatusCode::INVALID_ARGUMENT, "`page_size`", "page_size"},
        BadCall{"NoActingUser",
                [](S& s, const std::string& number) {
                  grpc::ClientContext context;
                  v1::AcceptRequest request;
                  request.set_case_number(number);
                  v1::CaseAck ack;
                  return s.routing().Accept(&context, request, &ack);
                },
                grpc::StatusCode::UNAUTHENTICATED, "authorization", ""}),
    [](const ::testing::TestParamInfo<BadCall>& info) { return info.param.name; });

}  // namespace
}  // namespace gongkai::testing
