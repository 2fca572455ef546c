#include "rules/report_counts.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "rules/outcomes.h"
#include "rules/receipt_date.h"

namespace gongkai {
namespace {

int YearOf(const std::string& date) {
  absl::CivilDay day;
  return ParseDay(date, &day) ? static_cast<int>(day.year()) : 0;
}

bool IsDecided(v1::RedressResult result) {
  return result == v1::REDRESS_RESULT_MAINTAINED || result == v1::REDRESS_RESULT_CORRECTED ||
         result == v1::REDRESS_RESULT_OTHER;
}

// One field for the filing and, once decided, one for the decision: table 四 counts the result
// in the year decided and the record as pending in every year-end between filing and decision.
void AddRedressCounters(const v1::Case& c, std::vector<std::string>& fields) {
  for (const v1::Redress& redress : c.redress()) {
    const int filed = YearOf(redress.filed_on());
    if (filed == 0) continue;  // validated on recording; a damaged record counts nowhere
    const int kind = static_cast<int>(redress.kind());
    fields.push_back(absl::StrCat("rdf:", filed, ":", kind));
    const int decided = YearOf(redress.decided_on());
    if (IsDecided(redress.result()) && decided != 0) {
      fields.push_back(
          absl::StrCat("rdd:", decided, ":", kind, ":", static_cast<int>(redress.result())));
    }
  }
}

}  // namespace

std::vector<std::string> ReportCounters(const v1::Case& c) {
  std::vector<std::string> fields;
  if (c.state() == v1::CASE_STATE_UNSPECIFIED) return fields;
  const int received = YearOf(ReceiptDateOf(c));
  const int column = static_cast<int>(c.applicant().type());
  if (received == 0) return fields;
  fields.push_back(absl::StrCat("new:", received, ":", column));
  if (c.state() != v1::CASE_STATE_CLOSED) {
    fields.push_back(absl::StrCat("open:", received, ":", column));
    AddRedressCounters(c, fields);
    return fields;
  }
  const int closed = YearOf(c.closed_on());
  const OutcomeInfo* outcome = FindOutcome(c.draft().outcome());
  const absl::string_view row = outcome != nullptr ? outcome->report_row : "3.6.3";
  fields.push_back(absl::StrCat("done:", closed, ":", row, ":", column));
  if (closed > received)
    fields.push_back(absl::StrCat("late:", closed, ":", received, ":", column));
  AddRedressCounters(c, fields);
  return fields;
}

std::vector<std::pair<std::string, int>> CounterChanges(std::vector<std::string> before,
                                                        std::vector<std::string> after) {
  std::sort(before.begin(), before.end());
  std::sort(after.begin(), after.end());
  std::vector<std::pair<std::string, int>> changes;
  // Multisets: two redress records may count in the same field.
  size_t i = 0, j = 0;
  while (i < before.size() || j < after.size()) {
    if (j == after.size() || (i < before.size() && before[i] < after[j])) {
      changes.emplace_back(before[i++], -1);
    } else if (i == before.size() || after[j] < before[i]) {
      changes.emplace_back(after[j++], +1);
    } else {
      ++i;
      ++j;
    }
  }
  return changes;
}

}  // namespace gongkai
