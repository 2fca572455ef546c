#include "redis/redis_connection.h"

#include <poll.h>

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/logging.h"
#include "base/status_macros.h"
#include "redis/node_connection.h"

namespace gongkai {
namespace {

// Enough for a MOVED followed by an ASK during a migration, and for a few TRYAGAINs while a
// multi-key script's keys are split between two nodes for a moment.
constexpr int kMaxRedirects = 6;
// A changed topology is read again at most this often, however many calls notice it.
constexpr absl::Duration kTopologyReadInterval = absl::Milliseconds(100);

std::vector<absl::string_view> Views(const std::vector<std::string>& args) {
  return std::vector<absl::string_view>(args.begin(), args.end());
}

bool IsNoScript(const RedisReply& reply) {
  return reply.is_error() && absl::StartsWith(reply.str(), "NOSCRIPT");
}

// Errors a master gives while a failover settles: it lost its replica (min-replicas-to-write),
// is loading its data, or has become a replica (READONLY). The call is UNAVAILABLE, to be
// retried; the slot table is read again.
bool IsSettling(const RedisReply& reply) {
  if (!reply.is_error()) return false;
  const absl::string_view error = reply.str();
  return absl::StartsWith(error, "NOREPLICAS") || absl::StartsWith(error, "LOADING") ||
         absl::StartsWith(error, "READONLY") || absl::StartsWith(error, "MASTERDOWN") ||
         absl::StartsWith(error, "CLUSTERDOWN");
}

bool NeedsRedirect(const RedisReply& reply) {
  return reply.is_error() &&
         (absl::StartsWith(reply.str(), "MOVED ") || absl::StartsWith(reply.str(), "ASK ") ||
          absl::StartsWith(reply.str(), "TRYAGAIN"));
}

std::vector<std::string> EvalShaCommand(const std::string& sha1, const ScriptCall& call) {
  std::vector<std::string> command = {"EVALSHA", sha1, std::to_string(call.keys.size())};
  command.insert(command.end(), call.keys.begin(), call.keys.end());
  command.insert(command.end(), call.args.begin(), call.args.end());
  return command;
}

}  // namespace

namespace {

// A WAIT may take its whole timeout: the socket's timeout must not end it first (that would
// drop the connection and count as the node failing).
RedisOptions WithRoomForWait(RedisOptions options) {
  if (options.wait_replicas > 0) {
    options.command_timeout =
        std::max(options.command_timeout, options.wait_timeout + absl::Seconds(1));
  }
  return options;
}

}  // namespace

RedisConnection::RedisConnection(RedisOptions options)
    : options_(WithRoomForWait(std::move(options))),
      seed_(std::make_unique<NodeConnection>(options_)) {}

RedisConnection::~RedisConnection() = default;

int64_t RedisConnection::Epoch() { return NodeConnection::Epoch(); }

std::map<std::string, int64_t> RedisConnection::FailuresByNode() {
  return NodeConnection::FailuresByNode();
}

absl::Status RedisConnection::EnsureTopology() {
  if (!topology_known_) return ReadTopology();
  if (cluster_ && topology_stale_ && absl::Now() >= next_topology_read_) {
    // A failed read keeps the table there was: calls go on to the masters that answer.
    (void)ReadTopology();
  }
  return absl::OkStatus();
}

absl::Status RedisConnection::ReadTopology() {
  next_topology_read_ = absl::Now() + kTopologyReadInterval;
  // Asked of the node the options name first, then of any other node met: the first that
  // answers with a table. Not of the data connections, which may be subscribed and cannot be
  // asked.
  absl::StatusOr<RedisReply> shards = seed_->Command({"CLUSTER", "SHARDS"});
  ++round_trips_;
  const auto answered = [&] { return shards.ok() && !shards->is_error(); };
  if (!cluster_ && shards.ok() && shards->is_error()) {
    // "ERR This instance has cluster support disabled": one node owns every slot.
    if (!absl::StrContains(shards->str(), "cluster support disabled")) {
      spdlog::warn("event=redis_topology_unknown error=\"{}\" assuming=single_node", shards->str());
    }
    topology_known_ = true;
    return absl::OkStatus();
  }
  for (size_t i = 0; !answered() && i < node_addresses_.size(); ++i) {
    RedisOptions other = options_;
    other.unix_socket.clear();
    other.host = node_addresses_[i].host;
    other.port = node_addresses_[i].port;
    shards = NodeConnection(other).Command({"CLUSTER", "SHARDS"});
  }
  // A cluster whose table cannot be read now keeps the table it had.
  if (!shards.ok()) return shards.status();
  if (shards->is_error()) {
    return absl::UnavailableError(absl::StrCat("CLUSTER SHARDS: ", shards->str()));
  }
  GK_ASSIGN_OR_RETURN(std::vector<ClusterShard> parsed, ParseClusterShards(*shards));
  std::vector<int> owners(kClusterSlots, -1);
  for (const ClusterShard& shard : parsed) {
    if (!shard.master.has_value()) continue;
    const int owner = NodeIndex(*shard.master);
    for (const auto& [first, last] : shard.slot_ranges) {
      std::fill(owners.begin() + first, owners.begin() + last + 1, owner);
    }
  }
  if (cluster_ && owners != slot_owner_) spdlog::info("event=redis_topology_changed");
  slot_owner_ = std::move(owners);
  topology_known_ = true;
  cluster_ = true;
  topology_stale_ = false;
  return absl::OkStatus();
}

int RedisConnection::NodeIndex(const NodeAddress& address) {
  for (size_t i = 0; i < node_addresses_.size(); ++i) {
    if (node_addresses_[i] == address) return static_cast<int>(i);
  }
  RedisOptions node = options_;
  node.unix_socket.clear();
  node.host = address.host;
  node.port = address.port;
  node_addresses_.push_back(address);
  nodes_.push_back(std::make_unique<NodeConnection>(std::move(node)));
  return static_cast<int>(nodes_.size() - 1);
}

absl::StatusOr<NodeConnection*> RedisConnection::NodeForSlot(int slot) {
  GK_RETURN_IF_ERROR(EnsureTopology());
  if (!cluster_) return seed_.get();
  const int owner = slot_owner_[slot];
  if (owner < 0) {
    topology_stale_ = true;
    return absl::UnavailableError(
        absl::StrCat("no Redis master serves slot ", slot, " now (a failover under way?)"));
  }
  return nodes_[owner].get();
}

absl::StatusOr<RedisReply> RedisConnection::Routed(int slot,
                                                   const std::vector<absl::string_view>& args,
                                                   NodeConnection** ran_on) {
  for (int attempt = 0; attempt < kMaxRedirects; ++attempt) {
    GK_ASSIGN_OR_RETURN(NodeConnection * node, NodeForSlot(slot));
    ++round_trips_;
    absl::StatusOr<RedisReply> reply = node->Command(args);
    if (!reply.ok()) {
      topology_stale_ = true;  // the master may have failed: a replica may be taking over
      return reply;
    }
    if (!reply->is_error()) {
      if (ran_on != nullptr) *ran_on = node;
      return reply;
    }
    const absl::string_view error = reply->str();
    if (std::optional<ClusterRedirect> redirect = ParseRedirect(error)) {
      if (redirect->to.host.empty()) redirect->to.host = node->options().host;
      if (!cluster_) {  // a node that said it was alone, or could not say (ACL): it is not
        cluster_ = true;
        slot_owner_.assign(kClusterSlots, -1);
      }
      const int target = NodeIndex(redirect->to);
      if (redirect->kind == ClusterRedirect::Kind::kMoved) {
        slot_owner_[redirect->slot] = target;
        topology_stale_ = true;  // one slot moved: others may have moved with it
        // The node names the slot of the command's key: a tool's command routed by another
        // argument (XINFO STREAM <key>) follows it there.
        slot = redirect->slot;
        continue;
      }
      // ASK: this one command goes to the importing node, announced by ASKING.
      NodeConnection* importing = nodes_[target].get();
      ++round_trips_;
      GK_RETURN_IF_ERROR(importing->Prepare());
      GK_RETURN_IF_ERROR(importing->Append({"ASKING"}));
      GK_RETURN_IF_ERROR(importing->Append(args));
      GK_RETURN_IF_ERROR(importing->Flush());
      GK_RETURN_IF_ERROR(importing->Read().status());  // ASKING's +OK
      GK_ASSIGN_OR_RETURN(RedisReply answer, importing->Read());
      if (answer.is_error() && absl::StartsWith(answer.str(), "TRYAGAIN")) {
        absl::SleepFor(absl::Milliseconds(10 << std::min(attempt, 4)));
        continue;
      }
      if (IsSettling(answer) || ParseRedirect(answer.str()).has_value()) {
        topology_stale_ = true;
        return absl::UnavailableError(
            absl::StrCat("Redis slot ", slot, " is moving: ", answer.str()));
      }
      if (ran_on != nullptr) *ran_on = importing;
      return answer;
    }
    if (absl::StartsWith(error, "TRYAGAIN")) {
      // A multi-key command during a slot's migration, its keys on both sides for a moment.
      absl::SleepFor(absl::Milliseconds(10 << std::min(attempt, 4)));
      continue;
    }
    if (IsSettling(*reply)) {
      topology_stale_ = true;
      return absl::UnavailableError(
          absl::StrCat("Redis at ", RedisAddress(node->options()), ": ", error));
    }
    if (ran_on != nullptr) *ran_on = node;
    return reply;
  }
  return absl::UnavailableError(absl::StrCat("Redis slot ", slot, " redirected ", kMaxRedirects,
                                             " times; topology changing"));
}

absl::StatusOr<RedisReply> RedisConnection::Command(const RedisRoute& route,
                                                    const std::vector<absl::string_view>& args) {
  return Routed(route.slot(), args);
}

absl::StatusOr<RedisReply> RedisConnection::Command(const std::vector<absl::string_view>& args) {
  return Routed(args.size() > 1 ? KeyHashSlot(args[1]) : 0, args);
}

absl::StatusOr<std::vector<RedisReply>> RedisConnection::Pipeline(
    const std::vector<std::vector<std::string>>& commands) {
  std::vector<RoutedCommand> routed;
  routed.reserve(commands.size());
  for (const auto& command : commands) {
    // A key-less command is sent where slot 0 is, as Command(args) does.
    routed.push_back(
        {RedisRoute::OfSlot(command.size() > 1 ? KeyHashSlot(command[1]) : 0), command});
  }
  return Pipeline(routed);
}

absl::StatusOr<std::vector<RedisReply>> RedisConnection::Pipeline(
    const std::vector<RoutedCommand>& commands, WhenNodeDown when) {
  return PipelineRecordingNodes(commands, when, nullptr);
}

absl::StatusOr<std::vector<RedisReply>> RedisConnection::PipelineNamingNodes(
    const std::vector<RoutedCommand>& commands, WhenNodeDown when,
    std::vector<NodeSession>* answered_by) {
  std::vector<NodeConnection*> ran_on;
  std::vector<uint64_t> sessions;
  absl::StatusOr<std::vector<RedisReply>> replies =
      PipelineRecordingNodes(commands, when, &ran_on, &sessions);
  answered_by->assign(commands.size(), NodeSession{});
  for (size_t i = 0; i < ran_on.size(); ++i) {
    if (ran_on[i] != nullptr) (*answered_by)[i] = {RedisAddress(ran_on[i]->options()), sessions[i]};
  }
  return replies;
}

absl::StatusOr<std::vector<RedisReply>> RedisConnection::PipelineRecordingNodes(
    const std::vector<RoutedCommand>& commands, WhenNodeDown when,
    std::vector<NodeConnection*>* ran_on, std::vector<uint64_t>* sessions) {
  std::vector<RedisReply> replies(commands.size());
  if (ran_on != nullptr) ran_on->assign(commands.size(), nullptr);
  if (sessions != nullptr) sessions->assign(commands.size(), 0);
  // Which connection answered command i (nullptr: none), noted as it answers: a later failure
  // in the same call may drop that connection and make another.
  const auto answered = [&](size_t i, NodeConnection* node) {
    if (ran_on != nullptr) (*ran_on)[i] = node;
    if (sessions != nullptr) (*sessions)[i] = node != nullptr ? node->session() : 0;
  };
  if (commands.empty()) return replies;
  GK_RETURN_IF_ERROR(EnsureTopology());
  // Each node's share of the commands, in order; written to every node before any is read.
  struct Share {
    NodeConnection* node;
    std::vector<size_t> commands;
    absl::Status status;
  };
  std::vector<Share> shares;
  for (size_t i = 0; i < commands.size(); ++i) {
    absl::StatusOr<NodeConnection*> node = NodeForSlot(commands[i].route.slot());
    if (!node.ok()) {
      if (when == WhenNodeDown::kFailAll) return node.status();  // nothing sent yet
      replies[i] = RedisReply::Error(absl::StrCat(kNodeDownReply, node.status().message()));
      continue;
    }
    auto share =
        std::find_if(shares.begin(), shares.end(), [&](const Share& s) { return s.node == *node; });
    if (share == shares.end()) share = shares.insert(shares.end(), Share{*node, {}, {}});
    share->commands.push_back(i);
  }
  for (Share& share : shares) {
    share.status = share.node->Prepare();
    for (size_t i : share.commands) {
      if (!share.status.ok()) break;
      share.status = share.node->Append(Views(commands[i].args));
    }
    if (share.status.ok()) share.status = share.node->Flush();
  }
  ++round_trips_;
  // Every share is read to its end before anything is decided: a reply left unread on a
  // connection would be taken as the answer to its next command. (A share that failed has had
  // its connection dropped by NodeConnection.)
  absl::Status first_failure;
  for (Share& share : shares) {
    for (size_t i : share.commands) {
      if (!share.status.ok()) break;
      absl::StatusOr<RedisReply> reply = share.node->Read();
      if (reply.ok()) {
        replies[i] = *std::move(reply);
        answered(i, share.node);
      } else {
        share.status = reply.status();
      }
    }
    if (share.status.ok()) continue;
    topology_stale_ = true;
    if (first_failure.ok()) first_failure = share.status;
    for (size_t i : share.commands) {
      replies[i] = RedisReply::Error(absl::StrCat(kNodeDownReply, share.status.message()));
      answered(i, nullptr);
    }
  }
  if (!first_failure.ok() && when == WhenNodeDown::kFailAll) return first_failure;
  // The few sent to a master that no longer serves their slot go again, one by one; a master
  // still settling after a failover fails its own commands like an unreachable one.
  for (size_t i = 0; i < commands.size(); ++i) {
    if (IsSettling(replies[i])) {
      topology_stale_ = true;
      const std::string why = std::string(replies[i].str());
      if (when == WhenNodeDown::kFailAll) {
        return absl::UnavailableError(absl::StrCat("Redis: ", why));
      }
      replies[i] = RedisReply::Error(absl::StrCat(kNodeDownReply, why));
      answered(i, nullptr);
      continue;
    }
    if (!NeedsRedirect(replies[i])) continue;
    NodeConnection* node = nullptr;
    absl::StatusOr<RedisReply> again =
        Routed(commands[i].route.slot(), Views(commands[i].args), &node);
    if (again.ok()) {
      replies[i] = *std::move(again);
      answered(i, node);
    } else if (when == WhenNodeDown::kFailAll) {
      return again.status();
    } else {
      replies[i] = RedisReply::Error(absl::StrCat(kNodeDownReply, again.status().message()));
      answered(i, nullptr);
    }
  }
  return replies;
}

absl::StatusOr<std::string> RedisConnection::LoadScript(int slot, const LuaScript& script) {
  GK_ASSIGN_OR_RETURN(RedisReply loaded, Routed(slot, {"SCRIPT", "LOAD", script.source}));
  if (loaded.is_error()) {
    return absl::InternalError(absl::StrCat("SCRIPT LOAD failed: ", loaded.str()));
  }
  return std::string(loaded.str());
}

absl::Status RedisConnection::LoadScriptOn(NodeConnection& node, const LuaScript& script) {
  ++round_trips_;
  GK_ASSIGN_OR_RETURN(RedisReply loaded, node.Command({"SCRIPT", "LOAD", script.source}));
  if (loaded.is_error()) {
    return absl::InternalError(absl::StrCat("SCRIPT LOAD failed: ", loaded.str()));
  }
  return absl::OkStatus();
}

absl::StatusOr<RedisReply> RedisConnection::Eval(const RedisRoute& route, const LuaScript& script,
                                                 const std::vector<std::string>& keys,
                                                 const std::vector<std::string>& args) {
  for (const std::string& key : keys) {
    if (!route.Holds(key)) {
      return absl::InternalError(
          absl::StrCat("script key ", key, " is not of the route {", route.tag(), "}"));
    }
  }
  std::string& sha1 = script_shas_[&script];
  if (sha1.empty()) {
    GK_ASSIGN_OR_RETURN(sha1, LoadScript(route.slot(), script));
  }
  const std::vector<std::string> command = EvalShaCommand(sha1, {route, keys, args});
  NodeConnection* ran_on = nullptr;
  GK_ASSIGN_OR_RETURN(RedisReply reply, Routed(route.slot(), Views(command), &ran_on));
  if (IsNoScript(reply) && ran_on != nullptr) {
    // After a restart without the script cache, on a master met for the first time, or on the
    // node importing the slot (ASK): loaded where the call was answered, and sent again.
    GK_RETURN_IF_ERROR(LoadScriptOn(*ran_on, script));
    GK_ASSIGN_OR_RETURN(reply, Routed(route.slot(), Views(command), &ran_on));
  }
  if (ran_on != nullptr) GK_RETURN_IF_ERROR(WaitForReplicas({ran_on}));
  return reply;
}

absl::StatusOr<std::vector<RedisReply>> RedisConnection::EvalMany(
    const LuaScript& script, const std::vector<ScriptCall>& calls, WhenNodeDown when) {
  if (calls.empty()) return std::vector<RedisReply>();
  std::string& sha1 = script_shas_[&script];
  // The script's SHA from the first master that answers (every master gives the same).
  absl::Status not_loaded = absl::UnavailableError("no call to load the script for");
  for (size_t i = 0; sha1.empty() && i < calls.size(); ++i) {
    absl::StatusOr<std::string> loaded = LoadScript(calls[i].route.slot(), script);
    if (loaded.ok()) {
      sha1 = *std::move(loaded);
    } else {
      not_loaded = loaded.status();
      if (when == WhenNodeDown::kFailAll) return not_loaded;
    }
  }
  if (sha1.empty()) {
    std::vector<RedisReply> replies;
    for (size_t i = 0; i < calls.size(); ++i) {
      replies.push_back(RedisReply::Error(absl::StrCat(kNodeDownReply, not_loaded.message())));
    }
    return replies;
  }
  std::vector<RoutedCommand> commands;
  commands.reserve(calls.size());
  for (const ScriptCall& call : calls) commands.push_back({call.route, EvalShaCommand(sha1, call)});
  std::vector<NodeConnection*> ran_on;
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
                      PipelineRecordingNodes(commands, when, &ran_on));
  std::vector<size_t> not_run;
  for (size_t i = 0; i < replies.size(); ++i) {
    if (IsNoScript(replies[i])) not_run.push_back(i);
  }
  if (!not_run.empty()) {
    // A call answered NOSCRIPT did not run: the script is loaded on the masters that said so
    // and just those calls sent once more.
    std::vector<NodeConnection*> reloaded;
    bool loaded = true;
    for (size_t i : not_run) {
      NodeConnection* node = ran_on[i];
      if (node == nullptr || std::find(reloaded.begin(), reloaded.end(), node) != reloaded.end()) {
        continue;
      }
      loaded = loaded && LoadScriptOn(*node, script).ok();
      reloaded.push_back(node);
    }
    std::vector<RoutedCommand> again;
    for (size_t i : not_run) again.push_back(commands[i]);
    std::vector<NodeConnection*> again_ran_on;
    absl::StatusOr<std::vector<RedisReply>> retried =
        loaded ? PipelineRecordingNodes(again, when, &again_ran_on)
               : absl::UnavailableError("the script could not be loaded again");
    if (!retried.ok() && when == WhenNodeDown::kFailAll) return retried.status();
    for (size_t k = 0; k < not_run.size(); ++k) {
      const size_t i = not_run[k];
      if (retried.ok()) {
        replies[i] = (*retried)[k];
        ran_on[i] = again_ran_on[k];
      }
      // Still not run: for the caller, a master that cannot run it now.
      if (IsNoScript(replies[i]) || !retried.ok()) {
        if (when == WhenNodeDown::kFailAll) {
          return absl::UnavailableError(absl::StrCat("Redis: ", replies[i].str()));
        }
        replies[i] = RedisReply::Error(absl::StrCat(
            kNodeDownReply, retried.ok() ? replies[i].str() : retried.status().message()));
        ran_on[i] = nullptr;
      }
    }
  }
  // WAIT on each master that ran a call, exactly those.
  std::vector<NodeConnection*> wrote;
  for (NodeConnection* node : ran_on) {
    if (node != nullptr && std::find(wrote.begin(), wrote.end(), node) == wrote.end()) {
      wrote.push_back(node);
    }
  }
  GK_RETURN_IF_ERROR(WaitForReplicas(wrote));
  return replies;
}

