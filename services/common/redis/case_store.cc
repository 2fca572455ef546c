#include "redis/case_store.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "audit/history_chain.h"
#include "base/logging.h"
#include "base/staff_error.h"
#include "base/status_macros.h"
#include "base/utf8.h"
#include "redis/case_cache.h"
#include "redis/keys.h"
#include "redis/scripts.h"
#include "redis/stored_case.h"
#include "rules/agency_counts.h"
#include "rules/case_indexes.h"
#include "rules/department_key.h"
#include "rules/report_amendments.h"
#include "rules/report_counts.h"
#include "rules/staff_labels.h"
#include "rules/trend_counts.h"

namespace gongkai {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;
// Long enough for any client's retries; short enough that the keys do not pile up.
constexpr int kIdempotencySeconds = 7 * 24 * 60 * 60;
// A month of an applicant's requests is counted while a fee notice may still be sent for one of
// them: the reply period (at most 40 working days, or an Art. 35 later date) ends well within a
// year of receipt.
// Bounds the read of one applicant's month; the per-request fee has reached 10,000 yuan a
// request long before.
constexpr int kMaxApplicantMonthRequests = 10000;
constexpr int kApplicantMonthSeconds = 400 * 24 * 60 * 60;

absl::Status CaseNotFound(absl::string_view case_number) {
  return StaffError(absl::StatusCode::kNotFound,
                    absl::StrCat("案件 ", case_number, " 不存在，请核对案件编号"),
                    absl::StrCat("case ", case_number, " not found"));
}

// A record Redis holds that this build cannot parse: nothing staff can fix themselves.
absl::Status CaseUnreadable(absl::string_view case_number, absl::string_view log_reason) {
  return StaffError(absl::StatusCode::kDataLoss,
                    absl::StrCat("案件 ", case_number, " 的记录已损坏，无法读取；请联系系统管理员"),
                    log_reason);
}

absl::Status FromScriptError(absl::string_view case_number, absl::string_view raw_error) {
  const absl::string_view error = ScriptError(raw_error);
  if (absl::StartsWith(error, "GK_NOT_FOUND")) return CaseNotFound(case_number);
  if (absl::StartsWith(error, "GK_EXISTS")) {
    return StaffError(absl::StatusCode::kAlreadyExists,
                      absl::StrCat("案件 ", case_number, " 已经存在，不能重复创建"),
                      absl::StrCat("case ", case_number, " already exists"));
  }
  if (absl::StartsWith(error, "GK_CONFLICT")) {
    std::vector<absl::string_view> parts = absl::StrSplit(error, ' ');
    int state = 0;
    std::string now = "a newer version";
    std::string state_now;
    if (parts.size() == 3 && absl::SimpleAtoi(parts[1], &state)) {
      now = absl::StrCat(StateName(static_cast<v1::CaseState>(state)), ", version ", parts[2]);
      state_now =
          absl::StrCat("（现为", Quoted(StateLabel(static_cast<v1::CaseState>(state))), "）");
    }
    return StaffError(
        absl::StatusCode::kAborted,
        absl::StrCat("案件 ", case_number, " 刚刚被他人办理", state_now,
                     "，您的操作未执行；请刷新后核对，再决定是否重新操作"),
        absl::StrCat("case ", case_number, " changed meanwhile (now ", now, "); reload and retry"));
  }
  return absl::InternalError(absl::StrCat("Redis error: ", error));
}

}  // namespace

