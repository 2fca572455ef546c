// The tracker's Art. 35 commands: asking an applicant of clearly excessive requests for reasons,
// recording them, and setting a reasonable later reply date.
#include "base/status_macros.h"
#include "documents/documents.h"
#include "grpc/case_calls.h"
#include "rules/excessive_requests.h"
#include "tracker_service.h"

namespace gongkai {

grpc::ServerUnaryReactor* TrackerServiceImpl::AskForReasons(grpc::CallbackServerContext* context,
                                                            const v1::AskForReasonsRequest* request,
                                                            v1::CaseAck* ack) {
  return ServeCaseCommand(
      context, pool_, "AskForReasons", request->case_number(), request->expected_version(), ack,
      [this, request](const v1::Case& current,
                      const v1::Actor& actor) -> absl::StatusOr<CaseChange> {
        const absl::Time now = clock_.Now();
        GK_ASSIGN_OR_RETURN(
            CaseChange change,
            gongkai::AskForReasons(current, request->questions(), request->reply_by(), actor, now));
        change.after.mutable_excessive()->set_notice(RenderReasonsRequest(
            change.after, agencies_->IssuingFor(change.after.agency()), ChinaDay(now)));
        return change;
      });
}

grpc::ServerUnaryReactor* TrackerServiceImpl::RecordReasons(grpc::CallbackServerContext* context,
                                                            const v1::RecordReasonsRequest* request,
                                                            v1::CaseAck* ack) {
  return ServeCaseCommand(context, pool_, "RecordReasons", request->case_number(),
                          request->expected_version(), ack,
                          [this, request](const v1::Case& current, const v1::Actor& actor) {
                            return gongkai::RecordReasons(current, request->answered_on(),
                                                          request->answer(), actor, clock_.Now());
                          });
}

grpc::ServerUnaryReactor* TrackerServiceImpl::SetLaterReplyDate(
    grpc::CallbackServerContext* context, const v1::SetLaterReplyDateRequest* request,
    v1::CaseAck* ack) {
  return ServeCaseCommand(
      context, pool_, "SetLaterReplyDate", request->case_number(), request->expected_version(), ack,
      [this, request](const v1::Case& current,
                      const v1::Actor& actor) -> absl::StatusOr<CaseChange> {
        const absl::Time now = clock_.Now();
        GK_ASSIGN_OR_RETURN(
            CaseChange change,
            gongkai::SetLaterReplyDate(current, *calendar_.Get(), request->later_reply_date(),
                                       request->reasons(), actor, now));
        change.after.mutable_excessive()->set_later_notice(RenderLaterReplyNotice(
            change.after, agencies_->IssuingFor(change.after.agency()), ChinaDay(now)));
        return change;
      });
}

}  // namespace gongkai