absl::Status RedisConnection::WaitForReplicas(const std::vector<NodeConnection*>& nodes) {
  if (options_.wait_replicas <= 0 || nodes.empty()) return absl::OkStatus();
  const std::string replicas = std::to_string(options_.wait_replicas);
  const std::string timeout_ms = std::to_string(absl::ToInt64Milliseconds(options_.wait_timeout));
  // Sent to every node, then every reply read, before anything is decided: a WAIT reply left
  // unread would be taken as the answer to that connection's next command.
  std::vector<absl::Status> sent(nodes.size());
  for (size_t n = 0; n < nodes.size(); ++n) {
    sent[n] = nodes[n]->Append({"WAIT", replicas, timeout_ms});
    if (sent[n].ok()) sent[n] = nodes[n]->Flush();
  }
  ++round_trips_;
  absl::Status verdict;
  for (size_t n = 0; n < nodes.size(); ++n) {
    absl::StatusOr<RedisReply> acknowledged =
        sent[n].ok() ? nodes[n]->Read() : absl::StatusOr<RedisReply>(sent[n]);
    if (!verdict.ok()) {
      continue;  // the other replies are read all the same
    }
    if (!acknowledged.ok()) {
      verdict = acknowledged.status();
    } else if (acknowledged->is_error()) {
      verdict = absl::UnavailableError(absl::StrCat("WAIT at ", RedisAddress(nodes[n]->options()),
                                                    " failed: ", acknowledged->str()));
    } else if (acknowledged->integer() < options_.wait_replicas) {
      // Written on the master, not yet confirmed on a replica: a failover now could lose it.
      // The caller retries; the scripts' version checks make the retry safe.
      verdict = absl::UnavailableError(absl::StrCat(
          "change written at ", RedisAddress(nodes[n]->options()), " but confirmed by ",
          acknowledged->integer(), " of ", options_.wait_replicas, " replicas within ",
          absl::FormatDuration(options_.wait_timeout)));
    }
  }
  return verdict;
}

