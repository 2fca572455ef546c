// gRPC handlers of the review service: drafts in, confidentiality review (保密审查) out.
#pragma once

#include "clock.h"
#include "gongkai/v1/review.grpc.pb.h"
#include "redis/worker_pool.h"

namespace gongkai {

class ReviewServiceImpl final : public v1::ReviewService::CallbackService {
 public:
  ReviewServiceImpl(RedisWorkerPool& pool, const Clock& clock) : pool_(pool), clock_(clock) {}

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

 private:
  RedisWorkerPool& pool_;
  const Clock& clock_;
};

}  // namespace gongkai
