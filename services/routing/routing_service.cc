#include "routing_service.h"

#include "absl/strings/str_cat.h"
#include "grpc/case_calls.h"

namespace gongkai {

grpc::ServerUnaryReactor* RoutingServiceImpl::ListDepartments(
    grpc::CallbackServerContext* context, const v1::ListDepartmentsRequest*,
    v1::ListDepartmentsResponse* response) {
  return ServeOnPool(context, pool_, "ListDepartments",
                     [this, response](RedisConnection&, const v1::Actor&) {
                       for (const Department& department : catalogue_.departments()) {
                         v1::Department* out = response->add_departments();
                         out->set_code(department.code);
                         out->set_name(department.name);
                         for (const auto& keyword : department.keywords) out->add_keywords(keyword);
                       }
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* RoutingServiceImpl::ListDepartmentQueue(
    grpc::CallbackServerContext* context, const v1::DepartmentQueueRequest* request,
    v1::QueueResponse* response) {
  // Checked here: it needs only the catalogue, not Redis.
  absl::Status invalid;
  if (request->department().empty()) {
    invalid = absl::InvalidArgumentError("`department` 必须填写");
  } else {
    invalid = catalogue_.CheckCode(request->department());
  }
  if (!invalid.ok()) {
    // Still through ServeOnPool: a caller without a valid token learns that first.
    return ServeOnPool(context, pool_, "ListDepartmentQueue",
                       [invalid](RedisConnection&, const v1::Actor&) { return invalid; });
  }
  return ServeQueuePage(context, pool_, "ListDepartmentQueue", QueueKind::kDepartment,
                        request->department(), &request->page(), response);
}

grpc::ServerUnaryReactor* RoutingServiceImpl::ListDispatchQueue(
    grpc::CallbackServerContext* context, const v1::QueuePage* request,
    v1::QueueResponse* response) {
  return ServeQueuePage(context, pool_, "ListDispatchQueue", QueueKind::kDispatch, "", request,
                        response);
}

grpc::ServerUnaryReactor* RoutingServiceImpl::Accept(grpc::CallbackServerContext* context,
                                                     const v1::AcceptRequest* request,
                                                     v1::CaseAck* ack) {
  return ServeCaseCommand(context, pool_, "Accept", request->case_number(),
                          request->expected_version(), ack,
                          [this](const v1::Case& current, const v1::Actor& actor) {
                            return AcceptCase(current, actor, clock_.Now());
                          });
}

grpc::ServerUnaryReactor* RoutingServiceImpl::HandBack(grpc::CallbackServerContext* context,
                                                       const v1::HandBackRequest* request,
                                                       v1::CaseAck* ack) {
  return ServeCaseCommand(context, pool_, "HandBack", request->case_number(),
                          request->expected_version(), ack,
                          [this, request](const v1::Case& current, const v1::Actor& actor) {
                            return HandBackCase(current, request->reason(), actor, clock_.Now());
                          });
}

grpc::ServerUnaryReactor* RoutingServiceImpl::Assign(grpc::CallbackServerContext* context,
                                                     const v1::AssignRequest* request,
                                                     v1::CaseAck* ack) {
  return ServeCaseCommand(context, pool_, "Assign", request->case_number(),
                          request->expected_version(), ack,
                          [this, request](const v1::Case& current, const v1::Actor& actor) {
                            return AssignCase(current, catalogue_, request->department(),
                                              request->note(), actor, clock_.Now());
                          });
}

}  // namespace gongkai