absl::StatusOr<std::vector<RedisReply>> RedisConnection::OnEveryMaster(
    const std::vector<absl::string_view>& args) {
  GK_RETURN_IF_ERROR(EnsureTopology());
  std::vector<RedisReply> replies;
  if (!cluster_) {
    ++round_trips_;
    GK_ASSIGN_OR_RETURN(RedisReply reply, seed_->Command(args));
    replies.push_back(std::move(reply));
    return replies;
  }
  std::vector<int> masters = slot_owner_;
  std::sort(masters.begin(), masters.end());
  masters.erase(std::unique(masters.begin(), masters.end()), masters.end());
  for (int master : masters) {
    if (master < 0) continue;
    ++round_trips_;
    absl::StatusOr<RedisReply> reply = nodes_[master]->Command(args);
    if (!reply.ok()) topology_stale_ = true;
    replies.push_back(
        reply.ok() ? *std::move(reply)
                   : RedisReply::Error(absl::StrCat(kNodeDownReply, reply.status().message())));
  }
  return replies;
}

std::vector<NodeConnection*> RedisConnection::SubscriberNodes() const {
  if (!cluster_) return {seed_.get()};
  std::vector<NodeConnection*> nodes;
  for (const auto& node : nodes_) nodes.push_back(node.get());
  return nodes;
}

