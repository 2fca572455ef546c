#include "routing_service.h"

#include "absl/strings/str_cat.h"
#include "case_actions.h"
#include "grpc/unary_call.h"
#include "status_macros.h"

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
                         for (const auto& keyword : department.keywords) {
                           out->add_keywords(keyword);
                         }
                       }
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* RoutingServiceImpl::ListDepartmentQueue(
    grpc::CallbackServerContext* context, const v1::DepartmentQueueRequest* request,
    v1::QueueResponse* response) {
  return ServeOnPool(
      context, pool_, "ListDepartmentQueue",
      [this, request, response](RedisConnection& redis, const v1::Actor&) -> absl::Status {
        if (request->department().empty()) {
          return absl::InvalidArgumentError("`department` is required");
        }
        if (catalogue_.Find(request->department()) == nullptr) {
          return absl::NotFoundError(absl::StrCat("`department` \"",
                                                  request->department().substr(0, 16),
                                                  "\" is not in the catalogue"));
        }
        CaseStore store(redis);
        GK_ASSIGN_OR_RETURN(*response, store.ListQueue(QueueKind::kDepartment,
                                                       request->department(), request->page()));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* RoutingServiceImpl::ListDispatchQueue(
    grpc::CallbackServerContext* context, const v1::QueuePage* request,
    v1::QueueResponse* response) {
  return ServeOnPool(context, pool_, "ListDispatchQueue",
                     [request, response](RedisConnection& redis, const v1::Actor&) -> absl::Status {
                       CaseStore store(redis);
                       GK_ASSIGN_OR_RETURN(*response,
                                           store.ListQueue(QueueKind::kDispatch, "", *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* RoutingServiceImpl::Accept(grpc::CallbackServerContext* context,
                                                     const v1::AcceptRequest* request,
                                                     v1::CaseAck* ack) {
  return ServeOnPool(context, pool_, "Accept",
                     [this, request, ack](RedisConnection& redis, const v1::Actor& actor) {
                       CaseStore store(redis);
                       return ActOnCase(store, request->case_number(), request->expected_version(),
                                        ack, [&](const v1::Case& current) {
                                          return AcceptCase(current, actor, clock_.Now());
                                        });
                     });
}

grpc::ServerUnaryReactor* RoutingServiceImpl::HandBack(grpc::CallbackServerContext* context,
                                                       const v1::HandBackRequest* request,
                                                       v1::CaseAck* ack) {
  return ServeOnPool(context, pool_, "HandBack",
                     [this, request, ack](RedisConnection& redis, const v1::Actor& actor) {
                       CaseStore store(redis);
                       return ActOnCase(store, request->case_number(), request->expected_version(),
                                        ack, [&](const v1::Case& current) {
                                          return HandBackCase(current, request->reason(), actor,
                                                              clock_.Now());
                                        });
                     });
}

grpc::ServerUnaryReactor* RoutingServiceImpl::Assign(grpc::CallbackServerContext* context,
                                                     const v1::AssignRequest* request,
                                                     v1::CaseAck* ack) {
  return ServeOnPool(context, pool_, "Assign",
                     [this, request, ack](RedisConnection& redis, const v1::Actor& actor) {
                       CaseStore store(redis);
                       return ActOnCase(store, request->case_number(), request->expected_version(),
                                        ack, [&](const v1::Case& current) {
                                          return AssignCase(current, catalogue_,
                                                            request->department(), request->note(),
                                                            actor, clock_.Now());
                                        });
                     });
}

}  // namespace gongkai
