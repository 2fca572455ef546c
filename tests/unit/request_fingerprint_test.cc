#include "rules/request_fingerprint.h"

#include <gtest/gtest.h>

namespace gongkai {
namespace {

TEST(RequestFingerprint, IgnoresTheRequestIdAndSeesEveryOtherField) {
  v1::RegisterRequest a;
  a.set_request_id("first-attempt");
  a.mutable_applicant()->set_name("张三");
  a.mutable_request()->set_description("预算");
  v1::RegisterRequest b = a;
  b.set_request_id("second-attempt");
  EXPECT_EQ(RequestFingerprint(a), RequestFingerprint(b));
  EXPECT_EQ(RequestFingerprint(a).size(), 32u);
  b.mutable_request()->set_description("决算");
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(b));
}

}  // namespace
}  // namespace gongkai
