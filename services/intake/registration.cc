#include "registration.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/logging.h"
#include "base/staff_error.h"
#include "base/status_macros.h"
#include "calendar/deadline.h"
#include "documents/documents.h"
#include "rules/case_commands.h"
#include "rules/case_number.h"
#include "rules/identity_numbers.h"
#include "rules/referral_commands.h"
#include "rules/registration_validation.h"
#include "rules/request_fingerprint.h"

namespace gongkai {
namespace {

// Records the new case on the first; a retry of the registration finds it recorded already.
// Another change to the first case in between is met by reading it again.
absl::Status LinkReferral(CaseStore& store, const Clock& clock, v1::Case first,
                          const std::string& new_case, const v1::Actor& actor) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    absl::StatusOr<CaseChange> link = RecordReferral(first, new_case, actor, clock.Now());
    if (absl::IsAlreadyExists(link.status())) return absl::OkStatus();  // listed already
    GK_RETURN_IF_ERROR(link.status());
    absl::StatusOr<int64_t> committed = store.Commit(*link);
    if (!absl::IsAborted(committed.status())) return committed.status();
    GK_ASSIGN_OR_RETURN(first, store.Load(first.case_number(), /*with_events=*/false));
  }
  return absl::AbortedError(absl::StrCat("案件 ", first.case_number(),
                                         " 正被他人频繁更新，转登记的关联未能记录；请重试"));
}

}  // namespace

absl::Status Register(CaseStore& store, const Clock& clock, const WorkingCalendar& calendar,
                      const AgencyCatalogue& agencies, const v1::Actor& actor,
                      const v1::RegisterRequest& received, v1::RegisterResponse* response) {
  const absl::Time now = clock.Now();
  GK_RETURN_IF_ERROR(ValidateRegistration(received, ChinaDay(now)));
  // The agency named, else the clerk's: stored as its code, so that a retry naming it and one
  // leaving it to the clerk are the same request.
  const std::string& named = received.agency().empty() ? actor.agency() : received.agency();
  const Agency* found = agencies.Resolve(named);
  if (found == nullptr) return agencies.CheckCode(named, "agency");
  const Agency& agency = *found;
  // Art. 36(5): registered at the agency the first case's reply named, linked to it.
  std::optional<v1::Case> first;
  if (!received.referred_from().empty()) {
    if (!ParseCaseNumber(received.referred_from()).ok()) {
      return absl::InvalidArgumentError("`referred_from` 须为案件编号，形如 2026-000123");
    }
    absl::StatusOr<v1::Case> loaded = store.Load(received.referred_from(), /*with_events=*/false);
    if (absl::IsNotFound(loaded.status())) {
      return absl::InvalidArgumentError(
          absl::StrCat("`referred_from` 案件 ", received.referred_from(), " 不存在"));
    }
    GK_RETURN_IF_ERROR(loaded.status());
    GK_RETURN_IF_ERROR(CheckReferral(*loaded, agency.code, agencies));
    first = *std::move(loaded);
  }
  // One spelling of every identity number (a check character x is X), so that the applicant's
  // requests are recognised as theirs and a retry matches its first call.
  v1::RegisterRequest request = received;
  request.set_agency(agency.code);
  v1::Applicant& applicant = *request.mutable_applicant();
  applicant.set_id_number(NormalizedIdNumber(applicant.id_type(), applicant.id_number()));
  GK_ASSIGN_OR_RETURN(v1::Deadline deadline, InitialDeadline(calendar, request.request()));
  // The month the request counts in for the fee per request: its legal receipt date's.
  const std::string receipt_month =
      absl::StrCat(deadline.receipt_date().substr(0, 4), deadline.receipt_date().substr(5, 2));
  const std::string fingerprint = RequestFingerprint(request);
  const std::string applicant_digest = ApplicantDigest(applicant);
  // The number given can be another request's case only after the numbering master failed over
  // before its replica had the later allocations (the case lives on another master): that number
  // is skipped and another allocated. A few tries: each moves the counters past a taken number.
  constexpr int kAllocations = 3;
  AllocatedNumber number;
  std::optional<v1::Case> taken;  // the case that holds the number given last time
  for (int allocation = 1;; ++allocation) {
    const AllocatedNumber given_before = number;
    GK_ASSIGN_OR_RETURN(
        number, store.AllocateCaseNumber(request.request_id(), fingerprint, agency.code,
                                         static_cast<int>(ChinaDay(now).year()), applicant_digest,
                                         receipt_month, taken ? &given_before : nullptr,
                                         taken ? &*taken : nullptr));
    GK_ASSIGN_OR_RETURN(
        CaseChange change,
        request.has_on_the_spot()
            ? RegisterAnsweredOnTheSpot(number.case_number, request, deadline, actor, now)
            : RegisterCase(number.case_number, request, deadline, actor, now));
    change.after.set_agency_sequence(number.agency_sequence);
    change.after.set_request_fingerprint(fingerprint);
    if (request.has_on_the_spot()) {
      change.after.set_reply_letter(
          RenderReplyLetter(change.after, agency.Issuing(), ChinaDay(now)));
    }
    absl::StatusOr<int64_t> committed = store.Commit(change);
    if (committed.ok()) {
      *response->mutable_case_() = change.after;
      *response->mutable_case_()->add_events() = change.event;
      spdlog::info("event=registered case={} channel={} due={}{} user={}", number.case_number,
                   v1::Channel_Name(request.request().channel()), deadline.due_date(),
                   deadline.provisional() ? "(provisional)" : "", actor.user_id());
      break;
    }
    if (!absl::IsAlreadyExists(committed.status())) return committed.status();
    GK_ASSIGN_OR_RETURN(v1::Case existing, store.Load(number.case_number, /*with_events=*/true));
    // Cases registered before fingerprints were kept have none: taken as this request's.
    if (existing.request_fingerprint().empty() || existing.request_fingerprint() == fingerprint) {
      // A retry of a registration that went through: answer with the case as it stands.
      *response->mutable_case_() = std::move(existing);
      response->set_replayed(true);
      spdlog::info("event=registration_replayed case={} user={}", number.case_number,
                   actor.user_id());
      break;
    }
    if (allocation == kAllocations) {
      return StaffError(absl::StatusCode::kUnavailable, "案件编号分配暂时冲突，请稍后重新提交",
                        absl::StrCat("case numbers up to ", number.case_number,
                                     " were taken already; the numbering store is recovering"));
    }
    taken = std::move(existing);
  }
  if (first) GK_RETURN_IF_ERROR(LinkReferral(store, clock, *first, number.case_number, actor));
  response->set_receipt(
      RenderReceipt(response->case_(), agencies.IssuingFor(response->case_().agency())));
  return absl::OkStatus();
}

}  // namespace gongkai
