#include "session_cookie.h"

#include <sodium.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace gongkai::console {
namespace {

// Domain separation: this hash of a session token means "CSRF token" and nothing else.
constexpr unsigned char kCsrfKey[] = "gongkai console csrf token v1";

}  // namespace

std::string SessionTokenFromCookies(absl::string_view cookie_header) {
  std::string token;
  int found = 0;
  for (absl::string_view pair : absl::StrSplit(cookie_header, ';')) {
    pair = absl::StripAsciiWhitespace(pair);
    if (absl::ConsumePrefix(&pair, kSessionCookie) && absl::ConsumePrefix(&pair, "=")) {
      token = std::string(pair);
      ++found;
    }
  }
  return found == 1 ? token : "";
}

std::string SessionCookie(absl::string_view token, long max_age_seconds, bool secure) {
  return absl::StrCat(kSessionCookie, "=", token, "; Path=/; Max-Age=", max_age_seconds,
                      "; HttpOnly; SameSite=Strict", secure ? "; Secure" : "");
}

std::string ClearedSessionCookie(bool secure) {
  return absl::StrCat(kSessionCookie, "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict",
                      secure ? "; Secure" : "");
}

std::string CsrfTokenFor(absl::string_view session_token) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest,
                     reinterpret_cast<const unsigned char*>(session_token.data()),
                     session_token.size(), kCsrfKey, sizeof kCsrfKey - 1);
  return absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

bool CsrfTokenMatches(absl::string_view session_token, absl::string_view presented) {
  if (session_token.empty()) return false;
  const std::string expected = CsrfTokenFor(session_token);
  return presented.size() == expected.size() &&
         sodium_memcmp(expected.data(), presented.data(), expected.size()) == 0;
}

}  // namespace gongkai::console
