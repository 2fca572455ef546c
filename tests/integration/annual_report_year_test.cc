// A scripted year of cases through the real services, then the annual report checked cell by
// cell against figures counted by hand, including the carry-over between the two years, and the
// same table printed by the CLI.
#include <gtest/gtest.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "rules/annual_report.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

// The registration of an applicant of `type` received on `received`.
v1::RegisterRequest Request(const std::string& id, v1::ApplicantType type,
                            const std::string& received) {
  v1::RegisterRequest request = SampleRegistration(id, "2025年县级财政预算执行情况");
  request.mutable_applicant()->set_type(type);
  if (type != v1::APPLICANT_TYPE_NATURAL_PERSON) {
    request.mutable_applicant()->set_name("某单位");
    request.mutable_applicant()->set_id_type(v1::ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE);
    request.mutable_applicant()->set_id_number("31340000MD0264371K");
  }
  request.mutable_request()->set_received_date(received);
  return request;
}

class Office {
 public:
  explicit Office(TestStack& stack) : stack_(stack) {}

  // Registered and accepted by 县财政局.
  std::string Open(const std::string& id, v1::ApplicantType type, const std::string& received) {
    v1::RegisterResponse registered;
    grpc::Status status = stack_.intake().Register(TestStack::As("window01", "clerk").get(),
                                                   Request(id, type, received), &registered);
    EXPECT_TRUE(status.ok()) << status.error_message();
    const std::string number = registered.case_().case_number();
    WaitForState(stack_, number, v1::CASE_STATE_ASSIGNED);
    v1::AcceptRequest accept;
    accept.set_case_number(number);
    v1::CaseAck ack;
    EXPECT_TRUE(stack_.routing()
                    .Accept(TestStack::As("czj-li", "officer", "czj").get(), accept, &ack)
                    .ok());
    return number;
  }

  // Drafted, reviewed (and signed off where needed), replied and delivered on `delivered_on`.
  void Close(const std::string& number, v1::Outcome outcome, const std::string& delivered_on) {
    v1::SubmitDraftRequest draft;
    draft.set_case_number(number);
    draft.set_outcome(outcome);
    draft.set_grounds("依据有关规定");
    if (outcome == v1::OUTCOME_DISCLOSED || outcome == v1::OUTCOME_ALREADY_PUBLIC ||
        outcome == v1::OUTCOME_PARTIALLY_DISCLOSED) {
      draft.set_disclosed_text("预算执行表：一般公共预算支出12.3亿元，其中某项目明细另列。");
    }
    if (outcome == v1::OUTCOME_PARTIALLY_DISCLOSED) {
      v1::WithheldSpan& span = *draft.add_withheld();
      span.set_begin(23);  // 某项目明细
      span.set_end(28);
      span.set_ground(v1::OUTCOME_WITHHELD_THIRD_PARTY);
    }
    v1::CaseAck ack;
    grpc::Status status =
        stack_.review().SubmitDraft(TestStack::As("czj-li", "officer", "czj").get(), draft, &ack);
    ASSERT_TRUE(status.ok()) << status.error_message();
    v1::ReviewDecisionRequest decision;
    decision.set_case_number(number);
    ASSERT_TRUE(
        stack_.review().Clear(TestStack::As("zhao", "reviewer").get(), decision, &ack).ok());
    if (ack.state() == v1::CASE_STATE_SIGN_OFF) {
      ASSERT_TRUE(
          stack_.review().SignOff(TestStack::As("wang", "head").get(), decision, &ack).ok());
    }
    WaitForState(stack_, number, v1::CASE_STATE_REPLY_READY);
    v1::IssueReplyRequest issue;
    issue.set_case_number(number);
    issue.mutable_delivery()->set_method(v1::DELIVERY_METHOD_POST);
    issue.mutable_delivery()->set_delivered_on(delivered_on);
    status = stack_.reply().IssueReply(TestStack::As("window01", "clerk").get(), issue, &ack);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(ack.state(), v1::CASE_STATE_CLOSED);
  }

  v1::AnnualReport Report(int year) {
    v1::AnnualReportRequest request;
    request.set_year(year);
    v1::AnnualReport report;
    grpc::Status status =
        stack_.report().GetAnnualReport(TestStack::As("m1", "manager").get(), request, &report);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return report;
  }

 private:
  TestStack& stack_;
};

std::vector<int64_t> Row(const v1::AnnualReport& report, const std::string& key) {
  const v1::ReportRow* row = FindRow(report, key);
  if (row == nullptr) return {};
  return std::vector<int64_t>(row->values().begin(), row->values().end());
}

using Figures = std::vector<int64_t>;
const Figures kZero = {0, 0, 0, 0, 0, 0, 0};

