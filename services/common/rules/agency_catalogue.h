// The county's agencies: every body that receives requests and answers them in its own name
// (Regulations Art. 4) — the county government, its departments, the townships — with who hears a
// reconsideration of its decisions, how its letters are headed, how its fees are paid, whether it
// has a window of its own, and its units (the 科室, or for the county government the departments
// that act as 承办 for it) with their routing keywords.
//
// Catalogue file ('#' starts a comment), one section per agency:
//   [czj]
//   name = 县财政局
//   kind = department                 # county | department | township
//   reconsideration_body = 县人民政府  # optional but for the county: the county government
//   letterhead = 县财政局              # optional: the name
//   fee_payment = 县财政局非税收入账户，缴费时注明案件编号
//   window = 县政务服务中心二楼 12 号窗口  # optional: no window of its own
//   report_due = 01-31                 # optional: see AnnualReportDue
//   oversight = yes                    # optional: the county's disclosure office (Art. 3)
//   unit = ysg | 预算股 | 预算, 三公经费  # one line per unit: code | name | routing keywords
//
// Example:
//   auto catalogue = AgencyCatalogue::Load("deploy/agencies.conf");
//   catalogue->Find("czj")->units.Route("2025年三公经费决算");
#pragma once

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "documents/issuing_agency.h"
#include "rules/department_catalogue.h"

namespace gongkai {

enum class AgencyKind {
  kCountyGovernment,  // 县人民政府: publishes the county's report, oversees the others' work
  kDepartment,        // 县政府部门
  kTownship,          // 乡镇人民政府
};

struct Agency {
  std::string code;  // 1-16 of [a-z0-9_-]
  std::string name;
  AgencyKind kind = AgencyKind::kDepartment;
  std::string reconsideration_body;  // 复议机关 (行政复议法 Art. 24)
  std::string letterhead;
  std::string fee_payment;
  std::string window;  // empty: requests reach it by post, online or through another's window
  // The month and day by which its annual report on the past year is published.
  int report_due_month = 1;
  int report_due_day = 31;
  // The county's 政府信息公开工作主管部门 (Regulations Art. 3: the government's general office):
  // its managers oversee every agency of the county.
  bool oversees_county = false;
  DepartmentCatalogue units;

  // Who issues this agency's documents, as the letters print it.
  IssuingAgency Issuing() const;
};

class AgencyCatalogue {
 public:
  static absl::StatusOr<AgencyCatalogue> Parse(absl::string_view text);
  static absl::StatusOr<AgencyCatalogue> Load(const std::string& path);

  const std::vector<Agency>& agencies() const { return agencies_; }
  const Agency* Find(absl::string_view code) const;
  // The one county government of the catalogue.
  const Agency& county() const { return agencies_[county_index_]; }
  // The agency of accounts and requests that name none (a deployment that was one agency before
  // it served the county): the county government unless SetDefault chose another.
  const Agency& default_agency() const { return agencies_[default_index_]; }
  absl::Status SetDefault(absl::string_view code);
  // The agency `code` names, the default one for "". Null for an unknown code.
  const Agency* Resolve(absl::string_view code) const;
  // The code `code` stands for: the default agency's for "".
  const std::string& CodeOf(absl::string_view code) const;
  // Who issues the documents of a case of agency `code`: the default agency for "" or a code
  // the catalogue no longer has (a case is never without a letterhead).
  IssuingAgency IssuingFor(absl::string_view code) const;
  // INVALID_ARGUMENT naming `field`, in Chinese, unless `code` names an agency.
  absl::Status CheckCode(absl::string_view code, absl::string_view field = "agency") const;

 private:
  std::vector<Agency> agencies_;
  absl::flat_hash_map<std::string, size_t> index_;
  size_t county_index_ = 0;
  size_t default_index_ = 0;
};

// The last day on which `agency` publishes its annual report on the year `year`. Regulations
// Art. 49: a department of a county government by 31 January of the next year; the county
// government's report (published by its disclosure office) by 31 March. Townships are not named
// there: the county sets their date, 31 January unless the catalogue's `report_due` says
// otherwise.
absl::CivilDay AnnualReportDue(const Agency& agency, int year);

// "county", "department", "township"; and the Chinese words staff read.
absl::string_view AgencyKindName(AgencyKind kind);
absl::string_view AgencyKindLabel(AgencyKind kind);

}  // namespace gongkai
