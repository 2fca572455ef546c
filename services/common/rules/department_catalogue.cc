#include "rules/department_catalogue.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "base/status_macros.h"
#include "base/text_file.h"
#include "base/utf8.h"

namespace gongkai {
namespace {

constexpr size_t kMaxDepartments = 1000;
constexpr size_t kMaxKeywords = 200;
constexpr size_t kMaxKeywordChars = 30;
constexpr size_t kMaxNameChars = 60;

absl::Status LineError(int line, absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat("department catalogue line ", line, ": ", problem));
}

}  // namespace

bool IsCatalogueCode(absl::string_view code) {
  if (code.empty() || code.size() > 16) return false;
  for (char c : code) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

absl::StatusOr<Department> ParseDepartmentLine(absl::string_view line) {
  std::vector<absl::string_view> parts = absl::StrSplit(line, '|');
  if (parts.size() != 3) return absl::InvalidArgumentError("expected `code | name | keywords`");
  Department department;
  department.code = std::string(absl::StripAsciiWhitespace(parts[0]));
  department.name = std::string(absl::StripAsciiWhitespace(parts[1]));
  if (!IsCatalogueCode(department.code)) {
    return absl::InvalidArgumentError("code must be 1-16 of a-z, 0-9, _ and -");
  }
  const auto name_length = Utf8Length(department.name);
  if (!name_length || *name_length == 0 || *name_length > kMaxNameChars) {
    return absl::InvalidArgumentError("name must be 1-60 characters of UTF-8");
  }
  // Staff type Chinese lists with the full-width comma as often as with the ASCII one.
  const std::string keyword_list = absl::StrReplaceAll(parts[2], {{"，", ","}, {"、", ","}});
  for (absl::string_view keyword : absl::StrSplit(keyword_list, ',', absl::SkipWhitespace())) {
    keyword = absl::StripAsciiWhitespace(keyword);
    const auto length = Utf8Length(keyword);
    if (!length || *length > kMaxKeywordChars) {
      return absl::InvalidArgumentError("keywords must be at most 30 characters of UTF-8");
    }
    department.keywords.emplace_back(keyword);
  }
  if (department.keywords.size() > kMaxKeywords) {
    return absl::InvalidArgumentError("at most 200 keywords per department");
  }
  return department;
}

absl::StatusOr<DepartmentCatalogue> DepartmentCatalogue::FromDepartments(
    std::vector<Department> departments) {
  if (departments.empty()) return absl::InvalidArgumentError("lists no department");
  if (departments.size() > kMaxDepartments) {
    return absl::InvalidArgumentError("at most 1000 departments");
  }
  DepartmentCatalogue catalogue;
  for (Department& department : departments) {
    if (catalogue.Find(department.code) != nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("duplicate code ", department.code));
    }
    catalogue.departments_.push_back(std::move(department));
  }
  return catalogue;
}

absl::StatusOr<DepartmentCatalogue> DepartmentCatalogue::Parse(absl::string_view text) {
  std::vector<Department> departments;
  int line_number = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++line_number;
    absl::string_view line = absl::StripAsciiWhitespace(raw.substr(0, raw.find('#')));
    if (line.empty()) continue;
    absl::StatusOr<Department> department = ParseDepartmentLine(line);
    if (!department.ok()) return LineError(line_number, department.status().message());
    for (const Department& earlier : departments) {
      if (earlier.code == department->code) {
        return LineError(line_number, absl::StrCat("duplicate code ", department->code));
      }
    }
    departments.push_back(*std::move(department));
    if (departments.size() > kMaxDepartments) {
      return LineError(line_number, "at most 1000 departments");
    }
  }
  absl::StatusOr<DepartmentCatalogue> catalogue = FromDepartments(std::move(departments));
  if (!catalogue.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("department catalogue ", catalogue.status().message()));
  }
  return catalogue;
}

absl::StatusOr<DepartmentCatalogue> DepartmentCatalogue::Load(const std::string& path) {
  GK_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path));
  return Parse(text);
}

const Department* DepartmentCatalogue::Find(absl::string_view code) const {
  for (const Department& department : departments_) {
    if (department.code == code) return &department;
  }
  return nullptr;
}

absl::Status DepartmentCatalogue::CheckCode(absl::string_view code, absl::string_view field) const {
  if (code.empty() || Find(code) != nullptr) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("`", field, "` \"", Utf8Prefix(code, 16), "\" 不在部门目录中"));
}

RoutingDecision DepartmentCatalogue::Route(absl::string_view description) const {
  RoutingDecision decision;
  size_t best_score = 0;
  std::vector<const Department*> best;
  std::vector<std::string> best_keywords;
  for (const Department& department : departments_) {
    size_t score = 0;
    std::vector<std::string> matched;
    for (const std::string& keyword : department.keywords) {
      // Byte search is exact for UTF-8: no character's encoding occurs inside another's.
      if (description.find(keyword) != absl::string_view::npos) {
        score += Utf8Length(keyword).value_or(0);
        matched.push_back(keyword);
      }
    }
    if (score == 0) continue;
    if (score > best_score) {
      best_score = score;
      best = {&department};
      best_keywords = std::move(matched);
    } else if (score == best_score) {
      best.push_back(&department);
    }
  }
  if (best.empty()) {
    decision.explanation = "no catalogue keyword matched the description";
  } else if (best.size() > 1) {
    decision.explanation =
        absl::StrCat("tie between ", absl::StrJoin(best, ", ", [](std::string* out, auto* d) {
                       absl::StrAppend(out, d->code);
                     }));
  } else {
    decision.department = best.front()->code;
    decision.matched_keywords = std::move(best_keywords);
    decision.explanation = absl::StrCat("matched ", absl::StrJoin(decision.matched_keywords, "、"),
                                        " (score ", best_score, ")");
  }
  return decision;
}

}  // namespace gongkai