TEST(AnnualReportYear, ScriptedYearMatchesHandCountedFigures) {
  TestStack stack;
  stack.StartAll();
  Office office(stack);
  // Two years: the last days of the previous one (within the 366 days a registration may look
  // back) and today.
  const int year = static_cast<int>(Today().year());
  const int previous = year - 1;
  // A registration may look back 366 days: on the last days of a year, the receipt moves up.
  const std::string last_year_received =
      FormatDay(std::max(absl::CivilDay(previous, 12, 29), Today() - 365));
  const std::string last_year_closed = absl::StrCat(previous, "-12-31");
  const std::string today = FormatDay(Today());

  using T = v1::ApplicantType;
  // Received last year: two closed last year, two this year, one still open.
  const std::string a1 =
      office.Open("year-a1-request", T::APPLICANT_TYPE_NATURAL_PERSON, last_year_received);
  const std::string a2 =
      office.Open("year-a2-request", T::APPLICANT_TYPE_NATURAL_PERSON, last_year_received);
  const std::string a3 =
      office.Open("year-a3-request", T::APPLICANT_TYPE_COMMERCIAL_ENTERPRISE, last_year_received);
  const std::string a4 =
      office.Open("year-a4-request", T::APPLICANT_TYPE_NATURAL_PERSON, last_year_received);
  office.Open("year-a5-request", T::APPLICANT_TYPE_RESEARCH_INSTITUTION, last_year_received);
  office.Close(a1, v1::OUTCOME_DISCLOSED, last_year_closed);
  office.Close(a2, v1::OUTCOME_UNAVAILABLE_NOT_HELD, last_year_closed);
  office.Close(a3, v1::OUTCOME_WITHHELD_THIRD_PARTY, today);
  office.Close(a4, v1::OUTCOME_PARTIALLY_DISCLOSED, today);
  // Received this year: four closed (one answered at the window), two still open.
  const std::string b1 = office.Open("year-b1-request", T::APPLICANT_TYPE_NATURAL_PERSON, today);
  const std::string b2 = office.Open("year-b2-request", T::APPLICANT_TYPE_NATURAL_PERSON, today);
  const std::string b3 =
      office.Open("year-b3-request", T::APPLICANT_TYPE_LEGAL_SERVICE_INSTITUTION, today);
  office.Open("year-b4-request", T::APPLICANT_TYPE_SOCIAL_WELFARE_ORGANIZATION, today);
  office.Open("year-b6-request", T::APPLICANT_TYPE_NATURAL_PERSON, today);
  office.Close(b1, v1::OUTCOME_DISCLOSED, today);
  office.Close(b2, v1::OUTCOME_ALREADY_PUBLIC, today);
  office.Close(b3, v1::OUTCOME_NOT_PROCESSED_REPEAT, today);
  v1::RegisterRequest spot =
      Request("year-b5-request", T::APPLICANT_TYPE_OTHER_ORGANIZATION, today);
  spot.mutable_on_the_spot()->set_outcome(v1::OUTCOME_ALREADY_PUBLIC);
  spot.mutable_on_the_spot()->set_text("已在县政府网站“财政预决算”栏目公开");
  v1::RegisterResponse answered;
  ASSERT_TRUE(
      stack.intake().Register(TestStack::As("window01", "clerk").get(), spot, &answered).ok());
  // A reconsideration of a3's reply, decided (maintained) the same day, and a pending lawsuit.
  v1::RecordRedressRequest redress;
  redress.set_case_number(a3);
  redress.set_index(-1);
  redress.mutable_redress()->set_kind(v1::REDRESS_KIND_RECONSIDERATION);
  redress.mutable_redress()->set_filed_on(today);
  redress.mutable_redress()->set_result(v1::REDRESS_RESULT_MAINTAINED);
  redress.mutable_redress()->set_decided_on(today);
  v1::CaseAck ack;
  ASSERT_TRUE(
      stack.report().RecordRedress(TestStack::As("m1", "manager").get(), redress, &ack).ok());
  redress.set_case_number(a4);
  redress.mutable_redress()->set_kind(v1::REDRESS_KIND_LITIGATION_DIRECT);
  redress.mutable_redress()->set_result(v1::REDRESS_RESULT_PENDING);
  redress.mutable_redress()->clear_decided_on();
  ASSERT_TRUE(
      stack.report().RecordRedress(TestStack::As("m1", "manager").get(), redress, &ack).ok());

  // Columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
  const v1::AnnualReport last = office.Report(previous);
  EXPECT_EQ(Row(last, "1"), (Figures{3, 1, 1, 0, 0, 0, 5}));
  EXPECT_EQ(Row(last, "2"), kZero);
  EXPECT_EQ(Row(last, "3.1"), (Figures{1, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Row(last, "3.4.1"), (Figures{1, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Row(last, "3.7"), (Figures{2, 0, 0, 0, 0, 0, 2}));
  EXPECT_EQ(Row(last, "4"), (Figures{1, 1, 1, 0, 0, 0, 3}));
  for (const char* empty : {"3.2", "3.3.4", "3.5.2", "3.6.1"})
    EXPECT_EQ(Row(last, empty), kZero) << empty;

  const v1::AnnualReport now = office.Report(year);
  EXPECT_EQ(Row(now, "1"), (Figures{3, 0, 0, 1, 1, 1, 6}));
  EXPECT_EQ(Row(now, "2"), Row(last, "4"));  // the carry-over
  EXPECT_EQ(Row(now, "3.1"), (Figures{2, 0, 0, 0, 0, 1, 3}));
  EXPECT_EQ(Row(now, "3.2"), (Figures{1, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Row(now, "3.3.4"), (Figures{0, 1, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Row(now, "3.4.1"), kZero);
  EXPECT_EQ(Row(now, "3.5.2"), (Figures{0, 0, 0, 0, 1, 0, 1}));
  EXPECT_EQ(Row(now, "3.6.1"), kZero);
  // The group rows （三）-（六） have no figures of their own, as in the template.
  for (const char* heading : {"3.3", "3.4", "3.5", "3.6"}) {
    EXPECT_EQ(FindRow(now, heading)->values_size(), 0) << heading;
  }
  EXPECT_EQ(Row(now, "3.7"), (Figures{3, 1, 0, 0, 1, 1, 6}));
  EXPECT_EQ(Row(now, "4"), (Figures{1, 0, 1, 1, 0, 0, 3}));
  ASSERT_EQ(now.redress_size(), 3);
  EXPECT_EQ(std::vector<int64_t>(now.redress(0).values().begin(), now.redress(0).values().end()),
            (std::vector<int64_t>{1, 0, 0, 0, 1}));
  EXPECT_EQ(std::vector<int64_t>(now.redress(1).values().begin(), now.redress(1).values().end()),
            (std::vector<int64_t>{0, 0, 0, 1, 1}));

  // The CLI prints the same table.
  int exit_status = -1;
  const std::string output = RunCli(absl::StrCat("--token_file=", TestTokenFile("m1", "manager"),
                                                 " --tracker=127.0.0.1:", stack.port("tracker"),
                                                 " report annual --year=", year, " --format=csv"),
                                    &exit_status);
  EXPECT_EQ(exit_status, 0) << output;
  EXPECT_NE(output.find("1,\"一、本年新收政府信息公开申请数量\",3,0,0,1,1,1,6\r\n"),
            std::string::npos)
      << output;
  EXPECT_NE(output.find("2,\"二、上年结转政府信息公开申请数量\",1,1,1,0,0,0,3\r\n"),
            std::string::npos);
  EXPECT_NE(output.find("3.7,\"　（七）总计\",3,1,0,0,1,1,6\r\n"), std::string::npos);
}

TEST(AnnualReportYear, RecordingRedressIsCheckedAndAgainstAReplyOnlyOnceThereIsOne) {
  TestStack stack;
  stack.StartAll();
  Office office(stack);
  const std::string today = FormatDay(Today());
  const std::string open =
      office.Open("redress-request-1", v1::APPLICANT_TYPE_NATURAL_PERSON, today);
  v1::RecordRedressRequest redress;
  redress.set_case_number(open);
  redress.set_index(-1);
  redress.mutable_redress()->set_kind(v1::REDRESS_KIND_RECONSIDERATION);
  redress.mutable_redress()->set_filed_on(today);
  redress.mutable_redress()->set_result(v1::REDRESS_RESULT_PENDING);
  v1::CaseAck ack;
  EXPECT_EQ(stack.report()
                .RecordRedress(TestStack::As("m1", "manager").get(), redress, &ack)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  office.Close(open, v1::OUTCOME_DISCLOSED, today);
  redress.mutable_redress()->set_decided_on(today);  // pending with a decision date
  grpc::Status refused =
      stack.report().RecordRedress(TestStack::As("m1", "manager").get(), redress, &ack);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(refused.error_message().find("`redress.decided_on`"), std::string::npos);
  v1::AnnualReportRequest bad_year;
  bad_year.set_year(1899);
  v1::AnnualReport report;
  EXPECT_EQ(stack.report()
                .GetAnnualReport(TestStack::As("m1", "manager").get(), bad_year, &report)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace gongkai::testing
