// The two shapes most RPCs take, served on the Redis worker pool:
// - a command on one case: load, check the caller's version, plan the change, commit;
// - one page of a work queue.
//
// Example:
//   return ServeCaseCommand(context, pool_, "Accept", request->case_number(),
//                           request->expected_version(), ack,
//                           [this](const v1::Case& current, const v1::Actor& actor) {
//                             return AcceptCase(current, actor, clock_.Now());
//                           });
#pragma once

#include <string>

#include "auth/access_policy.h"
#include "base/status_macros.h"
#include "grpc/unary_call.h"
#include "redis/case_actions.h"
#include "redis/case_store.h"

namespace gongkai {

// A command on one case whose plan also reads other records from the store (the applicant's
// other requests, for a fee per request): plan(store, current, actor).
template <typename Plan>
grpc::ServerUnaryReactor* ServeCaseCommandReading(grpc::CallbackServerContext* context,
                                                  RedisWorkerPool& pool, absl::string_view method,
                                                  const std::string& case_number,
                                                  int64_t expected_version, v1::CaseAck* ack,
                                                  Plan plan) {
  return ServeOnPool(context, pool, method,
                     [method, &case_number, expected_version, ack, plan = std::move(plan)](
                         RedisConnection& redis, const v1::Actor& actor) {
                       CaseStore store(redis);
                       return ActOnCase(
                           store, case_number, expected_version, ack,
                           [&](const v1::Case& current) -> absl::StatusOr<CaseChange> {
                             // An officer acts only on their department's cases.
                             GK_RETURN_IF_ERROR(CheckCaseAccess(method, actor, current));
                             return plan(store, current, actor);
                           });
                     });
}

// plan(current, actor): the change the command makes.
template <typename Plan>
grpc::ServerUnaryReactor* ServeCaseCommand(grpc::CallbackServerContext* context,
                                           RedisWorkerPool& pool, absl::string_view method,
                                           const std::string& case_number, int64_t expected_version,
                                           v1::CaseAck* ack, Plan plan) {
  return ServeCaseCommandReading(
      context, pool, method, case_number, expected_version, ack,
      [plan = std::move(plan)](CaseStore&, const v1::Case& current, const v1::Actor& actor) {
        return plan(current, actor);
      });
}

inline grpc::ServerUnaryReactor* ServeQueuePage(grpc::CallbackServerContext* context,
                                                RedisWorkerPool& pool, absl::string_view method,
                                                QueueKind kind, std::string department,
                                                const v1::QueuePage* page,
                                                v1::QueueResponse* response) {
  return ServeOnPool(
      context, pool, method,
      [kind, department = std::move(department), page, response](
          RedisConnection& redis, const v1::Actor& actor) -> absl::Status {
        // The caller's agency's queue unless the page names another.
        const std::string& agency = page->agency().empty() ? actor.agency() : page->agency();
        GK_RETURN_IF_ERROR(CheckDepartmentAccess(actor, agency, department));
        CaseStore store(redis);
        GK_ASSIGN_OR_RETURN(*response, store.ListQueue(kind, agency, department, *page));
        return absl::OkStatus();
      });
}

}  // namespace gongkai
