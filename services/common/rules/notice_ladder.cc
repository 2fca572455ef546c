#include "rules/notice_ladder.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "base/status_macros.h"
#include "documents/formal_document.h"
#include "rules/department_key.h"

namespace gongkai {

std::string DepartmentAudience(absl::string_view department) {
  return absl::StrCat("dept:", department);
}

std::string NoticeKindName(const ParsedNoticeKind& kind) {
  switch (kind.kind) {
    case NoticeKind::kOverdue:
      return "overdue";
    case NoticeKind::kConsultationLapsed:
      return "consultation_lapsed";
    case NoticeKind::kDueSoon:
      break;
  }
  return absl::StrCat("due_soon_", kind.working_days);
}

absl::StatusOr<ParsedNoticeKind> ParseNoticeKind(absl::string_view kind) {
  ParsedNoticeKind parsed;
  if (kind == "overdue") {
    parsed.kind = NoticeKind::kOverdue;
    return parsed;
  }
  if (kind == "consultation_lapsed") {
    parsed.kind = NoticeKind::kConsultationLapsed;
    return parsed;
  }
  constexpr absl::string_view kDueSoon = "due_soon_";
  if (absl::StartsWith(kind, kDueSoon)) {
    const absl::string_view days = kind.substr(kDueSoon.size());
    int value = 0;
    // Digits only (SimpleAtoi takes "+5" and " 5"), no leading zero.
    const bool digits =
        !days.empty() && days.size() <= 2 && days[0] != '0' &&
        std::all_of(days.begin(), days.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits && absl::SimpleAtoi(days, &value) && value >= 1 && value <= 20) {
      parsed.kind = NoticeKind::kDueSoon;
      parsed.working_days = value;
      return parsed;
    }
  }
  return absl::InvalidArgumentError(
      "`kind` must be overdue, due_soon_<1-20> or consultation_lapsed");
}

namespace {

bool IsCodeShaped(absl::string_view code) {
  if (code.size() > 16) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

}  // namespace

bool IsNoticeDepartment(absl::string_view department) {
  const size_t colon = department.find(':');
  if (colon == 0 || colon == absl::string_view::npos) return false;
  return IsCodeShaped(department.substr(0, colon)) && IsCodeShaped(department.substr(colon + 1));
}

std::string DispatchAudience(absl::string_view agency) {
  return absl::StrCat(kDispatchAudience, ":", agency);
}

std::string ManagersAudience(absl::string_view agency) {
  return absl::StrCat(kManagersAudience, ":", agency);
}

absl::StatusOr<std::vector<std::string>> NoticeAudiences(absl::string_view kind,
                                                         absl::string_view department, bool moved) {
  GK_ASSIGN_OR_RETURN(ParsedNoticeKind parsed, ParseNoticeKind(kind));
  if (!IsNoticeDepartment(department)) {
    return absl::InvalidArgumentError("`department` must be <agency>:<unit> or <agency>:");
  }
  const DepartmentRef ref = SplitDepartmentKey(department);
  // Cases without a department wait for the dispatcher: it is the one who can act on them.
  std::vector<std::string> audiences = {ref.department.empty() ? DispatchAudience(ref.agency)
                                                               : DepartmentAudience(department)};
  // Overdue is a breach of the statutory period: the head and the managers hear of it too — once.
  // A case moved on from a department that was told is the same breach; only the department now
  // holding it (or the dispatcher) has news.
  if (parsed.kind == NoticeKind::kOverdue && !moved) {
    audiences.push_back(ManagersAudience(ref.agency));
  }
  return audiences;
}

std::vector<std::string> PersonAudiences(const std::vector<std::string>& roles,
                                         absl::string_view agency, absl::string_view department) {
  auto holds = [&roles](absl::string_view role) {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  };
  std::vector<std::string> audiences;
  const std::string key = DepartmentKey(agency, department);
  if (holds("officer") && !department.empty() && IsNoticeDepartment(key)) {
    audiences.push_back(DepartmentAudience(key));
  }
  if (holds("dispatcher")) audiences.push_back(DispatchAudience(agency));
  if (holds("head") || holds("manager")) audiences.push_back(ManagersAudience(agency));
  return audiences;
}

absl::StatusOr<std::string> NoticeTitle(absl::string_view kind, absl::string_view due_date,
                                        int64_t count) {
  GK_ASSIGN_OR_RETURN(ParsedNoticeKind parsed, ParseNoticeKind(kind));
  // Staff read the date as the letters print it, 2026年11月3日.
  absl::CivilDay day;
  if (!absl::ParseCivilTime(due_date, &day)) {
    return absl::InvalidArgumentError("`due_date` must be YYYY-MM-DD");
  }
  const std::string date = ChineseDate(day);
  switch (parsed.kind) {
    case NoticeKind::kOverdue:
      return absl::StrCat(count, "件申请已超过答复期限（应于", date, "前答复）");
    case NoticeKind::kDueSoon:
      // The window counts the due day itself: a case due in exactly N working days is in it.
      return absl::StrCat(count, "件申请将于", parsed.working_days, "个工作日内到期（答复期限至",
                          date, "）");
    case NoticeKind::kConsultationLapsed:
      return absl::StrCat(count, "件申请征求意见期限已满（", date, "届满）");
  }
  return absl::InvalidArgumentError("`kind` is unknown");
}

}  // namespace gongkai
