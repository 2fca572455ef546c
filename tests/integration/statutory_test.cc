// The statutory steps added beside the ordinary path, driven through the services: the redress
// paragraph of a withholding reply, several consultations with the notice to an overridden third
// party, the information-processing fee counted from the applicant's requests, Art. 35's later
// reply date, a complaint of no reply, and identity numbers as staff type them.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "calendar/deadline.h"
#include "documents/documents.h"
#include "redis/keys.h"
#include "rules/request_fingerprint.h"
#include "sample_registration.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

auto Officer() { return TestStack::As("czj-li", "officer", "czj"); }
auto Clerk() { return TestStack::As("w1", "clerk"); }
auto Reviewer() { return TestStack::As("zhao", "reviewer"); }
auto Head() { return TestStack::As("zhuren", "head"); }
auto Manager() { return TestStack::As("m1", "manager"); }

v1::Case Get(TestStack& stack, const std::string& number) {
  v1::GetCaseRequest get;
  get.set_case_number(number);
  v1::Case found;
  EXPECT_TRUE(stack.intake().GetCase(Manager().get(), get, &found).ok());
  return found;
}

// A request of 县财政局's received `days_ago` days ago, accepted by the department.
std::string AcceptedCase(TestStack& stack, const std::string& id, int days_ago) {
  const v1::Case registered = RegisterReceived(stack, id, "县财政预算", days_ago);
  WaitForState(stack, registered.case_number(), v1::CASE_STATE_ASSIGNED);
  v1::AcceptRequest accept;
  accept.set_case_number(registered.case_number());
  v1::CaseAck ack;
  EXPECT_TRUE(stack.routing().Accept(Officer().get(), accept, &ack).ok());
  return registered.case_number();
}

grpc::Status Draft(TestStack& stack, const std::string& number, v1::Outcome outcome,
                   const std::string& text, const std::string& grounds) {
  v1::SubmitDraftRequest draft;
  draft.set_case_number(number);
  draft.set_outcome(outcome);
  draft.set_disclosed_text(text);
  draft.set_grounds(grounds);
  v1::CaseAck ack;
  return stack.review().SubmitDraft(Officer().get(), draft, &ack);
}

grpc::Status ClearDraft(TestStack& stack, const std::string& number) {
  v1::ReviewDecisionRequest clear;
  clear.set_case_number(number);
  v1::CaseAck ack;
  return stack.review().Clear(Reviewer().get(), clear, &ack);
}

grpc::Status Issue(TestStack& stack, const std::string& number) {
  v1::IssueReplyRequest issue;
  issue.set_case_number(number);
  issue.mutable_delivery()->set_method(v1::DELIVERY_METHOD_POST);
  issue.mutable_delivery()->set_delivered_on(FormatDay(Today()));
  v1::CaseAck ack;
  return stack.reply().IssueReply(Clerk().get(), issue, &ack);
}

std::string DocumentText(TestStack& stack, const std::string& number, v1::DocumentKind kind,
                         int consultation = -1) {
  v1::GetDocumentRequest request;
  request.set_case_number(number);
  request.set_kind(kind);
  if (consultation >= 0) request.set_consultation(consultation);
  v1::Document document;
  const grpc::Status status = stack.reply().GetDocument(Clerk().get(), request, &document);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return document.content();
}

TEST(Statutory, AWithholdingReplyNamesTheReconsiderationBodyAndSaysItComesFirst) {
  TestStack stack;
  stack.StartAll();
  const std::string number = AcceptedCase(stack, "withheld-1", 0);
  ASSERT_TRUE(Draft(stack, number, v1::OUTCOME_WITHHELD_PROCESS_INFORMATION, "",
                    "省政府批复尚在办理中，相关材料属于过程性信息。")
                  .ok());
  ASSERT_TRUE(ClearDraft(stack, number).ok());
  v1::ReviewDecisionRequest sign;
  sign.set_case_number(number);
  v1::CaseAck ack;
  ASSERT_TRUE(stack.review().SignOff(Head().get(), sign, &ack).ok());
  WaitForState(stack, number, v1::CASE_STATE_REPLY_READY);
  const std::string letter = DocumentText(stack, number, v1::DOCUMENT_KIND_REPLY);
  // The reconsideration body of the case's agency (the county government's: the city's
  // government, deploy/agencies.conf) is named, and the applicant is told that reconsideration
  // comes before any suit.
  EXPECT_NE(
      letter.find("　　对本答复不服的，依照《中华人民共和国行政复议法》第二十条、第二十三条第一款"
                  "第（四）项的规定，应当自收到本答复之日起六十日内先向市人民政府申请行政"
                  "复议；"),
      std::string::npos)
      << letter;
  EXPECT_NE(letter.find("未经行政复议的，不得直接向人民法院提起行政诉讼。"), std::string::npos)
      << letter;
  EXPECT_EQ(letter.find("六个月内"), std::string::npos) << letter;
}