absl::StatusOr<AllocatedNumber> CaseStore::AllocateCaseNumber(
    absl::string_view request_id, absl::string_view fingerprint, absl::string_view agency, int year,
    absl::string_view applicant, absl::string_view receipt_month,
    const AllocatedNumber* given_before, const v1::Case* taken) {
  std::vector<std::string> args = {std::string(fingerprint), std::to_string(year),
                                   std::to_string(kIdempotencySeconds),
                                   std::to_string(kApplicantMonthSeconds)};
  if (given_before != nullptr && taken != nullptr) {
    GK_ASSIGN_OR_RETURN(CaseNumber number, ParseCaseNumber(taken->case_number()));
    args.insert(args.end(),
                {absl::StrCat(given_before->case_number, " ", given_before->agency_sequence, " ",
                              fingerprint),
                 taken->case_number(), std::to_string(number.sequence),
                 std::to_string(taken->agency() == agency ? taken->agency_sequence() : 0)});
    spdlog::warn("event=case_number_taken case={} agency={}", taken->case_number(), agency);
  }
  GK_ASSIGN_OR_RETURN(RedisReply reply,
                      redis_.Eval(keys::SequenceRoute(), scripts::AllocateCaseNumber(),
                                  {keys::Idempotency(request_id), keys::CaseCounter(year),
                                   keys::ApplicantMonth(applicant, receipt_month),
                                   keys::AgencyNumberCounter(agency, year)},
                                  args));
  if (reply.is_error()) return FromScriptError("", reply.str());
  if (reply.size() != 2) return absl::InternalError("unexpected reply allocating a case number");
  // "<case number> <agency running number> <fingerprint>"
  const std::vector<absl::string_view> parts = absl::StrSplit(reply.element(1).str(), ' ');
  AllocatedNumber allocated;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[1], &allocated.agency_sequence)) {
    return absl::InternalError("unreadable idempotency record");
  }
  allocated.case_number = std::string(parts[0]);
  allocated.fresh = reply.element(0).integer() == 1;
  if (parts[2] != fingerprint) {
    return absl::AlreadyExistsError(
        absl::StrCat("`request_id` 已用于另一件申请（案件 ", allocated.case_number, "）"));
  }
  return allocated;
}

absl::StatusOr<std::vector<std::string>> CaseStore::ApplicantMonthRequests(
    absl::string_view applicant, absl::string_view month) {
  GK_ASSIGN_OR_RETURN(
      RedisReply listed,
      redis_.Command(keys::SequenceRoute(), {"ZRANGE", keys::ApplicantMonth(applicant, month), "0",
                                             std::to_string(kMaxApplicantMonthRequests - 1)}));
  if (listed.is_error()) return absl::InternalError(absl::StrCat("Redis: ", listed.str()));
  std::vector<std::string> numbers;
  for (size_t i = 0; i < listed.size(); ++i) numbers.emplace_back(listed.element(i).str());
  // EXISTS per case, pipelined: the cases live in their own partitions' slots.
  std::vector<RoutedCommand> commands;
  for (const std::string& number : numbers) {
    GK_ASSIGN_OR_RETURN(CaseNumber parsed, ParseCaseNumber(number));
    commands.push_back({keys::CaseRoute(parsed), {"EXISTS", keys::Case(parsed)}});
  }
  std::vector<std::string> existing;
  if (commands.empty()) return existing;
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis_.Pipeline(commands));
  for (size_t i = 0; i < replies.size(); ++i) {
    if (replies[i].is_error()) {
      return absl::InternalError(absl::StrCat("Redis: ", replies[i].str()));
    }
    if (replies[i].integer() == 1) existing.push_back(std::move(numbers[i]));
  }
  return existing;
}

absl::StatusOr<std::vector<std::optional<v1::Case>>> CaseStore::LoadMany(
    const std::vector<std::string>& case_numbers) {
  std::vector<RoutedCommand> commands;
  for (const std::string& case_number : case_numbers) {
    auto number = ParseCaseNumber(case_number);
    // Not a case number: asked of slot 0 for a key that cannot exist, so that the replies stay
    // in step with the numbers given.
    commands.push_back({number.ok() ? keys::CaseRoute(*number) : RedisRoute::OfSlot(0),
                        ReadStoredCase(number.ok() ? keys::Case(*number) : case_number)});
  }
  std::vector<std::optional<v1::Case>> cases(case_numbers.size());
  if (commands.empty()) return cases;
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis_.Pipeline(commands));
  for (size_t i = 0; i < replies.size(); ++i) {
    if (replies[i].is_error()) {
      return absl::InternalError(absl::StrCat("Redis: ", replies[i].str()));
    }
    ParsedCase parsed = ParseStoredCase(replies[i]);
    if (parsed.found && parsed.readable) cases[i] = std::move(parsed.stored_case);
  }
  return cases;
}

