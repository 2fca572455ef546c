// The case in its hash (redis/stored_case.h): its two parts, what a change writes of them, and the
// case read back whole through CaseStore from a real redis-server.
#include "redis/stored_case.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "calendar/deadline.h"
#include "grpc/call_context.h"
#include "office_days.h"
#include "redis/case_store.h"
#include "redis/keys.h"
#include "rules/case_change_builder.h"
#include "rules/case_commands.h"
#include "rules/clock_commands.h"
#include "sample_registration.h"
#include "staff.h"
#include "store_fixture.h"

namespace gongkai::testing {
namespace {

using google::protobuf::util::MessageDifferencer;

class StoredCase : public StoreTest {
 protected:
  // Registers 2026-000123, received in person on 2026-09-30 (due 2026-11-03).
  absl::StatusOr<CaseChange> Registration() {
    v1::RegisterRequest request = SampleRegistration("r-2026-000123", "县财政预算");
    request.mutable_request()->set_received_date("2026-09-30");
    auto deadline = InitialDeadline(calendar_, request.request());
    EXPECT_TRUE(deadline.ok()) << deadline.status();
    return RegisterCase(kNumber, request, *deadline, StaffActor("w1", "clerk"),
                        TenInTheMorning("2026-09-30"));
  }

  absl::StatusOr<CaseChange> Routing(const v1::Case& registered) {
    RoutingDecision decision;
    decision.department = "czj";
    return RouteCase(registered, decision, ServiceActor("routing"), TenInTheMorning("2026-09-30"));
  }

  // The hash fields a change would write of the case's parts.
  static std::vector<std::string> PartsWritten(const absl::StatusOr<CaseChange>& change) {
    EXPECT_TRUE(change.ok()) << change.status();
    std::vector<std::string> fields;
    for (const auto& [field, bytes] : PartsToWrite(
             SplitForStore(change->after), change->from_version > 0 ? &change->before : nullptr)) {
      fields.push_back(field);
    }
    return fields;
  }

  std::string Stored(const char* field) {
    auto value = inspect_.Command({"HGET", keys::Case(*ParseCaseNumber(kNumber)), field});
    EXPECT_TRUE(value.ok());
    return value->is_nil() ? "<nil>" : std::string(value->str());
  }

  // The case as CaseStore reads it equals the case as committed.
  void ExpectReadsBackAs(const v1::Case& committed) {
    auto loaded = store_.Load(kNumber, /*with_events=*/false);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    EXPECT_TRUE(MessageDifferencer::Equals(*loaded, committed))
        << loaded->DebugString() << "\n---\n"
        << committed.DebugString();
  }

