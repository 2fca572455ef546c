#include "redis/case_store.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "audit/history_chain.h"
#include "base/status_macros.h"
#include "base/utf8.h"
#include "calendar/deadline.h"
#include "redis/keys.h"
#include "redis/scripts.h"
#include "rules/report_counts.h"

namespace gongkai {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;
// Long enough for any client's retries; short enough that the keys do not pile up.
constexpr int kIdempotencySeconds = 7 * 24 * 60 * 60;

absl::Status FromScriptError(absl::string_view case_number, absl::string_view raw_error) {
  const absl::string_view error = ScriptError(raw_error);
  if (absl::StartsWith(error, "GK_NOT_FOUND")) {
    return absl::NotFoundError(absl::StrCat("case ", case_number, " not found"));
  }
  if (absl::StartsWith(error, "GK_EXISTS")) {
    return absl::AlreadyExistsError(absl::StrCat("case ", case_number, " already exists"));
  }
  if (absl::StartsWith(error, "GK_CONFLICT")) {
    std::vector<absl::string_view> parts = absl::StrSplit(error, ' ');
    int state = 0;
    std::string now = "a newer version";
    if (parts.size() == 3 && absl::SimpleAtoi(parts[1], &state)) {
      now = absl::StrCat(StateName(static_cast<v1::CaseState>(state)), ", version ", parts[2]);
    }
    return absl::AbortedError(
        absl::StrCat("case ", case_number, " changed meanwhile (now ", now, "); reload and retry"));
  }
  return absl::InternalError(absl::StrCat("Redis error: ", error));
}

std::string QueueKeyOf(int partition, v1::CaseState state, absl::string_view department) {
  return keys::Queue(partition, QueueOf(state), department);
}

}  // namespace

int64_t DueScore(const v1::Deadline& deadline, const CaseNumber& number) {
  return absl::ToUnixSeconds(DueMoment(deadline)) / 60 * 1'000'000 + number.sequence % 1'000'000;
}

int64_t DueScoreAfter(absl::Time moment) {
  return (absl::ToUnixSeconds(moment) / 60 + 1) * 1'000'000;
}

absl::StatusOr<AllocatedNumber> CaseStore::AllocateCaseNumber(absl::string_view request_id,
                                                              absl::string_view fingerprint,
                                                              int year) {
  GK_ASSIGN_OR_RETURN(
      RedisReply reply,
      redis_.Eval(
          scripts::AllocateCaseNumber(), {keys::Idempotency(request_id), keys::CaseCounter(year)},
          {std::string(fingerprint), std::to_string(year), std::to_string(kIdempotencySeconds)}));
  if (reply.is_error()) return FromScriptError("", reply.str());
  if (reply.size() != 2) return absl::InternalError("unexpected reply allocating a case number");
  const absl::string_view value = reply.element(1).str();
  const size_t space = value.find(' ');
  AllocatedNumber allocated;
  allocated.case_number = std::string(value.substr(0, space));
  allocated.fresh = reply.element(0).integer() == 1;
  if (space == absl::string_view::npos || value.substr(space + 1) != fingerprint) {
    return absl::AlreadyExistsError(absl::StrCat(
        "`request_id` was already used for another request (case ", allocated.case_number, ")"));
  }
  return allocated;
}

absl::StatusOr<std::vector<std::optional<v1::Case>>> CaseStore::LoadMany(
    const std::vector<std::string>& case_numbers) {
  std::vector<std::vector<std::string>> commands;
  for (const std::string& case_number : case_numbers) {
    auto number = ParseCaseNumber(case_number);
    commands.push_back({"HGET", number.ok() ? keys::Case(*number) : case_number, "data"});
  }
  std::vector<std::optional<v1::Case>> cases(case_numbers.size());
  if (commands.empty()) return cases;
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis_.Pipeline(commands));
  for (size_t i = 0; i < replies.size(); ++i) {
    if (!replies[i].is_string()) continue;
    v1::Case loaded;
    const absl::string_view data = replies[i].str();
    if (loaded.ParseFromArray(data.data(), static_cast<int>(data.size()))) {
      cases[i] = std::move(loaded);
    }
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
    GK_ASSIGN_OR_RETURN(RedisReply appended,
                        redis_.Eval(RecordReadScript(), {case_key, keys::Reads(number)},
                                    {read.prev_hash(), read.SerializeAsString(), read.hash()}));
    if (appended.is_error()) return FromScriptError(case_number, appended.str());
    if (appended.str().empty()) return absl::OkStatus();
    known_head = std::string(appended.str());
  }
  return absl::AbortedError(
      absl::StrCat("case ", case_number, ": too many reads at once to record; retry"));
}

