#include "redis/case_actions.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/logging.h"
#include "base/status_macros.h"
#include "redis/case_cache.h"

namespace gongkai {

absl::Status ActOnCase(CaseStore& store, absl::string_view case_number, int64_t expected_version,
                       v1::CaseAck* ack, const PlanChange& plan) {
  if (expected_version < 0) {
    return absl::InvalidArgumentError("`expected_version` must not be negative");
  }
  constexpr int kAttempts = 3;
  absl::Status last;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    // A caller naming the version this process committed last needs no read (case_cache.h).
    const int64_t epoch = RedisConnection::Epoch();
    std::optional<v1::Case> cached;
    if (expected_version != 0)
      cached = SharedCaseCache().Find(std::string(case_number), expected_version);
    v1::Case current;
    if (cached) {
      current = *std::move(cached);
    } else {
      GK_ASSIGN_OR_RETURN(current, store.Load(case_number, /*with_events=*/false));
    }
    if (expected_version != 0 && current.version() != expected_version) {
      return absl::AbortedError(absl::StrCat("case ", case_number, " is at version ",
                                             current.version(), ", not ", expected_version,
                                             "; reload and retry"));
    }
    GK_ASSIGN_OR_RETURN(CaseChange change, plan(current));
    absl::StatusOr<int64_t> version = store.Commit(change);
    if (version.ok()) {
      SharedCaseCache().Put(change.after, epoch);
      ack->set_case_number(current.case_number());
      ack->set_state(change.after.state());
      ack->set_version(*version);
      spdlog::info("event=transition case={} command={} from={} to={} version={} user={}",
                   current.case_number(), change.event.command(), StateName(change.from_state),
                   StateName(change.after.state()), *version, change.event.actor().user_id());
      return absl::OkStatus();
    }
    last = version.status();
    if (!absl::IsAborted(last) || expected_version != 0) return last;
  }
  return last;
}

}  // namespace gongkai
