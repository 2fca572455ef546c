// Session tokens and passwords: what is accepted and what is refused, and why.
#include "auth/session_tokens.h"

#include <gtest/gtest.h>

#include "auth/call_authenticator.h"
#include "auth/passwords.h"
#include "base/staff_error.h"

namespace gongkai {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1795000000);

v1::TokenClaims Claims() {
  v1::TokenClaims claims;
  claims.set_user_id("chuangkou01");
  claims.add_roles("clerk");
  claims.set_issued_at(absl::ToUnixSeconds(kNow));
  claims.set_expires_at(absl::ToUnixSeconds(kNow + absl::Hours(9)));
  claims.set_token_id("t1");
  return claims;
}

TEST(SessionTokens, ATokenVerifiesWithItsKeyUntilItExpires) {
  const TokenKeys keys = GenerateTokenKeys();
  const std::string token = IssueToken(Claims(), keys);
  absl::StatusOr<v1::TokenClaims> checked = VerifyToken(token, keys, kNow + absl::Hours(1));
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->user_id(), "chuangkou01");
  EXPECT_EQ(checked->roles(0), "clerk");
  const absl::Status expired = VerifyToken(token, keys, kNow + absl::Hours(9)).status();
  EXPECT_EQ(expired.message(), "登录已过期，请重新登录");
  EXPECT_EQ(LogReason(expired), "the session token has expired; sign in again");
  EXPECT_EQ(VerifyToken(token, keys, kNow - absl::Minutes(10)).status().message(),
            "登录令牌尚未生效（签发时间晚于本服务的时间），请检查服务器时钟后重新登录");
}

TEST(SessionTokens, AForgedOrAlteredTokenIsRefused) {
  const TokenKeys keys = GenerateTokenKeys();
  const TokenKeys other = GenerateTokenKeys();
  const std::string forged = IssueToken(Claims(), other);
  EXPECT_EQ(VerifyToken(forged, keys, kNow).status().message(),
            "登录令牌无效（签名不符），请重新登录");

  // Claims changed after signing: a clerk making themselves an administrator.
  v1::TokenClaims promoted = Claims();
  promoted.set_roles(0, "admin");
  const std::string genuine = IssueToken(Claims(), keys);
  const std::string altered = IssueToken(promoted, other);
  const std::string spliced =
      altered.substr(0, altered.rfind('.')) + genuine.substr(genuine.rfind('.'));
  EXPECT_EQ(VerifyToken(spliced, keys, kNow).status().code(), absl::StatusCode::kUnauthenticated);

  for (const std::string& junk : {std::string(""), std::string("gk1."), std::string("gk1.a.b"),
                                  std::string("Bearer x"), std::string(5000, 'a')}) {
    const absl::Status refused = VerifyToken(junk, keys, kNow).status();
    EXPECT_EQ(refused.message(), "登录令牌无效，请重新登录") << junk.substr(0, 20);
    EXPECT_EQ(LogReason(refused), "the session token is malformed") << junk.substr(0, 20);
  }
}

TEST(SessionTokens, KeysRoundTripThroughTheirFiles) {
  const TokenKeys keys = GenerateTokenKeys();
  char pattern[] = "/tmp/gongkai-keys-XXXXXX";
  const std::string dir = mkdtemp(pattern);
  ASSERT_TRUE(WriteTokenKeys(keys, dir).ok());
  absl::StatusOr<TokenKeys> signing = LoadTokenKeys(dir + "/token-signing.key", "");
  absl::StatusOr<TokenKeys> verifying = LoadTokenKeys("", dir + "/token-verify.pub");
  ASSERT_TRUE(signing.ok() && verifying.ok());
  EXPECT_EQ(signing->public_key, keys.public_key);
  EXPECT_TRUE(verifying->secret_key.empty());
  EXPECT_TRUE(VerifyToken(IssueToken(Claims(), *signing), *verifying, kNow).ok());
}

TEST(SessionTokens, RevokedSessionsAreRecognised) {
  Revocations revocations;
  v1::TokenClaims claims = Claims();
  EXPECT_FALSE(IsRevoked(revocations, claims));
  revocations.tokens.insert("t1");  // signed out
  EXPECT_TRUE(IsRevoked(revocations, claims));
  revocations.tokens.clear();
  // Disabled at the moment of issue: refused; a session issued later (re-enabled) is not.
  revocations.users["chuangkou01"] = claims.issued_at();
  EXPECT_TRUE(IsRevoked(revocations, claims));
  claims.set_issued_at(claims.issued_at() + 1);
  EXPECT_FALSE(IsRevoked(revocations, claims));
}

TEST(Passwords, AreStoredAsArgon2idAndCheckedAgainstTheHash) {
  absl::StatusOr<std::string> hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_EQ(hash->find("correct horse"), std::string::npos);
  EXPECT_TRUE(PasswordMatches(*hash, "correct horse battery"));
  EXPECT_FALSE(PasswordMatches(*hash, "correct horse batterx"));
  EXPECT_FALSE(PasswordMatches("not a hash", "correct horse battery"));
  // Salted: the same password hashes differently each time.
  EXPECT_NE(*HashPassword("correct horse battery"), *hash);
  EXPECT_EQ(HashPassword("short").status().message(), "`password` 须为 12 至 128 个字符");
}

}  // namespace
}  // namespace gongkai
