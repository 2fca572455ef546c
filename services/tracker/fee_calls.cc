// The tracker's fee commands (信息处理费, Art. 42, 国办函〔2020〕109号): the notice with its
// amount, the applicant's receipt of it, payment or waiver, and the lapse.
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "documents/documents.h"
#include "grpc/case_calls.h"
#include "rules/fee_commands.h"
#include "rules/request_fingerprint.h"
#include "tracker_service.h"

namespace gongkai {
namespace {

// The place of `current` among its applicant's requests of its receipt month, counted from the
// cases themselves (the index the intake keeps as it registers them).
absl::StatusOr<int> PlaceInMonth(CaseStore& store, const v1::Case& current) {
  const std::string& receipt = current.deadline().receipt_date();
  if (receipt.size() != 10) {
    return absl::FailedPreconditionError(
        absl::StrCat("案件 ", current.case_number(), " 没有收到申请日期，无法按件计费"));
  }
  const std::string month = absl::StrCat(receipt.substr(0, 4), receipt.substr(5, 2));
  GK_ASSIGN_OR_RETURN(std::vector<std::string> requests,
                      store.ApplicantMonthRequests(ApplicantDigest(current.applicant()), month));
  for (size_t i = 0; i < requests.size(); ++i) {
    if (requests[i] == current.case_number()) return static_cast<int>(i) + 1;
  }
  return absl::FailedPreconditionError(absl::StrCat("案件 ", current.case_number(), " 不在申请人 ",
                                                    month,
                                                    " 月的申请记录中，无法按件计费；请改按量计费"));
}

}  // namespace

grpc::ServerUnaryReactor* TrackerServiceImpl::IssueFeeNotice(
    grpc::CallbackServerContext* context, const v1::IssueFeeNoticeRequest* request,
    v1::CaseAck* ack) {
  return ServeCaseCommandReading(
      context, pool_, "IssueFeeNotice", request->case_number(), request->expected_version(), ack,
      [this, request](CaseStore& store, const v1::Case& current,
                      const v1::Actor& actor) -> absl::StatusOr<CaseChange> {
        int place = 0;
        if (request->basis() == v1::FEE_BASIS_PER_REQUEST) {
          GK_ASSIGN_OR_RETURN(place, PlaceInMonth(store, current));
        }
        const absl::Time now = clock_.Now();
        GK_ASSIGN_OR_RETURN(CaseChange change,
                            gongkai::IssueFeeNotice(current, request->basis(), request->pages(),
                                                    place, actor, now));
        change.after.mutable_fee()->set_notice(RenderFeeNotice(
            change.after, agencies_->IssuingFor(change.after.agency()), ChinaDay(now)));
        return change;
      });
}

grpc::ServerUnaryReactor* TrackerServiceImpl::RecordFeeNoticeReceipt(
    grpc::CallbackServerContext* context, const v1::RecordFeeNoticeReceiptRequest* request,
    v1::CaseAck* ack) {
  return ServeCaseCommand(
      context, pool_, "RecordFeeNoticeReceipt", request->case_number(), request->expected_version(),
      ack, [this, request](const v1::Case& current, const v1::Actor& actor) {
        return gongkai::RecordFeeNoticeReceipt(current, *calendar_.Get(), request->received_on(),
                                               actor, clock_.Now());
      });
}

grpc::ServerUnaryReactor* TrackerServiceImpl::RecordFeePayment(
    grpc::CallbackServerContext* context, const v1::RecordFeePaymentRequest* request,
    v1::CaseAck* ack) {
  return ServeCaseCommand(
      context, pool_, "RecordFeePayment", request->case_number(), request->expected_version(), ack,
      [this, request](const v1::Case& current, const v1::Actor& actor) {
        return gongkai::RecordFeePayment(current, *calendar_.Get(), request->paid_on(),
                                         request->reference(), actor, clock_.Now());
      });
}

grpc::ServerUnaryReactor* TrackerServiceImpl::WaiveFee(grpc::CallbackServerContext* context,
                                                       const v1::WaiveFeeRequest* request,
                                                       v1::CaseAck* ack) {
  return ServeCaseCommand(
      context, pool_, "WaiveFee", request->case_number(), request->expected_version(), ack,
      [this, request](const v1::Case& current, const v1::Actor& actor) {
        return gongkai::WaiveFee(current, *calendar_.Get(), request->reason(), actor, clock_.Now());
      });
}

grpc::ServerUnaryReactor* TrackerServiceImpl::CloseFeeUnpaid(grpc::CallbackServerContext* context,
                                                             const v1::CaseCommand* request,
                                                             v1::CaseAck* ack) {
  return ServeCaseCommand(
      context, pool_, "CloseFeeUnpaid", request->case_number(), request->expected_version(), ack,
      [this](const v1::Case& current, const v1::Actor& actor) -> absl::StatusOr<CaseChange> {
        const absl::Time now = clock_.Now();
        GK_ASSIGN_OR_RETURN(CaseChange change, gongkai::CloseFeeUnpaid(current, actor, now));
        // The office tells the applicant it stops processing: a reply of this outcome.
        change.after.set_reply_letter(RenderReplyLetter(
            change.after, agencies_->IssuingFor(change.after.agency()), ChinaDay(now)));
        return change;
      });
}

}  // namespace gongkai
