// gRPC handlers of the account service (sign-in, staff accounts). On the tracker, the one
// process that holds the key signing session tokens.
#pragma once

#include "absl/time/time.h"
#include "auth/session_tokens.h"
#include "auth/sign_in_limits.h"
#include "base/clock.h"
#include "gongkai/v1/account.grpc.pb.h"
#include "redis/worker_pool.h"
#include "rules/agency_catalogue.h"

namespace gongkai {

class AccountServiceImpl final : public v1::AccountService::CallbackService {
 public:
  AccountServiceImpl(RedisWorkerPool& pool, const Clock& clock, const AgencyCatalogue& catalogue,
                     TokenKeys keys, absl::Duration session_length,
                     SignInLimits sign_in_limits = {})
      : pool_(pool),
        clock_(clock),
        catalogue_(catalogue),
        keys_(std::move(keys)),
        session_length_(session_length),
        sign_in_limits_(sign_in_limits) {}

  grpc::ServerUnaryReactor* Login(grpc::CallbackServerContext* context,
                                  const v1::LoginRequest* request,
                                  v1::LoginResponse* response) override;
  grpc::ServerUnaryReactor* Logout(grpc::CallbackServerContext* context,
                                   const v1::LogoutRequest* request,
                                   v1::LogoutResponse* response) override;
  grpc::ServerUnaryReactor* AddUser(grpc::CallbackServerContext* context,
                                    const v1::AddUserRequest* request,
                                    v1::UserAccount* response) override;
  grpc::ServerUnaryReactor* DisableUser(grpc::CallbackServerContext* context,
                                        const v1::DisableUserRequest* request,
                                        v1::UserAccount* response) override;
  grpc::ServerUnaryReactor* UpdateUser(grpc::CallbackServerContext* context,
                                       const v1::UpdateUserRequest* request,
                                       v1::UserAccount* response) override;
  grpc::ServerUnaryReactor* ListUsers(grpc::CallbackServerContext* context,
                                      const v1::ListUsersRequest* request,
                                      v1::ListUsersResponse* response) override;

 private:
  RedisWorkerPool& pool_;
  const Clock& clock_;
  // Accounts name an agency of it, and a unit of that agency as their department.
  const AgencyCatalogue& catalogue_;
  const TokenKeys keys_;
  const absl::Duration session_length_;
  const SignInLimits sign_in_limits_;
};

}  // namespace gongkai
