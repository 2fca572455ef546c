// The tracker's consultation commands (Art. 32-34): several parties consulted at once, each
// one's receipt of the letter, its end, and the notice to a third party whose objection the
// office overrides in the public interest.
#include "base/status_macros.h"
#include "documents/documents.h"
#include "grpc/case_calls.h"
#include "rules/consultation_commands.h"
#include "tracker_service.h"

namespace gongkai {
namespace {

// The request's `optional int32 consultation`, as the rules take it.
template <typename Request>
std::optional<int> ConsultationIndex(const Request& request) {
  if (!request.has_consultation()) return std::nullopt;
  return request.consultation();
}

}  // namespace

grpc::ServerUnaryReactor* TrackerServiceImpl::StartConsultation(
    grpc::CallbackServerContext* context, const v1::StartConsultationRequest* request,
    v1::CaseAck* ack) {
  return ServeCaseCommand(context, pool_, "StartConsultation", request->case_number(),
                          request->expected_version(), ack,
                          [this, request](const v1::Case& current, const v1::Actor& actor) {
                            return gongkai::StartConsultation(
                                current, *calendar_.Get(), request->party_type(), request->party(),
                                request->sent_on(), actor, clock_.Now());
                          });
}

grpc::ServerUnaryReactor* TrackerServiceImpl::RecordConsultationReceipt(
    grpc::CallbackServerContext* context, const v1::RecordConsultationReceiptRequest* request,
    v1::CaseAck* ack) {
  return ServeCaseCommand(context, pool_, "RecordConsultationReceipt", request->case_number(),
                          request->expected_version(), ack,
                          [this, request](const v1::Case& current, const v1::Actor& actor) {
                            return gongkai::RecordConsultationReceipt(
                                current, *calendar_.Get(), ConsultationIndex(*request),
                                request->received_on(), actor, clock_.Now());
                          });
}

grpc::ServerUnaryReactor* TrackerServiceImpl::EndConsultation(
    grpc::CallbackServerContext* context, const v1::EndConsultationRequest* request,
    v1::CaseAck* ack) {
  return ServeCaseCommand(context, pool_, "EndConsultation", request->case_number(),
                          request->expected_version(), ack,
                          [this, request](const v1::Case& current, const v1::Actor& actor) {
                            return gongkai::EndConsultation(
                                current, *calendar_.Get(), ConsultationIndex(*request),
                                request->ended_on(), request->result(), actor, clock_.Now());
                          });
}

grpc::ServerUnaryReactor* TrackerServiceImpl::IssueDisclosureNotice(
    grpc::CallbackServerContext* context, const v1::IssueDisclosureNoticeRequest* request,
    v1::CaseAck* ack) {
  return ServeCaseCommand(
      context, pool_, "IssueDisclosureNotice", request->case_number(), request->expected_version(),
      ack,
      [this, request](const v1::Case& current,
                      const v1::Actor& actor) -> absl::StatusOr<CaseChange> {
        const absl::Time now = clock_.Now();
        GK_ASSIGN_OR_RETURN(CaseChange change,
                            gongkai::IssueDisclosureNotice(current, ConsultationIndex(*request),
                                                           request->reasons(), actor, now));
        // Render the notice the command issued (the rules resolved an omitted index), and only
        // that one: a notice issued before keeps the text it was issued with.
        for (int i = 0; i < change.after.consultations_size(); ++i) {
          v1::DisclosureNotice& notice =
              *change.after.mutable_consultations(i)->mutable_disclosure_notice();
          if (notice.SerializeAsString() ==
              current.consultations(i).disclosure_notice().SerializeAsString()) {
            continue;
          }
          notice.set_text(RenderDisclosureNotice(
              change.after, i, agencies_->IssuingFor(change.after.agency()), ChinaDay(now)));
        }
        return change;
      });
}

grpc::ServerUnaryReactor* TrackerServiceImpl::RecordDisclosureNoticeDelivery(
    grpc::CallbackServerContext* context, const v1::RecordDisclosureNoticeDeliveryRequest* request,
    v1::CaseAck* ack) {
  return ServeCaseCommand(context, pool_, "RecordDisclosureNoticeDelivery", request->case_number(),
                          request->expected_version(), ack,
                          [this, request](const v1::Case& current, const v1::Actor& actor) {
                            return gongkai::RecordDisclosureNoticeDelivery(
                                current, ConsultationIndex(*request), request->delivered_on(),
                                actor, clock_.Now());
                          });
}

}  // namespace gongkai
