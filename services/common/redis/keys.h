// The Redis key layout. Every key carries a hash tag: `{p07}` for the keys of partition 7 (its
// cases, their histories, its streams and its work queues), `{seq}` for case-number allocation.
// One Lua script therefore only ever touches keys of one slot, as Redis Cluster requires.
//
//   gk:{p07}:case:2026-000123      hash: state, version, dept, updated, data and filed (the
//                                  Case in two parts, stored_case.h), text (the description
//                                  as searched, FoldForSearch), and
//                                  notice:<kind>@<due date> -> the department told, for each
//                                  notice the case was given
//   gk:{p07}:events:2026-000123    list of CaseEvent, oldest first
//   gk:{p07}:reads:2026-000123     list of PersonalDataRead (unmasked reads of the applicant)
//   gk:{p07}:stream:routing        cases handed to the routing service
//   gk:{p07}:stream:reply          cases handed to the reply service
//   gk:{p07}:stream:dead           entries no handler could process
//   gk:{p07}:queue:dispatch:czj    zset of an agency's cases waiting for a dispatcher
//   gk:{p07}:queue:dept:czj:ysg    zset of a unit's open cases (agency czj, unit ysg)
//   gk:{p07}:queue:review:czj      zset of an agency's drafts waiting for review
//   gk:{p07}:queue:signoff:czj     zset of an agency's drafts waiting for the head's sign-off
//   gk:{p07}:queue:reply:czj       zset of an agency's replies waiting for delivery
//   gk:{p07}:due                   zset of open cases with a running clock, by DueScore
//                                  (rules/due_score.h: the due date, then the case number)
//   gk:{p07}:open:czj:ysg          zset of a unit's open cases by DueScore (+inf: clock
//                                  stopped); `czj:` for an agency's cases not yet in a unit
//   gk:{p07}:open:czj              zset of every open case of the agency, scored alike: its
//                                  overdue list and the county overview read one set, not one
//                                  per unit
//   gk:{p07}:replies:czj:ysg       hash: on_time, late, days:<n> (replies by working days taken)
//   gk:{p07}:stream:notices        due-soon and overdue notices: kind, due_date, department,
//                                  moved (1: told before to the department the case left),
//                                  at, count, cases (comma-separated)
//   gk:{p07}:consulting            zset of cases waiting for a consulted party, by DueScore of
//                                  the day its answer is due
//   gk:{p07}:report                hash: the annual report's counters of the partition's cases,
//                                  every agency's together (fields in rules/report_counts.h)
//   gk:{p07}:report:czj            hash: the same counters of one agency's cases, and its
//                                  overview counters (rules/agency_counts.h)
//   gk:{p07}:published:czj         hash: year -> when the agency published its report on it:
//                                  from then on the transition records amendments
//   gk:{p07}:frozen:czj:2025       hash: the agency's counters of the partition as published
//   gk:{p07}:amendments:czj        list: "<year>|<case>|<at>|<cells>", the changes to a published
//                                  year's tables (rules/report_amendments.h)
//   gk:{report}:published          hash: <agency>:<year> -> "<at> <user id>", once every
//                                  partition has frozen the figures
//   gk:{p07}:trend                 hash: the board's weekly trend counters of the partition's
//                                  cases (fields in rules/trend_counts.h)
//   gk:{p07}:recent                zset of every case by the moment it last changed (unix ms):
//                                  the search box scans the newest
//   gk:{p07}:name:<digest>         zset of the cases whose applicant has one name, by
//                                  registration order; the digest is ApplicantNameDigest's
//                                  (rules/case_search.h), never the name
//   gk:{p07}:sweep                 hash: how far the sweeper got, per kind of notice (a score),
//                                  and due_high / consulting_high, the highest mark per index
//   gk:{p07}:sweep:late            zset of cases placed behind a mark since the last pass
//   gk:{config}:due_soon           the working days before the due date that raise a notice,
//                                  "5,1": one setting for every tracker
//   gk:{config}:layout             the data layout the store holds ("4", redis/store_layout.h)
//   gk:{seq}:counter:2026          the year's case-number counter (the county's platform)
//   gk:{seq}:counter:czj:2026      an agency's running number of the year (〔2026〕第000123号)
//   gk:{seq}:idem:<request id>     "2026-000123 <fingerprint>", for retried registrations
//   gk:{seq}:applicant:<digest>:<YYYYMM>  zset of the case numbers of one applicant's requests
//                                  received in a month (the fee per request counts them); the
//                                  digest is ApplicantDigest's, never the identity number
//   gk:{p07}:changes               sharded channel: "<case> <version> <state>" on every commit
//   gk:{auth}:user:<user id>       hash: name, roles, agency (absent: the default agency's),
//                                  dept, disabled, pwhash, created, by, version (raised by
//                                  every change after it was added)
//   gk:{auth}:users                set of every account's user id
//   gk:{auth}:revoked              hash: user:<id> -> sessions issued up to then (unix s) are
//                                  refused; token:<id> -> a logged-out token, until it expires
//   gk:{auth}:denied               stream of refused calls: at, user, role, method, case, reason
//   gk:{auth}:signin:user:<id>     zset of an account's failed sign-ins (member: an attempt id,
//                                  score: unix ms) within the window; expires with it
//   gk:{auth}:signin:addr:<addr>   the same for a client address (auth/sign_in_limits.h)
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "redis/redis_route.h"
#include "rules/case_number.h"
#include "rules/state_machine.h"