absl::StatusOr<v1::CaseVersion> CaseStore::LoadVersion(absl::string_view case_number) {
  GK_ASSIGN_OR_RETURN(CaseNumber number, ParseCaseNumber(case_number));
  GK_ASSIGN_OR_RETURN(RedisReply reply,
                      redis_.Command({"HMGET", keys::Case(number), "version", "state"}));
  if (reply.is_error()) return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
  if (reply.size() != 2 || reply.element(0).is_nil()) {
    return absl::NotFoundError(absl::StrCat("case ", case_number, " not found"));
  }
  int64_t version = 0;
  int state = 0;
  if (!absl::SimpleAtoi(reply.element(0).str(), &version) ||
      !absl::SimpleAtoi(reply.element(1).str(), &state) || !v1::CaseState_IsValid(state)) {
    return absl::DataLossError(absl::StrCat("case ", case_number, " is not readable"));
  }
  v1::CaseVersion found;
  found.set_case_number(std::string(case_number));
  found.set_version(version);
  found.set_state(static_cast<v1::CaseState>(state));
  return found;
}

absl::StatusOr<v1::Case> CaseStore::Load(absl::string_view case_number, bool with_events) {
  GK_ASSIGN_OR_RETURN(CaseNumber number, ParseCaseNumber(case_number));
  std::vector<std::vector<std::string>> commands = {{"HGET", keys::Case(number), "data"}};
  if (with_events) {
    commands.push_back({"LRANGE", keys::Events(number), "0", "-1"});
    commands.push_back({"LRANGE", keys::Reads(number), "0", "-1"});
    commands.push_back({"HGET", keys::Case(number), "reads_head"});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis_.Pipeline(commands));
  for (const RedisReply& reply : replies) {
    if (reply.is_error()) return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
  }
  if (replies[0].is_nil()) {
    return absl::NotFoundError(absl::StrCat("case ", case_number, " not found"));
  }
  v1::Case loaded;
  if (!loaded.ParseFromArray(replies[0].str().data(), static_cast<int>(replies[0].str().size()))) {
    return absl::DataLossError(absl::StrCat("case ", case_number, " is not readable"));
  }
  if (with_events) {
    for (size_t i = 0; i < replies[1].size(); ++i) {
      const absl::string_view bytes = replies[1].element(i).str();
      v1::CaseEvent* event = loaded.add_events();
      if (!event->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
        return absl::DataLossError(
            absl::StrCat("history of case ", case_number, " is not readable at entry ", i));
      }
      // Each event's hash covers the hash of the one stored before it: an edited, removed or
      // moved event no longer hashes to its own `hash` (VerifyHistory).
      event->set_prev_hash(i == 0 ? "" : loaded.events(static_cast<int>(i) - 1).hash());
    }
    for (size_t i = 0; i < replies[2].size(); ++i) {
      const absl::string_view bytes = replies[2].element(i).str();
      if (!loaded.add_personal_data_reads()->ParseFromArray(bytes.data(),
                                                            static_cast<int>(bytes.size()))) {
        return absl::DataLossError(absl::StrCat("personal-data reads of case ", case_number,
                                                " are not readable at entry ", i));
      }
    }
    if (!replies[3].is_nil()) loaded.set_reads_head(std::string(replies[3].str()));
  }
  return loaded;
}

