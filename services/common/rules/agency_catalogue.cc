#include "rules/agency_catalogue.h"

#include <map>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "base/text_file.h"
#include "base/utf8.h"

namespace gongkai {
namespace {

constexpr size_t kMaxCatalogueBytes = 4 << 20;
constexpr size_t kMaxAgencies = 2000;

// The longest each value may be, in characters.
const std::map<std::string, size_t, std::less<>>& ValueLimits() {
  static const auto* limits = new std::map<std::string, size_t, std::less<>>{
      {"name", 60},       {"kind", 16},         {"reconsideration_body", 60},
      {"letterhead", 60}, {"fee_payment", 200}, {"window", 100},
      {"report_due", 5},  {"oversight", 3},
  };
  return *limits;
}

absl::Status LineError(int line, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("agency catalogue line ", line, ": ", problem));
}

std::optional<AgencyKind> KindFromName(absl::string_view name) {
  for (AgencyKind kind :
       {AgencyKind::kCountyGovernment, AgencyKind::kDepartment, AgencyKind::kTownship}) {
    if (AgencyKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

// "MM-DD" of a day that every year has (no 29 February).
bool ParseMonthDay(absl::string_view text, int& month, int& day) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, '-');
  if (parts.size() != 2 || parts[0].size() != 2 || parts[1].size() != 2) return false;
  if (!absl::SimpleAtoi(parts[0], &month) || !absl::SimpleAtoi(parts[1], &day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const absl::CivilDay date(2025, month, day);  // a common year: 02-29 normalizes away
  return date.month() == month && date.day() == day;
}

// One agency while its section is read: the values given, and where.
struct Section {
  int line = 0;
  Agency agency;
  std::map<std::string, std::string, std::less<>> values;
  std::vector<Department> units;
};

absl::StatusOr<Agency> Finish(Section section) {
  Agency& agency = section.agency;
  auto error = [&](absl::string_view problem) {
    return LineError(section.line, absl::StrCat("agency ", agency.code, ": ", problem));
  };
  auto value = [&](absl::string_view key) -> std::string {
    auto found = section.values.find(key);
    return found == section.values.end() ? std::string() : found->second;
  };
  for (const char* required : {"name", "kind", "fee_payment"}) {
    if (value(required).empty()) return error(absl::StrCat("`", required, "` is missing"));
  }
  agency.name = value("name");
  std::optional<AgencyKind> kind = KindFromName(value("kind"));
  if (!kind) return error("`kind` must be county, department or township");
  agency.kind = *kind;
  agency.reconsideration_body = value("reconsideration_body");
  agency.letterhead = value("letterhead").empty() ? agency.name : value("letterhead");
  agency.fee_payment = value("fee_payment");
  agency.window = value("window");
  if (const std::string oversight = value("oversight"); !oversight.empty()) {
    if (oversight != "yes" && oversight != "no") return error("`oversight` must be yes or no");
    agency.oversees_county = oversight == "yes";
  }
  if (agency.kind == AgencyKind::kCountyGovernment) {
    agency.report_due_month = 3;
    if (agency.reconsideration_body.empty()) {
      // The body above the county is not in the catalogue: it must be named.
      return error("`reconsideration_body` is missing (the government above the county)");
    }
  }
  if (const std::string due = value("report_due");
      !due.empty() && !ParseMonthDay(due, agency.report_due_month, agency.report_due_day)) {
    return error("`report_due` must be MM-DD, a day every year has");
  }
  absl::StatusOr<DepartmentCatalogue> units = DepartmentCatalogue::FromDepartments(section.units);
  if (!units.ok()) return error(absl::StrCat("units: ", units.status().message()));
  agency.units = *std::move(units);
  return std::move(section.agency);
}

}  // namespace

IssuingAgency Agency::Issuing() const {
  return IssuingAgency{
      .name = letterhead, .reconsideration_body = reconsideration_body, .fee_payment = fee_payment};
}

absl::StatusOr<AgencyCatalogue> AgencyCatalogue::Parse(absl::string_view text) {
  if (text.size() > kMaxCatalogueBytes) {
    return absl::InvalidArgumentError("agency catalogue is larger than 4 MiB");
  }
  std::vector<Section> sections;
  int line_number = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++line_number;
    absl::string_view line = absl::StripAsciiWhitespace(raw.substr(0, raw.find('#')));
    if (line.empty()) continue;
    if (line.front() == '[') {
      if (line.back() != ']') return LineError(line_number, "expected `[code]`");
      const std::string code(absl::StripAsciiWhitespace(line.substr(1, line.size() - 2)));
      if (!IsCatalogueCode(code)) {
        return LineError(line_number, "agency code must be 1-16 of a-z, 0-9, _ and -");
      }
      for (const Section& earlier : sections) {
        if (earlier.agency.code == code) {
          return LineError(line_number, absl::StrCat("duplicate agency ", code));
        }
      }
      if (sections.size() == kMaxAgencies) {
        return LineError(line_number, "at most 2000 agencies");
      }
      sections.emplace_back();
      sections.back().line = line_number;
      sections.back().agency.code = code;
      continue;
    }
    if (sections.empty()) return LineError(line_number, "a value before the first `[code]`");
    Section& section = sections.back();
    const size_t equals = line.find('=');
    if (equals == absl::string_view::npos) return LineError(line_number, "expected `key = value`");
    const std::string key(absl::StripAsciiWhitespace(line.substr(0, equals)));
    const absl::string_view value = absl::StripAsciiWhitespace(line.substr(equals + 1));
    if (key == "unit") {
      absl::StatusOr<Department> unit = ParseDepartmentLine(value);
      if (!unit.ok())
        return LineError(line_number, absl::StrCat("unit: ", unit.status().message()));
      for (const Department& earlier : section.units) {
        if (earlier.code == unit->code) {
          return LineError(line_number, absl::StrCat("duplicate unit ", unit->code));
        }
      }
      section.units.push_back(*std::move(unit));
      continue;
    }
    auto limit = ValueLimits().find(key);
    if (limit == ValueLimits().end()) {
      return LineError(line_number, absl::StrCat("unknown key `", key, "`"));
    }
    if (section.values.count(key) > 0) {
      return LineError(line_number, absl::StrCat("`", key, "` given twice"));
    }
    const std::optional<size_t> length = Utf8Length(value);
    if (!length || *length == 0 || *length > limit->second) {
      return LineError(line_number, absl::StrCat("`", key, "` must be 1-", limit->second,
                                                 " characters of UTF-8"));
    }
    section.values.emplace(key, std::string(value));
  }
  AgencyCatalogue catalogue;
  std::optional<size_t> county;
  for (Section& section : sections) {
    const int line = section.line;
    GK_ASSIGN_OR_RETURN(Agency agency, Finish(std::move(section)));
    if (agency.kind == AgencyKind::kCountyGovernment) {
      if (county) return LineError(line, "a second county government");
      county = catalogue.agencies_.size();
    }
    catalogue.agencies_.push_back(std::move(agency));
  }
  if (!county) return absl::InvalidArgumentError("agency catalogue has no county government");
  catalogue.county_index_ = *county;
  catalogue.default_index_ = *county;
  for (size_t i = 0; i < catalogue.agencies_.size(); ++i) {
    catalogue.index_.emplace(catalogue.agencies_[i].code, i);
  }
  // A department's or a township's decisions are reconsidered by the county government
  // (行政复议法 Art. 24) unless the catalogue names another body: the office one level up for a
  // vertically managed one (Art. 27), the city government for a city bureau's branch (Art. 24).
  for (Agency& agency : catalogue.agencies_) {
    if (agency.reconsideration_body.empty()) {
      agency.reconsideration_body = catalogue.county().name;
    }
  }
  return catalogue;
}

absl::StatusOr<AgencyCatalogue> AgencyCatalogue::Load(const std::string& path) {
  GK_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path));
  return Parse(text);
}

