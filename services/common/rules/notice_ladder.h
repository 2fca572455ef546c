// The escalation ladder of staff reminders: who is told of a notice the sweeper raises, which
// reminders a person receives, and the Chinese title staff read. Plain C++, no Redis or gRPC.
//
// Everything stays within the cases' agency: a notice names its department as a DepartmentKey
// ("czj:ysg", "czj:" for cases not yet in a unit, rules/department_key.h), and goes to audiences
// of that agency:
//   due_soon_<N>, consultation_lapsed  → the unit's officers ("dept:czj:ysg")
//   overdue                            → the unit's officers and the agency's head and managers
//                                        ("dept:czj:ysg", "managers:czj")
//   any kind for cases not yet in a unit ("czj:") → the agency's dispatchers ("dispatch:czj")
//                                        instead (overdue: and "managers:czj")
//   overdue, `moved`                   → the (new) unit's officers only, or the dispatchers for
//                                        "czj:": the cases moved from a unit that was told, so
//                                        the head and managers heard of them already
// A person of an agency belongs to audiences by their roles: officer → their unit's (none
// without one), dispatcher → "dispatch:<agency>", head and manager → "managers:<agency>";
// several roles, several audiences. Clerks, reviewers and administrators are told of nothing.
// The county office's managers hear of their own agency's cases only: the county's view of the
// others is the overview and the bulletin, not a stream of every agency's reminders.
//
// Example:
//   GK_ASSIGN_OR_RETURN(std::vector<std::string> told,
//                       NoticeAudiences("overdue", "czj:ysg", /*moved=*/false));
//   // {"dept:czj:ysg", "managers:czj"}
//   NoticeTitle("overdue", "2026-11-03", 3);  // "3件申请已超过答复期限（应于2026-11-03前答复）"
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongkai {

inline constexpr char kDispatchAudience[] = "dispatch";
inline constexpr char kManagersAudience[] = "managers";

// "dept:czj:ysg", of a DepartmentKey (rules/department_key.h).
std::string DepartmentAudience(absl::string_view department);
// "dispatch:czj", "managers:czj": an agency's dispatchers, its head and managers.
std::string DispatchAudience(absl::string_view agency);
std::string ManagersAudience(absl::string_view agency);

enum class NoticeKind { kOverdue, kDueSoon, kConsultationLapsed };

struct ParsedNoticeKind {
  NoticeKind kind = NoticeKind::kOverdue;
  int working_days = 0;  // due_soon_<N>: N (1-20)
};

// "overdue", "due_soon_<N>" (N 1-20), "consultation_lapsed"; INVALID_ARGUMENT naming `kind`
// otherwise.
absl::StatusOr<ParsedNoticeKind> ParseNoticeKind(absl::string_view kind);

// The name ParseNoticeKind reads back: "overdue", "due_soon_5", "consultation_lapsed". The
// sweeper names the notices it gives with it.
std::string NoticeKindName(const ParsedNoticeKind& kind);

// Whether `department` is a DepartmentKey: "<agency>:<unit>", or "<agency>:" for no unit yet,
// each code 1-16 of [a-z0-9_-].
bool IsNoticeDepartment(absl::string_view department);

// Who is told of a notice of `kind` about cases of `department` (a DepartmentKey; "czj:" for
// cases not yet in a unit): within the case's agency.
// `moved`: the sweeper's re-notice of cases that came to `department` from a department that was
// told already (its entry's `moved` = "1"). INVALID_ARGUMENT naming the field for an unknown kind
// or a malformed department.
absl::StatusOr<std::vector<std::string>> NoticeAudiences(absl::string_view kind,
                                                         absl::string_view department, bool moved);

// The audiences a person of `agency` with `roles` (of the access policy) and `department` belongs
// to, each once, in the order: department, dispatch, managers.
std::vector<std::string> PersonAudiences(const std::vector<std::string>& roles,
                                         absl::string_view agency, absl::string_view department);

// The title staff read (a notice's cases share its due date):
//   overdue              "3件申请已超过答复期限（应于2026-11-03前答复）"
//   due_soon_5           "2件申请将于5个工作日内到期（答复期限至2026-11-03）"
//   consultation_lapsed  "1件申请征求意见期限已满（2026-11-03届满）"
// INVALID_ARGUMENT for an unknown kind.
absl::StatusOr<std::string> NoticeTitle(absl::string_view kind, absl::string_view due_date,
                                        int64_t count);

}  // namespace gongkai
