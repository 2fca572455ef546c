// The commands of issue-by-issue statutory steps beyond the ordinary path: a consulted party's
// receipt of the letter, the notice to a third party whose objection is overridden (Art. 32),
// the information-processing fee (Art. 42) and excessive requests (Art. 35).
#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "commands.h"

ABSL_DECLARE_FLAG(int64_t, expected_version);
ABSL_DECLARE_FLAG(int, consultation);
ABSL_DECLARE_FLAG(std::string, on);
ABSL_DECLARE_FLAG(std::string, reason);
ABSL_DECLARE_FLAG(std::string, reference);
ABSL_DECLARE_FLAG(std::string, reply_by);
ABSL_DECLARE_FLAG(std::string, answer);

ABSL_FLAG(std::string, basis, "", "fee-notice: per_request (按件) or per_volume (按量)");
ABSL_FLAG(int, pages, 0, "fee-notice --basis=per_volume: the pages to provide");
ABSL_FLAG(std::string, questions, "", "ask-reasons: what the applicant is asked to explain");
ABSL_FLAG(std::string, date, "", "later-date: the reasonable later reply date, YYYY-MM-DD");

namespace gongkai::cli {
namespace {

template <typename Request>
void SetConsultation(Request& request) {
  if (absl::GetFlag(FLAGS_consultation) >= 0) {
    request.set_consultation(absl::GetFlag(FLAGS_consultation));
  }
}

template <typename Request>
Request For(const Args& args) {
  Request request;
  request.set_case_number(args[0]);
  request.set_expected_version(absl::GetFlag(FLAGS_expected_version));
  return request;
}

}  // namespace

int ConsultationReceived(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai consult-received <case> --on=DATE [--consultation=N]");
  auto request = For<v1::RecordConsultationReceiptRequest>(args);
  SetConsultation(request);
  request.set_received_on(absl::GetFlag(FLAGS_on));
  v1::CaseAck ack;
  return PrintAck(cli, cli.tracker().RecordConsultationReceipt(cli.Call().get(), request, &ack),
                  ack);
}

int DisclosureNotice(CliContext& cli, const Args& args) {
  if (!OneCase(args)) {
    return Usage("gongkai disclosure-notice <case> --reason=... [--consultation=N]");
  }
  auto request = For<v1::IssueDisclosureNoticeRequest>(args);
  SetConsultation(request);
  request.set_reasons(absl::GetFlag(FLAGS_reason));
  v1::CaseAck ack;
  return PrintAck(cli, cli.tracker().IssueDisclosureNotice(cli.Call().get(), request, &ack), ack);
}

int DisclosureDelivered(CliContext& cli, const Args& args) {
  if (!OneCase(args)) {
    return Usage("gongkai disclosure-delivered <case> --on=DATE [--consultation=N]");
  }
  auto request = For<v1::RecordDisclosureNoticeDeliveryRequest>(args);
  SetConsultation(request);
  request.set_delivered_on(absl::GetFlag(FLAGS_on));
  v1::CaseAck ack;
  return PrintAck(
      cli, cli.tracker().RecordDisclosureNoticeDelivery(cli.Call().get(), request, &ack), ack);
}

int FeeNotice(CliContext& cli, const Args& args) {
  if (!OneCase(args)) {
    return Usage("gongkai fee-notice <case> --basis=per_request|per_volume [--pages=N]");
  }
  auto request = For<v1::IssueFeeNoticeRequest>(args);
  int basis = 0;
  if (absl::Status parsed =
          ParseEnumFlag("basis", absl::GetFlag(FLAGS_basis), v1::FeeBasis_descriptor(), &basis);
      !parsed.ok()) {
    return Usage(parsed.message());
  }
  request.set_basis(static_cast<v1::FeeBasis>(basis));
  request.set_pages(absl::GetFlag(FLAGS_pages));
  v1::CaseAck ack;
  return PrintAck(cli, cli.tracker().IssueFeeNotice(cli.Call().get(), request, &ack), ack);
}

int FeeNoticeReceived(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai fee-received <case> --on=DATE");
  auto request = For<v1::RecordFeeNoticeReceiptRequest>(args);
  request.set_received_on(absl::GetFlag(FLAGS_on));
  v1::CaseAck ack;
  return PrintAck(cli, cli.tracker().RecordFeeNoticeReceipt(cli.Call().get(), request, &ack), ack);
}

int FeePaid(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai fee-paid <case> --on=DATE --reference=...");
  auto request = For<v1::RecordFeePaymentRequest>(args);
  request.set_paid_on(absl::GetFlag(FLAGS_on));
  request.set_reference(absl::GetFlag(FLAGS_reference));
  v1::CaseAck ack;
  return PrintAck(cli, cli.tracker().RecordFeePayment(cli.Call().get(), request, &ack), ack);
}

int FeeWaived(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai fee-waive <case> --reason=...");
  auto request = For<v1::WaiveFeeRequest>(args);
  request.set_reason(absl::GetFlag(FLAGS_reason));
  v1::CaseAck ack;
  return PrintAck(cli, cli.tracker().WaiveFee(cli.Call().get(), request, &ack), ack);
}

int FeeUnpaid(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai fee-unpaid <case>");
  auto request = For<v1::CaseCommand>(args);
  v1::CaseAck ack;
  return PrintAck(cli, cli.tracker().CloseFeeUnpaid(cli.Call().get(), request, &ack), ack);
}

int AskForReasons(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai ask-reasons <case> --questions=... --reply_by=DATE");
  auto request = For<v1::AskForReasonsRequest>(args);
  request.set_questions(absl::GetFlag(FLAGS_questions));
  request.set_reply_by(absl::GetFlag(FLAGS_reply_by));
  v1::CaseAck ack;
  return PrintAck(cli, cli.tracker().AskForReasons(cli.Call().get(), request, &ack), ack);
}

int ReasonsReceived(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai reasons <case> --on=DATE --answer=...");
  auto request = For<v1::RecordReasonsRequest>(args);
  request.set_answered_on(absl::GetFlag(FLAGS_on));
  request.set_answer(absl::GetFlag(FLAGS_answer));
  v1::CaseAck ack;
  return PrintAck(cli, cli.tracker().RecordReasons(cli.Call().get(), request, &ack), ack);
}

int LaterReplyDate(CliContext& cli, const Args& args) {
  if (!OneCase(args)) return Usage("gongkai later-date <case> --date=DATE --reason=...");
  auto request = For<v1::SetLaterReplyDateRequest>(args);
  request.set_later_reply_date(absl::GetFlag(FLAGS_date));
  request.set_reasons(absl::GetFlag(FLAGS_reason));
  v1::CaseAck ack;
  return PrintAck(cli, cli.tracker().SetLaterReplyDate(cli.Call().get(), request, &ack), ack);
}

}  // namespace gongkai::cli