absl::StatusOr<TransitionCall> PrepareTransition(const CaseChange& change,
                                                 const StreamEntryRef* consumed) {
  const std::string& case_number = change.after.case_number();
  GK_ASSIGN_OR_RETURN(CaseNumber number, ParseCaseNumber(case_number));
  const int partition = PartitionOf(number);
  const std::string case_key = keys::Case(number);
  const auto or_case_key = [&](std::string key) { return key.empty() ? case_key : key; };

  const std::string leave = QueueKeyOf(partition, change.from_state, change.from_department);
  const std::string enter = QueueKeyOf(partition, change.after.state(), change.after.department());
  const Stage hand_to = RuleOf(change.command).hands_to;
  // Re-entering the same queue (a reassignment within a department) must not remove the case.
  const bool leaves = !leave.empty() && leave != enter;
  const bool enters = !enter.empty();
  const bool hands_over = hand_to != Stage::kNone;
  const bool acknowledges = consumed != nullptr;

  // The due index holds exactly the open cases whose clock runs.
  const bool clock_runs = change.after.state() != v1::CASE_STATE_CLOSED &&
                          (change.after.clock() == v1::CLOCK_STATE_RUNNING ||
                           change.after.clock() == v1::CLOCK_STATE_UNSPECIFIED) &&
                          !change.after.deadline().due_date().empty();
  const char due_flag = clock_runs ? 'A' : (change.from_version > 0 ? 'R' : '0');
  const bool closes = change.after.state() == v1::CASE_STATE_CLOSED;
  const char open_flag = closes ? (change.from_version > 0 ? 'R' : '0') : 'M';
  const bool counts_reply = closes && (change.command == Command::kIssueReply ||
                                       change.command == Command::kAnswerOnTheSpot);
  // The consulting index holds the cases waiting for a consulted party's answer.
  const bool consulting =
      change.after.clock() == v1::CLOCK_STATE_CONSULTING && change.after.consultations_size() > 0;
  const char consulting_flag = consulting ? 'A' : (change.from_version > 0 ? 'R' : '0');
  std::string consulting_score;
  if (consulting) {
    v1::Deadline answer_due;
    answer_due.set_due_date(change.after.consultations().rbegin()->answer_due());
    consulting_score = std::to_string(DueScore(answer_due, number));
  }
  const std::string flags = {leaves ? '1' : '0',       enters ? '1' : '0', hands_over ? '1' : '0',
                             acknowledges ? '1' : '0', due_flag,           open_flag,
                             counts_reply ? 'S' : '0', consulting_flag};
  const std::string due_score =
      clock_runs ? std::to_string(DueScore(change.after.deadline(), number)) : "+inf";
  std::vector<std::string> key_list = {
      case_key,
      keys::Events(number),
      or_case_key(leaves ? leave : ""),
      or_case_key(enters ? enter : ""),
      or_case_key(hands_over ? keys::Stream(partition, hand_to) : ""),
      or_case_key(acknowledges ? keys::Stream(partition, consumed->stage) : ""),
      keys::DueIndex(partition),
      keys::OpenByDepartment(partition, change.from_department),
      keys::OpenByDepartment(partition, change.after.department()),
      keys::ReplyStats(partition, change.after.department()),
      keys::Consulting(partition),
      keys::ReportCounters(partition),
      keys::Changes(partition),
  };
  std::string data;
  std::string event;
  change.after.SerializeToString(&data);
  // Stored without `prev_hash`: it is the hash of the entry before it in the same list, filled in
  // again when the history is read (Load). 66 bytes an event, a tenth of an open case's memory.
  v1::CaseEvent stored_event = change.event;
  stored_event.clear_prev_hash();
  stored_event.SerializeToString(&event);
  std::vector<std::string> args = {
      std::to_string(change.from_version),
      std::to_string(static_cast<int>(change.after.state())),
      change.after.department(),
      std::move(data),
      std::move(event),
      case_number,
      std::to_string(QueueScore(number)),
      std::move(flags),
      acknowledges ? consumed->group : "",
      acknowledges ? consumed->id : "",
      change.event.at(),
      due_score,
      due_score,
      change.after.replied_on_time() ? "on_time" : "late",
      std::to_string(change.after.working_days_to_reply()),
      consulting_score,
  };
  for (auto& [field, increment] :
       CounterChanges(change.counted_before, ReportCounters(change.after))) {
    args.push_back(std::move(field));
    args.push_back(std::to_string(increment));
  }
  return TransitionCall{std::move(key_list), std::move(args)};
}

absl::StatusOr<int64_t> CaseStore::Commit(const CaseChange& change,
                                          const StreamEntryRef* consumed) {
  GK_ASSIGN_OR_RETURN(TransitionCall call, PrepareTransition(change, consumed));
  GK_ASSIGN_OR_RETURN(RedisReply reply, redis_.Eval(scripts::Transition(), call.keys, call.args));
  if (reply.is_error()) return FromScriptError(change.after.case_number(), reply.str());
  return reply.integer();
}

absl::StatusOr<std::vector<absl::StatusOr<int64_t>>> CaseStore::CommitMany(
    const std::vector<CaseChange>& changes, const std::vector<StreamEntryRef>& consumed) {
  if (changes.size() != consumed.size()) {
    return absl::InternalError("CommitMany: a stream entry is needed for every change");
  }
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> calls;
  calls.reserve(changes.size());
  for (size_t i = 0; i < changes.size(); ++i) {
    GK_ASSIGN_OR_RETURN(TransitionCall call, PrepareTransition(changes[i], &consumed[i]));
    calls.emplace_back(std::move(call.keys), std::move(call.args));
  }
  absl::StatusOr<std::vector<RedisReply>> replies = redis_.EvalMany(scripts::Transition(), calls);
  // A server that lost its script cache answers the whole pipeline NOSCRIPT; EvalMany has then
  // forgotten the script, and a second attempt loads it again.
  if (absl::IsUnavailable(replies.status()))
    replies = redis_.EvalMany(scripts::Transition(), calls);
  if (!replies.ok()) return replies.status();
  std::vector<absl::StatusOr<int64_t>> results;
  results.reserve(changes.size());
  for (size_t i = 0; i < changes.size(); ++i) {
    const RedisReply& reply = (*replies)[i];
    if (reply.is_error()) {
      results.push_back(FromScriptError(changes[i].after.case_number(), reply.str()));
    } else {
      results.push_back(reply.integer());
    }
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
  return summary;
}

absl::StatusOr<PageRequest> ParsePage(const v1::QueuePage& page) {
  PageRequest parsed;
  if (page.page_size() < 0 || page.page_size() > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("`page_size` must be between 0 and ", kMaxPageSize));
  }
  parsed.size = page.page_size() == 0 ? kDefaultPageSize : page.page_size();
  if (!page.page_token().empty() &&
      (!absl::SimpleAtoi(page.page_token(), &parsed.after) || parsed.after < 0)) {
    return absl::InvalidArgumentError("`page_token` is not a token this service issued");
  }
  return parsed;
}

