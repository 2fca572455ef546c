// TrackerService.ListNotices, MarkNoticesRead and WatchNotices: staff reminders, per person.
//
// Every signed-in role may call them (the access policy lists all but the services' own): a
// person sees the notices of the audiences of ALL the roles their session carries (an officer's
// department, the dispatchers, the head and managers — rules/notice_ladder.h), so a role without
// an audience (clerk, reviewer, administrator) gets an empty list rather than a refusal: the
// inbox is everyone's, it is simply empty for them, and a person holding one of those roles
// besides another still sees the other's reminders. Read marks are the person's own.
//
// The calls are admitted as every other RPC, by AdmitCall (grpc/unary_call.h: session token,
// then the access policy, a refusal recorded before the call ends), and their failures logged
// as every other RPC's (LogCallFailure).
#pragma once

#include <grpcpp/support/server_callback.h>

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongkai/v1/tracker.pb.h"
#include "notice_hub.h"
#include "redis/worker_pool.h"
#include "rules/agency_catalogue.h"

namespace gongkai {

inline constexpr int kDefaultNoticePage = 20;
inline constexpr int kMaxNoticePage = 100;
inline constexpr int kMaxMarkedIds = 500;

struct NoticeQuery {
  bool unread_only = false;
  int64_t before = 0;  // 0: from the newest
  int limit = kDefaultNoticePage;
};

// A notice id as the API gives it: a positive decimal of at most 15 digits. INVALID_ARGUMENT
// naming `field` otherwise.
absl::StatusOr<int64_t> ParseNoticeId(absl::string_view text, absl::string_view field);

// INVALID_ARGUMENT naming the field: page_size 0-100, a page token this service gave.
absl::StatusOr<NoticeQuery> ValidateListNotices(const v1::ListNoticesRequest& request);
// The ids to mark (empty: all). INVALID_ARGUMENT naming the field: either 1-500 well-formed ids
// or `all`, not both.
absl::StatusOr<std::vector<int64_t>> ValidateMarkNoticesRead(
    const v1::MarkNoticesReadRequest& request);
// `after_id` as an id ("0": from the first notice kept), or -1 when empty.
absl::StatusOr<int64_t> ValidateWatchNotices(const v1::WatchNoticesRequest& request);

grpc::ServerUnaryReactor* ServeListNotices(grpc::CallbackServerContext* context,
                                           RedisWorkerPool& pool, const AgencyCatalogue& catalogue,
                                           const v1::ListNoticesRequest& request,
                                           v1::ListNoticesResponse* response);

grpc::ServerUnaryReactor* ServeMarkNoticesRead(grpc::CallbackServerContext* context,
                                               RedisWorkerPool& pool,
                                               const v1::MarkNoticesReadRequest& request,
                                               v1::MarkNoticesReadResponse* response);

// `hub` null: UNAVAILABLE.
grpc::ServerWriteReactor<v1::Notice>* ServeWatchNotices(grpc::CallbackServerContext* context,
                                                        RedisWorkerPool& pool, NoticeHub* hub,
                                                        const v1::WatchNoticesRequest& request);

}  // namespace gongkai
