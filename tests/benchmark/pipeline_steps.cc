#include "pipeline_steps.h"

#include "absl/time/civil_time.h"
#include "base/clock.h"
#include "calendar/deadline.h"
#include "documents/documents.h"
#include "grpc/call_context.h"
#include "rules/review_commands.h"
#include "sample_registration.h"
#include "staff.h"

namespace gongkai::bench {

absl::Time StepsNow() {
  return absl::FromCivil(absl::CivilSecond(2026, 11, 27, 10, 0, 0), ChinaTimeZone());
}

const WorkingCalendar& StepsCalendar() {
  static const WorkingCalendar* calendar = new WorkingCalendar(
      *WorkingCalendar::LoadDirectory(GONGKAI_CALENDAR_DIR, UnknownYears::kProvisional));
  return *calendar;
}

const AgencyCatalogue& StepsAgencies() {
  static const AgencyCatalogue* agencies =
      new AgencyCatalogue(*AgencyCatalogue::Load(GONGKAI_AGENCIES_FILE));
  return *agencies;
}

v1::RegisterRequest StepsRegistration(const std::string& request_id) {
  v1::RegisterRequest request = SampleRegistration(request_id, "2025年县级财政预算和三公经费决算");
  request.mutable_request()->set_received_date(FormatDay(ChinaDay(StepsNow())));
  return request;
}

std::vector<PipelineStep> PipelineSteps(const std::string& case_number,
                                        const std::string& request_id) {
  const absl::Time now = StepsNow();
  std::vector<PipelineStep> steps;
  // Built once: the register step times RegisterCase alone, as the intake's own checks and
  // the deadline come before it.
  const v1::RegisterRequest request = StepsRegistration(request_id);
  const absl::StatusOr<v1::Deadline> deadline = InitialDeadline(StepsCalendar(), request.request());
  steps.push_back(
      {"register",
       [case_number, request, deadline, now](const v1::Case&) -> absl::StatusOr<CaseChange> {
         if (!deadline.ok()) return deadline.status();
         return RegisterCase(case_number, request, *deadline, StaffActor("w1", "clerk"), now);
       }});
  steps.push_back({"route", [now](const v1::Case& before) -> absl::StatusOr<CaseChange> {
                     const Agency* agency = StepsAgencies().Find(before.agency());
                     if (agency == nullptr) {
                       return absl::NotFoundError("the sample agency is not in agencies.conf");
                     }
                     return RouteCase(before, agency->units.Route(before.request().description()),
                                      ServiceActor("routing"), now);
                   }});
  steps.push_back({"accept", [now](const v1::Case& before) {
                     return AcceptCase(before, StaffActor("o1", "officer", before.department()),
                                       now);
                   }});
  steps.push_back({"submit_draft", [now](const v1::Case& before) {
                     v1::Draft draft;
                     draft.set_outcome(v1::OUTCOME_DISCLOSED);
                     draft.set_disclosed_text("预算、决算及三公经费表见附件（共12页）。");
                     return SubmitDraft(before, draft, {},
                                        StaffActor("o1", "officer", before.department()), now);
                   }});
  steps.push_back({"clear", [now](const v1::Case& before) {
                     return ClearDraft(before, "", StaffActor("r1", "reviewer"), now);
                   }});
  steps.push_back(
      {"reply_letter", [now](const v1::Case& before) {
         return PrepareReply(
             before,
             RenderReplyLetter(before, StepsAgencies().IssuingFor(before.agency()), ChinaDay(now)),
             ServiceActor("reply"), now);
       }});
  steps.push_back({"deliver", [now](const v1::Case& before) {
                     v1::DeliveryRecord delivery;
                     delivery.set_method(v1::DELIVERY_METHOD_POST);
                     delivery.set_delivered_on(FormatDay(ChinaDay(now)));
                     return IssueReply(before, StepsCalendar(), delivery, StaffActor("w1", "clerk"),
                                       now);
                   }});
  return steps;
}

}  // namespace gongkai::bench
