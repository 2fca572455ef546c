#include "intake_service.h"

#include "auth/access_policy.h"
#include "auth/personal_data.h"
#include "base/clock.h"
#include "base/status_macros.h"
#include "earlier_requests.h"
#include "grpc/unary_call.h"
#include "redis/case_store.h"
#include "registration.h"
#include "rules/working_days_left.h"
#include "search.h"

namespace gongkai {

grpc::ServerUnaryReactor* IntakeServiceImpl::Register(grpc::CallbackServerContext* context,
                                                      const v1::RegisterRequest* request,
                                                      v1::RegisterResponse* response) {
  return ServeOnPool(context, pool_, "Register",
                     [this, request, response](RedisConnection& redis, const v1::Actor& actor) {
                       CaseStore store(redis);
                       return gongkai::Register(store, clock_, *calendar_.Get(), *agencies_, actor,
                                                *request, response);
                     });
}

grpc::ServerUnaryReactor* IntakeServiceImpl::GetCase(grpc::CallbackServerContext* context,
                                                     const v1::GetCaseRequest* request,
                                                     v1::Case* response) {
  return ServeOnPool(
      context, pool_, "GetCase",
      [this, request, response](RedisConnection& redis, const v1::Actor& actor) -> absl::Status {
        CaseStore store(redis);
        GK_ASSIGN_OR_RETURN(v1::Case found,
                            store.Load(request->case_number(), /*with_events=*/true));
        GK_RETURN_IF_ERROR(CheckCaseAccess("GetCase", actor, found));
        // Identity numbers and contact details only for the window and the department, and
        // every such reading on record before the answer goes out.
        if (!SeesApplicantDetails(actor)) {
          MaskApplicant(found.mutable_applicant());
        } else {
          v1::PersonalDataRead read;
          read.set_at(FormatTimestamp(clock_.Now()));  // the clock the events are stamped by
          *read.mutable_actor() = actor;
          read.set_method("GetCase");
          GK_RETURN_IF_ERROR(
              store.RecordPersonalDataRead(found.case_number(), read, found.reads_head()));
        }
        // The working days left, by the calendar this service counts with, as of today.
        FillWorkingDaysLeft(*calendar_.Get(), ChinaDay(clock_.Now()), &found);
        *response = std::move(found);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* IntakeServiceImpl::SearchCases(grpc::CallbackServerContext* context,
                                                         const v1::SearchCasesRequest* request,
                                                         v1::SearchCasesResponse* response) {
  return ServeOnPool(context, pool_, "SearchCases",
                     [request, response](RedisConnection& redis, const v1::Actor& actor) {
                       CaseStore store(redis);
                       return gongkai::SearchCases(store, actor, *request, response);
                     });
}

grpc::ServerUnaryReactor* IntakeServiceImpl::FindEarlierRequests(
    grpc::CallbackServerContext* context, const v1::FindEarlierRequestsRequest* request,
    v1::FindEarlierRequestsResponse* response) {
  return ServeOnPool(context, pool_, "FindEarlierRequests",
                     [this, request, response](RedisConnection& redis, const v1::Actor& actor) {
                       CaseStore store(redis);
                       return gongkai::FindEarlierRequests(store, clock_, actor, *request,
                                                           response);
                     });
}

}  // namespace gongkai
