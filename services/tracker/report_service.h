// gRPC handlers of the annual report: the year's tables from the counters, and the recording of
// reconsiderations and lawsuits against replies.
#pragma once

#include "base/clock.h"
#include "gongkai/v1/report.grpc.pb.h"
#include "redis/worker_pool.h"

namespace gongkai {

class ReportServiceImpl final : public v1::ReportService::CallbackService {
 public:
  ReportServiceImpl(RedisWorkerPool& pool, const Clock& clock) : pool_(pool), clock_(clock) {}

  grpc::ServerUnaryReactor* GetAnnualReport(grpc::CallbackServerContext* context,
                                            const v1::AnnualReportRequest* request,
                                            v1::AnnualReport* response) override;
  grpc::ServerUnaryReactor* RecordRedress(grpc::CallbackServerContext* context,
                                          const v1::RecordRedressRequest* request,
                                          v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* VerifyAudit(grpc::CallbackServerContext* context,
                                        const v1::VerifyAuditRequest* request,
                                        v1::VerifyAuditResponse* response) override;

 private:
  RedisWorkerPool& pool_;
  const Clock& clock_;
};

}  // namespace gongkai
