// The account store against a real redis-server: an account's agency is stored in its hash and
// read back, and an account stored before accounts had an agency reads as the default agency's.
#include "redis/account_store.h"

#include <gtest/gtest.h>

#include "redis/keys.h"
#include "store_fixture.h"

namespace gongkai::testing {
namespace {

class AccountStoreTest : public StoreTest {
 protected:
  AccountStoreTest() : accounts_(redis_, "xzf") {}

  static v1::UserAccount Officer(const std::string& user_id, const std::string& agency) {
    v1::UserAccount account;
    account.set_user_id(user_id);
    account.set_display_name("李经办");
    account.add_roles("officer");
    account.set_agency(agency);
    account.set_department("jck");
    account.set_created_at("2026-03-02T09:00:00+08:00");
    account.set_created_by("admin");
    return account;
  }

  std::string Field(const std::string& user_id, const std::string& field) {
    auto value = inspect_.Command({"HGET", keys::User(user_id), field});
    EXPECT_TRUE(value.ok()) << value.status();
    return value.ok() && value->is_string() ? std::string(value->str()) : "(nil)";
  }

  AccountStore accounts_;
};

TEST_F(AccountStoreTest, KeepsTheAgencyOfTheAccount) {
  ASSERT_TRUE(accounts_.Add(Officer("jyj-li", "jyj"), "hash", /*only_if_first=*/false).ok());
  EXPECT_EQ(Field("jyj-li", "agency"), "jyj");
  absl::StatusOr<StoredAccount> stored = accounts_.Get("jyj-li");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->account.agency(), "jyj");
  EXPECT_EQ(stored->account.department(), "jck");

  AccountWrite write;
  write.account = stored->account;
  write.account.set_agency("czj");
  write.account.set_department("ysg");
  write.expected_version = stored->version;
  write.end_sessions = true;
  write.at = 1772413200;
  absl::StatusOr<v1::UserAccount> written = accounts_.Update(write);
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(written->agency(), "czj");
  EXPECT_EQ(Field("jyj-li", "agency"), "czj");

  absl::StatusOr<std::vector<v1::UserAccount>> listed = accounts_.List();
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].agency(), "czj");
  EXPECT_EQ((*listed)[0].department(), "ysg");
}

TEST_F(AccountStoreTest, AnAccountStoredWithoutAnAgencyIsTheDefaultAgencys) {
  // As the store wrote accounts before they had an agency.
  ASSERT_TRUE(inspect_
                  .Command({"HSET", keys::User("old-wang"), "name", "王窗口", "roles", "clerk",
                            "dept", "", "disabled", "0", "pwhash", "hash", "created",
                            "2025-01-02T09:00:00+08:00", "by", "admin"})
                  .ok());
  ASSERT_TRUE(inspect_.Command({"SADD", keys::Users(), "old-wang"}).ok());
  absl::StatusOr<StoredAccount> stored = accounts_.Get("old-wang");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->account.agency(), "xzf");
  EXPECT_EQ(stored->account.display_name(), "王窗口");

  absl::StatusOr<v1::UserAccount> disabled = accounts_.Disable("old-wang", 1772413200);
  ASSERT_TRUE(disabled.ok()) << disabled.status();
  EXPECT_EQ(disabled->agency(), "xzf");
  // Only read so: nothing was written for it.
  EXPECT_EQ(Field("old-wang", "agency"), "(nil)");

  // Written back by an update, it is stored with the agency it was read with.
  AccountWrite write;
  write.account = disabled.value();
  write.expected_version = 1;
  absl::StatusOr<v1::UserAccount> written = accounts_.Update(write);
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(Field("old-wang", "agency"), "xzf");

  // A store that knows no default reads it as written.
  AccountStore without_default(redis_);
  ASSERT_TRUE(inspect_.Command({"HDEL", keys::User("old-wang"), "agency"}).ok());
  EXPECT_EQ(without_default.Get("old-wang")->account.agency(), "");
}

}  // namespace
}  // namespace gongkai::testing
