#include "redis/case_actions.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/status_macros.h"

namespace gongkai {

absl::Status ActOnCase(CaseStore& store, absl::string_view case_number, int64_t expected_version,
                       v1::CaseAck* ack, const PlanChange& plan) {
  if (expected_version < 0) {
    return absl::InvalidArgumentError("`expected_version` 不能为负数");
  }
  constexpr int kAttempts = 3;
  absl::Status last;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    GK_ASSIGN_OR_RETURN(v1::Case current, store.LoadForChange(case_number, expected_version));
    GK_ASSIGN_OR_RETURN(CaseChange change, plan(current));
    absl::StatusOr<int64_t> version = store.Commit(change);
    if (version.ok()) {
      ack->set_case_number(current.case_number());
      ack->set_state(change.after.state());
      ack->set_version(*version);
      return absl::OkStatus();
    }
    last = version.status();
    // A caller that named its version decides itself what to do with a case that moved on.
    if (!absl::IsAborted(last) || expected_version != 0) return last;
  }
  return last;
}

}  // namespace gongkai
