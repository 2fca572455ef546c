#include "tracker_service.h"

#include "deadline_views.h"
#include "documents/documents.h"
#include "grpc/case_calls.h"
#include "grpc/viewed_agency.h"
#include "notices_service.h"
#include "rules/clock_commands.h"
#include "watch_case.h"

namespace gongkai {

grpc::ServerUnaryReactor* TrackerServiceImpl::RequestSupplement(
    grpc::CallbackServerContext* context, const v1::RequestSupplementRequest* request,
    v1::CaseAck* ack) {
  return ServeCaseCommand(
      context, pool_, "RequestSupplement", request->case_number(), request->expected_version(), ack,
      [this, request](const v1::Case& current,
                      const v1::Actor& actor) -> absl::StatusOr<CaseChange> {
        const absl::Time now = clock_.Now();
        GK_ASSIGN_OR_RETURN(CaseChange change,
                            gongkai::RequestSupplement(current, *calendar_.Get(), request->items(),
                                                       request->reply_by(), actor, now));
        change.after.mutable_supplement()->set_notice(RenderSupplementNotice(
            change.after, agencies_->IssuingFor(change.after.agency()), ChinaDay(now)));
        return change;
      });
}

grpc::ServerUnaryReactor* TrackerServiceImpl::ReceiveSupplement(
    grpc::CallbackServerContext* context, const v1::ReceiveSupplementRequest* request,
    v1::CaseAck* ack) {
  return ServeCaseCommand(
      context, pool_, "ReceiveSupplement", request->case_number(), request->expected_version(), ack,
      [this, request](const v1::Case& current, const v1::Actor& actor) {
        return gongkai::ReceiveSupplement(current, *calendar_.Get(), request->received_on(), actor,
                                          clock_.Now());
      });
}

grpc::ServerUnaryReactor* TrackerServiceImpl::CloseUnsupplemented(
    grpc::CallbackServerContext* context, const v1::CaseCommand* request, v1::CaseAck* ack) {
  return ServeCaseCommand(
      context, pool_, "CloseUnsupplemented", request->case_number(), request->expected_version(),
      ack, [this](const v1::Case& current, const v1::Actor& actor) -> absl::StatusOr<CaseChange> {
        const absl::Time now = clock_.Now();
        GK_ASSIGN_OR_RETURN(CaseChange change, gongkai::CloseUnsupplemented(current, actor, now));
        change.after.set_reply_letter(RenderReplyLetter(
            change.after, agencies_->IssuingFor(change.after.agency()), ChinaDay(now)));
        return change;
      });
}

grpc::ServerUnaryReactor* TrackerServiceImpl::GrantExtension(
    grpc::CallbackServerContext* context, const v1::GrantExtensionRequest* request,
    v1::CaseAck* ack) {
  return ServeCaseCommand(
      context, pool_, "GrantExtension", request->case_number(), request->expected_version(), ack,
      [this, request](const v1::Case& current,
                      const v1::Actor& actor) -> absl::StatusOr<CaseChange> {
        const absl::Time now = clock_.Now();
        GK_ASSIGN_OR_RETURN(CaseChange change,
                            gongkai::GrantExtension(current, *calendar_.Get(), request->days(),
                                                    request->reason(), actor, now));
        change.after.mutable_extension()->set_notice(RenderExtensionNotice(
            change.after, agencies_->IssuingFor(change.after.agency()), ChinaDay(now)));
        return change;
      });
}

grpc::ServerUnaryReactor* TrackerServiceImpl::WatchCase(grpc::CallbackServerContext* context,
                                                        const v1::WatchCaseRequest* request,
                                                        v1::CaseVersion* response) {
  return ServeWatch(context, pool_, feed_, *request, response);
}

grpc::ServerUnaryReactor* TrackerServiceImpl::ServeDeadlineList(
    grpc::CallbackServerContext* context, absl::string_view method, DeadlineList list,
    const v1::DeadlineQueueRequest* request, v1::DeadlineQueueResponse* response) {
  return ServeOnPool(
      context, pool_, method,
      [this, list, request, response](RedisConnection& redis,
                                      const v1::Actor& actor) -> absl::Status {
        GK_ASSIGN_OR_RETURN(
            const Agency* agency,
            ViewedAgency(*agencies_, actor, request->page().agency(), "page.agency"));
        CaseStore store(redis);
        return list(store, *calendar_.Get(), agency, clock_.Now(), *request, response);
      });
}

grpc::ServerUnaryReactor* TrackerServiceImpl::ListOverdue(grpc::CallbackServerContext* context,
                                                          const v1::DeadlineQueueRequest* request,
                                                          v1::DeadlineQueueResponse* response) {
  return ServeDeadlineList(context, "ListOverdue", &gongkai::ListOverdue, request, response);
}

grpc::ServerUnaryReactor* TrackerServiceImpl::ListDueSoon(grpc::CallbackServerContext* context,
                                                          const v1::DeadlineQueueRequest* request,
                                                          v1::DeadlineQueueResponse* response) {
  return ServeDeadlineList(context, "ListDueSoon", &gongkai::ListDueSoon, request, response);
}

grpc::ServerUnaryReactor* TrackerServiceImpl::DepartmentBoard(
    grpc::CallbackServerContext* context, const v1::DepartmentBoardRequest* request,
    v1::DepartmentBoardResponse* response) {
  return ServeOnPool(
      context, pool_, "DepartmentBoard",
      [this, request, response](RedisConnection& redis, const v1::Actor& actor) -> absl::Status {
        GK_ASSIGN_OR_RETURN(const Agency* agency,
                            ViewedAgency(*agencies_, actor, request->agency(), "agency"));
        if (agency == nullptr) {
          return absl::InvalidArgumentError("`agency` 部门看板须指定一个机关；全县情况见全县概览");
        }
        return gongkai::DepartmentBoard(redis, *calendar_.Get(), *agency, clock_.Now(), response);
      });
}

grpc::ServerUnaryReactor* TrackerServiceImpl::ReloadCalendar(grpc::CallbackServerContext* context,
                                                             const v1::ReloadCalendarRequest*,
                                                             v1::ReloadCalendarResponse* response) {
  return ServeOnPool(context, pool_, "ReloadCalendar",
                     [this, response](RedisConnection& redis, const v1::Actor&) -> absl::Status {
                       GK_RETURN_IF_ERROR(calendar_.Reload());
                       CaseStore store(redis);
                       GK_ASSIGN_OR_RETURN(*response, RecomputeRunningClocks(
                                                          store, *calendar_.Get(), clock_.Now()));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* TrackerServiceImpl::ListNotices(grpc::CallbackServerContext* context,
                                                          const v1::ListNoticesRequest* request,
                                                          v1::ListNoticesResponse* response) {
  return ServeListNotices(context, pool_, *agencies_, *request, response);
}

grpc::ServerUnaryReactor* TrackerServiceImpl::MarkNoticesRead(
    grpc::CallbackServerContext* context, const v1::MarkNoticesReadRequest* request,
    v1::MarkNoticesReadResponse* response) {
  return ServeMarkNoticesRead(context, pool_, *request, response);
}

grpc::ServerWriteReactor<v1::Notice>* TrackerServiceImpl::WatchNotices(
    grpc::CallbackServerContext* context, const v1::WatchNoticesRequest* request) {
  return ServeWatchNotices(context, pool_, notices_, *request);
}

}  // namespace gongkai
