#include "registration.h"

#include "absl/strings/string_view.h"
#include "base/logging.h"
#include "base/status_macros.h"
#include "calendar/deadline.h"
#include "documents/documents.h"
#include "rules/case_commands.h"
#include "rules/registration_validation.h"
#include "rules/request_fingerprint.h"

namespace gongkai {

absl::Status Register(CaseStore& store, const Clock& clock, const WorkingCalendar& calendar,
                      absl::string_view agency, const v1::Actor& actor,
                      const v1::RegisterRequest& request, v1::RegisterResponse* response) {
  const absl::Time now = clock.Now();
  GK_RETURN_IF_ERROR(ValidateRegistration(request, ChinaDay(now)));
  GK_ASSIGN_OR_RETURN(v1::Deadline deadline, InitialDeadline(calendar, request.request()));
  GK_ASSIGN_OR_RETURN(AllocatedNumber number,
                      store.AllocateCaseNumber(request.request_id(), RequestFingerprint(request),
                                               static_cast<int>(ChinaDay(now).year())));
  GK_ASSIGN_OR_RETURN(
      CaseChange change,
      request.has_on_the_spot()
          ? RegisterAnsweredOnTheSpot(number.case_number, request, deadline, actor, now)
          : RegisterCase(number.case_number, request, deadline, actor, now));
  if (request.has_on_the_spot()) {
    change.after.set_reply_letter(RenderReplyLetter(change.after, agency, ChinaDay(now)));
  }
  absl::StatusOr<int64_t> committed = store.Commit(change);
  if (committed.ok()) {
    *response->mutable_case_() = change.after;
    *response->mutable_case_()->add_events() = change.event;
    spdlog::info("event=registered case={} channel={} due={}{} user={}", number.case_number,
                 v1::Channel_Name(request.request().channel()), deadline.due_date(),
                 deadline.provisional() ? "(provisional)" : "", actor.user_id());
  } else if (absl::IsAlreadyExists(committed.status())) {
    // A retry of a registration that went through: answer with the case as it stands.
    GK_ASSIGN_OR_RETURN(*response->mutable_case_(),
                        store.Load(number.case_number, /*with_events=*/true));
    response->set_replayed(true);
    spdlog::info("event=registration_replayed case={} user={}", number.case_number,
                 actor.user_id());
  } else {
    return committed.status();
  }
  response->set_receipt(RenderReceipt(response->case_(), agency));
  return absl::OkStatus();
}

}  // namespace gongkai
