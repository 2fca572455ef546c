#include "redis/account_store.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/staff_error.h"
#include "base/status_macros.h"
#include "base/utf8.h"
#include "redis/keys.h"

namespace gongkai {
namespace {

// A refusal's reason as staff read it (Chinese: up to three bytes a character), cut whole.
constexpr size_t kMaxDenialReasonChars = 200;

// KEYS[1] the account's hash, KEYS[2] the set of all user ids
// ARGV[1] "1": only if there is no account yet; ARGV[2] user id; ARGV[3..] field, value, ...
constexpr char kAddAccount[] = R"lua(
if ARGV[1] == '1' and redis.call('SCARD', KEYS[2]) > 0 then
  return redis.error_reply('GK_NOT_FIRST')
end
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.error_reply('GK_EXISTS') end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('SADD', KEYS[2], ARGV[2])
return 1
)lua";

// Prepended to the scripts that end an account's sessions: ends every session of `user`
// issued up to second `at` in the hash of ended sessions KEYS[2]. A token issued after an
// earlier end in the same second carries the next second (Login), so the end then moves one
// second past the earlier one: it always covers every token issued before it.
constexpr char kEndSessionsFunction[] = R"lua(
local function end_sessions(user, at)
  local field = 'user:' .. user
  local ended = tonumber(redis.call('HGET', KEYS[2], field) or '0')
  if ended >= at then at = ended + 1 end
  redis.call('HSET', KEYS[2], field, at)
end
)lua";

// KEYS[1] the account's hash, KEYS[2] the ended sessions; ARGV[1] user id, ARGV[2] unix seconds
constexpr char kDisableAccount[] = R"lua(
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('GK_NOT_FOUND') end
redis.call('HSET', KEYS[1], 'disabled', '1')
redis.call('HINCRBY', KEYS[1], 'version', 1)
end_sessions(ARGV[1], tonumber(ARGV[2]))
return redis.call('HGETALL', KEYS[1])
)lua";

// KEYS[1] the account's hash, KEYS[2] the ended sessions
// ARGV[1] user id, ARGV[2] expected version, ARGV[3] "1": end its sessions, ARGV[4] unix seconds,
// ARGV[5..] field, value, ...
constexpr char kUpdateAccount[] = R"lua(
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('GK_NOT_FOUND') end
if tonumber(redis.call('HGET', KEYS[1], 'version') or '0') ~= tonumber(ARGV[2]) then
  return redis.error_reply('GK_CHANGED')
end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('HINCRBY', KEYS[1], 'version', 1)
if ARGV[3] == '1' then end_sessions(ARGV[1], tonumber(ARGV[4])) end
return redis.call('HGETALL', KEYS[1])
)lua";

// KEYS[1] the account's hash, KEYS[2] the ended sessions; ARGV[1] user id, ARGV[2] unix seconds
constexpr char kEndSessions[] = R"lua(
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('GK_NOT_FOUND') end
end_sessions(ARGV[1], tonumber(ARGV[2]))
return 1
)lua";

const LuaScript& AddAccountScript() {
  static const LuaScript script{kAddAccount};
  return script;
}

// A script that ends sessions: `body` after the function that does it. The source lives as long
// as the process, as a LuaScript's must.
LuaScript EndingSessions(absl::string_view body) {
  return LuaScript{*new std::string(absl::StrCat(kEndSessionsFunction, body))};
}

const LuaScript& DisableAccountScript() {
  static const LuaScript script = EndingSessions(kDisableAccount);
  return script;
}

const LuaScript& UpdateAccountScript() {
  static const LuaScript script = EndingSessions(kUpdateAccount);
  return script;
}

const LuaScript& EndSessionsScript() {
  static const LuaScript script = EndingSessions(kEndSessions);
  return script;
}

// The fields of the account a person's edit may change, as HSET's field, value, ...
void AppendProfile(const v1::UserAccount& account, std::vector<std::string>& args) {
  args.insert(args.end(), {"name", account.display_name(), "roles",
                           absl::StrJoin(account.roles(), ","), "agency", account.agency(), "dept",
                           account.department(), "disabled", account.disabled() ? "1" : "0"});
}

absl::Status NoAccount(absl::string_view user_id) {
  return absl::NotFoundError(absl::StrCat("`user_id` 账户 \"", user_id, "\" 不存在"));
}

