// gRPC handlers of the intake service: thin, each hands its work to the Redis worker pool.
#pragma once

#include <memory>
#include <string>

#include "base/clock.h"
#include "calendar/calendar_holder.h"
#include "gongkai/v1/intake.grpc.pb.h"
#include "redis/worker_pool.h"
#include "rules/agency_catalogue.h"

namespace gongkai {

class IntakeServiceImpl final : public v1::IntakeService::CallbackService {
 public:
  IntakeServiceImpl(RedisWorkerPool& pool, const Clock& clock, const CalendarHolder& calendar,
                    std::shared_ptr<const AgencyCatalogue> agencies)
      : pool_(pool), clock_(clock), calendar_(calendar), agencies_(std::move(agencies)) {}

  grpc::ServerUnaryReactor* Register(grpc::CallbackServerContext* context,
                                     const v1::RegisterRequest* request,
                                     v1::RegisterResponse* response) override;
  grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* context,
                                    const v1::GetCaseRequest* request, v1::Case* response) override;
  grpc::ServerUnaryReactor* SearchCases(grpc::CallbackServerContext* context,
                                        const v1::SearchCasesRequest* request,
                                        v1::SearchCasesResponse* response) override;
  grpc::ServerUnaryReactor* FindEarlierRequests(grpc::CallbackServerContext* context,
                                                const v1::FindEarlierRequestsRequest* request,
                                                v1::FindEarlierRequestsResponse* response) override;

 private:
  RedisWorkerPool& pool_;
  const Clock& clock_;
  const CalendarHolder& calendar_;
  std::shared_ptr<const AgencyCatalogue> agencies_;
};

}  // namespace gongkai
