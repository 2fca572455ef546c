// gRPC handlers of the annual report: the year's tables from the counters, and the recording of
// reconsiderations and lawsuits against replies.
#pragma once

#include <memory>

#include "base/clock.h"
#include "gongkai/v1/report.grpc.pb.h"
#include "redis/worker_pool.h"
#include "rules/agency_catalogue.h"

namespace gongkai {

class ReportServiceImpl final : public v1::ReportService::CallbackService {
 public:
  ReportServiceImpl(RedisWorkerPool& pool, const Clock& clock,
                    std::shared_ptr<const AgencyCatalogue> agencies)
      : pool_(pool), clock_(clock), agencies_(std::move(agencies)) {}

  grpc::ServerUnaryReactor* GetAnnualReport(grpc::CallbackServerContext* context,
                                            const v1::AnnualReportRequest* request,
                                            v1::AnnualReport* response) override;
  grpc::ServerUnaryReactor* RecordRedress(grpc::CallbackServerContext* context,
                                          const v1::RecordRedressRequest* request,
                                          v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* VerifyAudit(grpc::CallbackServerContext* context,
                                        const v1::VerifyAuditRequest* request,
                                        v1::VerifyAuditResponse* response) override;
  grpc::ServerUnaryReactor* PublishAnnualReport(grpc::CallbackServerContext* context,
                                                const v1::PublishAnnualReportRequest* request,
                                                v1::AnnualReport* response) override;
  grpc::ServerUnaryReactor* GetCountyOverview(grpc::CallbackServerContext* context,
                                              const v1::CountyOverviewRequest* request,
                                              v1::CountyOverview* response) override;
  grpc::ServerUnaryReactor* GetBulletin(grpc::CallbackServerContext* context,
                                        const v1::BulletinRequest* request,
                                        v1::Bulletin* response) override;

 private:
  RedisWorkerPool& pool_;
  const Clock& clock_;
  const std::shared_ptr<const AgencyCatalogue> agencies_;
};

}  // namespace gongkai
