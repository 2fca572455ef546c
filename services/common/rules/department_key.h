// A unit of an agency as one word, "<agency>:<unit>" ("czj:ysg"; "czj:" for an agency's cases
// not yet in a unit): unit codes repeat between agencies (every township has its 党政办), so the
// indexes, the case's `dept` field that the sweeper reads, and the reminders name both.
//
// Example:
//   DepartmentKey("czj", "ysg") == "czj:ysg"
//   SplitDepartmentKey("czj:") == DepartmentRef{"czj", ""}
#pragma once

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace gongkai {

struct DepartmentRef {
  std::string agency;
  std::string department;  // "" before the case has a unit
  bool operator==(const DepartmentRef&) const = default;
};

inline std::string DepartmentKey(absl::string_view agency, absl::string_view department) {
  return absl::StrCat(agency, ":", department);
}

// The agency and unit of a DepartmentKey; a text without ':' is a unit of no agency.
inline DepartmentRef SplitDepartmentKey(absl::string_view key) {
  const size_t colon = key.find(':');
  if (colon == absl::string_view::npos) return {"", std::string(key)};
  return {std::string(key.substr(0, colon)), std::string(key.substr(colon + 1))};
}

}  // namespace gongkai
