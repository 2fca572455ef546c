#include "rules/redress_commands.h"

#include <gtest/gtest.h>

#include "rules/report_counts.h"
#include "staff.h"

namespace gongkai {
namespace {

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 11, 28, 10, 0, 0), absl::FixedTimeZone(8 * 3600));

v1::Actor Manager() { return StaffActor("m1", "manager"); }

v1::Case Closed() {
  v1::Case c;
  c.set_case_number("2026-000077");
  c.set_state(v1::CASE_STATE_CLOSED);
  c.set_version(7);
  c.mutable_applicant()->set_type(v1::APPLICANT_TYPE_NATURAL_PERSON);
  c.mutable_request()->set_received_date("2026-03-02");
  c.mutable_draft()->set_outcome(v1::OUTCOME_WITHHELD_THIRD_PARTY);
  c.set_closed_on("2026-03-20");
  return c;
}

v1::Redress Filed(const std::string& on) {
  v1::Redress redress;
  redress.set_kind(v1::REDRESS_KIND_RECONSIDERATION);
  redress.set_filed_on(on);
  redress.set_result(v1::REDRESS_RESULT_PENDING);
  return redress;
}

TEST(RecordRedress, RecordsThenUpdatesWithTheDecision) {
  auto filed = RecordRedress(Closed(), -1, Filed("2026-04-10"), Manager(), kNow);
  ASSERT_TRUE(filed.ok()) << filed.status();
  ASSERT_EQ(filed->after.redress_size(), 1);
  EXPECT_EQ(filed->after.state(), v1::CASE_STATE_CLOSED);
  EXPECT_EQ(filed->after.version(), 8);
  EXPECT_EQ(filed->event.details().at("index"), "0");
  EXPECT_EQ(CounterChanges(filed->counted_before, ReportCounters(filed->after)),
            (std::vector<std::pair<std::string, int>>{{"rdf:2026:1", 1}}));

  v1::Redress decided = Filed("2026-04-10");
  decided.set_result(v1::REDRESS_RESULT_CORRECTED);
  decided.set_decided_on("2026-06-01");
  auto updated = RecordRedress(filed->after, 0, decided, Manager(), kNow);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->after.redress_size(), 1);
  EXPECT_EQ(updated->after.redress(0).result(), v1::REDRESS_RESULT_CORRECTED);
  EXPECT_EQ(CounterChanges(updated->counted_before, ReportCounters(updated->after)),
            (std::vector<std::pair<std::string, int>>{{"rdd:2026:1:3", 1}}));

  decided.set_kind(v1::REDRESS_KIND_LITIGATION_DIRECT);
  EXPECT_EQ(RecordRedress(filed->after, 0, decided, Manager(), kNow).status().message(),
            "`redress.kind` 与第 0 条记录的类别不同");
  EXPECT_EQ(RecordRedress(filed->after, 5, Filed("2026-04-10"), Manager(), kNow).status(),
            absl::InvalidArgumentError("`index` 须为 -1 或小于 2 的记录序号"));
}

