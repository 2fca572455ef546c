#include "routing_service.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "grpc/case_calls.h"
#include "grpc/viewed_agency.h"

namespace gongkai {

grpc::ServerUnaryReactor* RoutingServiceImpl::ListDepartments(
    grpc::CallbackServerContext* context, const v1::ListDepartmentsRequest* request,
    v1::ListDepartmentsResponse* response) {
  return ServeOnPool(
      context, pool_, "ListDepartments",
      [this, request, response](RedisConnection&, const v1::Actor& actor) -> absl::Status {
        // Any agency's units: the window registers for every agency and a dispatcher may
        // suggest where a request belongs.
        const std::string& named = request->agency().empty() ? actor.agency() : request->agency();
        const Agency* agency = agencies_->Resolve(named);
        if (agency == nullptr) return agencies_->CheckCode(named, "agency");
        response->set_agency(agency->code);
        for (const Department& department : agency->units.departments()) {
          v1::Department* out = response->add_departments();
          out->set_code(department.code);
          out->set_name(department.name);
          for (const auto& keyword : department.keywords) out->add_keywords(keyword);
        }
        for (const Agency& each : agencies_->agencies()) {
          v1::AgencyEntry* out = response->add_agencies();
          out->set_code(each.code);
          out->set_name(each.name);
          out->set_kind(std::string(AgencyKindName(each.kind)));
          out->set_window(each.window);
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* RoutingServiceImpl::ListDepartmentQueue(
    grpc::CallbackServerContext* context, const v1::DepartmentQueueRequest* request,
    v1::QueueResponse* response) {
  return ServeOnPool(
      context, pool_, "ListDepartmentQueue",
      [this, request, response](RedisConnection& redis, const v1::Actor& actor) -> absl::Status {
        if (request->department().empty()) {
          return absl::InvalidArgumentError("`department` 必须填写");
        }
        GK_ASSIGN_OR_RETURN(
            const Agency* agency,
            ViewedAgency(*agencies_, actor, request->page().agency(), "page.agency"));
        if (agency == nullptr) return absl::InvalidArgumentError("`page.agency` 须为一个机关");
        GK_RETURN_IF_ERROR(agency->units.CheckCode(request->department()));
        GK_RETURN_IF_ERROR(CheckDepartmentAccess(actor, agency->code, request->department()));
        CaseStore store(redis);
        GK_ASSIGN_OR_RETURN(*response, store.ListQueue(QueueKind::kDepartment, agency->code,
                                                       request->department(), request->page()));
        return absl::OkStatus();
      });
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
  return ServeCaseCommand(
      context, pool_, "Assign", request->case_number(), request->expected_version(), ack,
      [this, request](const v1::Case& current, const v1::Actor& actor) {
        const Agency* agency = agencies_->Resolve(current.agency());
        if (agency == nullptr) {
          return absl::StatusOr<CaseChange>(agencies_->CheckCode(current.agency(), "agency"));
        }
        return AssignCase(current, agency->units, request->department(), request->note(), actor,
                          clock_.Now());
      });
}

}  // namespace gongkai
