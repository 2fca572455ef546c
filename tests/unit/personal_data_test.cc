// Masking of applicants' personal data, with exact expected values.
#include "auth/personal_data.h"

#include <gtest/gtest.h>

namespace gongkai {
namespace {

TEST(PersonalData, MasksKeepingOnlyWhatIdentifiesTheRecordNotThePerson) {
  EXPECT_EQ(MaskIdentityNumber("34082319800101123X"), "3408**********123X");
  EXPECT_EQ(MaskIdentityNumber("91341523MA2N7P1Q8K"), "9134**********1Q8K");
  EXPECT_EQ(MaskIdentityNumber("1234567"), "*******");
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("05513350000"), "055****0000");
  EXPECT_EQ(MaskPhone(""), "");
  EXPECT_EQ(MaskAddress("安徽省六安市舒城县城关镇梅河路1号"), "安徽省六安市****");
  EXPECT_EQ(MaskAddress("梅河路1号"), "梅河路1号****");
  EXPECT_EQ(MaskAddress(""), "");
  EXPECT_EQ(MaskEmail("zhang.san@example.cn"), "z***@example.cn");
  EXPECT_EQ(MaskEmail("nobody"), "******");
}

TEST(PersonalData, OnlyTheWindowAndTheDepartmentSeeTheDetails) {
  v1::Actor actor;
  for (const char* role : {"clerk", "officer"}) {
    actor.set_role(role);
    EXPECT_TRUE(SeesApplicantDetails(actor)) << role;
  }
  for (const char* role : {"dispatcher", "reviewer", "head", "manager", "admin"}) {
    actor.set_role(role);
    EXPECT_FALSE(SeesApplicantDetails(actor)) << role;
  }
  v1::Applicant applicant;
  applicant.set_name("张三");
  applicant.set_id_number("11010519491231002X");
  applicant.set_phone("13812345678");
  MaskApplicant(&applicant);
  EXPECT_EQ(applicant.name(), "张三");
  EXPECT_EQ(applicant.id_number(), "1101**********002X");
  EXPECT_EQ(applicant.phone(), "138****5678");
  EXPECT_EQ(applicant.address(), "");
  EXPECT_EQ(applicant.email(), "");
}

}  // namespace
}  // namespace gongkai
