// gRPC handlers of the reply service: replies ready to deliver, their letters, delivery, and
// every document of a case as text or printable HTML.
#pragma once

#include <memory>

#include "base/clock.h"
#include "calendar/calendar_holder.h"
#include "gongkai/v1/reply.grpc.pb.h"
#include "redis/worker_pool.h"
#include "rules/agency_catalogue.h"

namespace gongkai {

class ReplyServiceImpl final : public v1::ReplyService::CallbackService {
 public:
  ReplyServiceImpl(RedisWorkerPool& pool, const Clock& clock, const CalendarHolder& calendar,
                   std::shared_ptr<const AgencyCatalogue> agencies)
      : pool_(pool), clock_(clock), calendar_(calendar), agencies_(std::move(agencies)) {}

  grpc::ServerUnaryReactor* ListReplyQueue(grpc::CallbackServerContext* context,
                                           const v1::QueuePage* request,
                                           v1::QueueResponse* response) override;
  grpc::ServerUnaryReactor* GetReplyLetter(grpc::CallbackServerContext* context,
                                           const v1::GetCaseRequest* request,
                                           v1::ReplyLetter* response) override;
  grpc::ServerUnaryReactor* IssueReply(grpc::CallbackServerContext* context,
                                       const v1::IssueReplyRequest* request,
                                       v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* GetDocument(grpc::CallbackServerContext* context,
                                        const v1::GetDocumentRequest* request,
                                        v1::Document* response) override;

 private:
  RedisWorkerPool& pool_;
  const Clock& clock_;
  const CalendarHolder& calendar_;
  // Each case's agency issues its documents.
  const std::shared_ptr<const AgencyCatalogue> agencies_;
};

}  // namespace gongkai
