#include "store_fixture.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "office_days.h"

namespace gongkai::testing {

std::string MakeTempDir(const std::string& prefix) {
  std::string pattern = "/tmp/" + prefix + "-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    const std::string reason = pattern + ": " + std::strerror(errno);
    ADD_FAILURE() << reason;
    throw std::runtime_error(reason);
  }
  return buffer.data();
}

RedisServerTest::RedisServerTest(const std::string& prefix)
    : dir_(MakeTempDir(prefix)), server_(dir_) {}

RedisServerTest::~RedisServerTest() {
  if (!HasFailure()) std::filesystem::remove_all(dir_);
}

StoreTest::StoreTest()
    : redis_(server_.ServiceOptions()),
      inspect_(server_.OperatorOptions()),
      store_(redis_),
      calendar_(ShippedCalendar()) {}

v1::Case StoreTest::Commit(const absl::StatusOr<CaseChange>& change) {
  if (!change.ok()) {
    ADD_FAILURE() << change.status();
    return v1::Case();
  }
  absl::StatusOr<int64_t> version = store_.Commit(*change);
  v1::Case committed = change->after;
  if (!version.ok()) {
    ADD_FAILURE() << version.status();
    return committed;
  }
  committed.set_version(*version);
  return committed;
}

}  // namespace gongkai::testing
