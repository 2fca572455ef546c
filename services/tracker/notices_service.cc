#include "notices_service.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "grpc/status_mapping.h"
#include "grpc/unary_call.h"
#include "redis/notice_store.h"
#include "rules/notice_ladder.h"

namespace gongkai {
namespace {

// Who is calling and which audiences they read: from every role of their session, not only the
// one the policy chose for the call.
struct NoticeCaller {
  v1::Actor actor;
  std::vector<std::string> audiences;
};

// The admission of every call (grpc/unary_call.h); a failure is finished through `finish`.
std::optional<NoticeCaller> AdmitNoticeCall(grpc::CallbackServerContext* context,
                                            RedisWorkerPool& pool, absl::string_view method,
                                            CallFinisher finish) {
  std::optional<AdmittedCall> admitted = AdmitCall(context, pool, method, std::move(finish));
  if (!admitted.has_value()) return std::nullopt;
  const std::vector<std::string> roles(admitted->claims.roles().begin(),
                                       admitted->claims.roles().end());
  return NoticeCaller{std::move(admitted->actor), PersonAudiences(roles, admitted->claims.agency(),
                                                                  admitted->claims.department())};
}

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("`", field, "` ", problem));
}

}  // namespace

absl::StatusOr<int64_t> ParseNoticeId(absl::string_view text, absl::string_view field) {
  const bool digits =
      !text.empty() && text.size() <= 15 && text[0] != '0' &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  int64_t id = 0;
  if (!digits || !absl::SimpleAtoi(text, &id)) return Invalid(field, "不是提醒编号（应为正整数）");
  return id;
}

absl::StatusOr<NoticeQuery> ValidateListNotices(const v1::ListNoticesRequest& request) {
  NoticeQuery query;
  query.unread_only = request.unread_only();
  if (request.page_size() < 0 || request.page_size() > kMaxNoticePage) {
    return Invalid("page_size", absl::StrCat("须在1到", kMaxNoticePage, "之间（0表示",
                                             kDefaultNoticePage, "）"));
  }
  if (request.page_size() > 0) query.limit = request.page_size();
  if (!request.page_token().empty()) {
    absl::StatusOr<int64_t> before = ParseNoticeId(request.page_token(), "page_token");
    if (!before.ok()) return Invalid("page_token", "不是上一页给出的游标");
    query.before = *before;
  }
  return query;
}

absl::StatusOr<std::vector<int64_t>> ValidateMarkNoticesRead(
    const v1::MarkNoticesReadRequest& request) {
  if (request.all() && request.ids_size() > 0) return Invalid("ids", "与 `all` 不能同时给出");
  if (!request.all() && request.ids_size() == 0) return Invalid("ids", "或 `all` 须给出其一");
  if (request.ids_size() > kMaxMarkedIds) {
    return Invalid("ids", absl::StrCat("一次最多", kMaxMarkedIds, "个"));
  }
  std::vector<int64_t> ids;
  for (int i = 0; i < request.ids_size(); ++i) {
    absl::StatusOr<int64_t> id = ParseNoticeId(request.ids(i), absl::StrCat("ids[", i, "]"));
    if (!id.ok()) return id.status();
    ids.push_back(*id);
  }
  return ids;
}

absl::StatusOr<int64_t> ValidateWatchNotices(const v1::WatchNoticesRequest& request) {
  if (request.after_id().empty()) return -1;
  if (request.after_id() == "0") return 0;  // from the first notice kept
  return ParseNoticeId(request.after_id(), "after_id");
}