namespace gongkai::keys {

// The route (redis/redis_route.h) of each hash tag: what every command names on its way.
const RedisRoute& PartitionRoute(int partition);
const RedisRoute& CaseRoute(const CaseNumber& number);  // its partition's
const RedisRoute& SequenceRoute();                      // {seq}
const RedisRoute& AuthRoute();                          // {auth}
const RedisRoute& ConfigRoute();                        // {config}
const RedisRoute& ReportRoute();                        // {report}
const RedisRoute& NoticesRoute();                       // {notices}

std::string Case(const CaseNumber& number);
std::string Events(const CaseNumber& number);
// PersonalDataRead records of a case, oldest first; its hash keeps `reads_head`.
std::string Reads(const CaseNumber& number);
std::string Stream(int partition, Stage stage);
std::string DeadLetters(int partition);
// Empty for QueueKind::kNone. Queues are an agency's; the department queue a unit's of it.
std::string Queue(int partition, QueueKind kind, absl::string_view agency,
                  absl::string_view department);
// Open cases whose statutory clock runs, by DueScore (rules/due_score.h).
std::string DueIndex(int partition);
std::string OpenByDepartment(int partition, absl::string_view agency, absl::string_view department);
// Every open case of the agency, whichever unit holds it.
std::string OpenByAgency(int partition, absl::string_view agency);
std::string ReplyStats(int partition, absl::string_view agency, absl::string_view department);
// Cases waiting for a consulted party, by DueScore of the last of its 15 working days.
std::string Consulting(int partition);
std::string Notices(int partition);
std::string SweepMarks(int partition);
// Cases whose due or consulting score was placed behind a sweep mark: the next pass checks them.
std::string SweepLate(int partition);
// What every case key of the partition starts with: Case(n) == CaseKeyPrefix(partition) + n.
std::string CaseKeyPrefix(int partition);
// The due-soon working days every tracker's sweeper uses ("5,1"), set by the tracker started
// last.
std::string DueSoonSetting();
// The data layout the store holds (redis/store_layout.h).
std::string StoreLayout();
std::string ReportCounters(int partition);
// One agency's report and overview counters.
std::string AgencyCounters(int partition, absl::string_view agency);
// An agency's published years, its frozen figures of one, and the amendments since.
std::string PublishedYears(int partition, absl::string_view agency);
std::string FrozenReport(int partition, absl::string_view agency, int year);
std::string Amendments(int partition, absl::string_view agency);
std::string PublishedReports();
// The department board's weekly trend counters (rules/trend_counts.h).
std::string TrendCounters(int partition);
// Every case of the partition by the moment it last changed, in milliseconds.
std::string RecentIndex(int partition);
// The partition's cases of one applicant name, by ApplicantNameDigest (rules/case_search.h).
std::string NameIndex(int partition, absl::string_view name_digest);
// The sharded Pub/Sub channel on which every commit of a partition's case announces
// "<case number> <version> <state number>" (SPUBLISH: on a cluster it stays on the partition's
// node).
std::string Changes(int partition);
std::string User(absl::string_view user_id);
std::string Users();
std::string Revoked();
std::string Denied();
std::string SignInFailures(absl::string_view user_id);
std::string SignInAddressFailures(absl::string_view address);
std::string CaseCounter(int year);
std::string AgencyNumberCounter(absl::string_view agency, int year);
std::string Idempotency(absl::string_view request_id);
std::string ApplicantMonth(absl::string_view applicant, absl::string_view month);

absl::string_view StageName(Stage stage);

}  // namespace gongkai::keys
