// gRPC handlers of the tracker service: the clock commands (consultations in
// consultation_calls.cc, fees in fee_calls.cc, Art. 35 in excessive_calls.cc) and the managers'
// views.
#pragma once

#include <memory>

#include "base/clock.h"
#include "calendar/calendar_holder.h"
#include "gongkai/v1/tracker.grpc.pb.h"
#include "notice_hub.h"
#include "redis/case_store.h"
#include "redis/change_feed.h"
#include "redis/worker_pool.h"
#include "rules/agency_catalogue.h"

namespace gongkai {

class TrackerServiceImpl final : public v1::TrackerService::CallbackService {
 public:
  TrackerServiceImpl(RedisWorkerPool& pool, ChangeFeed& feed, const Clock& clock,
                     CalendarHolder& calendar, std::shared_ptr<const AgencyCatalogue> agencies,
                     NoticeHub* notices = nullptr)
      : pool_(pool),
        feed_(feed),
        clock_(clock),
        calendar_(calendar),
        agencies_(std::move(agencies)),
        notices_(notices) {}

  grpc::ServerUnaryReactor* RequestSupplement(grpc::CallbackServerContext* context,
                                              const v1::RequestSupplementRequest* request,
                                              v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* ReceiveSupplement(grpc::CallbackServerContext* context,
                                              const v1::ReceiveSupplementRequest* request,
                                              v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* CloseUnsupplemented(grpc::CallbackServerContext* context,
                                                const v1::CaseCommand* request,
                                                v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* StartConsultation(grpc::CallbackServerContext* context,
                                              const v1::StartConsultationRequest* request,
                                              v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* EndConsultation(grpc::CallbackServerContext* context,
                                            const v1::EndConsultationRequest* request,
                                            v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* RecordConsultationReceipt(
      grpc::CallbackServerContext* context, const v1::RecordConsultationReceiptRequest* request,
      v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* IssueDisclosureNotice(grpc::CallbackServerContext* context,
                                                  const v1::IssueDisclosureNoticeRequest* request,
                                                  v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* RecordDisclosureNoticeDelivery(
      grpc::CallbackServerContext* context,
      const v1::RecordDisclosureNoticeDeliveryRequest* request, v1::CaseAck* ack) override;
  // Fees (fee_calls.cc).
  grpc::ServerUnaryReactor* IssueFeeNotice(grpc::CallbackServerContext* context,
                                           const v1::IssueFeeNoticeRequest* request,
                                           v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* RecordFeeNoticeReceipt(grpc::CallbackServerContext* context,
                                                   const v1::RecordFeeNoticeReceiptRequest* request,
                                                   v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* RecordFeePayment(grpc::CallbackServerContext* context,
                                             const v1::RecordFeePaymentRequest* request,
                                             v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* WaiveFee(grpc::CallbackServerContext* context,
                                     const v1::WaiveFeeRequest* request, v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* CloseFeeUnpaid(grpc::CallbackServerContext* context,
                                           const v1::CaseCommand* request,
                                           v1::CaseAck* ack) override;
  // Art. 35 (excessive_calls.cc).
  grpc::ServerUnaryReactor* AskForReasons(grpc::CallbackServerContext* context,
                                          const v1::AskForReasonsRequest* request,
                                          v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* RecordReasons(grpc::CallbackServerContext* context,
                                          const v1::RecordReasonsRequest* request,
                                          v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* SetLaterReplyDate(grpc::CallbackServerContext* context,
                                              const v1::SetLaterReplyDateRequest* request,
                                              v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* GrantExtension(grpc::CallbackServerContext* context,
                                           const v1::GrantExtensionRequest* request,
                                           v1::CaseAck* ack) override;
  grpc::ServerUnaryReactor* ListOverdue(grpc::CallbackServerContext* context,
                                        const v1::DeadlineQueueRequest* request,
                                        v1::DeadlineQueueResponse* response) override;
  grpc::ServerUnaryReactor* ListDueSoon(grpc::CallbackServerContext* context,
                                        const v1::DeadlineQueueRequest* request,
                                        v1::DeadlineQueueResponse* response) override;
  grpc::ServerUnaryReactor* DepartmentBoard(grpc::CallbackServerContext* context,
                                            const v1::DepartmentBoardRequest* request,
                                            v1::DepartmentBoardResponse* response) override;
  grpc::ServerUnaryReactor* ReloadCalendar(grpc::CallbackServerContext* context,
                                           const v1::ReloadCalendarRequest* request,
                                           v1::ReloadCalendarResponse* response) override;

  grpc::ServerUnaryReactor* WatchCase(grpc::CallbackServerContext* context,
                                      const v1::WatchCaseRequest* request,
                                      v1::CaseVersion* response) override;

  // Staff reminders (notices_service.h); WatchNotices needs the process's NoticeHub.
  grpc::ServerUnaryReactor* ListNotices(grpc::CallbackServerContext* context,
                                        const v1::ListNoticesRequest* request,
                                        v1::ListNoticesResponse* response) override;
  grpc::ServerUnaryReactor* MarkNoticesRead(grpc::CallbackServerContext* context,
                                            const v1::MarkNoticesReadRequest* request,
                                            v1::MarkNoticesReadResponse* response) override;
  grpc::ServerWriteReactor<v1::Notice>* WatchNotices(
      grpc::CallbackServerContext* context, const v1::WatchNoticesRequest* request) override;

 private:
  // ListOverdue and ListDueSoon: the agency viewed (the caller's, another, or "*"), then the list.
  using DeadlineList = absl::Status (*)(CaseStore&, const WorkingCalendar&, const Agency*,
                                        absl::Time, const v1::DeadlineQueueRequest&,
                                        v1::DeadlineQueueResponse*);
  grpc::ServerUnaryReactor* ServeDeadlineList(grpc::CallbackServerContext* context,
                                              absl::string_view method, DeadlineList list,
                                              const v1::DeadlineQueueRequest* request,
                                              v1::DeadlineQueueResponse* response);

  RedisWorkerPool& pool_;
  ChangeFeed& feed_;
  const Clock& clock_;
  CalendarHolder& calendar_;
  // Each case's agency issues its documents; the views are of one agency's units.
  const std::shared_ptr<const AgencyCatalogue> agencies_;
  NoticeHub* notices_;
};

}  // namespace gongkai
