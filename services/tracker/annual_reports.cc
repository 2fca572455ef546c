#include "annual_reports.h"

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "base/logging.h"
#include "base/staff_error.h"
#include "base/status_macros.h"
#include "redis/report_store.h"
#include "rules/annual_report.h"
#include "rules/report_amendments.h"

namespace gongkai {

absl::StatusOr<v1::AnnualReport> ReadAnnualReport(RedisConnection& redis,
                                                  const AgencyCatalogue& agencies,
                                                  const Agency* agency, int year, absl::Time now) {
  if (year < 2000 || year > 2100) {
    return absl::InvalidArgumentError("`year` 须在 2000 至 2100 之间");
  }
  std::optional<Publication> published;
  if (agency != nullptr) {
    GK_ASSIGN_OR_RETURN(auto publications, ReadPublications(redis));
    auto found = publications.find(absl::StrCat(agency->code, ":", year));
    if (found != publications.end()) published = found->second;
  }
  // Published: the figures as they were then; live counters otherwise. Without the partitions
  // whose master cannot be reached: the report says which.
  MissingPartitions missing;
  GK_ASSIGN_OR_RETURN(
      ReportCounterValues counters,
      published ? ReadFrozenCounters(redis, agency->code, year, &missing)
                : ReadReportCounters(redis, agency != nullptr ? agency->code : "", &missing));
  GK_ASSIGN_OR_RETURN(v1::AnnualReport report, BuildAnnualReport(year, counters));
  const Agency& issuer = agency != nullptr ? *agency : agencies.county();
  report.set_agency(agency != nullptr ? agency->code : "*");
  report.set_agency_name(agency != nullptr ? agency->name : "全县");
  report.set_due_date(FormatDay(AnnualReportDue(issuer, year)));
  report.set_generated_at(FormatTimestamp(now));
  if (published) {
    report.set_published_at(published->at);
    report.set_published_by(published->by);
    GK_ASSIGN_OR_RETURN(std::vector<StoredAmendment> amendments,
                        ReadAmendments(redis, agency->code, year, &missing));
    for (const StoredAmendment& stored : amendments) {
      v1::ReportAmendment& out = *report.add_amendments();
      out.set_case_number(stored.case_number);
      out.set_at(stored.at);
      for (const ReportCellDelta& cell : stored.cells) {
        v1::ReportCellChange& change = *out.add_cells();
        change.set_cell(cell.cell);
        change.set_label(ReportCellLabel(cell.cell));
        change.set_delta(cell.delta);
      }
    }
  }
  missing.Answer("AnnualReport", report.mutable_missing_partitions());
  return report;
}

absl::StatusOr<v1::AnnualReport> PublishAnnualReport(RedisConnection& redis,
                                                     const AgencyCatalogue& agencies,
                                                     const Agency& agency, int year,
                                                     const v1::Actor& actor, absl::Time now) {
  if (year < 2000 || year > 2100) {
    return absl::InvalidArgumentError("`year` 须在 2000 至 2100 之间");
  }
  if (year >= ChinaDay(now).year()) {
    return absl::FailedPreconditionError(
        absl::StrCat(year, "年尚未结束，不能发布该年度的政府信息公开工作年度报告"));
  }
  GK_ASSIGN_OR_RETURN(auto publications, ReadPublications(redis));
  if (auto found = publications.find(absl::StrCat(agency.code, ":", year));
      found != publications.end()) {
    return absl::FailedPreconditionError(absl::StrCat(agency.name, year, "年度报告已于",
                                                      found->second.at.substr(0, 10),
                                                      "发布，不能再次发布；发布后的变动记为更正"));
  }
  // The tables must balance before they are published, and hold every partition's cases.
  MissingPartitions missing;
  GK_ASSIGN_OR_RETURN(ReportCounterValues counters,
                      ReadReportCounters(redis, agency.code, &missing));
  if (!missing.empty()) {
    return StaffError(
        absl::StatusCode::kUnavailable,
        absl::StrCat("部分数据（分区", missing.Names("、"),
                     "）暂时无法读取，年度报告须以完整数据发布，请稍后再试"),
        absl::StrCat("annual report not published: partitions ", missing.Names(), " unreachable"));
  }
  GK_RETURN_IF_ERROR(BuildAnnualReport(year, counters).status());
  GK_RETURN_IF_ERROR(
      PublishReport(redis, agency.code, year, Publication{FormatTimestamp(now), actor.user_id()}));
  spdlog::info("event=annual_report_published agency={} year={} user={}", agency.code, year,
               actor.user_id());
  return ReadAnnualReport(redis, agencies, &agency, year, now);
}

}  // namespace gongkai