namespace {

// KEYS[1] the case's hash, KEYS[2] its list of personal-data reads; ARGV[1] the chain's head the
// record was made on ("" for none yet), ARGV[2] the record, ARGV[3] its hash (the new head).
// Returns "" once appended, or the head it found instead (the record must be chained on it).
constexpr char kRecordRead[] = R"lua(
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('GK_NOT_FOUND case') end
local head = redis.call('HGET', KEYS[1], 'reads_head') or ''
if head ~= ARGV[1] then return head end
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[1], 'reads_head', ARGV[3])
return ''
)lua";

const LuaScript& RecordReadScript() {
  static const LuaScript script{kRecordRead};
  return script;
}

}  // namespace

absl::Status CaseStore::RecordPersonalDataRead(absl::string_view case_number,
                                               v1::PersonalDataRead read, std::string known_head) {
  GK_ASSIGN_OR_RETURN(CaseNumber number, ParseCaseNumber(case_number));
  const std::string case_key = keys::Case(number);
  // Chained on the head the caller loaded with the case; a concurrent read moves the head, the
  // script answers with the new one, and this record is chained on it instead.
  for (int attempt = 0; attempt < 5; ++attempt) {
    read.set_prev_hash(known_head);
    read.set_hash(ReadHash(read));
    GK_ASSIGN_OR_RETURN(
        RedisReply appended,
        redis_.Eval(keys::CaseRoute(number), RecordReadScript(), {case_key, keys::Reads(number)},
                    {read.prev_hash(), read.SerializeAsString(), read.hash()}));
    if (appended.is_error()) return FromScriptError(case_number, appended.str());
    if (appended.str().empty()) return absl::OkStatus();
    known_head = std::string(appended.str());
  }
  return StaffError(
      absl::StatusCode::kAborted,
      absl::StrCat("案件 ", case_number, " 正被多人同时查看，本次查看未能登记，请稍后重试"),
      absl::StrCat("case ", case_number, ": too many reads at once to record; retry"));
}

absl::StatusOr<v1::CaseVersion> CaseStore::LoadVersion(absl::string_view case_number) {
  GK_ASSIGN_OR_RETURN(CaseNumber number, ParseCaseNumber(case_number));
  GK_ASSIGN_OR_RETURN(
      RedisReply reply,
      redis_.Command(keys::CaseRoute(number), {"HMGET", keys::Case(number), "version", "state"}));
  if (reply.is_error()) return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
  if (reply.size() != 2 || reply.element(0).is_nil()) {
    return CaseNotFound(case_number);
  }
  int64_t version = 0;
  int state = 0;
  if (!absl::SimpleAtoi(reply.element(0).str(), &version) ||
      !absl::SimpleAtoi(reply.element(1).str(), &state) || !v1::CaseState_IsValid(state)) {
    return CaseUnreadable(case_number, absl::StrCat("case ", case_number, " is not readable"));
  }
  v1::CaseVersion found;
  found.set_case_number(std::string(case_number));
  found.set_version(version);
  found.set_state(static_cast<v1::CaseState>(state));
  return found;
}

