#include "pipeline_driver.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "audit/history_chain.h"
#include "base/clock.h"

namespace gongkai::testing {
namespace {

std::shared_ptr<grpc::Channel> ChannelTo(int port) { return TestChannel(port); }

// A call that waits for a restarting service (wait_for_ready) up to two seconds.
std::unique_ptr<grpc::ClientContext> Patient(const std::string& user, const std::string& role,
                                             const std::string& department = "") {
  auto context = TestStack::As(user, role, department);
  context->set_wait_for_ready(true);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  return context;
}

// Codes a fault explains: the service or Redis was away, or the case moved meanwhile (the
// earlier attempt of this very step committed, and its reply was lost).
bool Expected(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::OK:
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::CANCELLED:
      return true;
    default:
      return false;
  }
}

}  // namespace

const std::vector<std::string>& DrivenCaseCommands() {
  static const auto* commands = new std::vector<std::string>{
      "Register", "Route", "Accept", "SubmitDraft", "Clear", "PrepareReply", "IssueReply"};
  return *commands;
}

PipelineDriver::PipelineDriver(TestStack& stack)
    : intake_(v1::IntakeService::NewStub(ChannelTo(stack.port("intake")))),
      routing_(v1::RoutingService::NewStub(ChannelTo(stack.port("routing")))),
      review_(v1::ReviewService::NewStub(ChannelTo(stack.port("review")))),
      reply_(v1::ReplyService::NewStub(ChannelTo(stack.port("reply")))) {}

std::vector<DrivenCase> PipelineDriver::DriveAll(int count, int threads, const std::string& prefix,
                                                 absl::Duration patience) {
  std::vector<DrivenCase> cases(count);
  std::atomic<int> next{0};
  const absl::Time give_up = absl::Now() + patience;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = next++; i < count; i = next++) {
        cases[i] = Drive(absl::StrCat(prefix, "-", i, "-request"), give_up);
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  return cases;
}

DrivenCase PipelineDriver::Drive(const std::string& request_id, absl::Time give_up) {
  DrivenCase driven;
  driven.request_id = request_id;
  auto note = [&](const char* step, const grpc::Status& status) {
    if (!Expected(status)) {
      driven.unexpected.push_back(
          absl::StrCat(step, ": ", status.error_code(), " ", status.error_message()));
    }
  };
  // Registration, retried with the same request id until it answers: one case however often.
  v1::RegisterRequest registration = SampleRegistration(request_id, "2025年县级财政预算执行情况");
  while (absl::Now() < give_up) {
    v1::RegisterResponse response;
    grpc::Status status =
        intake_->Register(Patient("window01", "clerk").get(), registration, &response);
    note("Register", status);
    if (status.ok()) {
      driven.case_number = response.case_().case_number();
      ++registered_;
      break;
    }
    if (!Expected(status)) return driven;
    absl::SleepFor(absl::Milliseconds(20));
  }
  if (driven.case_number.empty()) return driven;

  v1::GetCaseRequest get;
  get.set_case_number(driven.case_number);
  while (absl::Now() < give_up) {
    v1::Case current;
    grpc::Status read = intake_->GetCase(Patient("t", "manager").get(), get, &current);
    if (!read.ok()) {
      note("GetCase", read);
      absl::SleepFor(absl::Milliseconds(20));
      continue;
    }
    driven.last_state = current.state();
    const int64_t version = current.version();
    v1::CaseAck ack;
    grpc::Status status;
    switch (current.state()) {
      case v1::CASE_STATE_CLOSED:
        ++closed_;
        return driven;
      case v1::CASE_STATE_ASSIGNED: {
        v1::AcceptRequest accept;
        accept.set_case_number(driven.case_number);
        accept.set_expected_version(version);
        status = routing_->Accept(Patient("czj-li", "officer", "czj").get(), accept, &ack);
        note("Accept", status);
        break;
      }
      case v1::CASE_STATE_IN_DEPARTMENT: {
        v1::SubmitDraftRequest draft;
        draft.set_case_number(driven.case_number);
        draft.set_expected_version(version);
        draft.set_outcome(v1::OUTCOME_DISCLOSED);
        draft.set_disclosed_text("预算执行情况表见附件。");
        status = review_->SubmitDraft(Patient("czj-li", "officer", "czj").get(), draft, &ack);
        note("SubmitDraft", status);
        break;
      }
      case v1::CASE_STATE_IN_REVIEW: {
        v1::ReviewDecisionRequest clear;
        clear.set_case_number(driven.case_number);
        clear.set_expected_version(version);
        status = review_->Clear(Patient("zhao", "reviewer").get(), clear, &ack);
        note("Clear", status);
        break;
      }
      case v1::CASE_STATE_REPLY_READY: {
        v1::IssueReplyRequest issue;
        issue.set_case_number(driven.case_number);
        issue.set_expected_version(version);
        issue.mutable_delivery()->set_method(v1::DELIVERY_METHOD_POST);
        issue.mutable_delivery()->set_delivered_on(FormatDay(Today()));
        status = reply_->IssueReply(Patient("window01", "clerk").get(), issue, &ack);
        note("IssueReply", status);
        break;
      }
      default:
        // REGISTERED and CLEARED: a stream service acts next.
        absl::SleepFor(absl::Milliseconds(10));
        continue;
    }
    if (!status.ok()) absl::SleepFor(absl::Milliseconds(20));
  }
  return driven;
}

void ExpectEveryCaseClosedOnce(TestStack& stack, const std::vector<DrivenCase>& cases) {
  for (const DrivenCase& driven : cases) {
    ASSERT_FALSE(driven.case_number.empty()) << driven.request_id << " was never registered";
    EXPECT_TRUE(driven.unexpected.empty())
        << driven.case_number << ": " << absl::StrJoin(driven.unexpected, "; ");
    v1::GetCaseRequest get;
    get.set_case_number(driven.case_number);
    v1::Case stored;
    ASSERT_TRUE(stack.intake().GetCase(TestStack::As("t", "manager").get(), get, &stored).ok());
    EXPECT_EQ(stored.state(), v1::CASE_STATE_CLOSED) << driven.case_number;
    EXPECT_EQ(CommandsOf(stored), DrivenCaseCommands()) << driven.case_number;
    for (int i = 0; i < stored.events_size(); ++i) {
      EXPECT_EQ(stored.events(i).version(), i + 1) << driven.case_number;
    }
    // And the history is one unbroken hash chain, whatever was restarted meanwhile.
    const absl::Status chained = VerifyHistory(stored);
    EXPECT_TRUE(chained.ok()) << driven.case_number << ": " << chained;
  }
  // One case per request id: no registration was taken twice.
  std::set<std::string> numbers;
  for (const DrivenCase& driven : cases) numbers.insert(driven.case_number);
  EXPECT_EQ(numbers.size(), cases.size());
}

}  // namespace gongkai::testing
