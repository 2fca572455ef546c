#include "county_views.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "annual_reports.h"
#include "base/clock.h"
#include "base/status_macros.h"
#include "redis/report_store.h"
#include "rules/county_bulletin.h"
#include "rules/department_key.h"
#include "rules/due_score.h"

namespace gongkai {
namespace {

// Every agency with the open index that holds its cases (its code alone: the whole agency's).
std::vector<AgencyIndexes> IndexesOfEveryAgency(const AgencyCatalogue& agencies) {
  std::vector<AgencyIndexes> indexes;
  for (const Agency& agency : agencies.agencies()) {
    indexes.push_back({agency.code, {agency.code}});
  }
  return indexes;
}

// The sum of `kind`'s fields over `periods` ("2026", or months "2026-01", ...).
int64_t Sum(const AgencyCounts& counts, absl::string_view kind,
            const std::vector<std::string>& periods) {
  int64_t total = 0;
  for (const std::string& period : periods) {
    auto found = counts.fields.find(absl::StrCat(kind, ":", period));
    if (found != counts.fields.end()) total += found->second;
  }
  return total;
}

std::vector<std::string> FieldsOf(const std::vector<std::string>& periods) {
  std::vector<std::string> fields = {"open"};
  for (const char* kind : {"received", "closed", "on_time", "late"}) {
    for (const std::string& period : periods) fields.push_back(absl::StrCat(kind, ":", period));
  }
  return fields;
}

// The agencies' figures over `periods`, with the publication of their reports on `report_year`
// as of `today`; without the partitions whose master cannot be reached (recorded in `missing`).
absl::StatusOr<std::vector<v1::AgencyFigures>> ReadFigures(RedisConnection& redis,
                                                           const AgencyCatalogue& agencies,
                                                           const std::vector<std::string>& periods,
                                                           int report_year, absl::Time now,
                                                           MissingPartitions& missing) {
  GK_ASSIGN_OR_RETURN(std::vector<AgencyCounts> counts,
                      ReadAgencyCounts(redis, IndexesOfEveryAgency(agencies), FieldsOf(periods),
                                       DueScoreAfter(now), &missing));
  GK_ASSIGN_OR_RETURN(auto publications, ReadPublications(redis));
  const absl::CivilDay today = ChinaDay(now);
  std::vector<v1::AgencyFigures> figures;
  for (size_t i = 0; i < counts.size(); ++i) {
    const Agency& agency = agencies.agencies()[i];
    v1::AgencyFigures& out = figures.emplace_back();
    out.set_agency(agency.code);
    out.set_name(agency.name);
    out.set_kind(std::string(AgencyKindName(agency.kind)));
    out.set_received(Sum(counts[i], "received", periods));
    out.set_closed(Sum(counts[i], "closed", periods));
    out.set_open(counts[i].fields["open"]);
    out.set_overdue(counts[i].overdue);
    out.set_replied_on_time(Sum(counts[i], "on_time", periods));
    out.set_replied_late(Sum(counts[i], "late", periods));
    const absl::CivilDay due = AnnualReportDue(agency, report_year);
    out.set_report_due(FormatDay(due));
    auto published = publications.find(absl::StrCat(agency.code, ":", report_year));
    if (published != publications.end()) {
      out.set_report_published(published->second.at);
    } else {
      out.set_report_late(today > due);
    }
  }
  return figures;
}

}  // namespace

absl::StatusOr<v1::CountyOverview> ReadCountyOverview(RedisConnection& redis,
                                                      const AgencyCatalogue& agencies, int year,
                                                      absl::Time now) {
  if (year < 2000 || year > 2100) {
    return absl::InvalidArgumentError("`year` 须在 2000 至 2100 之间");
  }
  // The reports whose publication matters now: the year's own once it is over, else the year
  // before's (due in the first months of this one).
  const int report_year = ChinaDay(now).year() > year ? year : year - 1;
  MissingPartitions missing;
  GK_ASSIGN_OR_RETURN(
      std::vector<v1::AgencyFigures> figures,
      ReadFigures(redis, agencies, {std::to_string(year)}, report_year, now, missing));
  v1::CountyOverview overview;
  overview.set_year(year);
  overview.set_today(FormatDay(ChinaDay(now)));
  overview.set_report_year(report_year);
  *overview.mutable_totals() = SumFigures(figures);
  for (v1::AgencyFigures& agency : figures) {
    if (agency.report_late()) overview.add_late_reports(agency.agency());
    *overview.add_agencies() = std::move(agency);
  }
  GK_ASSIGN_OR_RETURN(*overview.mutable_county_report(),
                      ReadAnnualReport(redis, agencies, nullptr, year, now));
  // The county's tables name what they miss themselves; the overview names every partition
  // either read went without.
  missing.AddFrom(overview.county_report().missing_partitions());
  missing.Answer("CountyOverview", overview.mutable_missing_partitions());
  return overview;
}

absl::StatusOr<v1::Bulletin> ReadBulletin(RedisConnection& redis, const AgencyCatalogue& agencies,
                                          const v1::BulletinRequest& request, absl::Time now) {
  GK_ASSIGN_OR_RETURN(BulletinPeriod period,
                      ParseBulletinPeriod(request.from_month(), request.to_month()));
  const absl::CivilDay today = ChinaDay(now);
  MissingPartitions missing;
  GK_ASSIGN_OR_RETURN(std::vector<v1::AgencyFigures> figures,
                      ReadFigures(redis, agencies, MonthsOf(period),
                                  static_cast<int>(today.year()) - 1, now, missing));
  // Issued by the county government, whose disclosure office keeps watch over the agencies.
  v1::Bulletin bulletin = MakeBulletin(std::move(figures), period, today, agencies.county().name);
  missing.Answer("Bulletin", bulletin.mutable_missing_partitions());
  return bulletin;
}

}  // namespace gongkai