namespace {

// How many commands AppendLoadCommands adds for one case.
size_t LoadCommandCount(bool with_events) { return with_events ? 3 : 1; }

// The commands that read a case (and with `with_events` its history and personal-data reads).
void AppendLoadCommands(const CaseNumber& number, bool with_events,
                        std::vector<RoutedCommand>& commands) {
  const RedisRoute& route = keys::CaseRoute(number);
  if (!with_events) {
    commands.push_back({route, ReadStoredCase(keys::Case(number))});
    return;
  }
  commands.push_back({route, ReadStoredCase(keys::Case(number), {"reads_head"})});
  commands.push_back({route, {"LRANGE", keys::Events(number), "0", "-1"}});
  commands.push_back({route, {"LRANGE", keys::Reads(number), "0", "-1"}});
}

// The case from the replies to AppendLoadCommands' commands, starting at `replies[first]`.
absl::StatusOr<v1::Case> ParseLoaded(absl::string_view case_number, bool with_events,
                                     const std::vector<RedisReply>& replies, size_t first) {
  const size_t count = LoadCommandCount(with_events);
  for (size_t i = first; i < first + count; ++i) {
    if (replies[i].is_error()) {
      return absl::InternalError(absl::StrCat("Redis: ", replies[i].str()));
    }
  }
  ParsedCase parsed = ParseStoredCase(replies[first]);
  if (!parsed.found) return CaseNotFound(case_number);
  if (!parsed.readable) {
    return CaseUnreadable(case_number, absl::StrCat("case ", case_number, " is not readable"));
  }
  v1::Case& loaded = parsed.stored_case;
  if (!with_events) return std::move(loaded);
  const RedisReply& events = replies[first + 1];
  for (size_t i = 0; i < events.size(); ++i) {
    const absl::string_view bytes = events.element(i).str();
    v1::CaseEvent* event = loaded.add_events();
    if (!event->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return CaseUnreadable(case_number, absl::StrCat("history of case ", case_number,
                                                      " is not readable at entry ", i));
    }
    // Each event's hash covers the hash of the one stored before it: an edited, removed or
    // moved event no longer hashes to its own `hash` (VerifyHistory).
    event->set_prev_hash(i == 0 ? "" : loaded.events(static_cast<int>(i) - 1).hash());
  }
  const RedisReply& reads = replies[first + 2];
  for (size_t i = 0; i < reads.size(); ++i) {
    const absl::string_view bytes = reads.element(i).str();
    if (!loaded.add_personal_data_reads()->ParseFromArray(bytes.data(),
                                                          static_cast<int>(bytes.size()))) {
      return CaseUnreadable(case_number, absl::StrCat("personal-data reads of case ", case_number,
                                                      " are not readable at entry ", i));
    }
  }
  const RedisReply reads_head = replies[first].element(kCasePartCount);
  if (!reads_head.is_nil()) loaded.set_reads_head(std::string(reads_head.str()));
  return std::move(loaded);
}

}  // namespace

absl::StatusOr<v1::Case> CaseStore::Load(absl::string_view case_number, bool with_events) {
  GK_ASSIGN_OR_RETURN(CaseNumber number, ParseCaseNumber(case_number));
  std::vector<RoutedCommand> commands;
  AppendLoadCommands(number, with_events, commands);
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis_.Pipeline(commands));
  return ParseLoaded(case_number, with_events, replies, 0);
}

absl::StatusOr<std::vector<ScoredCase>> CaseStore::LoadListed(
    const std::vector<CaseNumber>& numbers) {
  std::vector<std::pair<CaseNumber, int64_t>> scored;
  for (const CaseNumber& number : numbers) scored.emplace_back(number, QueueScore(number));
  return LoadScored(scored);
}

absl::StatusOr<std::vector<ScoredCase>> CaseStore::LoadScored(
    const std::vector<std::pair<CaseNumber, int64_t>>& numbers) {
  std::vector<RoutedCommand> loads;
  for (const auto& [number, score] : numbers) {
    loads.push_back({keys::CaseRoute(number), ReadStoredCase(keys::Case(number), {"updated"})});
  }
  std::vector<ScoredCase> cases;
  if (loads.empty()) return cases;
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> loaded, redis_.Pipeline(loads));
  for (size_t i = 0; i < loaded.size(); ++i) {
    if (loaded[i].is_error()) return absl::InternalError(absl::StrCat("Redis: ", loaded[i].str()));
    ParsedCase parsed = ParseStoredCase(loaded[i]);
    if (!parsed.found || !parsed.readable) continue;  // gone meanwhile, or not readable
    ScoredCase listed;
    listed.item = std::move(parsed.stored_case);
    listed.score = numbers[i].second;
    listed.updated_at = std::string(loaded[i].element(kCasePartCount).str());
    cases.push_back(std::move(listed));
  }
  return cases;
}

