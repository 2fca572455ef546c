// gRPC handlers of the reply service: replies ready to deliver, their letters, delivery, and
// every document of a case as text or printable HTML.
#pragma once

#include "base/clock.h"
#include "calendar/calendar_holder.h"
#include "documents/issuing_agency.h"
#include "gongkai/v1/reply.grpc.pb.h"
#include "redis/worker_pool.h"

namespace gongkai {

class ReplyServiceImpl final : public v1::ReplyService::CallbackService {
 public:
  ReplyServiceImpl(RedisWorkerPool& pool, const Clock& clock, const CalendarHolder& calendar,
                   IssuingAgency agency)
      : pool_(pool), clock_(clock), calendar_(calendar), agency_(std::move(agency)) {}

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
  const IssuingAgency agency_;  // the issuing agency printed on documents
};

}  // namespace gongkai