uint64_t RedisConnection::SessionOf(absl::string_view node) const {
  for (NodeConnection* connection : SubscriberNodes()) {
    if (RedisAddress(connection->options()) == node) return connection->session();
  }
  return 0;
}

std::string RedisConnection::CurrentMasterOf(const RedisRoute& route) {
  if (!EnsureTopology().ok()) return "";
  if (!cluster_) return RedisAddress(seed_->options());
  // Once for a round of questions (the next within kTopologyReadInterval use the same table); a
  // failed read keeps the table there was.
  if (absl::Now() >= next_topology_read_) (void)ReadTopology();
  const int owner = slot_owner_[route.slot()];
  return owner < 0 ? "" : RedisAddress(nodes_[owner]->options());
}

void RedisConnection::DropNode(absl::string_view node) {
  for (NodeConnection* connection : SubscriberNodes()) {
    if (RedisAddress(connection->options()) == node) connection->Close();
  }
  topology_stale_ = true;
}

std::vector<std::string> RedisConnection::Masters() const {
  if (!cluster_) return {RedisAddress(options_)};
  std::vector<std::string> masters;
  for (int owner : slot_owner_) {
    if (owner < 0) continue;
    std::string address = ToString(node_addresses_[owner]);
    if (std::find(masters.begin(), masters.end(), address) == masters.end()) {
      masters.push_back(std::move(address));
    }
  }
  return masters;
}