absl::StatusOr<std::vector<absl::StatusOr<v1::Case>>> CaseStore::LoadWithHistories(
    const std::vector<CaseNumber>& numbers) {
  std::vector<RoutedCommand> commands;
  for (const CaseNumber& number : numbers) AppendLoadCommands(number, true, commands);
  std::vector<absl::StatusOr<v1::Case>> cases;
  if (commands.empty()) return cases;
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis_.Pipeline(commands));
  for (size_t i = 0; i < numbers.size(); ++i) {
    const std::string number = FormatCaseNumber(numbers[i].year, numbers[i].sequence);
    absl::StatusOr<v1::Case> loaded =
        ParseLoaded(number, true, replies, LoadCommandCount(true) * i);
    // A Redis error fails the whole batch: the chains were not read, so nothing was checked.
    if (absl::IsInternal(loaded.status())) return loaded.status();
    cases.push_back(std::move(loaded));
  }
  return cases;
}

namespace {

absl::string_view MoveName(IndexMove move) {
  switch (move) {
    case IndexMove::kPut:
      return "put";
    case IndexMove::kTake:
      return "take";
    case IndexMove::kNone:
      break;
  }
  return "none";
}

}  // namespace

// (year, "<case>|<at>|<cells>") for each year from the earliest the case's counters name to this
// one whose tables the change moves: the script records those of years already published.
void AppendAmendments(const CaseChange& change, const std::vector<std::string>& counted_after,
                      std::vector<std::string>& args) {
  int this_year = 0;
  if (!absl::SimpleAtoi(absl::string_view(change.event.at()).substr(0, 4), &this_year)) return;
  for (int year = EarliestCounterYear(change.counted_before, counted_after);
       year > 0 && year <= this_year; ++year) {
    const std::vector<ReportCellDelta> cells =
        ReportTableChanges(year, change.counted_before, counted_after);
    if (cells.empty()) continue;
    args.push_back(std::to_string(year));
    args.push_back(absl::StrCat(change.after.case_number(), "|", change.event.at(), "|",
                                FormatCellDeltas(cells)));
  }
}

