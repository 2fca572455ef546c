// The services' own CPU for each step of the pipeline, without Redis or gRPC: the domain logic
// that plans the change (what intake, routing, review and reply run on the case they hold) and
// PrepareTransition, which turns the change into the transition script's keys and arguments.
// One case is walked through the pipeline's seven steps once, at start-up, with the same inputs
// as the pipeline benchmark's staff send (pipeline_steps.h); each benchmark then repeats one step
// on the case as it stood before that step.
//
//   deploy/local.sh bench-steps                  (or build/bin/gongkai-bench-steps)
//   build/bin/gongkai-bench-steps --benchmark_filter=transition_call
//
// "plan/<step>" times the domain function, "transition_call/<step>" PrepareTransition of its
// change; their sum is what one commit of that step costs a service before any byte goes to Redis.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "base/mutex_deadlock_detection.h"
#include "pipeline_steps.h"
#include "redis/case_store.h"

int main(int argc, char** argv) {
  using namespace gongkai;
  DisableMutexDeadlockDetection();
  // The case as each step finds it: the change's `after` of the step before, without history,
  // as LoadForChange and the services' case cache give it.
  v1::Case before;
  for (const bench::PipelineStep& step : bench::PipelineSteps("2026-000001", "bench-0001")) {
    const absl::StatusOr<CaseChange> change = step.plan(before);
    if (!change.ok()) {
      std::fprintf(stderr, "step %s: %s\n", step.name.c_str(), change.status().ToString().c_str());
      return 1;
    }
    benchmark::RegisterBenchmark(("plan/" + step.name).c_str(),
                                 [step, before](benchmark::State& state) {
                                   for (auto _ : state) benchmark::DoNotOptimize(step.plan(before));
                                 });
    benchmark::RegisterBenchmark(("transition_call/" + step.name).c_str(),
                                 [change = *change](benchmark::State& state) {
                                   for (auto _ : state) {
                                     benchmark::DoNotOptimize(PrepareTransition(change));
                                   }
                                 });
    before = change->after;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
