#include "redis/keys.h"

#include <cstdio>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace gongkai::keys {

const RedisRoute& PartitionRoute(int partition) {
  static const std::vector<RedisRoute>* const routes = [] {
    auto* made = new std::vector<RedisRoute>();
    for (int p = 0; p < kPartitionCount; ++p) {
      char tag[8];
      std::snprintf(tag, sizeof tag, "p%02d", p);
      made->emplace_back(tag);
    }
    return made;
  }();
  return (*routes)[partition];
}

const RedisRoute& CaseRoute(const CaseNumber& number) {
  return PartitionRoute(PartitionOf(number));
}

const RedisRoute& SequenceRoute() {
  static const RedisRoute* const route = new RedisRoute("seq");
  return *route;
}

const RedisRoute& AuthRoute() {
  static const RedisRoute* const route = new RedisRoute("auth");
  return *route;
}

const RedisRoute& ConfigRoute() {
  static const RedisRoute* const route = new RedisRoute("config");
  return *route;
}

const RedisRoute& ReportRoute() {
  static const RedisRoute* const route = new RedisRoute("report");
  return *route;
}

const RedisRoute& NoticesRoute() {
  static const RedisRoute* const route = new RedisRoute("notices");
  return *route;
}
namespace {

// Made for every key of every transition: StrCat, where snprintf (here, in case numbers and in
// the trend's fields) took about a sixth of an ordinary step's transition call
// (gongkai-bench-steps).
std::string Prefix(int partition) {
  return absl::StrCat("gk:{p", absl::Dec(partition, absl::kZeroPad2), "}:");
}

}  // namespace

std::string Case(const CaseNumber& number) {
  return absl::StrCat(Prefix(PartitionOf(number)),
                      "case:", FormatCaseNumber(number.year, number.sequence));
}

std::string Events(const CaseNumber& number) {
  return absl::StrCat(Prefix(PartitionOf(number)),
                      "events:", FormatCaseNumber(number.year, number.sequence));
}

std::string Reads(const CaseNumber& number) {
  return absl::StrCat(Prefix(PartitionOf(number)),
                      "reads:", FormatCaseNumber(number.year, number.sequence));
}

absl::string_view StageName(Stage stage) {
  switch (stage) {
    case Stage::kRouting:
      return "routing";
    case Stage::kReply:
      return "reply";
    case Stage::kNone:
      break;
  }
  return "none";
}

std::string Stream(int partition, Stage stage) {
  return absl::StrCat(Prefix(partition), "stream:", StageName(stage));
}

std::string DeadLetters(int partition) { return absl::StrCat(Prefix(partition), "stream:dead"); }

std::string Queue(int partition, QueueKind kind, absl::string_view agency,
                  absl::string_view department) {
  switch (kind) {
    case QueueKind::kDispatch:
      return absl::StrCat(Prefix(partition), "queue:dispatch:", agency);
    case QueueKind::kDepartment:
      return absl::StrCat(Prefix(partition), "queue:dept:", agency, ":", department);
    case QueueKind::kReview:
      return absl::StrCat(Prefix(partition), "queue:review:", agency);
    case QueueKind::kSignOff:
      return absl::StrCat(Prefix(partition), "queue:signoff:", agency);
    case QueueKind::kReply:
      return absl::StrCat(Prefix(partition), "queue:reply:", agency);
    case QueueKind::kNone:
      break;
  }
  return "";
}

std::string DueIndex(int partition) { return absl::StrCat(Prefix(partition), "due"); }

std::string OpenByDepartment(int partition, absl::string_view agency,
                             absl::string_view department) {
  return absl::StrCat(Prefix(partition), "open:", agency, ":", department);
}

std::string OpenByAgency(int partition, absl::string_view agency) {
  return absl::StrCat(Prefix(partition), "open:", agency);
}

std::string ReplyStats(int partition, absl::string_view agency, absl::string_view department) {
  return absl::StrCat(Prefix(partition), "replies:", agency, ":", department);
}

std::string Consulting(int partition) { return absl::StrCat(Prefix(partition), "consulting"); }

std::string Notices(int partition) { return absl::StrCat(Prefix(partition), "stream:notices"); }

std::string SweepMarks(int partition) { return absl::StrCat(Prefix(partition), "sweep"); }

std::string SweepLate(int partition) { return absl::StrCat(Prefix(partition), "sweep:late"); }

std::string CaseKeyPrefix(int partition) { return absl::StrCat(Prefix(partition), "case:"); }

std::string DueSoonSetting() { return "gk:{config}:due_soon"; }

std::string StoreLayout() { return "gk:{config}:layout"; }

std::string ReportCounters(int partition) { return absl::StrCat(Prefix(partition), "report"); }

std::string AgencyCounters(int partition, absl::string_view agency) {
  return absl::StrCat(Prefix(partition), "report:", agency);
}

std::string PublishedYears(int partition, absl::string_view agency) {
  return absl::StrCat(Prefix(partition), "published:", agency);
}

std::string FrozenReport(int partition, absl::string_view agency, int year) {
  return absl::StrCat(Prefix(partition), "frozen:", agency, ":", year);
}

std::string Amendments(int partition, absl::string_view agency) {
  return absl::StrCat(Prefix(partition), "amendments:", agency);
}

std::string PublishedReports() { return "gk:{report}:published"; }

std::string TrendCounters(int partition) { return absl::StrCat(Prefix(partition), "trend"); }

std::string RecentIndex(int partition) { return absl::StrCat(Prefix(partition), "recent"); }

std::string NameIndex(int partition, absl::string_view name_digest) {
  return absl::StrCat(Prefix(partition), "name:", name_digest);
}

std::string Changes(int partition) { return absl::StrCat(Prefix(partition), "changes"); }

std::string User(absl::string_view user_id) { return absl::StrCat("gk:{auth}:user:", user_id); }

std::string Users() { return "gk:{auth}:users"; }

std::string Revoked() { return "gk:{auth}:revoked"; }

std::string Denied() { return "gk:{auth}:denied"; }

std::string SignInFailures(absl::string_view user_id) {
  return absl::StrCat("gk:{auth}:signin:user:", user_id);
}

std::string SignInAddressFailures(absl::string_view address) {
  return absl::StrCat("gk:{auth}:signin:addr:", address);
}

std::string CaseCounter(int year) { return absl::StrCat("gk:{seq}:counter:", year); }

std::string AgencyNumberCounter(absl::string_view agency, int year) {
  return absl::StrCat("gk:{seq}:counter:", agency, ":", year);
}

std::string ApplicantMonth(absl::string_view applicant, absl::string_view month) {
  return absl::StrCat("gk:{seq}:applicant:", applicant, ":", month);
}

std::string Idempotency(absl::string_view request_id) {
  return absl::StrCat("gk:{seq}:idem:", request_id);
}

}  // namespace gongkai::keys
