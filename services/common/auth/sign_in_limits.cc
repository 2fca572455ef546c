#include "auth/sign_in_limits.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace gongkai {
namespace {

constexpr size_t kMaxAddressChars = 64;

// An IPv4 or IPv6 address as text, with an optional IPv6 zone ("fe80::1%eth0"): only the
// characters they are written with, and at least one separator.
bool LooksLikeIpAddress(absl::string_view text) {
  if (text.empty() || text.size() > kMaxAddressChars) return false;
  const size_t zone = text.find('%');
  const absl::string_view address = text.substr(0, zone);
  bool separator = false;
  for (char c : address) {
    if (c == '.' || c == ':') {
      separator = true;
    } else if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  if (zone != absl::string_view::npos) {
    for (char c : text.substr(zone + 1)) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') {
        return false;
      }
    }
  }
  return separator;
}

// "10.0.0.7:51234" -> "10.0.0.7", "[::1]:51234" -> "::1"; an address without port as it is.
absl::string_view WithoutPort(absl::string_view text) {
  if (absl::ConsumePrefix(&text, "[")) return text.substr(0, text.find(']'));
  const size_t colon = text.find(':');
  // One colon: IPv4 and a port. More: a bare IPv6 address.
  if (colon != absl::string_view::npos && text.find(':', colon + 1) == absl::string_view::npos) {
    return text.substr(0, colon);
  }
  return text;
}

}  // namespace

std::string SignInClientAddress(absl::string_view forwarded, absl::string_view peer) {
  const absl::string_view given = WithoutPort(absl::StripAsciiWhitespace(forwarded));
  if (LooksLikeIpAddress(given)) return absl::AsciiStrToLower(given);
  absl::string_view address = peer;
  if (!absl::ConsumePrefix(&address, "ipv4:") && !absl::ConsumePrefix(&address, "ipv6:")) {
    return "local";
  }
  address = WithoutPort(address);
  if (!LooksLikeIpAddress(address)) return "local";
  return absl::AsciiStrToLower(address);
}

std::string SignInThrottledMessage(absl::Duration wait) {
  const int64_t seconds =
      std::max<int64_t>(0, absl::ToInt64Seconds(absl::Ceil(wait, absl::Seconds(1))));
  const int64_t minutes = std::max<int64_t>(1, (seconds + 59) / 60);
  return absl::StrCat("登录尝试过于频繁，请 ", minutes, " 分钟后再试");
}

}  // namespace gongkai