// HGETALL's [field, value, ...] as an account; the password hash is set aside. An account
// stored before accounts had an agency is `default_agency`'s.
StoredAccount ParseAccount(absl::string_view user_id, const RedisReply& fields,
                           const std::string& default_agency) {
  StoredAccount stored;
  stored.account.set_user_id(std::string(user_id));
  stored.account.set_agency(default_agency);
  for (size_t i = 0; i + 1 < fields.size(); i += 2) {
    const absl::string_view name = fields.element(i).str();
    const std::string value(fields.element(i + 1).str());
    if (name == "name") stored.account.set_display_name(value);
    if (name == "dept") stored.account.set_department(value);
    if (name == "agency" && !value.empty()) stored.account.set_agency(value);
    if (name == "disabled") stored.account.set_disabled(value == "1");
    if (name == "created") stored.account.set_created_at(value);
    if (name == "by") stored.account.set_created_by(value);
    if (name == "pwhash") stored.password_hash = value;
    if (name == "version") (void)absl::SimpleAtoi(value, &stored.version);
    if (name == "roles") {
      for (absl::string_view role : absl::StrSplit(value, ',', absl::SkipEmpty())) {
        stored.account.add_roles(std::string(role));
      }
    }
  }
  return stored;
}

}  // namespace

absl::Status AccountStore::Add(const v1::UserAccount& account, const std::string& password_hash,
                               bool only_if_first) {
  std::vector<std::string> args = {only_if_first ? "1" : "0", account.user_id()};
  AppendProfile(account, args);
  args.insert(args.end(), {"pwhash", password_hash, "created", account.created_at(), "by",
                           account.created_by()});
  GK_ASSIGN_OR_RETURN(RedisReply reply,
                      redis_.Eval(keys::AuthRoute(), AddAccountScript(),
                                  {keys::User(account.user_id()), keys::Users()}, args));
  if (!reply.is_error()) return absl::OkStatus();
  if (absl::StartsWith(ScriptError(reply.str()), "GK_NOT_FIRST")) {
    return StaffError(absl::StatusCode::kFailedPrecondition,
                      "系统中已有账户，新增账户须由系统管理员登录后办理",
                      "accounts exist already: only an administrator may add one (sign in first)");
  }
  if (absl::StartsWith(ScriptError(reply.str()), "GK_EXISTS")) {
    return absl::AlreadyExistsError(absl::StrCat("`user_id` \"", account.user_id(), "\" 已被使用"));
  }
  return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
}

absl::StatusOr<StoredAccount> AccountStore::Get(absl::string_view user_id) {
  GK_ASSIGN_OR_RETURN(
      std::vector<RedisReply> replies,
      redis_.Pipeline(
          {{keys::AuthRoute(), {"HGETALL", keys::User(user_id)}},
           {keys::AuthRoute(), {"HGET", keys::Revoked(), absl::StrCat("user:", user_id)}}}));
  const RedisReply& reply = replies[0];
  if (reply.is_error()) return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
  if (replies[1].is_error()) {
    return absl::InternalError(absl::StrCat("Redis: ", replies[1].str()));
  }
  if (reply.size() == 0) return NoAccount(user_id);
  StoredAccount stored = ParseAccount(user_id, reply, default_agency_);
  if (replies[1].is_string()) (void)absl::SimpleAtoi(replies[1].str(), &stored.sessions_ended_at);
  return stored;
}

absl::StatusOr<v1::UserAccount> AccountStore::Disable(absl::string_view user_id, int64_t at) {
  GK_ASSIGN_OR_RETURN(RedisReply reply, redis_.Eval(keys::AuthRoute(), DisableAccountScript(),
                                                    {keys::User(user_id), keys::Revoked()},
                                                    {std::string(user_id), std::to_string(at)}));
  if (reply.is_error()) {
    if (absl::StartsWith(ScriptError(reply.str()), "GK_NOT_FOUND")) return NoAccount(user_id);
    return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
  }
  return ParseAccount(user_id, reply, default_agency_).account;
}

absl::StatusOr<v1::UserAccount> AccountStore::Update(const AccountWrite& write) {
  const v1::UserAccount& account = write.account;
  std::vector<std::string> args = {account.user_id(), std::to_string(write.expected_version),
                                   write.end_sessions ? "1" : "0", std::to_string(write.at)};
  AppendProfile(account, args);
  if (!write.password_hash.empty()) {
    args.push_back("pwhash");
    args.push_back(write.password_hash);
  }
  GK_ASSIGN_OR_RETURN(RedisReply reply,
                      redis_.Eval(keys::AuthRoute(), UpdateAccountScript(),
                                  {keys::User(account.user_id()), keys::Revoked()}, args));
  if (reply.is_error()) {
    const absl::string_view error = ScriptError(reply.str());
    if (absl::StartsWith(error, "GK_NOT_FOUND")) return NoAccount(account.user_id());
    if (absl::StartsWith(error, "GK_CHANGED")) {
      return absl::AbortedError(
          absl::StrCat("账户 ", account.user_id(), " 刚被他人修改，请重新读取后再改"));
    }
    return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
  }
  return ParseAccount(account.user_id(), reply, default_agency_).account;
}

