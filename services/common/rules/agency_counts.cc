#include "rules/agency_counts.h"

#include "absl/strings/str_cat.h"
#include "rules/receipt_date.h"

namespace gongkai {
namespace {

// "YYYY-MM-DD" → the year and the month fields of `kind`; nothing for a date not of that shape
// (validated on entry, so only a damaged record).
void AddDated(absl::string_view kind, const std::string& date, std::vector<std::string>& fields) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return;
  fields.push_back(absl::StrCat(kind, ":", date.substr(0, 4)));
  fields.push_back(absl::StrCat(kind, ":", date.substr(0, 7)));
}

}  // namespace

std::vector<std::string> AgencyCounters(const v1::Case& c) {
  std::vector<std::string> fields;
  if (c.state() == v1::CASE_STATE_UNSPECIFIED) return fields;
  AddDated("received", ReceiptDateOf(c), fields);
  if (c.state() != v1::CASE_STATE_CLOSED) {
    fields.push_back("open");
    return fields;
  }
  AddDated("closed", c.closed_on(), fields);
  // A reply's delivery closes the case; the other ways to close (no supplement, a fee unpaid, a
  // withdrawal) are not replies, on time or late.
  if (c.delivery().delivered_on().empty()) return fields;
  AddDated(c.replied_on_time() ? "on_time" : "late", c.closed_on(), fields);
  return fields;
}

}  // namespace gongkai
