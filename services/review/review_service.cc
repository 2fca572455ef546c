#include "review_service.h"

#include "grpc/case_calls.h"
#include "rules/review_commands.h"

namespace gongkai {

grpc::ServerUnaryReactor* ReviewServiceImpl::SubmitDraft(grpc::CallbackServerContext* context,
                                                         const v1::SubmitDraftRequest* request,
                                                         v1::CaseAck* ack) {
  return ServeCaseCommand(
      context, pool_, "SubmitDraft", request->case_number(), request->expected_version(), ack,
      [this, request](const v1::Case& current, const v1::Actor& actor) {
        v1::Draft draft;
        draft.set_outcome(request->outcome());
        draft.set_grounds(request->grounds());
        draft.set_disclosed_text(request->disclosed_text());
        *draft.mutable_withheld() = request->withheld();
        draft.set_responsible_agency(request->responsible_agency());
        draft.set_responsible_contact(request->responsible_contact());
        return gongkai::SubmitDraft(current, draft, screening_, actor, clock_.Now());
      });
}

grpc::ServerUnaryReactor* ReviewServiceImpl::ListReviewQueue(grpc::CallbackServerContext* context,
                                                             const v1::QueuePage* request,
                                                             v1::QueueResponse* response) {
  return ServeQueuePage(context, pool_, "ListReviewQueue", QueueKind::kReview, "", request,
                        response);
}

grpc::ServerUnaryReactor* ReviewServiceImpl::Clear(grpc::CallbackServerContext* context,
                                                   const v1::ReviewDecisionRequest* request,
                                                   v1::CaseAck* ack) {
  return ServeCaseCommand(context, pool_, "Clear", request->case_number(),
                          request->expected_version(), ack,
                          [this, request](const v1::Case& current, const v1::Actor& actor) {
                            return ClearDraft(current, request->comments(), actor, clock_.Now());
                          });
}

grpc::ServerUnaryReactor* ReviewServiceImpl::Return(grpc::CallbackServerContext* context,
                                                    const v1::ReviewDecisionRequest* request,
                                                    v1::CaseAck* ack) {
  return ServeCaseCommand(context, pool_, "Return", request->case_number(),
                          request->expected_version(), ack,
                          [this, request](const v1::Case& current, const v1::Actor& actor) {
                            return ReturnDraft(current, request->comments(), actor, clock_.Now());
                          });
}

grpc::ServerUnaryReactor* ReviewServiceImpl::ResolveFinding(
    grpc::CallbackServerContext* context, const v1::ResolveFindingRequest* request,
    v1::CaseAck* ack) {
  return ServeCaseCommand(
      context, pool_, "ResolveFinding", request->case_number(), request->expected_version(), ack,
      [this, request](const v1::Case& current, const v1::Actor& actor) {
        return gongkai::ResolveFinding(current, request->finding(), request->resolution(),
                                       request->reason(), request->ground(), actor, clock_.Now());
      });
}

grpc::ServerUnaryReactor* ReviewServiceImpl::ListSignOffQueue(grpc::CallbackServerContext* context,
                                                              const v1::QueuePage* request,
                                                              v1::QueueResponse* response) {
  return ServeQueuePage(context, pool_, "ListSignOffQueue", QueueKind::kSignOff, "", request,
                        response);
}

grpc::ServerUnaryReactor* ReviewServiceImpl::SignOff(grpc::CallbackServerContext* context,
                                                     const v1::ReviewDecisionRequest* request,
                                                     v1::CaseAck* ack) {
  return ServeCaseCommand(
      context, pool_, "SignOff", request->case_number(), request->expected_version(), ack,
      [this, request](const v1::Case& current, const v1::Actor& actor) {
        return gongkai::SignOff(current, request->comments(), actor, clock_.Now());
      });
}

grpc::ServerUnaryReactor* ReviewServiceImpl::RefuseSignOff(grpc::CallbackServerContext* context,
                                                           const v1::ReviewDecisionRequest* request,
                                                           v1::CaseAck* ack) {
  return ServeCaseCommand(
      context, pool_, "RefuseSignOff", request->case_number(), request->expected_version(), ack,
      [this, request](const v1::Case& current, const v1::Actor& actor) {
        return gongkai::RefuseSignOff(current, request->comments(), actor, clock_.Now());
      });
}

}  // namespace gongkai
