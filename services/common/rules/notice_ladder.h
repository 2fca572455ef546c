// The escalation ladder of staff reminders: who is told of a notice the sweeper raises, which
// reminders a person receives, and the Chinese title staff read. Plain C++, no Redis or gRPC.
//
// A notice (kind, department) goes to audiences:
//   due_soon_<N>, consultation_lapsed  → the department's officers ("dept:<code>")
//   overdue                            → the department's officers and the head and managers
//                                        ("dept:<code>", "managers")
//   any kind for cases not yet in a department (department "") → the dispatchers ("dispatch")
//                                        instead of the department (overdue: and "managers")
//   overdue, `moved`                   → the (new) department's officers only, or the
//                                        dispatchers for department "": the cases moved from a
//                                        department that was told, so the head and managers
//                                        heard of them already
// A person belongs to audiences by their roles: officer → their department's (none without a
// department), dispatcher → "dispatch", head and manager → "managers"; several roles, several
// audiences. Clerks, reviewers and administrators are told of nothing (an empty list).
//
// Example:
//   GK_ASSIGN_OR_RETURN(std::vector<std::string> told,
//                       NoticeAudiences("overdue", "czj", /*moved=*/false));
//   // {"dept:czj", "managers"}
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

// "dept:czj".
std::string DepartmentAudience(absl::string_view department);

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

// Whether `department` is a catalogue-shaped code (1-16 of [a-z0-9_-]) or empty (no department).
bool IsNoticeDepartment(absl::string_view department);

// Who is told of a notice of `kind` about cases of `department` ("" for cases not yet in one).
// `moved`: the sweeper's re-notice of cases that came to `department` from a department that was
// told already (its entry's `moved` = "1"). INVALID_ARGUMENT naming the field for an unknown kind
// or a malformed department.
absl::StatusOr<std::vector<std::string>> NoticeAudiences(absl::string_view kind,
                                                         absl::string_view department, bool moved);

// The audiences a person with `roles` (of the access policy) and `department` belongs to, each
// once, in the order: department, dispatch, managers.
std::vector<std::string> PersonAudiences(const std::vector<std::string>& roles,
                                         absl::string_view department);

// The title staff read (a notice's cases share its due date):
//   overdue              "3件申请已超过答复期限（应于2026-11-03前答复）"
//   due_soon_5           "2件申请将于5个工作日内到期（答复期限至2026-11-03）"
//   consultation_lapsed  "1件申请征求意见期限已满（2026-11-03届满）"
// INVALID_ARGUMENT for an unknown kind.
absl::StatusOr<std::string> NoticeTitle(absl::string_view kind, absl::string_view due_date,
                                        int64_t count);

}  // namespace gongkai
