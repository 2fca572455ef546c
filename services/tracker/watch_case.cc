#include "watch_case.h"

#include <atomic>
#include <memory>

#include "absl/strings/str_cat.h"
#include "auth/access_policy.h"
#include "grpc/call_context.h"
#include "grpc/status_mapping.h"
#include "grpc/unary_call.h"
#include "redis/case_store.h"
#include "rules/case_number.h"

namespace gongkai {
namespace {

// One watch in flight: answered exactly once, by the first of the initial read, the feed's
// wake-up and the end of the wait.
struct WatchCall {
  grpc::ServerUnaryReactor* reactor = nullptr;
  v1::CaseVersion* response = nullptr;
  std::string case_number;
  std::atomic<bool> answered = false;
};

void Answer(const absl::StatusOr<v1::CaseVersion>& current, WatchCall& call) {
  if (current.ok()) *call.response = *current;
  if (!current.ok()) LogCallFailure("WatchCase", nullptr, current.status());
  call.reactor->Finish(ToGrpcStatus(current.status()));
}

}  // namespace

absl::Status ValidateWatch(const v1::WatchCaseRequest& request) {
  if (absl::Status number = ParseCaseNumber(request.case_number()).status(); !number.ok()) {
    return number;
  }
  if (request.after_version() < 0) {
    return absl::InvalidArgumentError("`after_version` 不能为负数");
  }
  if (request.timeout_ms() < 1 || request.timeout_ms() > kMaxWatchMillis) {
    return absl::InvalidArgumentError(
        absl::StrCat("`timeout_ms` 须在 1 至 ", kMaxWatchMillis, " 之间"));
  }
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* ServeWatch(grpc::CallbackServerContext* context, RedisWorkerPool& pool,
                                     ChangeFeed& feed, const v1::WatchCaseRequest& request,
                                     v1::CaseVersion* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::optional<v1::Actor> actor = AdmitCall(context, reactor, pool, "WatchCase");
  if (!actor.has_value()) return reactor;
  if (absl::Status valid = ValidateWatch(request); !valid.ok()) {
    LogCallFailure("WatchCase", nullptr, valid);
    reactor->Finish(ToGrpcStatus(valid));
    return reactor;
  }
  auto call = std::make_shared<WatchCall>();
  call->reactor = reactor;
  call->response = response;
  call->case_number = request.case_number();
  const int64_t after = request.after_version();
  const absl::Duration timeout = absl::Milliseconds(request.timeout_ms());
  auto watch = [&pool, &feed, call, after, timeout] {
    // Woken by the feed: with the committed version and state, answered at once; without (the
    // wait ended, the feed reconnected), read where the case stands.
    auto wake = [&pool, call](std::optional<ChangeFeed::Announcement> news) {
      if (call->answered.exchange(true)) return;
      if (news.has_value()) {
        v1::CaseVersion announced;
        announced.set_case_number(call->case_number);
        announced.set_version(news->version);
        announced.set_state(static_cast<v1::CaseState>(news->state));
        Answer(announced, *call);
        return;
      }
      pool.Submit([call](RedisConnection& redis) {
        CaseStore store(redis);
        Answer(store.LoadVersion(call->case_number), *call);
      });
    };
    // Registered before the first read, so that a change committed in between is not missed.
    // No read when the feed has heard the case's last commit and listens for its next ones.
    const ChangeFeed::Watching watching =
        feed.Watch(call->case_number, after, absl::Now() + timeout, std::move(wake));
    if (!watching.must_read) return;
    pool.Submit([&feed, call, id = watching.id, after](RedisConnection& redis) {
      CaseStore store(redis);
      absl::StatusOr<v1::CaseVersion> current = store.LoadVersion(call->case_number);
      if (current.ok() && current->version() <= after) return;  // wait for the feed
      feed.Cancel(id);
      if (call->answered.exchange(true)) return;
      Answer(current, *call);
    });
  };
  if (CaseScopeOf("WatchCase", *actor) == CaseScope::kAny) {
    watch();
    return reactor;
  }
  // A role limited to some cases (an officer to their department's, a window clerk to those
  // they registered, as GetCase shows them) is checked before the watch starts, so that not even
  // a case's version and state reach anyone else.
  pool.Submit([call, watch = std::move(watch), actor = *actor](RedisConnection& redis) {
    CaseStore store(redis);
    absl::StatusOr<v1::Case> current = store.Load(call->case_number, /*with_events=*/false);
    absl::Status allowed =
        current.ok() ? CheckCaseAccess("WatchCase", actor, *current) : current.status();
    if (!allowed.ok()) {
      call->answered = true;
      Answer(allowed, *call);
      return;
    }
    watch();
  });
  return reactor;
}

}  // namespace gongkai
