// The department catalogue and the routing rule that picks the department holding the requested
// information from the request's description.
//
// Catalogue file, one department a line ('#' starts a comment):
//   czj | 县财政局 | 预算, 决算, 财政资金, 三公经费
//
// The rule: every keyword found in the description scores its length in characters; the one
// department with the highest score gets the case. No match, or a tie at the top, goes to a
// human dispatcher: a wrong automatic guess costs a department's time and the applicant's clock.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongkai {

struct Department {
  std::string code;  // 1-16 of [a-z0-9_-]
  std::string name;
  std::vector<std::string> keywords;
};

struct RoutingDecision {
  std::optional<std::string> department{};  // nullopt: to the dispatcher
  std::vector<std::string> matched_keywords{};
  std::string explanation{};  // one line for the case history
};

// A code of the catalogues (departments, agencies, units): 1-16 of a-z, 0-9, _ and -.
bool IsCatalogueCode(absl::string_view code);

// One line of a catalogue, `code | name | keywords`, without its comment; the error names the
// problem but not the line, which the caller knows.
absl::StatusOr<Department> ParseDepartmentLine(absl::string_view line);

class DepartmentCatalogue {
 public:
  static absl::StatusOr<DepartmentCatalogue> Parse(absl::string_view text);
  // Departments parsed elsewhere (an agency's units): at least one, at most 1000, codes unique.
  static absl::StatusOr<DepartmentCatalogue> FromDepartments(std::vector<Department> departments);
  static absl::StatusOr<DepartmentCatalogue> Load(const std::string& path);

  const std::vector<Department>& departments() const { return departments_; }
  const Department* Find(absl::string_view code) const;
  // The one answer to a department code that names no department, wherever it is given:
  // INVALID_ARGUMENT naming `field` (a bad argument, not a missing resource). An empty code is
  // OK here; whether one is required is the caller's rule.
  absl::Status CheckCode(absl::string_view code, absl::string_view field = "department") const;

  RoutingDecision Route(absl::string_view description) const;

 private:
  std::vector<Department> departments_;
};

}  // namespace gongkai
