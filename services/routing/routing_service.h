// gRPC handlers of the routing service: department queues, accept, hand back, dispatch.
#pragma once

#include <memory>

#include "base/clock.h"
#include "gongkai/v1/routing.grpc.pb.h"
#include "redis/worker_pool.h"
#include "rules/agency_catalogue.h"

namespace gongkai {

class RoutingServiceImpl final : public v1::RoutingService::CallbackService {
 public:
  RoutingServiceImpl(RedisWorkerPool& pool, const Clock& clock,
                     std::shared_ptr<const AgencyCatalogue> agencies)
      : pool_(pool), clock_(clock), agencies_(std::move(agencies)) {}

  grpc::ServerUnaryReactor* ListDepartments(grpc::CallbackServerContext* context,
                                            const v1::ListDepartmentsRequest* request,
                                            v1::ListDepartmentsResponse* response) override;
  grpc::ServerUnaryReactor* ListDepartmentQueue(grpc::CallbackServerContext* context,
                                                const v1::DepartmentQueueRequest* request,
                                                v1::QueueResponse* response) override;
  grpc::ServerUnaryReactor* ListDispatchQueue(grpc::CallbackServerContext* context,
                                              const v1::QueuePage* request,
                                              v1::QueueResponse* response) override;
  grpc::ServerUnaryReactor* Accept(grpc::CallbackServerContext* context,
                                   const v1::AcceptRequest* request, v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* HandBack(grpc::CallbackServerContext* context,
                                     const v1::HandBackRequest* request, v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* Assign(grpc::CallbackServerContext* context,
                                   const v1::AssignRequest* request, v1::CaseAck* ack) override;

 private:
  RedisWorkerPool& pool_;
  const Clock& clock_;
  // Every case is routed among its own agency's units.
  const std::shared_ptr<const AgencyCatalogue> agencies_;
};

}  // namespace gongkai
