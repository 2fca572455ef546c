// /api/session: signing in (POST), who is signed in (GET), signing out everywhere (DELETE).
#pragma once

#include "absl/strings/string_view.h"
#include "auth/session_tokens.h"
#include "http_reply.h"
#include "upstreams.h"

namespace gongkai::console {

class SessionRoutes {
 public:
  // `secure`: the console is served over TLS, so the cookie is marked Secure.
  SessionRoutes(const Upstreams& upstreams, const TokenKeys& keys, bool secure)
      : upstreams_(upstreams), keys_(keys), secure_(secure) {}

  HttpReply SignIn(absl::string_view json, const Caller& caller) const;
  HttpReply Current(const Caller& caller) const;
  HttpReply SignOut(const Caller& caller) const;

 private:
  const Upstreams& upstreams_;
  const TokenKeys& keys_;
  const bool secure_;
};

}  // namespace gongkai::console