absl::Status AccountStore::EndSessions(absl::string_view user_id, int64_t at) {
  GK_ASSIGN_OR_RETURN(RedisReply reply, redis_.Eval(keys::AuthRoute(), EndSessionsScript(),
                                                    {keys::User(user_id), keys::Revoked()},
                                                    {std::string(user_id), std::to_string(at)}));
  if (reply.is_error()) {
    if (absl::StartsWith(ScriptError(reply.str()), "GK_NOT_FOUND")) return NoAccount(user_id);
    return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::UserAccount>> AccountStore::List() {
  GK_ASSIGN_OR_RETURN(RedisReply members,
                      redis_.Command(keys::AuthRoute(), {"SMEMBERS", keys::Users()}));
  if (members.is_error()) return absl::InternalError(absl::StrCat("Redis: ", members.str()));
  std::vector<std::string> ids;
  for (size_t i = 0; i < members.size() && i < kMaxAccounts; ++i) {
    ids.emplace_back(members.element(i).str());
  }
  std::sort(ids.begin(), ids.end());
  std::vector<RoutedCommand> commands;
  for (const std::string& id : ids)
    commands.push_back({keys::AuthRoute(), {"HGETALL", keys::User(id)}});
  std::vector<v1::UserAccount> accounts;
  if (commands.empty()) return accounts;
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis_.Pipeline(commands));
  for (size_t i = 0; i < replies.size(); ++i) {
    if (replies[i].is_error() || replies[i].size() == 0) continue;
    accounts.push_back(ParseAccount(ids[i], replies[i], default_agency_).account);
  }
  return accounts;
}

absl::Status AccountStore::RevokeToken(absl::string_view token_id, int64_t expires_at) {
  GK_ASSIGN_OR_RETURN(
      RedisReply reply,
      redis_.Command(keys::AuthRoute(), {"HSET", keys::Revoked(), absl::StrCat("token:", token_id),
                                         std::to_string(expires_at)}));
  if (reply.is_error()) return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
  return absl::OkStatus();
}

absl::StatusOr<Revocations> AccountStore::LoadRevocations(int64_t now) {
  GK_ASSIGN_OR_RETURN(RedisReply reply,
                      redis_.Command(keys::AuthRoute(), {"HGETALL", keys::Revoked()}));
  if (reply.is_error()) return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
  Revocations revocations;
  std::vector<std::string> expired = {"HDEL", keys::Revoked()};
  for (size_t i = 0; i + 1 < reply.size(); i += 2) {
    const absl::string_view field = reply.element(i).str();
    int64_t seconds = 0;
    if (!absl::SimpleAtoi(reply.element(i + 1).str(), &seconds)) continue;
    if (absl::StartsWith(field, "user:")) {
      revocations.users[field.substr(5)] = seconds;
    } else if (absl::StartsWith(field, "token:")) {
      if (seconds <= now) {
        expired.emplace_back(field);
      } else {
        revocations.tokens.insert(std::string(field.substr(6)));
      }
    }
  }
  if (expired.size() > 2) {
    std::vector<absl::string_view> command(expired.begin(), expired.end());
    (void)redis_.Command(keys::AuthRoute(),
                         command);  // forgetting them is housekeeping: retried next time
  }
  return revocations;
}

absl::Status AccountStore::RecordDenial(absl::string_view user_id, absl::string_view role,
                                        absl::string_view method, absl::string_view case_number,
                                        absl::string_view reason, absl::string_view at) {
  GK_ASSIGN_OR_RETURN(
      RedisReply reply,
      redis_.Command(keys::AuthRoute(),
                     {"XADD", keys::Denied(), "MAXLEN", "~", "100000", "*", "at", at, "user",
                      user_id, "role", role, "method", method, "case", case_number, "reason",
                      Utf8Prefix(reason, kMaxDenialReasonChars)}));
  if (reply.is_error()) return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
  return absl::OkStatus();
}

}  // namespace gongkai
