// The hash chain of a case's history: built by every change, broken by any edit or removal.
#include "audit/history_chain.h"

#include <gtest/gtest.h>

#include "rules/case_commands.h"
#include "rules/department_catalogue.h"
#include "staff.h"

namespace gongkai {
namespace {

// A case registered, routed and accepted through the real commands, with its three events.
v1::Case ThreeStepCase() {
  const v1::Actor clerk = StaffActor("w1", "clerk");
  const v1::Actor officer = StaffActor("o1", "officer", "czj");
  const absl::Time now = absl::FromUnixSeconds(1795000000);
  v1::RegisterRequest request;
  request.mutable_request()->set_received_date("2026-11-27");
  v1::Deadline deadline;
  deadline.set_due_date("2026-12-25");
  v1::Case c;
  std::vector<v1::CaseEvent> events;
  auto apply = [&](absl::StatusOr<CaseChange> change) {
    EXPECT_TRUE(change.ok()) << change.status();
    c = change->after;
    events.push_back(change->event);
  };
  apply(RegisterCase("2026-000001", request, deadline, clerk, now));
  apply(RouteCase(c, {.department = "czj", .explanation = "matched 财政"}, clerk, now));
  apply(AcceptCase(c, officer, now));
  for (const v1::CaseEvent& event : events) *c.add_events() = event;
  return c;
}

TEST(HistoryChain, EveryChangeChainsItsEventToTheOneBefore) {
  const v1::Case c = ThreeStepCase();
  ASSERT_EQ(c.events_size(), 3);
  EXPECT_EQ(c.events(0).prev_hash(), "");
  EXPECT_EQ(c.events(1).prev_hash(), c.events(0).hash());
  EXPECT_EQ(c.events(2).prev_hash(), c.events(1).hash());
  EXPECT_EQ(c.history_head(), c.events(2).hash());
  EXPECT_EQ(c.events(0).hash().size(), 64u);
  EXPECT_EQ(EventHash(c.events(1)), c.events(1).hash());
  // Hashed without its hash field or with it: the same (the field is left out of what is hashed).
  v1::CaseEvent bare = c.events(1);
  bare.clear_hash();
  EXPECT_EQ(EventHash(bare), c.events(1).hash());
  EXPECT_TRUE(VerifyHistory(c).ok());
}

TEST(HistoryChain, AnEditedEventIsFoundAndNamed) {
  v1::Case c = ThreeStepCase();
  c.mutable_events(1)->mutable_actor()->set_user_id("someone-else");
  EXPECT_EQ(VerifyHistory(c).message(),
            "event 2 (Route, version 2) was altered: its hash does not match");
  // Rehashing the edited event does not help: the next one no longer follows it.
  c.mutable_events(1)->set_hash(EventHash(c.events(1)));
  EXPECT_EQ(VerifyHistory(c).message(),
            "event 3 (Accept, version 3) does not follow the event before it; one was removed or "
            "altered");
}

TEST(HistoryChain, ARemovedEventIsFound) {
  v1::Case middle = ThreeStepCase();
  middle.mutable_events()->DeleteSubrange(1, 1);
  EXPECT_EQ(VerifyHistory(middle).message(),
            "event 2 (Accept, version 3) is out of place: expected version 2; an event was removed "
            "or moved");
  v1::Case last = ThreeStepCase();
  last.mutable_events()->RemoveLast();
  EXPECT_EQ(VerifyHistory(last).message(),
            "the history holds 2 events for case version 3; the last were removed");
}

TEST(HistoryChain, PersonalDataReadsAreAChainOfTheirOwn) {
  v1::Case c = ThreeStepCase();
  std::string head;
  for (const char* user : {"w1", "o1"}) {
    v1::PersonalDataRead* read = c.add_personal_data_reads();
    read->set_at("2026-11-28T10:00:00Z");
    read->mutable_actor()->set_user_id(user);
    read->set_method("GetCase");
    read->set_prev_hash(head);
    read->set_hash(ReadHash(*read));
    head = read->hash();
  }
  c.set_reads_head(head);
  EXPECT_TRUE(VerifyHistory(c).ok());
  v1::Case altered = c;
  altered.mutable_personal_data_reads(0)->mutable_actor()->set_user_id("nobody");
  EXPECT_EQ(VerifyHistory(altered).message(),
            "personal-data read 1 (2026-11-28T10:00:00Z, nobody) was altered: its hash does not "
            "match");
  v1::Case removed = c;
  removed.mutable_personal_data_reads()->RemoveLast();
  EXPECT_EQ(VerifyHistory(removed).message(),
            "the last personal-data read is not the one the case records");
}

}  // namespace
}  // namespace gongkai
