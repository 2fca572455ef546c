// The Chinese names in the services' messages: every state, clock state, role, command and RPC
// has one, and they are the console's (services/console/web/labels.js), so that a refusal and
// the screen name a thing alike. And the English reason that goes with a message to the log.
#include "rules/staff_labels.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <string>

#include "auth/access_policy.h"
#include "base/staff_error.h"
#include "base/text_file.h"
#include "rules/state_machine.h"

namespace gongkai {
namespace {

// The `key: 'value'` entries of `export const <name> = {...};` in the console's labels.js.
std::map<std::string, std::string> ConsoleTable(const std::string& name) {
  absl::StatusOr<std::string> text = ReadTextFile(GONGKAI_CONSOLE_LABELS);
  EXPECT_TRUE(text.ok()) << text.status();
  if (!text.ok()) return {};
  const std::string opening = "export const " + name + " = {";
  const size_t begin = text->find(opening);
  EXPECT_NE(begin, std::string::npos) << name;
  if (begin == std::string::npos) return {};
  const size_t end = text->find("};", begin);
  const std::string block = text->substr(begin + opening.size(), end - begin - opening.size());
  std::map<std::string, std::string> table;
  const std::regex entry(R"((\w+): '([^']*)')");
  for (auto it = std::sregex_iterator(block.begin(), block.end(), entry);
       it != std::sregex_iterator(); ++it) {
    table[(*it)[1]] = (*it)[2];
  }
  return table;
}

TEST(StaffLabels, StatesAreTheConsoles) {
  const std::map<std::string, std::string> console = ConsoleTable("CASE_STATES");
  ASSERT_EQ(console.size(), static_cast<size_t>(v1::CaseState_ARRAYSIZE));
  for (int value = v1::CaseState_MIN; value <= v1::CaseState_MAX; ++value) {
    if (!v1::CaseState_IsValid(value)) continue;
    const auto state = static_cast<v1::CaseState>(value);
    EXPECT_EQ(StateLabel(state), console.at(v1::CaseState_Name(state))) << value;
  }
  EXPECT_EQ(StateLabel(v1::CASE_STATE_IN_REVIEW), "保密审查中");
  EXPECT_EQ(StateLabel(static_cast<v1::CaseState>(99)), "未知状态");
}

TEST(StaffLabels, ClockStatesAreTheConsoles) {
  const std::map<std::string, std::string> console = ConsoleTable("CLOCK_STATES");
  ASSERT_EQ(console.size(), static_cast<size_t>(v1::ClockState_ARRAYSIZE));
  for (int value = v1::ClockState_MIN; value <= v1::ClockState_MAX; ++value) {
    if (!v1::ClockState_IsValid(value)) continue;
    const auto clock = static_cast<v1::ClockState>(value);
    EXPECT_EQ(ClockLabel(clock), console.at(v1::ClockState_Name(clock))) << value;
  }
  EXPECT_EQ(ClockLabel(v1::CLOCK_STATE_AWAITING_SUPPLEMENT), "等待补正（停止计时）");
}

TEST(StaffLabels, RolesAreTheConsoles) {
  const std::map<std::string, std::string> console = ConsoleTable("ROLES");
  for (const char* role : kRoles) EXPECT_EQ(RoleLabel(role), console.at(role)) << role;
  EXPECT_EQ(RoleLabel("service"), console.at("service"));
  EXPECT_EQ(RoleLabel("stranger"), "stranger");
  EXPECT_EQ(RolesLabel(std::vector<std::string>{"officer", "clerk"}), "部门经办、窗口受理");
}

TEST(StaffLabels, EveryCommandAndEveryRpcHasOneAndCommandsAreTheConsoles) {
  const std::map<std::string, std::string> console = ConsoleTable("COMMANDS");
  for (const CommandRule& rule : AllRules()) {
    EXPECT_TRUE(HasCallLabel(rule.name)) << rule.name;
    ASSERT_TRUE(console.count(std::string(rule.name))) << rule.name;
    EXPECT_EQ(CallLabel(rule.name), console.at(std::string(rule.name))) << rule.name;
  }
  for (const MethodPolicy& policy : AccessPolicy()) {
    EXPECT_TRUE(HasCallLabel(policy.method))
        << policy.service << "." << policy.method
        << " has no Chinese name in rules/staff_labels.cc: refusals would show the RPC's name";
  }
  EXPECT_EQ(CallLabel("Accept"), "部门接收");
  EXPECT_EQ(CallLabel("GetDocument"), "查看文书");
  EXPECT_EQ(CallLabel("NoSuchMethod"), "NoSuchMethod");
  EXPECT_EQ(Quoted(CallLabel("Clear")), "“保密审查通过”");
}

TEST(StaffError, CarriesItsEnglishReasonForTheLogOnly) {
  const absl::Status status =
      StaffError(absl::StatusCode::kNotFound, "案件 2026-000001 不存在，请核对案件编号",
                 "case 2026-000001 not found");
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "案件 2026-000001 不存在，请核对案件编号");
  EXPECT_EQ(LogReason(status), "case 2026-000001 not found");
  // A copy, and a StatusOr, keep it.
  const absl::StatusOr<int> carried = status;
  EXPECT_EQ(LogReason(carried.status()), "case 2026-000001 not found");
}

TEST(StaffError, LogsOtherMessagesByWhatIsSafe) {
  EXPECT_EQ(LogReason(absl::InternalError("Redis: LOADING")), "Redis: LOADING");
  EXPECT_EQ(LogReason(absl::InvalidArgumentError("`applicant.name` 必须填写")),
            "field `applicant.name`");
  // Chinese without a field may quote what staff typed: never logged.
  EXPECT_EQ(LogReason(absl::FailedPreconditionError("申请人张三尚未缴费")), "(message for staff)");
  EXPECT_EQ(LogReason(absl::OkStatus()), "");
}

}  // namespace
}  // namespace gongkai