// How many days ago a request must have arrived for a consultation sent the day after to be
// within the reply period today, and for the consulted party's 15 working days (counted from
// that day) to be over: consultations are recorded while the period runs, and a lapse only
// after the 15 days.
int ConsultableDaysAgo() {
  for (int days_ago = 40; days_ago > 16; --days_ago) {
    const absl::CivilDay received = Today() - days_ago;
    const v1::Deadline deadline = *ComputeDeadline(ShippedCalendar(), {.receipt = received});
    if (DayOf(deadline.due_date()) >= Today() &&
        *AddWorkingDays(ShippedCalendar(), received + 1, 15) < Today()) {
      return days_ago;
    }
  }
  ADD_FAILURE() << "no receipt date fits both";
  return 20;
}

TEST(Statutory, ConsultationsPauseTheClockAndHoldTheReplyUntilTheThirdPartyIsTold) {
  TestStack stack;
  stack.StartAll();
  const int days_ago = ConsultableDaysAgo();
  const absl::CivilDay received = Today() - days_ago;
  const std::string number = AcceptedCase(stack, "consulted-1", days_ago);
  v1::CaseAck ack;
  // A third party and another agency, consulted on two days.
  v1::StartConsultationRequest third;
  third.set_case_number(number);
  third.set_party_type(v1::CONSULTED_PARTY_THIRD_PARTY);
  third.set_party("舒城县某建材有限公司");
  third.set_sent_on(FormatDay(received + 1));
  ASSERT_TRUE(stack.tracker().StartConsultation(Officer().get(), third, &ack).ok());
  v1::StartConsultationRequest agency = third;
  agency.set_party_type(v1::CONSULTED_PARTY_OTHER_AGENCY);
  agency.set_party("县自然资源和规划局");
  agency.set_sent_on(FormatDay(received + 2));
  ASSERT_TRUE(stack.tracker().StartConsultation(Officer().get(), agency, &ack).ok());
  // Dated before the case's receipt: refused, nothing changes.
  v1::StartConsultationRequest early = third;
  early.set_sent_on(FormatDay(received - 5));
  EXPECT_EQ(stack.tracker().StartConsultation(Officer().get(), early, &ack).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // The third party's 15 working days run from its receipt of the letter.
  v1::RecordConsultationReceiptRequest receipt;
  receipt.set_case_number(number);
  receipt.set_consultation(0);
  receipt.set_received_on(FormatDay(received + 2));
  ASSERT_TRUE(stack.tracker().RecordConsultationReceipt(Clerk().get(), receipt, &ack).ok());
  v1::Case consulting = Get(stack, number);
  EXPECT_EQ(consulting.clock(), v1::CLOCK_STATE_CONSULTING);
  EXPECT_EQ(consulting.consultations(0).answer_due(),
            FormatDay(*AddWorkingDays(ShippedCalendar(), received + 2, 15)));
  EXPECT_FALSE(consulting.consultations(0).answer_due_provisional());
  EXPECT_TRUE(consulting.consultations(1).answer_due_provisional());

  // With two open, the end must say which one.
  v1::EndConsultationRequest end;
  end.set_case_number(number);
  end.set_ended_on(FormatDay(received + 4));
  end.set_result("answered");
  EXPECT_EQ(stack.tracker().EndConsultation(Officer().get(), end, &ack).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  end.set_consultation(1);
  ASSERT_TRUE(stack.tracker().EndConsultation(Officer().get(), end, &ack).ok());
  EXPECT_EQ(Get(stack, number).clock(), v1::CLOCK_STATE_CONSULTING);  // one is still open

  // The department drafts a disclosure; review may not clear it while the third party may still
  // answer.
  ASSERT_TRUE(Draft(stack, number, v1::OUTCOME_DISCLOSED, "预算表见附件。", "").ok());
  EXPECT_EQ(ClearDraft(stack, number).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  end.set_consultation(0);
  end.set_ended_on(FormatDay(received + 6));
  end.set_result("objected");
  ASSERT_TRUE(stack.tracker().EndConsultation(Officer().get(), end, &ack).ok());
  const v1::Case running = Get(stack, number);
  EXPECT_EQ(running.clock(), v1::CLOCK_STATE_RUNNING);
  // Not counted: the working days after each sending day up to its answer, once each.
  const v1::Deadline expected = *ComputeDeadline(
      ShippedCalendar(), {.receipt = received,
                          .pauses = {{received + 1, received + 6}, {received + 2, received + 4}}});
  EXPECT_EQ(running.deadline().due_date(), expected.due_date());

  // Disclosing over the objection weighs the public interest: the head signs it off.
  ASSERT_TRUE(ClearDraft(stack, number).ok());
  WaitForState(stack, number, v1::CASE_STATE_SIGN_OFF);
  v1::ReviewDecisionRequest sign;
  sign.set_case_number(number);
  ASSERT_TRUE(stack.review().SignOff(Head().get(), sign, &ack).ok());
  WaitForState(stack, number, v1::CASE_STATE_REPLY_READY);
  // Disclosed over the third party's objection: it is told first.
  EXPECT_EQ(Issue(stack, number).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  v1::IssueDisclosureNoticeRequest notice;
  notice.set_case_number(number);
  notice.set_reasons("该预算信息涉及公共财政资金使用，不公开会对公共利益造成重大影响");
  ASSERT_TRUE(stack.tracker().IssueDisclosureNotice(Officer().get(), notice, &ack).ok());
  EXPECT_EQ(Issue(stack, number).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  const std::string letter = DocumentText(stack, number, v1::DOCUMENT_KIND_DISCLOSURE_NOTICE, 0);
  EXPECT_NE(letter.find("舒城县某建材有限公司"), std::string::npos) << letter;
  EXPECT_NE(letter.find("不公开会对公共利益造成重大影响"), std::string::npos) << letter;
  EXPECT_EQ(letter.find("11010519491231002X"), std::string::npos) << letter;
  v1::RecordDisclosureNoticeDeliveryRequest delivered;
  delivered.set_case_number(number);
  delivered.set_delivered_on(FormatDay(Today()));
  ASSERT_TRUE(stack.tracker().RecordDisclosureNoticeDelivery(Clerk().get(), delivered, &ack).ok());
  ASSERT_TRUE(Issue(stack, number).ok());
  EXPECT_EQ(Get(stack, number).state(), v1::CASE_STATE_CLOSED);
}

TEST(Statutory, ALapsedConsultationPausesOnlyToItsAnswerDueDay) {
  TestStack stack;
  stack.StartAll();
  const int days_ago = ConsultableDaysAgo();
  const absl::CivilDay received = Today() - days_ago;
  const std::string number = AcceptedCase(stack, "lapsed-1", days_ago);
  v1::CaseAck ack;
  v1::StartConsultationRequest start;
  start.set_case_number(number);
  start.set_party_type(v1::CONSULTED_PARTY_OTHER_AGENCY);
  start.set_party("县住房和城乡建设局");
  start.set_sent_on(FormatDay(received + 1));
  ASSERT_TRUE(stack.tracker().StartConsultation(Officer().get(), start, &ack).ok());
  v1::EndConsultationRequest lapse;
  lapse.set_case_number(number);
  lapse.set_ended_on(FormatDay(Today()));
  lapse.set_result("lapsed");
  // Not before the receipt of the letter is known.
  EXPECT_EQ(stack.tracker().EndConsultation(Officer().get(), lapse, &ack).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::RecordConsultationReceiptRequest receipt;
  receipt.set_case_number(number);
  receipt.set_received_on(FormatDay(received + 1));
  ASSERT_TRUE(stack.tracker().RecordConsultationReceipt(Clerk().get(), receipt, &ack).ok());
  ASSERT_TRUE(stack.tracker().EndConsultation(Officer().get(), lapse, &ack).ok());
  const absl::CivilDay answer_due = *AddWorkingDays(ShippedCalendar(), received + 1, 15);
  const v1::Deadline expected = *ComputeDeadline(
      ShippedCalendar(), {.receipt = received, .pauses = {{received + 1, answer_due}}});
  EXPECT_EQ(Get(stack, number).deadline().due_date(), expected.due_date());
}

// Registers one of the sample applicant's requests, received today, routed to 县财政局.
std::string SampleApplicantRequest(TestStack& stack, const std::string& id) {
  v1::RegisterRequest request = SampleRegistration(id, "县财政预算");
  v1::RegisterResponse response;
  EXPECT_TRUE(stack.intake().Register(Clerk().get(), request, &response).ok());
  return response.case_().case_number();
}

grpc::Status FeeNotice(TestStack& stack, const std::string& number, v1::FeeBasis basis,
                       int pages = 0) {
  v1::IssueFeeNoticeRequest fee;
  fee.set_case_number(number);
  fee.set_basis(basis);
  fee.set_pages(pages);
  v1::CaseAck ack;
  return stack.tracker().IssueFeeNotice(Officer().get(), fee, &ack);
}

TEST(Statutory, AFeePerRequestCountsTheApplicantsRequestsOfTheMonth) {
  TestStack stack;
  stack.StartAll();
  std::vector<std::string> numbers;
  for (int i = 1; i <= 12; ++i) {
    numbers.push_back(SampleApplicantRequest(stack, absl::StrCat("monthly-", i)));
  }
  // Another applicant's request does not count in this one's month.
  v1::RegisterRequest other = SampleRegistration("monthly-other", "县财政预算");
  other.mutable_applicant()->set_name("李四");
  other.mutable_applicant()->set_id_number("341523198001010014");
  v1::RegisterResponse registered;
  ASSERT_TRUE(stack.intake().Register(Clerk().get(), other, &registered).ok());
  for (const std::string& number : numbers) {
    WaitForState(stack, number, v1::CASE_STATE_ASSIGNED);
  }
  // The 10th request of the month is free: nothing to charge.
  EXPECT_EQ(FeeNotice(stack, numbers[9], v1::FEE_BASIS_PER_REQUEST).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(FeeNotice(stack, numbers[11], v1::FEE_BASIS_PER_REQUEST).ok());
  const v1::Case noticed = Get(stack, numbers[11]);
  EXPECT_EQ(noticed.fee().requests_in_month(), 12);
  EXPECT_EQ(noticed.fee().amount_yuan(), 100);
  EXPECT_EQ(noticed.clock(), v1::CLOCK_STATE_AWAITING_FEE);
  EXPECT_NE(noticed.fee().notice().find("100元"), std::string::npos) << noticed.fee().notice();
  EXPECT_NE(DocumentText(stack, numbers[11], v1::DOCUMENT_KIND_FEE_NOTICE).find("收费通知"),
            std::string::npos);

  v1::CaseAck ack;
  v1::RecordFeeNoticeReceiptRequest received;
  received.set_case_number(numbers[11]);
  received.set_received_on(FormatDay(Today()));
  ASSERT_TRUE(stack.tracker().RecordFeeNoticeReceipt(Clerk().get(), received, &ack).ok());
  EXPECT_EQ(Get(stack, numbers[11]).fee().pay_by(),
            FormatDay(*AddWorkingDays(ShippedCalendar(), Today(), 20)));
  // The applicant may still pay: the request has not lapsed.
  v1::CaseCommand unpaid;
  unpaid.set_case_number(numbers[11]);
  EXPECT_EQ(stack.tracker().CloseFeeUnpaid(Officer().get(), unpaid, &ack).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::RecordFeePaymentRequest paid;
  paid.set_case_number(numbers[11]);
  paid.set_paid_on(FormatDay(Today()));
  paid.set_reference("非税收入票据 No.0012345");
  ASSERT_TRUE(stack.tracker().RecordFeePayment(Clerk().get(), paid, &ack).ok());
  const v1::Case settled = Get(stack, numbers[11]);
  EXPECT_EQ(settled.clock(), v1::CLOCK_STATE_RUNNING);
  EXPECT_EQ(settled.fee().settled_by(), "w1");
  // Noticed and paid the same day: no working day was spent waiting.
  EXPECT_EQ(settled.deadline().due_date(), noticed.deadline().due_date());
}

TEST(Statutory, AFeePerVolumeIsWaivedOnlyByTheHead) {
  TestStack stack;
  stack.StartAll();
  const std::string number = AcceptedCase(stack, "volume-1", 0);
  ASSERT_TRUE(FeeNotice(stack, number, v1::FEE_BASIS_PER_VOLUME, 150).ok());
  EXPECT_EQ(Get(stack, number).fee().amount_yuan(), 700 + 1000);
  // Charged once per request.
  EXPECT_EQ(FeeNotice(stack, number, v1::FEE_BASIS_PER_VOLUME, 150).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::WaiveFeeRequest waive;
  waive.set_case_number(number);
  waive.set_reason("申请人为低保户，经负责人批准免收");
  v1::CaseAck ack;
  EXPECT_EQ(stack.tracker().WaiveFee(Officer().get(), waive, &ack).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stack.tracker().WaiveFee(Head().get(), waive, &ack).ok());
  const v1::Case waived = Get(stack, number);
  EXPECT_EQ(waived.clock(), v1::CLOCK_STATE_RUNNING);
  EXPECT_EQ(waived.fee().waived_on(), FormatDay(Today()));
  EXPECT_EQ(waived.fee().settled_by(), "zhuren");
}

TEST(Statutory, Article35ALaterReplyDateBecomesTheDueDate) {
  TestStack stack;
  stack.StartAll();
  const std::string number = AcceptedCase(stack, "excessive-1", 0);
  // 不予处理 as excessive needs the applicant to have been asked for reasons first.
  EXPECT_EQ(
      Draft(stack, number, v1::OUTCOME_NOT_PROCESSED_EXCESSIVE, "", "申请数量明显超过合理范围")
          .error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  v1::CaseAck ack;
  v1::AskForReasonsRequest ask;
  ask.set_case_number(number);
  ask.set_questions("请说明一个月内申请80件同类信息的理由");
  ask.set_reply_by(FormatDay(Today() + 10));
  ASSERT_TRUE(stack.tracker().AskForReasons(Officer().get(), ask, &ack).ok());
  v1::RecordReasonsRequest reasons;
  reasons.set_case_number(number);
  reasons.set_answered_on(FormatDay(Today()));
  reasons.set_answer("用于课题研究，需逐年比对");
  // Not before the applicant's reasons came (or the time to give them passed).
  EXPECT_EQ(
      Draft(stack, number, v1::OUTCOME_NOT_PROCESSED_EXCESSIVE, "", "申请数量明显超过合理范围")
          .error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(stack.tracker().RecordReasons(Clerk().get(), reasons, &ack).ok());
  const v1::Case asked = Get(stack, number);
  const absl::CivilDay later = DayOf(asked.deadline().due_date()) + 30;
  v1::SetLaterReplyDateRequest set;
  set.set_case_number(number);
  set.set_later_reply_date(FormatDay(later));
  set.set_reasons("需逐件检索多个年度档案");
  EXPECT_EQ(stack.tracker().SetLaterReplyDate(Officer().get(), set, &ack).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stack.tracker().SetLaterReplyDate(Head().get(), set, &ack).ok());
  const v1::Case decided = Get(stack, number);
  EXPECT_EQ(decided.deadline().due_date(), FormatDay(later));
  // The reasons were accepted: 不予处理 is no longer open.
  EXPECT_EQ(
      Draft(stack, number, v1::OUTCOME_NOT_PROCESSED_EXCESSIVE, "", "申请数量明显超过合理范围")
          .error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(DocumentText(stack, number, v1::DOCUMENT_KIND_LATER_REPLY).find(ChineseDate(later)),
            std::string::npos);
  EXPECT_NE(DocumentText(stack, number, v1::DOCUMENT_KIND_REASONS_REQUEST)
                .find("请说明一个月内申请80件同类信息的理由"),
            std::string::npos);
}

TEST(Statutory, AComplaintOfNoReplyIsRecordedAgainstAnOpenCase) {
  TestStack stack;
  stack.StartAll();
  const v1::Case overdue = RegisterReceived(stack, "inaction-1", "县财政预算", 60);
  WaitForState(stack, overdue.case_number(), v1::CASE_STATE_ASSIGNED);
  v1::RecordRedressRequest redress;
  redress.set_case_number(overdue.case_number());
  redress.set_index(-1);
  redress.mutable_redress()->set_kind(v1::REDRESS_KIND_RECONSIDERATION);
  redress.mutable_redress()->set_result(v1::REDRESS_RESULT_PENDING);
  redress.mutable_redress()->set_filed_on(FormatDay(Today()));
  v1::CaseAck ack;
  // Against a reply there is none yet ...
  EXPECT_EQ(stack.report().RecordRedress(Manager().get(), redress, &ack).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // ... but against the lack of one.
  redress.mutable_redress()->set_against_inaction(true);
  ASSERT_TRUE(stack.report().RecordRedress(Manager().get(), redress, &ack).ok());
  v1::AnnualReportRequest year;
  year.set_year(static_cast<int>(Today().year()));
  v1::AnnualReport report;
  ASSERT_TRUE(stack.report().GetAnnualReport(Manager().get(), year, &report).ok());
  ASSERT_EQ(report.redress_size(), 3);
  // 行政复议: 维持, 纠正, 其他, 尚未审结, 总计.
  EXPECT_EQ(
      std::vector<int64_t>(report.redress(0).values().begin(), report.redress(0).values().end()),
      (std::vector<int64_t>{0, 0, 0, 1, 1}));
}

TEST(Statutory, NoConsultationStartsAfterTheReplyPeriodRanOut) {
  TestStack stack;
  stack.StartAll();
  const std::string number = AcceptedCase(stack, "too-late-1", 60);
  const v1::Case before = Get(stack, number);
  v1::StartConsultationRequest start;
  start.set_case_number(number);
  start.set_party_type(v1::CONSULTED_PARTY_OTHER_AGENCY);
  start.set_party("县住房和城乡建设局");
  start.set_sent_on(FormatDay(Today()));
  v1::CaseAck ack;
  EXPECT_EQ(stack.tracker().StartConsultation(Officer().get(), start, &ack).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Nor dated back into the period once it has run out: a late reply stays late.
  start.set_sent_on(FormatDay(Today() - 50));
  EXPECT_EQ(stack.tracker().StartConsultation(Officer().get(), start, &ack).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Get(stack, number).version(), before.version());
}

TEST(Statutory, ARequestIdReusedForAnotherApplicantCountsInNoOnesMonth) {
  TestStack stack;
  stack.StartAll();
  const std::string first = SampleApplicantRequest(stack, "reused-id-1");
  v1::RegisterRequest other = SampleRegistration("reused-id-1", "县财政预算");
  other.mutable_applicant()->set_name("李四");
  other.mutable_applicant()->set_id_number("341523198001010014");
  v1::RegisterResponse response;
  EXPECT_EQ(stack.intake().Register(Clerk().get(), other, &response).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  const std::string today = FormatDay(Today());
  const std::string month = absl::StrCat(today.substr(0, 4), today.substr(5, 2));
  auto listed = [&](const v1::Applicant& applicant) {
    auto reply = stack.redis().Command(
        {"ZRANGE", keys::ApplicantMonth(ApplicantDigest(applicant), month), "0", "-1"});
    std::vector<std::string> numbers;
    for (size_t i = 0; reply.ok() && i < reply->size(); ++i) {
      numbers.emplace_back(reply->element(i).str());
    }
    return numbers;
  };
  EXPECT_EQ(listed(other.applicant()), std::vector<std::string>{});
  // A retry of the first registration lists it once.
  v1::RegisterRequest retry = SampleRegistration("reused-id-1", "县财政预算");
  ASSERT_TRUE(stack.intake().Register(Clerk().get(), retry, &response).ok());
  EXPECT_TRUE(response.replayed());
  EXPECT_EQ(listed(retry.applicant()), std::vector<std::string>{first});
}

TEST(Statutory, IdentityNumbersAsStaffTypeThem) {
  TestStack stack;
  stack.StartAll();
  v1::RegisterRequest lowercase = SampleRegistration("lower-x-1", "县财政预算");
  lowercase.mutable_applicant()->set_id_number("11010519491231002x");
  v1::RegisterResponse response;
  ASSERT_TRUE(stack.intake().Register(Clerk().get(), lowercase, &response).ok());
  // Stored as written on the card (the window sees the number whole; a manager only masked).
  v1::GetCaseRequest get;
  get.set_case_number(response.case_().case_number());
  v1::Case stored;
  ASSERT_TRUE(stack.intake().GetCase(Clerk().get(), get, &stored).ok());
  EXPECT_EQ(stored.applicant().id_number(), "11010519491231002X");

  v1::RegisterRequest foreign = SampleRegistration("foreign-1", "县招商引资政策");
  v1::Applicant& company = *foreign.mutable_applicant();
  company.set_type(v1::APPLICANT_TYPE_COMMERCIAL_ENTERPRISE);
  company.set_name("Example Trading GmbH");
  company.set_id_type(v1::ID_TYPE_OTHER_ORGANIZATION);
  company.set_id_number("HRB 123456");
  ASSERT_TRUE(stack.intake().Register(Clerk().get(), foreign, &response).ok());
  EXPECT_EQ(response.case_().applicant().id_type(), v1::ID_TYPE_OTHER_ORGANIZATION);
}

}  // namespace
}  // namespace gongkai::testing