const Agency* AgencyCatalogue::Find(absl::string_view code) const {
  auto found = index_.find(code);
  return found == index_.end() ? nullptr : &agencies_[found->second];
}

IssuingAgency AgencyCatalogue::IssuingFor(absl::string_view code) const {
  const Agency* agency = Resolve(code);
  return agency != nullptr ? agency->Issuing() : default_agency().Issuing();
}

absl::Status AgencyCatalogue::SetDefault(absl::string_view code) {
  auto found = index_.find(code);
  if (found == index_.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("default agency `", code, "` is not in the agency catalogue"));
  }
  default_index_ = found->second;
  return absl::OkStatus();
}

const Agency* AgencyCatalogue::Resolve(absl::string_view code) const {
  return code.empty() ? &default_agency() : Find(code);
}

const std::string& AgencyCatalogue::CodeOf(absl::string_view code) const {
  const Agency* agency = Resolve(code);
  static const std::string* const kUnknown = new std::string();
  return agency == nullptr ? *kUnknown : agency->code;
}

absl::Status AgencyCatalogue::CheckCode(absl::string_view code, absl::string_view field) const {
  if (Find(code) != nullptr) return absl::OkStatus();
  if (code.empty()) return absl::InvalidArgumentError(absl::StrCat("`", field, "` 未填写机关"));
  return absl::InvalidArgumentError(
      absl::StrCat("`", field, "` \"", Utf8Prefix(code, 16), "\" 不在机关目录中"));
}

absl::CivilDay AnnualReportDue(const Agency& agency, int year) {
  return absl::CivilDay(year + 1, agency.report_due_month, agency.report_due_day);
}

absl::string_view AgencyKindName(AgencyKind kind) {
  switch (kind) {
    case AgencyKind::kCountyGovernment:
      return "county";
    case AgencyKind::kDepartment:
      return "department";
    case AgencyKind::kTownship:
      return "township";
  }
  return "";
}

absl::string_view AgencyKindLabel(AgencyKind kind) {
  switch (kind) {
    case AgencyKind::kCountyGovernment:
      return "县人民政府";
    case AgencyKind::kDepartment:
      return "县政府部门";
    case AgencyKind::kTownship:
      return "乡镇人民政府";
  }
  return "";
}

}  // namespace gongkai
