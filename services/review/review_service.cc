#include "review_service.h"

#include "case_actions.h"
#include "grpc/unary_call.h"
#include "status_macros.h"

namespace gongkai {

grpc::ServerUnaryReactor* ReviewServiceImpl::SubmitDraft(grpc::CallbackServerContext* context,
                                                         const v1::SubmitDraftRequest* request,
                                                         v1::CaseAck* ack) {
  return ServeOnPool(context, pool_, "SubmitDraft",
                     [this, request, ack](RedisConnection& redis, const v1::Actor& actor) {
                       v1::Draft draft;
                       draft.set_outcome(request->outcome());
                       draft.set_grounds(request->grounds());
                       draft.set_disclosed_text(request->disclosed_text());
                       CaseStore store(redis);
                       return ActOnCase(store, request->case_number(), request->expected_version(),
                                        ack, [&](const v1::Case& current) {
                                          return gongkai::SubmitDraft(current, draft, actor,
                                                                      clock_.Now());
                                        });
                     });
}

grpc::ServerUnaryReactor* ReviewServiceImpl::ListReviewQueue(grpc::CallbackServerContext* context,
                                                             const v1::QueuePage* request,
                                                             v1::QueueResponse* response) {
  return ServeOnPool(context, pool_, "ListReviewQueue",
                     [request, response](RedisConnection& redis, const v1::Actor&) -> absl::Status {
                       CaseStore store(redis);
                       GK_ASSIGN_OR_RETURN(*response,
                                           store.ListQueue(QueueKind::kReview, "", *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* ReviewServiceImpl::Clear(grpc::CallbackServerContext* context,
                                                   const v1::ReviewDecisionRequest* request,
                                                   v1::CaseAck* ack) {
  return ServeOnPool(context, pool_, "Clear",
                     [this, request, ack](RedisConnection& redis, const v1::Actor& actor) {
                       CaseStore store(redis);
                       return ActOnCase(store, request->case_number(), request->expected_version(),
                                        ack, [&](const v1::Case& current) {
                                          return ClearDraft(current, request->comments(), actor,
                                                            clock_.Now());
                                        });
                     });
}

grpc::ServerUnaryReactor* ReviewServiceImpl::Return(grpc::CallbackServerContext* context,
                                                    const v1::ReviewDecisionRequest* request,
                                                    v1::CaseAck* ack) {
  return ServeOnPool(context, pool_, "Return",
                     [this, request, ack](RedisConnection& redis, const v1::Actor& actor) {
                       CaseStore store(redis);
                       return ActOnCase(store, request->case_number(), request->expected_version(),
                                        ack, [&](const v1::Case& current) {
                                          return ReturnDraft(current, request->comments(), actor,
                                                             clock_.Now());
                                        });
                     });
}

}  // namespace gongkai
