// gRPC handlers of the reply service: replies ready to deliver, their letters, delivery.
#pragma once

#include "calendar_holder.h"
#include "clock.h"
#include "gongkai/v1/reply.grpc.pb.h"
#include "redis/worker_pool.h"

namespace gongkai {

class ReplyServiceImpl final : public v1::ReplyService::CallbackService {
 public:
  ReplyServiceImpl(RedisWorkerPool& pool, const Clock& clock, const CalendarHolder& calendar)
      : pool_(pool), clock_(clock), calendar_(calendar) {}

  grpc::ServerUnaryReactor* ListReplyQueue(grpc::CallbackServerContext* context,
                                           const v1::QueuePage* request,
                                           v1::QueueResponse* response) override;
  grpc::ServerUnaryReactor* GetReplyLetter(grpc::CallbackServerContext* context,
                                           const v1::GetCaseRequest* request,
                                           v1::ReplyLetter* response) override;
  grpc::ServerUnaryReactor* IssueReply(grpc::CallbackServerContext* context,
                                       const v1::IssueReplyRequest* request,
                                       v1::CaseAck* ack) override;

 private:
  RedisWorkerPool& pool_;
  const Clock& clock_;
  const CalendarHolder& calendar_;
};

}  // namespace gongkai
