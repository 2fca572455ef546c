// The browser's hold on a session: the session token in a cookie that scripts cannot read, and
// the CSRF token a page must echo in X-CSRF-Token on every change.
//
// The CSRF token is a domain-separated hash of the session token (BLAKE2b with a fixed key that
// only says what the hash is for), so the console keeps no state and any copy of it checks any
// other's tokens: a page of another site can neither read it (it comes only from a same-origin
// GET /api/session) nor compute it (that needs the session token, which no script sees).
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace gongkai::console {

inline constexpr char kSessionCookie[] = "gk_session";

// The session token in a Cookie header, or "" when there is none — or more than one: a cookie
// planted by a neighbouring site of the same domain must not choose the session.
std::string SessionTokenFromCookies(absl::string_view cookie_header);

// Set-Cookie for a new session: HttpOnly, SameSite=Strict, Path=/, Max-Age to the token's
// expiry, and Secure when the console is served over TLS.
std::string SessionCookie(absl::string_view token, long max_age_seconds, bool secure);

// Set-Cookie that removes the session cookie.
std::string ClearedSessionCookie(bool secure);

std::string CsrfTokenFor(absl::string_view session_token);

// Whether `presented` is the CSRF token of `session_token` (compared in constant time).
bool CsrfTokenMatches(absl::string_view session_token, absl::string_view presented);

}  // namespace gongkai::console