std::optional<PushedMessage> RedisConnection::ReadPushedFrom(absl::Duration wait) {
  // A connection made since the subscription (or never subscribed) holds none: only the
  // connected ones are listened to.
  std::vector<NodeConnection*> subscribed;
  for (NodeConnection* node : SubscriberNodes()) {
    if (node->connected()) subscribed.push_back(node);
  }
  // Noted before reading: a failed read drops the connection and its session with it.
  const auto from = [](const NodeConnection* node) {
    return NodeSession{RedisAddress(node->options()), node->session()};
  };
  // A message may already sit in a reader's buffer; otherwise wait for the sockets.
  for (NodeConnection* node : subscribed) {
    const NodeSession source = from(node);
    absl::StatusOr<std::optional<RedisReply>> message = node->TakeBuffered();
    if (!message.ok()) {
      topology_stale_ = true;
      return PushedMessage{source, message.status()};
    }
    if (message->has_value()) return PushedMessage{source, **std::move(message)};
  }
  if (subscribed.empty()) {
    absl::SleepFor(wait);
    return std::nullopt;
  }
  std::vector<pollfd> sockets;
  for (NodeConnection* node : subscribed) sockets.push_back({node->fd(), POLLIN, 0});
  const int ready =
      poll(sockets.data(), sockets.size(), static_cast<int>(absl::ToInt64Milliseconds(wait)));
  if (ready <= 0) return std::nullopt;
  for (size_t i = 0; i < sockets.size(); ++i) {
    if ((sockets[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
    const NodeSession source = from(subscribed[i]);
    absl::StatusOr<std::optional<RedisReply>> message = subscribed[i]->ReadAvailable();
    if (!message.ok()) {
      topology_stale_ = true;
      return PushedMessage{source, message.status()};
    }
    if (message->has_value()) return PushedMessage{source, **std::move(message)};
  }
  return std::nullopt;  // part of a message so far
}

absl::StatusOr<std::optional<RedisReply>> RedisConnection::ReadPushed(absl::Duration wait) {
  std::optional<PushedMessage> pushed = ReadPushedFrom(wait);
  if (!pushed.has_value()) return std::nullopt;
  if (!pushed->message.ok()) return pushed->message.status();
  return std::optional<RedisReply>(*std::move(pushed->message));
}

}  // namespace gongkai
