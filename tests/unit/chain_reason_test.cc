// A broken hash chain said in Chinese (audit/chain_reason.h), one wording per kind of break, and
// the break FindChainBreak names for an edited event.
#include "audit/chain_reason.h"

#include <gtest/gtest.h>

namespace gongkai {
namespace {

using Kind = ChainBreak::Kind;

TEST(ChainReason, EveryKindOfBreakInChinese) {
  const ChainBreak event{.kind = Kind::kEventAltered, .index = 2, .command = "Route", .version = 2};
  EXPECT_EQ(ChainBreakReason(event), "第2条办理记录（Route，版本2）被改动：哈希值不符");
  ChainBreak moved = event;
  moved.kind = Kind::kEventOutOfPlace;
  moved.version = 3;
  EXPECT_EQ(ChainBreakReason(moved),
            "第2条办理记录（Route，版本3）位置不对：此处应为版本2，有记录被删除或移动");
  ChainBreak unlinked = event;
  unlinked.kind = Kind::kEventUnlinked;
  EXPECT_EQ(ChainBreakReason(unlinked),
            "第2条办理记录（Route，版本2）与前一条记录衔接不上：前面有记录被删除或改动");
  EXPECT_EQ(ChainBreakReason({.kind = Kind::kEventsMissingAtEnd, .events = 1, .case_version = 2}),
            "办理记录只有1条，案件却已到版本2：最后的记录被删除");
  EXPECT_EQ(ChainBreakReason({.kind = Kind::kHistoryHeadMismatch}),
            "最后一条办理记录不是案件登记的最后一条：记录被替换或删除");
  const ChainBreak read{
      .kind = Kind::kReadAltered, .index = 1, .at = "2026-11-28T10:00:00Z", .user_id = "window01"};
  EXPECT_EQ(ChainBreakReason(read),
            "第1条个人信息查阅记录（2026-11-28T10:00:00Z，window01）被改动：哈希值不符");
  ChainBreak read_unlinked = read;
  read_unlinked.kind = Kind::kReadUnlinked;
  EXPECT_EQ(ChainBreakReason(read_unlinked),
            "第1条个人信息查阅记录（2026-11-28T10:00:00Z，window01）与前一条记录衔接不上：前面有"
            "记录被删除或改动");
  EXPECT_EQ(ChainBreakReason({.kind = Kind::kReadsHeadMismatch}),
            "最后一条个人信息查阅记录不是案件登记的最后一条：记录被删除或替换");
}

TEST(ChainReason, TheBreakOfAnEditedEventIsNamed) {
  v1::Case c;
  c.set_version(1);
  v1::CaseEvent* event = c.add_events();
  event->set_version(1);
  event->set_command("Register");
  event->set_hash(EventHash(*event));
  c.set_history_head(event->hash());
  EXPECT_FALSE(FindChainBreak(c).has_value());
  event->set_command("Assign");
  const std::optional<ChainBreak> found = FindChainBreak(c);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->kind, Kind::kEventAltered);
  EXPECT_EQ(found->index, 1);
  EXPECT_EQ(found->command, "Assign");
  EXPECT_EQ(VerifyHistory(c).message(),
            "event 1 (Assign, version 1) was altered: its hash does not match");
}

}  // namespace
}  // namespace gongkai
