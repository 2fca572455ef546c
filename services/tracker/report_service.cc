#include "report_service.h"

#include "annual_reports.h"
#include "audit_verify.h"
#include "county_views.h"
#include "grpc/case_calls.h"
#include "grpc/viewed_agency.h"
#include "redis/report_store.h"
#include "rules/annual_report.h"
#include "rules/redress_commands.h"

namespace gongkai {

grpc::ServerUnaryReactor* ReportServiceImpl::GetAnnualReport(grpc::CallbackServerContext* context,
                                                             const v1::AnnualReportRequest* request,
                                                             v1::AnnualReport* response) {
  return ServeOnPool(
      context, pool_, "GetAnnualReport",
      [this, request, response](RedisConnection& redis, const v1::Actor& actor) -> absl::Status {
        // The caller's agency's report, another's, or with "*" the county's totals.
        GK_ASSIGN_OR_RETURN(const Agency* agency,
                            ViewedAgency(*agencies_, actor, request->agency(), "agency"));
        GK_ASSIGN_OR_RETURN(
            *response, ReadAnnualReport(redis, *agencies_, agency, request->year(), clock_.Now()));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ReportServiceImpl::PublishAnnualReport(
    grpc::CallbackServerContext* context, const v1::PublishAnnualReportRequest* request,
    v1::AnnualReport* response) {
  return ServeOnPool(
      context, pool_, "PublishAnnualReport",
      [this, request, response](RedisConnection& redis, const v1::Actor& actor) -> absl::Status {
        GK_ASSIGN_OR_RETURN(const Agency* agency,
                            ViewedAgency(*agencies_, actor, request->agency(), "agency"));
        if (agency == nullptr) {
          return absl::InvalidArgumentError("`agency` 须为一个机关：全县汇总不单独发布");
        }
        GK_ASSIGN_OR_RETURN(
            *response, gongkai::PublishAnnualReport(redis, *agencies_, *agency, request->year(),
                                                    actor, clock_.Now()));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ReportServiceImpl::GetCountyOverview(
    grpc::CallbackServerContext* context, const v1::CountyOverviewRequest* request,
    v1::CountyOverview* response) {
  return ServeOnPool(
      context, pool_, "GetCountyOverview",
      [this, request, response](RedisConnection& redis, const v1::Actor& actor) -> absl::Status {
        GK_RETURN_IF_ERROR(CheckCountyWide(actor));
        GK_ASSIGN_OR_RETURN(*response,
                            ReadCountyOverview(redis, *agencies_, request->year(), clock_.Now()));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ReportServiceImpl::GetBulletin(grpc::CallbackServerContext* context,
                                                         const v1::BulletinRequest* request,
                                                         v1::Bulletin* response) {
  return ServeOnPool(
      context, pool_, "GetBulletin",
      [this, request, response](RedisConnection& redis, const v1::Actor& actor) -> absl::Status {
        GK_RETURN_IF_ERROR(CheckCountyWide(actor));
        GK_ASSIGN_OR_RETURN(*response, ReadBulletin(redis, *agencies_, *request, clock_.Now()));
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
