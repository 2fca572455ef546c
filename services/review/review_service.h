// gRPC handlers of the review service: drafts in, confidentiality review (保密审查) out.
#pragma once

#include "base/clock.h"
#include "gongkai/v1/review.grpc.pb.h"
#include "redis/worker_pool.h"
#include "screening/screening.h"

namespace gongkai {

class ReviewServiceImpl final : public v1::ReviewService::CallbackService {
 public:
  ReviewServiceImpl(RedisWorkerPool& pool, const Clock& clock, ScreeningOptions screening)
      : pool_(pool), clock_(clock), screening_(std::move(screening)) {}

  grpc::ServerUnaryReactor* SubmitDraft(grpc::CallbackServerContext* context,
                                        const v1::SubmitDraftRequest* request,
                                        v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* ListReviewQueue(grpc::CallbackServerContext* context,
                                            const v1::QueuePage* request,
                                            v1::QueueResponse* response) override;
  grpc::ServerUnaryReactor* Clear(grpc::CallbackServerContext* context,
                                  const v1::ReviewDecisionRequest* request,
                                  v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* Return(grpc::CallbackServerContext* context,
                                   const v1::ReviewDecisionRequest* request,
                                   v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* ResolveFinding(grpc::CallbackServerContext* context,
                                           const v1::ResolveFindingRequest* request,
                                           v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* ListSignOffQueue(grpc::CallbackServerContext* context,
                                             const v1::QueuePage* request,
                                             v1::QueueResponse* response) override;
  grpc::ServerUnaryReactor* SignOff(grpc::CallbackServerContext* context,
                                    const v1::ReviewDecisionRequest* request,
                                    v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* RefuseSignOff(grpc::CallbackServerContext* context,
                                          const v1::ReviewDecisionRequest* request,
                                          v1::CaseAck* ack) override;

 private:
  RedisWorkerPool& pool_;
  const Clock& clock_;
  const ScreeningOptions screening_;  // the office's sensitive terms
};

}  // namespace gongkai
