// The services' own CPU for each step of the pipeline, without Redis or gRPC: the domain logic
// that plans the change (what intake, routing, review and reply run on the case they hold) and
// PrepareTransition, which turns the change into the transition script's keys and arguments.
// One case is walked through the pipeline's seven steps once, at start-up, with the same inputs
// as the pipeline benchmark's staff send; each benchmark then repeats one step on the case as it
// stood before that step.
//
//   deploy/local.sh bench-steps                  (or build/bin/gongkai-bench-steps)
//   build/bin/gongkai-bench-steps --benchmark_filter=transition_call
//
// "plan/<step>" times the domain function, "transition_call/<step>" PrepareTransition of its
// change; their sum is what one commit of that step costs a service before any byte goes to Redis.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "base/mutex_deadlock_detection.h"
#include "calendar/deadline.h"
#include "calendar/working_calendar.h"
#include "documents/documents.h"
#include "grpc/call_context.h"
#include "redis/case_store.h"
#include "rules/agency_catalogue.h"
#include "rules/case_commands.h"
#include "rules/review_commands.h"
#include "sample_registration.h"
#include "staff.h"

namespace gongkai::bench {
namespace {

// A fixed moment, so that every run plans the same change: a working day of 2026.
const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 11, 27, 10, 0, 0), absl::FixedTimeZone(8 * 3600));

using Plan = std::function<absl::StatusOr<CaseChange>()>;

struct Step {
  std::string name;
  Plan plan;
};

CaseChange MustPlan(const Step& step) {
  absl::StatusOr<CaseChange> change = step.plan();
  if (!change.ok()) {
    std::fprintf(stderr, "step %s: %s\n", step.name.c_str(), change.status().ToString().c_str());
    std::exit(1);
  }
  return *std::move(change);
}

// The seven steps of one case, each planned on the case the step before left. The plans keep
// references to the cases below, which live as long as the program.
std::vector<Step> PipelineSteps() {
  static const WorkingCalendar calendar =
      *WorkingCalendar::LoadDirectory(GONGKAI_CALENDAR_DIR, UnknownYears::kProvisional);
  static const AgencyCatalogue agencies = *AgencyCatalogue::Load(GONGKAI_AGENCIES_FILE);
  static v1::RegisterRequest request =
      SampleRegistration("bench-0001", "2025年县级财政预算和三公经费决算");
  request.mutable_request()->set_received_date(FormatDay(ChinaDay(kNow)));
  static const v1::Deadline deadline = *InitialDeadline(calendar, request.request());
  // cases[i]: the case as the step at index i finds it (cases[0], before registration, unused):
  // the change's `after`, without history, as LoadForChange and the services' case cache give it.
  static std::vector<v1::Case> cases(7);

  std::vector<Step> steps;
  steps.push_back({"register", [] {
                     return RegisterCase("2026-000001", request, deadline,
                                         StaffActor("w1", "clerk"), kNow);
                   }});
  cases[1] = MustPlan(steps.back()).after;
  steps.push_back({"route", [] {
                     const Agency* agency = agencies.Find(cases[1].agency());
                     if (agency == nullptr)
                       return absl::StatusOr<CaseChange>(
                           absl::NotFoundError("the sample agency is not in agencies.conf"));
                     return RouteCase(cases[1],
                                      agency->units.Route(cases[1].request().description()),
                                      ServiceActor("routing"), kNow);
                   }});
  cases[2] = MustPlan(steps.back()).after;
  steps.push_back({"accept", [] {
                     return AcceptCase(cases[2], StaffActor("o1", "officer", cases[2].department()),
                                       kNow);
                   }});
  cases[3] = MustPlan(steps.back()).after;
  steps.push_back({"submit_draft", [] {
                     v1::Draft draft;
                     draft.set_outcome(v1::OUTCOME_DISCLOSED);
                     draft.set_disclosed_text("预算、决算及三公经费表见附件（共12页）。");
                     return SubmitDraft(cases[3], draft, {},
                                        StaffActor("o1", "officer", cases[3].department()), kNow);
                   }});
  cases[4] = MustPlan(steps.back()).after;
  steps.push_back(
      {"clear", [] { return ClearDraft(cases[4], "", StaffActor("r1", "reviewer"), kNow); }});
  cases[5] = MustPlan(steps.back()).after;
  steps.push_back(
      {"reply_letter", [] {
         return PrepareReply(
             cases[5],
             RenderReplyLetter(cases[5], agencies.IssuingFor(cases[5].agency()), ChinaDay(kNow)),
             ServiceActor("reply"), kNow);
       }});
  cases[6] = MustPlan(steps.back()).after;
  steps.push_back({"deliver", [] {
                     v1::DeliveryRecord delivery;
                     delivery.set_method(v1::DELIVERY_METHOD_POST);
                     delivery.set_delivered_on(FormatDay(ChinaDay(kNow)));
                     return IssueReply(cases[6], calendar, delivery, StaffActor("w1", "clerk"),
                                       kNow);
                   }});
  MustPlan(steps.back());
  return steps;
}

}  // namespace
}  // namespace gongkai::bench

int main(int argc, char** argv) {
  using namespace gongkai::bench;
  gongkai::DisableMutexDeadlockDetection();
  for (const Step& step : PipelineSteps()) {
    benchmark::RegisterBenchmark(("plan/" + step.name).c_str(), [step](benchmark::State& state) {
      for (auto _ : state) benchmark::DoNotOptimize(step.plan());
    });
    const gongkai::CaseChange change = MustPlan(step);
    benchmark::RegisterBenchmark(("transition_call/" + step.name).c_str(),
                                 [change](benchmark::State& state) {
                                   for (auto _ : state) {
                                     benchmark::DoNotOptimize(gongkai::PrepareTransition(change));
                                   }
                                 });
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