TEST(RecordRedress, DatesAndResultsAreChecked) {
  const v1::Case closed = Closed();
  auto message = [&](const v1::Redress& redress) {
    return std::string(RecordRedress(closed, -1, redress, Manager(), kNow).status().message());
  };
  EXPECT_EQ(message(Filed("2026-03-19")), "`redress.filed_on` 早于案件办结之日");
  EXPECT_EQ(message(Filed("2026-11-29")), "`redress.filed_on` 不能晚于今天");
  EXPECT_EQ(message(Filed("2026/04/10")), "`redress.filed_on` 须为 YYYY-MM-DD 格式的日期");
  v1::Redress pending_with_date = Filed("2026-04-10");
  pending_with_date.set_decided_on("2026-05-01");
  EXPECT_EQ(message(pending_with_date), "`redress.decided_on` 尚未审结时须为空");
  v1::Redress decided_before_filing = Filed("2026-04-10");
  decided_before_filing.set_result(v1::REDRESS_RESULT_MAINTAINED);
  decided_before_filing.set_decided_on("2026-04-09");
  EXPECT_EQ(message(decided_before_filing), "`redress.decided_on` 须在提起之日与今天之间");
  v1::Redress no_kind = Filed("2026-04-10");
  no_kind.clear_kind();
  EXPECT_NE(message(no_kind).find("`redress.kind`"), std::string::npos);

  v1::Case open = closed;
  open.set_state(v1::CASE_STATE_IN_DEPARTMENT);
  EXPECT_EQ(RecordRedress(open, -1, Filed("2026-04-10"), Manager(), kNow).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

v1::Case Open() {
  v1::Case c;
  c.set_case_number("2026-000078");
  c.set_state(v1::CASE_STATE_IN_DEPARTMENT);
  c.set_version(4);
  c.mutable_applicant()->set_type(v1::APPLICANT_TYPE_NATURAL_PERSON);
  c.mutable_request()->set_received_date("2026-10-08");
  // An online request confirmed the day after it came in: that is its legal receipt date.
  c.mutable_deadline()->set_receipt_date("2026-10-09");
  c.mutable_deadline()->set_due_date("2026-11-06");
  return c;
}

v1::Redress AgainstInaction(const std::string& on) {
  v1::Redress redress = Filed(on);
  redress.set_against_inaction(true);
  return redress;
}

// 不作为: no reply came. It may be recorded while the case is open, and counts at once.
TEST(RecordRedress, AgainstInactionOnAnOpenCase) {
  auto filed = RecordRedress(Open(), -1, AgainstInaction("2026-11-20"), Manager(), kNow);
  ASSERT_TRUE(filed.ok()) << filed.status();
  EXPECT_EQ(filed->after.state(), v1::CASE_STATE_IN_DEPARTMENT);
  EXPECT_EQ(filed->after.version(), 5);
  EXPECT_TRUE(filed->after.redress(0).against_inaction());
  EXPECT_EQ(filed->event.details().at("against_inaction"), "true");
  EXPECT_EQ(CounterChanges(filed->counted_before, ReportCounters(filed->after)),
            (std::vector<std::pair<std::string, int>>{{"rdf:2026:1", 1}}));

  // On the legal receipt date itself it is accepted; a day before, not.
  EXPECT_TRUE(RecordRedress(Open(), -1, AgainstInaction("2026-10-09"), Manager(), kNow).ok());
  auto early = RecordRedress(Open(), -1, AgainstInaction("2026-10-08"), Manager(), kNow);
  EXPECT_EQ(early.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(early.status().message(),
            "`redress.filed_on` 早于申请的法定收到日期 "
            "2026-10-09：不作为的复议或诉讼不能在申请到达前提起");
  EXPECT_EQ(
      RecordRedress(Open(), -1, AgainstInaction("2026-11-29"), Manager(), kNow).status().message(),
      "`redress.filed_on` 不能晚于今天");

  // Against a reply there is none yet.
  auto against_reply = RecordRedress(Open(), -1, Filed("2026-11-20"), Manager(), kNow);
  EXPECT_EQ(against_reply.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(against_reply.status().message(),
            "案件 2026-000078 尚未答复，没有可以复议或起诉的答复：未答复时只能记录针对不作为的复议"
            "或诉讼（`redress.against_inaction`）");

  // Once recorded, a record stays against inaction; its decision is recorded as usual.
  v1::Redress decided = AgainstInaction("2026-11-20");
  decided.set_result(v1::REDRESS_RESULT_CORRECTED);
  decided.set_decided_on("2026-11-27");
  auto updated = RecordRedress(filed->after, 0, decided, Manager(), kNow);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(CounterChanges(updated->counted_before, ReportCounters(updated->after)),
            (std::vector<std::pair<std::string, int>>{{"rdd:2026:1:3", 1}}));
  decided.set_against_inaction(false);
  auto flipped = RecordRedress(filed->after, 0, decided, Manager(), kNow);
  EXPECT_EQ(flipped.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(flipped.status().message(),
            "`redress.against_inaction` 与第 0 条记录不同：针对不作为还是针对答复，记录后不能更改");
}

// A late reply does not take away the complaint that none came in time: against inaction the
// filing may precede the closing; against the reply it may not.
TEST(RecordRedress, AgainstInactionOnAClosedCase) {
  v1::Case late = Closed();
  late.mutable_deadline()->set_receipt_date("2026-03-02");
  late.set_closed_on("2026-05-20");
  auto inaction = RecordRedress(late, -1, AgainstInaction("2026-04-15"), Manager(), kNow);
  ASSERT_TRUE(inaction.ok()) << inaction.status();
  EXPECT_TRUE(inaction->after.redress(0).against_inaction());
  EXPECT_EQ(RecordRedress(late, -1, Filed("2026-04-15"), Manager(), kNow).status().message(),
            "`redress.filed_on` 早于案件办结之日");
  EXPECT_EQ(RecordRedress(late, -1, AgainstInaction("2026-03-01"), Manager(), kNow).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace gongkai