absl::StatusOr<TransitionCall> PrepareTransition(const CaseChange& change,
                                                 const StreamEntryRef* consumed) {
  const std::string& case_number = change.after.case_number();
  GK_ASSIGN_OR_RETURN(CaseNumber number, ParseCaseNumber(case_number));
  GK_ASSIGN_OR_RETURN(IndexMoves moves, PlanIndexMoves(change));
  const int partition = PartitionOf(number);
  const std::string case_key = keys::Case(number);
  const std::string& agency = change.after.agency();
  const auto queue_key = [&](const std::optional<QueuePlace>& place) {
    return place ? keys::Queue(partition, place->kind, agency, place->department) : case_key;
  };
  const bool hands_over = moves.hand_to != Stage::kNone;
  const bool acknowledges = consumed != nullptr;

  std::vector<std::string> key_list = {
      case_key,
      keys::Events(number),
      queue_key(moves.leave_queue),
      queue_key(moves.enter_queue),
      hands_over ? keys::Stream(partition, moves.hand_to) : case_key,
      acknowledges ? keys::Stream(partition, consumed->stage) : case_key,
      keys::DueIndex(partition),
      keys::Consulting(partition),
      keys::OpenByDepartment(partition, agency, change.from_department),
      keys::OpenByDepartment(partition, agency, change.after.department()),
      keys::ReplyStats(partition, agency, change.after.department()),
      keys::ReportCounters(partition),
      keys::Changes(partition),
      keys::SweepMarks(partition),
      keys::SweepLate(partition),
      keys::RecentIndex(partition),
      moves.name_digest.empty() ? case_key : keys::NameIndex(partition, moves.name_digest),
      keys::TrendCounters(partition),
      keys::AgencyCounters(partition, agency),
      keys::PublishedYears(partition, agency),
      keys::Amendments(partition, agency),
      keys::OpenByAgency(partition, agency),
  };
  SplitCase split = SplitForStore(change.after);
  // PartsToWrite reads the parts alone.
  std::string handed_case = hands_over ? std::move(split.whole) : std::string();
  std::vector<std::pair<std::string, std::string>> parts =
      PartsToWrite(std::move(split), change.from_version > 0 ? &change.before : nullptr);
  std::string event;
  // Stored without `prev_hash`: it is the hash of the entry before it in the same list, filled in
  // again when the history is read (Load). 66 bytes an event, a tenth of an open case's memory.
  v1::CaseEvent stored_event = change.event;
  stored_event.clear_prev_hash();
  stored_event.SerializeToString(&event);
  const auto flag = [](bool set) { return std::string(set ? "1" : "0"); };
  std::vector<std::string> args = {
      std::to_string(change.from_version),
      std::to_string(static_cast<int>(change.after.state())),
      DepartmentKey(agency, change.after.department()),
      std::move(handed_case),
      std::move(event),
      case_number,
      change.event.at(),
      flag(moves.leave_queue.has_value()),
      flag(moves.enter_queue.has_value()),
      std::to_string(QueueScore(number)),
      flag(hands_over),
      flag(acknowledges),
      acknowledges ? consumed->group : "",
      acknowledges ? consumed->id : "",
      std::string(MoveName(moves.due)),
      std::to_string(moves.due_score),
      std::string(MoveName(moves.open)),
      moves.open_score ? std::to_string(*moves.open_score) : "+inf",
      std::string(MoveName(moves.consulting)),
      std::to_string(moves.consulting_score),
      flag(moves.counts_reply),
      moves.replied_on_time ? "on_time" : "late",
      std::to_string(moves.working_days_to_reply),
      std::to_string(moves.recent_score),
      flag(!moves.name_digest.empty()),
  };
  // The case's hash fields to write: the parts that changed, and with the name index its text.
  const bool writes_text = !moves.name_digest.empty();
  args.push_back(std::to_string(parts.size() + (writes_text ? 1 : 0)));
  for (auto& [field, bytes] : parts) {
    args.push_back(std::move(field));
    args.push_back(std::move(bytes));
  }
  if (writes_text) {
    args.push_back("text");
    args.push_back(std::move(moves.search_text));
  }
  // Three runs of (field, increment) pairs, each after its length: the weekly trend's, the
  // annual report's (the county's and the agency's hash), the agency overview's; then the
  // amendments to record should the agency have published the year's report.
  const auto append_pairs = [&](std::vector<std::pair<std::string, int>> changes) {
    args.push_back(std::to_string(changes.size()));
    for (auto& [field, increment] : changes) {
      args.push_back(std::move(field));
      args.push_back(std::to_string(increment));
    }
  };
  append_pairs(CounterChanges(change.trended_before, TrendCounters(change.after)));
  std::vector<std::string> counted_after = ReportCounters(change.after);
  std::vector<std::pair<std::string, int>> report_changes =
      CounterChanges(change.counted_before, counted_after);
  const bool report_moves = !report_changes.empty();
  append_pairs(std::move(report_changes));
  append_pairs(CounterChanges(change.overview_before, AgencyCounters(change.after)));
  if (report_moves) AppendAmendments(change, counted_after, args);
  return TransitionCall{keys::PartitionRoute(partition), std::move(key_list), std::move(args)};
}

absl::StatusOr<v1::Case> CaseStore::LoadForChange(absl::string_view case_number,
                                                  int64_t expected_version) {
  if (expected_version != 0) {
    std::optional<v1::Case> cached =
        SharedCaseCache().Find(std::string(case_number), expected_version);
    if (cached) return *std::move(cached);
  }
  GK_ASSIGN_OR_RETURN(v1::Case current, Load(case_number, /*with_events=*/false));
  if (expected_version != 0 && current.version() != expected_version) {
    return StaffError(absl::StatusCode::kAborted,
                      absl::StrCat("案件 ", case_number, " 在您打开后已被他人更新（现为",
                                   Quoted(StateLabel(current.state())),
                                   "），您的操作未执行；请刷新后核对，再决定是否重新操作"),
                      absl::StrCat("case ", case_number, " is at version ", current.version(),
                                   ", not ", expected_version, "; reload and retry"));
  }
  return current;
}