grpc::ServerUnaryReactor* ServeListNotices(grpc::CallbackServerContext* context,
                                           RedisWorkerPool& pool, const AgencyCatalogue& catalogue,
                                           const v1::ListNoticesRequest& request,
                                           v1::ListNoticesResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::optional<NoticeCaller> caller =
      AdmitNoticeCall(context, pool, "ListNotices",
                      [reactor](const grpc::Status& status) { reactor->Finish(status); });
  if (!caller.has_value()) return reactor;
  absl::StatusOr<NoticeQuery> query = ValidateListNotices(request);
  if (!query.ok()) {
    LogCallFailure("ListNotices", &caller->actor, query.status());
    reactor->Finish(ToGrpcStatus(query.status()));
    return reactor;
  }
  pool.Submit([reactor, response, &catalogue, caller = *std::move(caller),
               query = *query](RedisConnection& redis) {
    NoticeStore store(redis);
    absl::StatusOr<NoticePage> page = store.List(caller.actor.user_id(), caller.audiences,
                                                 query.unread_only, query.before, query.limit);
    if (!page.ok()) {
      LogCallFailure("ListNotices", &caller.actor, page.status());
      reactor->Finish(ToGrpcStatus(page.status()));
      return;
    }
    for (const StoredNotice& notice : page->notices) {
      *response->add_notices() = ToNoticeMessage(notice, catalogue);
    }
    if (page->more && !page->notices.empty()) {
      response->set_next_page_token(std::to_string(page->notices.back().id));
    }
    response->set_unread(page->unread);
    response->set_newest_id(std::to_string(page->newest));
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerUnaryReactor* ServeMarkNoticesRead(grpc::CallbackServerContext* context,
                                               RedisWorkerPool& pool,
                                               const v1::MarkNoticesReadRequest& request,
                                               v1::MarkNoticesReadResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::optional<NoticeCaller> caller =
      AdmitNoticeCall(context, pool, "MarkNoticesRead",
                      [reactor](const grpc::Status& status) { reactor->Finish(status); });
  if (!caller.has_value()) return reactor;
  absl::StatusOr<std::vector<int64_t>> ids = ValidateMarkNoticesRead(request);
  if (!ids.ok()) {
    LogCallFailure("MarkNoticesRead", &caller->actor, ids.status());
    reactor->Finish(ToGrpcStatus(ids.status()));
    return reactor;
  }
  pool.Submit([reactor, response, caller = *std::move(caller),
               ids = *std::move(ids)](RedisConnection& redis) {
    NoticeStore store(redis);
    absl::StatusOr<int> marked =
        ids.empty() ? store.MarkAllRead(caller.actor.user_id(), caller.audiences)
                    : store.MarkRead(caller.actor.user_id(), caller.audiences, ids);
    if (!marked.ok()) {
      LogCallFailure("MarkNoticesRead", &caller.actor, marked.status());
      reactor->Finish(ToGrpcStatus(marked.status()));
      return;
    }
    response->set_marked(*marked);
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerWriteReactor<v1::Notice>* ServeWatchNotices(grpc::CallbackServerContext* context,
                                                        RedisWorkerPool& pool, NoticeHub* hub,
                                                        const v1::WatchNoticesRequest& request) {
  auto* watch = new NoticeWatch(hub);  // deletes itself once done and no longer held
  // A refusal finishes the watch on the pool after a Redis round trip, by which time the client
  // may have left and the call be done: the finisher holds the watch until it has run.
  std::optional<NoticeCaller> caller =
      AdmitNoticeCall(context, pool, "WatchNotices", watch->HeldFinisher());
  if (!caller.has_value()) return watch;
  absl::StatusOr<int64_t> after = ValidateWatchNotices(request);
  if (!after.ok()) {
    LogCallFailure("WatchNotices", &caller->actor, after.status());
    watch->End(ToGrpcStatus(after.status()));
    return watch;
  }
  const absl::Status added =
      hub == nullptr ? absl::UnavailableError("本跟踪服务不提供提醒推送")
                     : hub->Add(watch, caller->actor.user_id(), caller->audiences, *after);
  if (!added.ok()) {
    LogCallFailure("WatchNotices", &caller->actor, added);
    watch->End(ToGrpcStatus(added));
  }
  return watch;
}

}  // namespace gongkai
