#include "registration.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/logging.h"
#include "base/status_macros.h"
#include "calendar/deadline.h"
#include "documents/documents.h"
#include "rules/case_commands.h"
#include "rules/identity_numbers.h"
#include "rules/registration_validation.h"
#include "rules/request_fingerprint.h"

namespace gongkai {

absl::Status Register(CaseStore& store, const Clock& clock, const WorkingCalendar& calendar,
                      const IssuingAgency& agency, const v1::Actor& actor,
                      const v1::RegisterRequest& received, v1::RegisterResponse* response) {
  const absl::Time now = clock.Now();
  GK_RETURN_IF_ERROR(ValidateRegistration(received, ChinaDay(now)));
  // One spelling of every identity number (a check character x is X), so that the applicant's
  // requests are recognised as theirs and a retry matches its first call.
  v1::RegisterRequest request = received;
  v1::Applicant& applicant = *request.mutable_applicant();
  applicant.set_id_number(NormalizedIdNumber(applicant.id_type(), applicant.id_number()));
  GK_ASSIGN_OR_RETURN(v1::Deadline deadline, InitialDeadline(calendar, request.request()));
  // The month the request counts in for the fee per request: its legal receipt date's.
  const std::string receipt_month =
      absl::StrCat(deadline.receipt_date().substr(0, 4), deadline.receipt_date().substr(5, 2));
  GK_ASSIGN_OR_RETURN(AllocatedNumber number,
                      store.AllocateCaseNumber(request.request_id(), RequestFingerprint(request),
                                               static_cast<int>(ChinaDay(now).year()),
                                               ApplicantDigest(applicant), receipt_month));
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