void CaseStore::Committed(const CaseChange& change, int64_t version, int64_t epoch) {
  SharedCaseCache().Put(change.after, epoch);
  spdlog::info("event=transition case={} command={} from={} to={} version={} user={}",
               change.after.case_number(), change.event.command(), StateName(change.from_state),
               StateName(change.after.state()), version, change.event.actor().user_id());
}

absl::StatusOr<int64_t> CaseStore::Commit(const CaseChange& change,
                                          const StreamEntryRef* consumed) {
  GK_ASSIGN_OR_RETURN(TransitionCall call, PrepareTransition(change, consumed));
  // Read before the commit: a connection failure after it starts a new epoch, and the cached
  // case is then not trusted (case_cache.h).
  const int64_t epoch = RedisConnection::Epoch();
  GK_ASSIGN_OR_RETURN(RedisReply reply,
                      redis_.Eval(call.route, scripts::Transition(), call.keys, call.args));
  if (reply.is_error()) return FromScriptError(change.after.case_number(), reply.str());
  Committed(change, reply.integer(), epoch);
  return reply.integer();
}

absl::StatusOr<std::vector<absl::StatusOr<int64_t>>> CaseStore::CommitMany(
    const std::vector<CaseChange>& changes, const std::vector<StreamEntryRef>& consumed) {
  if (!consumed.empty() && changes.size() != consumed.size()) {
    return absl::InternalError("CommitMany: a stream entry is needed for every change");
  }
  std::vector<ScriptCall> calls;
  calls.reserve(changes.size());
  for (size_t i = 0; i < changes.size(); ++i) {
    GK_ASSIGN_OR_RETURN(TransitionCall call,
                        PrepareTransition(changes[i], consumed.empty() ? nullptr : &consumed[i]));
    calls.push_back(std::move(call));
  }
  const int64_t epoch = RedisConnection::Epoch();
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
                      redis_.EvalMany(scripts::Transition(), calls));
  std::vector<absl::StatusOr<int64_t>> results;
  results.reserve(changes.size());
  for (size_t i = 0; i < changes.size(); ++i) {
    const RedisReply& reply = replies[i];
    if (reply.is_error()) {
      results.push_back(FromScriptError(changes[i].after.case_number(), reply.str()));
      continue;
    }
    Committed(changes[i], reply.integer(), epoch);
    results.push_back(reply.integer());
  }
  return results;
}

v1::CaseSummary Summarize(const v1::Case& item, absl::string_view updated_at) {
  v1::CaseSummary summary;
  summary.set_case_number(item.case_number());
  summary.set_state(item.state());
  summary.set_version(item.version());
  summary.set_department(item.department());
  summary.set_applicant_type(item.applicant().type());
  summary.set_received_date(item.request().received_date());
  summary.set_description(Utf8Prefix(item.request().description(), 60));
  summary.set_updated_at(std::string(updated_at));
  summary.set_due_date(item.deadline().due_date());
  summary.set_due_date_provisional(item.deadline().provisional());
  summary.set_agency(item.agency());
  summary.set_agency_sequence(item.agency_sequence());
  return summary;
}

absl::StatusOr<PageRequest> ParsePage(const v1::QueuePage& page) {
  PageRequest parsed;
  if (page.page_size() < 0 || page.page_size() > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("`page_size` 须在 0 至 ", kMaxPageSize, " 之间"));
  }
  parsed.size = page.page_size() == 0 ? kDefaultPageSize : page.page_size();
  if (!page.page_token().empty() &&
      (!absl::SimpleAtoi(page.page_token(), &parsed.after) || parsed.after < 0)) {
    return absl::InvalidArgumentError("`page_token` 不是本服务给出的翻页游标");
  }
  return parsed;
}