  static constexpr char kNumber[] = "2026-000123";
};

TEST_F(StoredCase, ThePartsTogetherAreTheWholeCaseAndEachHoldsItsFields) {
  auto registration = Registration();
  ASSERT_TRUE(registration.ok());
  const SplitCase split = SplitForStore(registration->after);
  EXPECT_EQ(split.parts[0].size() + split.parts[1].size(), split.whole.size());

  v1::Case data, filed, both;
  ASSERT_TRUE(data.ParseFromString(split.parts[0]));
  ASSERT_TRUE(filed.ParseFromString(split.parts[1]));
  ASSERT_TRUE(both.ParseFromString(split.parts[1] + split.parts[0]));
  EXPECT_TRUE(MessageDifferencer::Equals(both, registration->after));
  // `filed`: as registered.
  EXPECT_EQ(filed.case_number(), kNumber);
  EXPECT_EQ(filed.request().received_date(), "2026-09-30");
  EXPECT_EQ(filed.deadline().due_date(), "2026-11-03");
  EXPECT_EQ(filed.applicant().name(), registration->after.applicant().name());
  EXPECT_EQ(filed.state(), v1::CASE_STATE_UNSPECIFIED);
  // `data`: what moves.
  EXPECT_EQ(data.state(), registration->after.state());
  EXPECT_EQ(data.version(), 1);
  EXPECT_EQ(data.history_head(), registration->after.history_head());
  EXPECT_TRUE(data.case_number().empty());
  EXPECT_FALSE(data.has_deadline());
}

// The fields filed with the registration. Moving one to the other part is a new store layout
// (stored_case.h): this list changes with it.
TEST(CaseParts, TheFieldsSetAtRegistrationAndTheDeadlineAreFiledTheRestIsData) {
  std::vector<std::string> filed;
  const google::protobuf::Descriptor* descriptor = v1::Case::descriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    const int part = CasePartOf(field->number());
    ASSERT_TRUE(part == 0 || part == 1) << field->name();
    if (kCasePartFields[part] == std::string("filed")) filed.push_back(field->name());
  }
  std::sort(filed.begin(), filed.end());
  EXPECT_EQ(filed,
            (std::vector<std::string>{"agency", "agency_sequence", "applicant", "case_number",
                                      "deadline", "referred_from", "registered_at", "registered_by",
                                      "request", "request_fingerprint"}));
  // A field this build does not know goes with `data`.
  EXPECT_EQ(kCasePartFields[CasePartOf(999)], std::string("data"));
}

TEST_F(StoredCase, AChangeWritesThePartsItMoved) {
  const v1::Case registered = Commit(Registration());
  EXPECT_EQ(PartsWritten(Registration()), (std::vector<std::string>{"data", "filed"}));
  EXPECT_EQ(PartsWritten(Routing(registered)), (std::vector<std::string>{"data"}));
  // And what the transition script is given to write.
  const auto names_field = [](const absl::StatusOr<CaseChange>& change, const char* field) {
    auto call = PrepareTransition(*change);
    EXPECT_TRUE(call.ok()) << call.status();
    return std::find(call->args.begin(), call->args.end(), field) != call->args.end();
  };
  EXPECT_TRUE(names_field(Registration(), "filed"));
  EXPECT_TRUE(names_field(Registration(), "text"));
  EXPECT_TRUE(names_field(Routing(registered), "data"));
  EXPECT_FALSE(names_field(Routing(registered), "filed"));
  EXPECT_FALSE(names_field(Routing(registered), "text"));

  const v1::Case routed = Commit(Routing(registered));
  const v1::Case accepted = Commit(
      AcceptCase(routed, StaffActor("czj-li", "officer", "czj"), TenInTheMorning("2026-10-08")));
  // An extension moves the due date, which is filed with the registration.
  EXPECT_EQ(
      PartsWritten(GrantExtension(accepted, calendar_, 20, "需调取历史档案",
                                  StaffActor("zhuren", "head"), TenInTheMorning("2026-10-20"))),
      (std::vector<std::string>{"data", "filed"}));
}

TEST_F(StoredCase, EveryChangeReadsBackWholeAndTheFiledPartMovesOnlyWithTheDeadline) {
  const v1::Case registered = Commit(Registration());
  ExpectReadsBackAs(registered);
  const std::string filed = Stored("filed");
  const std::string data = Stored("data");
  ASSERT_NE(filed, "<nil>");

  const v1::Case routed = Commit(Routing(registered));
  ExpectReadsBackAs(routed);
  const v1::Case accepted = Commit(
      AcceptCase(routed, StaffActor("czj-li", "officer", "czj"), TenInTheMorning("2026-10-08")));
  ExpectReadsBackAs(accepted);
  EXPECT_EQ(Stored("filed"), filed);
  EXPECT_NE(Stored("data"), data);

  const v1::Case extended =
      Commit(GrantExtension(accepted, calendar_, 20, "需调取历史档案", StaffActor("zhuren", "head"),
                            TenInTheMorning("2026-10-20")));
  ExpectReadsBackAs(extended);
  EXPECT_NE(Stored("filed"), filed);
  EXPECT_NE(extended.deadline().due_date(), registered.deadline().due_date());
  auto loaded = store_.Load(kNumber, /*with_events=*/true);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->deadline().due_date(), extended.deadline().due_date());
  EXPECT_EQ(loaded->events_size(), 4);
}

TEST_F(StoredCase, APartThatDoesNotParseMakesTheCaseUnreadable) {
  Commit(Registration());
  const std::string key = keys::Case(*ParseCaseNumber(kNumber));
  const std::string filed = Stored("filed");
  // Damaged at its start, and damaged after whole fields (parsing stops at a zero tag).
  for (const std::string& damaged :
       {std::string("\xff\xff not a case"), filed + std::string("\x00junk", 5)}) {
    ASSERT_TRUE(inspect_.Command({"HSET", key, "filed", damaged}).ok());
    const absl::Status loaded = store_.Load(kNumber, /*with_events=*/false).status();
    EXPECT_EQ(loaded.code(), absl::StatusCode::kDataLoss) << loaded;
    auto listed = store_.LoadMany({kNumber});
    ASSERT_TRUE(listed.ok()) << listed.status();
    EXPECT_FALSE((*listed)[0].has_value());
  }
}

TEST_F(StoredCase, AHashWithoutItsDataPartIsNoCase) {
  Commit(Registration());
  ASSERT_TRUE(inspect_.Command({"HDEL", keys::Case(*ParseCaseNumber(kNumber)), "data"}).ok());
  EXPECT_EQ(store_.Load(kNumber, /*with_events=*/false).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace gongkai::testing
