// The seven steps a case takes through the pipeline, each planned as the service that takes it
// plans it, with the inputs the pipeline benchmark's staff send. The benchmarks that time a step
// walk cases through these: step_benchmark.cc (the services' own work, without Redis) and
// script_benchmark.cc (what the step's script costs Redis).
//
// Example:
//   v1::Case before;
//   for (const PipelineStep& step : PipelineSteps("2026-000001", "bench-0001")) {
//     absl::StatusOr<CaseChange> change = step.plan(before);
//     ...commit it...
//     before = change->after;
//   }
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "calendar/working_calendar.h"
#include "gongkai/v1/case.pb.h"
#include "gongkai/v1/intake.pb.h"
#include "rules/agency_catalogue.h"
#include "rules/case_commands.h"

namespace gongkai::bench {

// A fixed moment, so that every run plans the same changes: a working day of 2026.
absl::Time StepsNow();

// The shipped calendar and agency catalogue (deploy/), loaded once.
const WorkingCalendar& StepsCalendar();
const AgencyCatalogue& StepsAgencies();

// The registration the steps start from: received on StepsNow()'s day.
v1::RegisterRequest StepsRegistration(const std::string& request_id);

struct PipelineStep {
  std::string name;  // register, route, accept, submit_draft, clear, reply_letter, deliver
  // Plans the step on the case as the step before left it (`register` ignores it).
  std::function<absl::StatusOr<CaseChange>(const v1::Case& before)> plan;
};

// The steps of the case numbered `case_number`, registered from the request `request_id`.
std::vector<PipelineStep> PipelineSteps(const std::string& case_number,
                                        const std::string& request_id);

}  // namespace gongkai::bench