absl::StatusOr<std::vector<ScoredCase>> CaseStore::ListScored(
    const std::function<std::vector<std::string>(int)>& keys_of, int64_t after,
    const std::string& until, int limit, MissingPartitions& missing) {
  // Each set is ordered by score; the first `limit` of each, merged, hold the first `limit`
  // overall.
  std::vector<RoutedCommand> ranges;
  std::vector<int> partition_of;  // of each range
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    for (std::string& key : keys_of(partition)) {
      ranges.push_back({keys::PartitionRoute(partition),
                        {"ZRANGE", std::move(key), absl::StrCat("(", after), until, "BYSCORE",
                         "LIMIT", "0", std::to_string(limit), "WITHSCORES"}});
      partition_of.push_back(partition);
    }
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis_.Pipeline(ranges, missing.when()));
  std::vector<std::pair<int64_t, std::string>> members;
  for (size_t r = 0; r < replies.size(); ++r) {
    const RedisReply& reply = replies[r];
    if (missing.Skip(partition_of[r], reply)) continue;
    if (reply.is_error()) return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
    for (size_t i = 0; i + 1 < reply.size(); i += 2) {
      double score = 0;  // scores are integers below 2^53: exact as doubles
      if (!absl::SimpleAtod(reply.element(i + 1).str(), &score)) continue;
      members.emplace_back(static_cast<int64_t>(score), std::string(reply.element(i).str()));
    }
  }
  std::sort(members.begin(), members.end());
  if (members.size() > static_cast<size_t>(limit)) members.resize(limit);
  std::vector<std::pair<CaseNumber, int64_t>> numbers;
  for (const auto& [score, member] : members) {
    auto number = ParseCaseNumber(member);
    if (number.ok()) numbers.emplace_back(*number, score);
  }
  return LoadScored(numbers);
}

absl::StatusOr<std::vector<ScoredCase>> CaseStore::ListByDueScore(
    const std::vector<std::string>& departments, int64_t after, int64_t until, int limit,
    MissingPartitions& missing) {
  return ListScored(
      [&](int partition) {
        std::vector<std::string> keys;
        if (departments.empty()) keys.push_back(keys::DueIndex(partition));
        for (const std::string& department : departments) {
          const DepartmentRef ref = SplitDepartmentKey(department);
          // An agency's code alone: its whole open index.
          keys.push_back(ref.agency.empty()
                             ? keys::OpenByAgency(partition, ref.department)
                             : keys::OpenByDepartment(partition, ref.agency, ref.department));
        }
        return keys;
      },
      after, absl::StrCat("(", until), limit, missing);
}

absl::StatusOr<std::vector<std::string>> CaseStore::RunningClocks() {
  std::vector<RoutedCommand> ranges;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    ranges.push_back(
        {keys::PartitionRoute(partition), {"ZRANGE", keys::DueIndex(partition), "0", "-1"}});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis_.Pipeline(ranges));
  std::vector<std::string> numbers;
  for (const RedisReply& reply : replies) {
    if (!reply.is_array()) {
      return absl::InternalError(absl::StrCat("Redis: reading the due indexes: ", reply.str()));
    }
    for (size_t i = 0; i < reply.size(); ++i) numbers.emplace_back(reply.element(i).str());
  }
  return numbers;
}

absl::StatusOr<v1::QueueResponse> CaseStore::ListQueue(QueueKind kind, absl::string_view agency,
                                                       absl::string_view department,
                                                       const v1::QueuePage& page) {
  GK_ASSIGN_OR_RETURN(PageRequest request, ParsePage(page));
  MissingPartitions missing;
  GK_ASSIGN_OR_RETURN(
      std::vector<ScoredCase> cases,
      ListScored(
          [&](int partition) {
            return std::vector<std::string>{keys::Queue(partition, kind, agency, department)};
          },
          request.after, "+inf", request.size + 1, missing));
  v1::QueueResponse response;
  missing.Answer("ListQueue", response.mutable_missing_partitions());
  const bool more = cases.size() > static_cast<size_t>(request.size);
  if (more) cases.resize(request.size);
  for (const ScoredCase& scored : cases) {
    *response.add_cases() = Summarize(scored.item, scored.updated_at);
  }
  if (more && !cases.empty()) response.set_next_page_token(std::to_string(cases.back().score));
  return response;
}

}  // namespace gongkai
