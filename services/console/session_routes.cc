#include "session_routes.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "base/logging.h"
#include "call_setup.h"
#include "gongkai/v1/account.grpc.pb.h"
#include "gongkai/v1/console.pb.h"
#include "gongkai/v1/tracker.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "http_errors.h"
#include "json_text.h"
#include "session_cookie.h"

namespace gongkai::console {
namespace {

HttpReply SessionReply(const std::string& token, const v1::TokenClaims& claims) {
  v1::ConsoleSession session;
  session.mutable_user()->set_user_id(claims.user_id());
  session.mutable_user()->set_display_name(claims.display_name());
  *session.mutable_user()->mutable_roles() = claims.roles();
  session.mutable_user()->set_department(claims.department());
  // The web app shows the person's agency on every screen and offers the county's views to a
  // manager of the county's disclosure office; the services decide regardless.
  session.mutable_user()->set_agency(claims.agency());
  session.mutable_user()->set_county_wide(claims.county_wide());
  session.set_csrf_token(CsrfTokenFor(token));
  session.set_expires_at(claims.expires_at());
  HttpReply reply;
  reply.body = ToJson(session);
  return reply;
}

}  // namespace

HttpReply SessionRoutes::SignIn(absl::string_view json, const Caller& caller) const {
  v1::ConsoleSignIn sign_in;
  if (!google::protobuf::util::JsonStringToMessage(
           google::protobuf::StringPiece(json.data(), json.size()), &sign_in)
           .ok()) {
    return ErrorReply(grpc::StatusCode::INVALID_ARGUMENT,
                      "请求体应为 JSON：{\"user_id\": \"…\", \"password\": \"…\"}");
  }
  if (sign_in.user_id().empty()) {
    return ErrorReply(grpc::StatusCode::INVALID_ARGUMENT, "请输入用户名",
                      {{.field = "user_id", .description = "请输入用户名"}});
  }
  if (sign_in.password().empty()) {
    return ErrorReply(grpc::StatusCode::INVALID_ARGUMENT, "请输入密码",
                      {{.field = "password", .description = "请输入密码"}});
  }
  v1::LoginRequest request;
  request.set_user_id(sign_in.user_id());
  request.set_password(sign_in.password());
  v1::LoginResponse response;
  // No token yet: only the browser's address goes along, for the sign-in rate limits.
  grpc::Status status = CallAs(Caller{.session_token = "", .client_address = caller.client_address},
                               *v1::AccountService::NewStub(upstreams_.tracker()),
                               &v1::AccountService::Stub::Login, request, &response);
  if (!status.ok()) return ErrorReply(status);
  auto claims = VerifyToken(response.token(), keys_, absl::Now());
  if (!claims.ok()) {
    spdlog::error("event=sign_in_token_unverifiable error=\"{}\"", claims.status().message());
    return ErrorReply(grpc::StatusCode::INTERNAL, "登录服务签发的凭证无法验证，请联系系统管理员");
  }
  HttpReply reply = SessionReply(response.token(), *claims);
  const long max_age = std::max<long>(0, claims->expires_at() - absl::ToUnixSeconds(absl::Now()));
  reply.headers.emplace_back("Set-Cookie", SessionCookie(response.token(), max_age, secure_));
  return reply;
}

HttpReply SessionRoutes::Current(const Caller& caller) const {
  if (caller.session_token.empty()) {
    return ErrorReply(grpc::StatusCode::UNAUTHENTICATED, "请先登录");
  }
  auto claims = VerifyToken(caller.session_token, keys_, absl::Now());
  if (!claims.ok()) return ErrorReply(grpc::StatusCode::UNAUTHENTICATED, "登录已失效，请重新登录");
  // The signature and expiry are checked here; whether the session was ended (signed out on
  // another browser, account disabled) only the services know: ask them with a call every
  // staff member may make.
  v1::ListNoticesRequest probe;
  probe.set_page_size(1);
  v1::ListNoticesResponse ignored;
  grpc::Status status = CallAs(caller, *v1::TrackerService::NewStub(upstreams_.tracker()),
                               &v1::TrackerService::Stub::ListNotices, probe, &ignored);
  if (!status.ok()) return ErrorReply(status);
  return SessionReply(caller.session_token, *claims);
}

HttpReply SessionRoutes::SignOut(const Caller& caller) const {
  if (!caller.session_token.empty()) {
    v1::LogoutRequest request;
    request.set_everywhere(true);
    v1::LogoutResponse response;
    grpc::Status status = CallAs(caller, *v1::AccountService::NewStub(upstreams_.tracker()),
                                 &v1::AccountService::Stub::Logout, request, &response);
    // An already ended session is signed out all the same; anything else is worth a retry.
    if (!status.ok() && status.error_code() != grpc::StatusCode::UNAUTHENTICATED) {
      return ErrorReply(status);
    }
  }
  HttpReply reply;
  reply.body = "{}";
  reply.headers.emplace_back("Set-Cookie", ClearedSessionCookie(secure_));
  return reply;
}

}  // namespace gongkai::console
