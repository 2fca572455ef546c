// TrackerService.WatchCase: answers when a case changes past a version the caller has seen, or
// when the wait ends, using the process's ChangeFeed instead of reading the case again and again.
#pragma once

#include <grpcpp/support/server_callback.h>

#include "absl/status/status.h"
#include "gongkai/v1/tracker.pb.h"
#include "redis/change_feed.h"
#include "redis/worker_pool.h"

namespace gongkai {

inline constexpr int kMaxWatchMillis = 30000;

// INVALID_ARGUMENT naming the field: a case number, a version of 0 or more, a timeout of 1 to
// kMaxWatchMillis milliseconds.
absl::Status ValidateWatch(const v1::WatchCaseRequest& request);

grpc::ServerUnaryReactor* ServeWatch(grpc::CallbackServerContext* context, RedisWorkerPool& pool,
                                     ChangeFeed& feed, const v1::WatchCaseRequest& request,
                                     v1::CaseVersion* response);

}  // namespace gongkai