absl::StatusOr<std::vector<ScoredCase>> CaseStore::ListScored(
    const std::function<std::string(int)>& key_of, int64_t after, const std::string& until,
    int limit) {
  // Each partition's set is ordered by score; the first `limit` of each, merged, hold the first
  // `limit` overall.
  std::vector<std::vector<std::string>> ranges;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    ranges.push_back({"ZRANGE", key_of(partition), absl::StrCat("(", after), until, "BYSCORE",
                      "LIMIT", "0", std::to_string(limit), "WITHSCORES"});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis_.Pipeline(ranges));
  std::vector<std::pair<int64_t, std::string>> members;
  for (const RedisReply& reply : replies) {
    if (reply.is_error()) return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
    for (size_t i = 0; i + 1 < reply.size(); i += 2) {
      double score = 0;  // scores are integers below 2^53: exact as doubles
      if (!absl::SimpleAtod(reply.element(i + 1).str(), &score)) continue;
      members.emplace_back(static_cast<int64_t>(score), std::string(reply.element(i).str()));
    }
  }
  std::sort(members.begin(), members.end());
  if (members.size() > static_cast<size_t>(limit)) members.resize(limit);
  std::vector<std::vector<std::string>> loads;
  std::vector<int64_t> scores;
  for (const auto& [score, member] : members) {
    auto number = ParseCaseNumber(member);
    if (!number.ok()) continue;
    loads.push_back({"HMGET", keys::Case(*number), "data", "updated"});
    scores.push_back(score);
  }
  std::vector<ScoredCase> cases;
  if (loads.empty()) return cases;
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> loaded, redis_.Pipeline(loads));
  for (size_t i = 0; i < loaded.size(); ++i) {
    if (loaded[i].size() != 2 || loaded[i].element(0).is_nil()) continue;  // gone meanwhile
    ScoredCase scored;
    const absl::string_view data = loaded[i].element(0).str();
    if (!scored.item.ParseFromArray(data.data(), static_cast<int>(data.size()))) continue;
    scored.score = scores[i];
    scored.updated_at = std::string(loaded[i].element(1).str());
    cases.push_back(std::move(scored));
  }
  return cases;
}

absl::StatusOr<std::vector<ScoredCase>> CaseStore::ListByDueScore(absl::string_view department,
                                                                  int64_t after, int64_t until,
                                                                  int limit) {
  const std::string dept(department);
  return ListScored(
      [&](int partition) {
        return dept.empty() ? keys::DueIndex(partition) : keys::OpenByDepartment(partition, dept);
      },
      after, absl::StrCat("(", until), limit);
}

absl::StatusOr<std::vector<std::string>> CaseStore::RunningClocks() {
  std::vector<std::vector<std::string>> ranges;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    ranges.push_back({"ZRANGE", keys::DueIndex(partition), "0", "-1"});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis_.Pipeline(ranges));
  std::vector<std::string> numbers;
  for (const RedisReply& reply : replies) {
    for (size_t i = 0; i < reply.size(); ++i) numbers.emplace_back(reply.element(i).str());
  }
  return numbers;
}

absl::StatusOr<v1::QueueResponse> CaseStore::ListQueue(QueueKind kind, absl::string_view department,
                                                       const v1::QueuePage& page) {
  GK_ASSIGN_OR_RETURN(PageRequest request, ParsePage(page));
  const std::string dept(department);
  GK_ASSIGN_OR_RETURN(std::vector<ScoredCase> cases,
                      ListScored([&](int partition) { return keys::Queue(partition, kind, dept); },
                                 request.after, "+inf", request.size + 1));
  v1::QueueResponse response;
  const bool more = cases.size() > static_cast<size_t>(request.size);
  if (more) cases.resize(request.size);
  for (const ScoredCase& scored : cases) {
    *response.add_cases() = Summarize(scored.item, scored.updated_at);
  }
  if (more && !cases.empty()) response.set_next_page_token(std::to_string(cases.back().score));
  return response;
}

}  // namespace gongkai
