#include "report_service.h"

#include "audit_verify.h"
#include "grpc/case_calls.h"
#include "redis/report_store.h"
#include "rules/annual_report.h"
#include "rules/redress_commands.h"

namespace gongkai {

grpc::ServerUnaryReactor* ReportServiceImpl::GetAnnualReport(grpc::CallbackServerContext* context,
                                                             const v1::AnnualReportRequest* request,
                                                             v1::AnnualReport* response) {
  return ServeOnPool(
      context, pool_, "GetAnnualReport",
      [this, request, response](RedisConnection& redis, const v1::Actor&) -> absl::Status {
        GK_ASSIGN_OR_RETURN(ReportCounterValues counters, ReadReportCounters(redis));
        GK_ASSIGN_OR_RETURN(*response, BuildAnnualReport(request->year(), counters));
        response->set_generated_at(FormatTimestamp(clock_.Now()));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ReportServiceImpl::RecordRedress(grpc::CallbackServerContext* context,
                                                           const v1::RecordRedressRequest* request,
                                                           v1::CaseAck* ack) {
  return ServeCaseCommand(context, pool_, "RecordRedress", request->case_number(),
                          request->expected_version(), ack,
                          [this, request](const v1::Case& current, const v1::Actor& actor) {
                            return gongkai::RecordRedress(current, request->index(),
                                                          request->redress(), actor, clock_.Now());
                          });
}

grpc::ServerUnaryReactor* ReportServiceImpl::VerifyAudit(grpc::CallbackServerContext* context,
                                                         const v1::VerifyAuditRequest* request,
                                                         v1::VerifyAuditResponse* response) {
  return ServeOnPool(context, pool_, "VerifyAudit",
                     [request, response](RedisConnection& redis, const v1::Actor& actor) {
                       CaseStore store(redis);
                       return gongkai::VerifyAudit(store, actor, *request, response);
                     });
}

}  // namespace gongkai
