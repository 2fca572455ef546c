#include "redis/store_layout.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "redis/keys.h"
#include "rules/case_number.h"

namespace gongkai {

absl::Status CheckStoreLayout(RedisConnection& redis) {
  const std::string layout = std::to_string(kStoreLayout);
  GK_ASSIGN_OR_RETURN(RedisReply recorded,
                      redis.Command(keys::ConfigRoute(), {"GET", keys::StoreLayout()}));
  if (recorded.is_error()) return absl::InternalError(absl::StrCat("Redis: ", recorded.str()));
  if (recorded.is_string()) {
    if (recorded.str() == layout) return absl::OkStatus();
    return absl::FailedPreconditionError(absl::StrCat(
        "Redis holds Gongkai data of layout ", recorded.str(), "; this build reads layout ", layout,
        " and converts none: run the build that wrote it"));
  }
  // Every committed case counts in its partition's report counters: they exist once any case
  // does, whatever happened to it since.
  std::vector<RoutedCommand> probes;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    probes.push_back(
        {keys::PartitionRoute(partition), {"EXISTS", keys::ReportCounters(partition)}});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> found, redis.Pipeline(probes));
  for (const RedisReply& reply : found) {
    if (reply.is_error()) return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
    if (reply.integer() > 0) {
      return absl::FailedPreconditionError(
          "Redis holds cases stored before this build's data layout was recorded (due scores "
          "by the minute, notices by time); this build converts none: keep that data with the "
          "build that wrote it, or start from an empty data directory (deploy/local.sh: move "
          ".run/ aside)");
    }
  }
  GK_ASSIGN_OR_RETURN(RedisReply set, redis.Command(keys::ConfigRoute(),
                                                    {"SET", keys::StoreLayout(), layout, "NX"}));
  if (set.is_error()) return absl::InternalError(absl::StrCat("Redis: ", set.str()));
  // Another service may have recorded it meanwhile: read it again rather than trust either.
  GK_ASSIGN_OR_RETURN(RedisReply now,
                      redis.Command(keys::ConfigRoute(), {"GET", keys::StoreLayout()}));
  if (!now.is_string() || now.str() != layout) {
    return absl::FailedPreconditionError(
        absl::StrCat("Redis records data layout ", now.str(), ", not ", layout));
  }
  return absl::OkStatus();
}

}  // namespace gongkai
