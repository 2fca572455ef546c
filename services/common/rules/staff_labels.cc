#include "rules/staff_labels.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"

namespace gongkai {
namespace {

using Label = std::pair<absl::string_view, absl::string_view>;

constexpr Label kRoleLabels[] = {
    {"clerk", "窗口受理"},    {"dispatcher", "分办"},  {"officer", "部门经办"},
    {"reviewer", "保密审查"}, {"head", "主任"},        {"manager", "督办"},
    {"admin", "系统管理"},    {"service", "系统服务"},
};

// The commands of a case's history (rules/state_machine.cc), then the other RPCs of the access
// policy (auth/access_policy.cc): reads, queues, accounts, reminders.
constexpr Label kCallLabels[] = {
    {"Register", "登记申请"},
    {"AnswerOnTheSpot", "当场答复"},
    {"Route", "自动分派部门"},
    {"RouteToDispatch", "转人工分办"},
    {"Assign", "分派部门"},
    {"Accept", "部门接收"},
    {"HandBack", "部门退回分办"},
    {"SubmitDraft", "提交答复拟稿"},
    {"ResolveFinding", "处理筛查发现"},
    {"Return", "保密审查退回修改"},
    {"Clear", "保密审查通过"},
    {"ClearForSignOff", "保密审查通过，报主任签发"},
    {"SignOff", "主任签发"},
    {"RefuseSignOff", "主任不予签发"},
    {"PrepareReply", "制作答复书"},
    {"IssueReply", "答复书送达"},
    {"RequestSupplement", "要求补正"},
    {"ReceiveSupplement", "收到补正"},
    {"CloseUnsupplemented", "逾期不补正结案"},
    {"StartConsultation", "征求意见"},
    {"RecordConsultationReceipt", "被征求方收到征求意见函"},
    {"EndConsultation", "征求意见结束"},
    {"IssueDisclosureNotice", "发出第三方告知书"},
    {"RecordDisclosureNoticeDelivery", "第三方告知书送达"},
    {"IssueFeeNotice", "发出收费通知"},
    {"RecordFeeNoticeReceipt", "申请人收到收费通知"},
    {"RecordFeePayment", "缴纳费用"},
    {"WaiveFee", "减免费用"},
    {"CloseFeeUnpaid", "逾期未缴费结案"},
    {"AskForReasons", "要求说明理由"},
    {"RecordReasons", "收到理由说明"},
    {"SetLaterReplyDate", "确定延迟答复日期"},
    {"GrantExtension", "批准延期答复"},
    {"RecomputeDeadline", "重新计算答复期限"},
    {"RecordRedress", "登记行政复议或诉讼"},
    {"RecordReferral", "向负责机关转登记"},
    // Not commands on a case:
    {"Login", "登录"},
    {"Logout", "退出登录"},
    {"AddUser", "新增账户"},
    {"DisableUser", "停用账户"},
    {"UpdateUser", "修改账户"},
    {"ListUsers", "查看账户"},
    {"GetCase", "查看案件"},
    {"SearchCases", "查找案件"},
    {"FindEarlierRequests", "查找申请人以往的申请"},
    {"ListDepartments", "查看部门目录"},
    {"ListDepartmentQueue", "查看部门待办"},
    {"ListDispatchQueue", "查看待分办案件"},
    {"ListReviewQueue", "查看待审查案件"},
    {"ListSignOffQueue", "查看待签发案件"},
    {"ListReplyQueue", "查看待送达的答复书"},
    {"GetReplyLetter", "查看答复书"},
    {"GetDocument", "查看文书"},
    {"ListOverdue", "查看超期案件"},
    {"ListDueSoon", "查看即将到期案件"},
    {"DepartmentBoard", "查看督办统计"},
    {"ReloadCalendar", "重新载入工作日历"},
    {"WatchCase", "关注案件动态"},
    {"ListNotices", "查看提醒"},
    {"MarkNoticesRead", "标记提醒已读"},
    {"WatchNotices", "接收提醒"},
    {"GetAnnualReport", "查看年度报告"},
    {"PublishAnnualReport", "发布年度报告"},
    {"GetCountyOverview", "查看全县政务公开情况"},
    {"GetBulletin", "查看通报"},
    {"VerifyAudit", "审计核验"},
};

const absl::string_view* Find(absl::Span<const Label> table, absl::string_view key) {
  for (const Label& label : table) {
    if (label.first == key) return &label.second;
  }
  return nullptr;
}

}  // namespace

absl::string_view StateLabel(v1::CaseState state) {
  switch (state) {
    case v1::CASE_STATE_REGISTERED:
      return "已登记（待分派）";
    case v1::CASE_STATE_DISPATCH:
      return "待分办";
    case v1::CASE_STATE_ASSIGNED:
      return "已分派（待接收）";
    case v1::CASE_STATE_IN_DEPARTMENT:
      return "部门办理中";
    case v1::CASE_STATE_IN_REVIEW:
      return "保密审查中";
    case v1::CASE_STATE_CLEARED:
      return "审查通过（待制作答复书）";
    case v1::CASE_STATE_REPLY_READY:
      return "答复书待送达";
    case v1::CASE_STATE_CLOSED:
      return "已办结";
    case v1::CASE_STATE_SIGN_OFF:
      return "待主任签发";
    default:
      return "未知状态";
  }
}

absl::string_view ClockLabel(v1::ClockState clock) {
  switch (clock) {
    case v1::CLOCK_STATE_RUNNING:
      return "正在计时";
    case v1::CLOCK_STATE_AWAITING_SUPPLEMENT:
      return "等待补正（停止计时）";
    case v1::CLOCK_STATE_CONSULTING:
      return "征求意见中（暂停计时）";
    case v1::CLOCK_STATE_STOPPED:
      return "已停止（已办结）";
    case v1::CLOCK_STATE_AWAITING_FEE:
      return "等待缴费（暂停计时）";
    default:
      return "未计时";
  }
}

absl::string_view RoleLabel(absl::string_view role) {
  const absl::string_view* found = Find(kRoleLabels, role);
  return found == nullptr ? role : *found;
}

absl::string_view CallLabel(absl::string_view method) {
  const absl::string_view* found = Find(kCallLabels, method);
  return found == nullptr ? method : *found;
}

bool HasCallLabel(absl::string_view method) { return Find(kCallLabels, method) != nullptr; }

std::string Quoted(absl::string_view text) { return absl::StrCat("“", text, "”"); }

}  // namespace gongkai
