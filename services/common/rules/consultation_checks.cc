#include "rules/consultation_checks.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/staff_error.h"
#include "rules/outcomes.h"
#include "rules/request_fingerprint.h"
#include "rules/staff_labels.h"
#include "screening/draft_screening.h"

namespace gongkai {

absl::Status NotWaitingOnTheApplicant(const v1::Case& current, absl::string_view command) {
  if (current.clock() == v1::CLOCK_STATE_AWAITING_SUPPLEMENT) {
    return StaffError(absl::StatusCode::kFailedPrecondition,
                      absl::StrCat("暂不能进行", Quoted(CallLabel(command)), "：案件 ",
                                   current.case_number(), " 正在等待申请人补正，补正前不得答复"),
                      absl::StrCat(command, ": case ", current.case_number(),
                                   " awaits the applicant's supplement"));
  }
  if (current.clock() == v1::CLOCK_STATE_AWAITING_FEE) {
    return StaffError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("暂不能进行", Quoted(CallLabel(command)), "：案件 ", current.case_number(),
                     " 正在等待申请人缴纳信息处理费，缴费或免除前不得答复"),
        absl::StrCat(command, ": case ", current.case_number(), " awaits the applicant's fee"));
  }
  return absl::OkStatus();
}

bool IsOpen(const v1::Consultation& consultation) { return consultation.ended_on().empty(); }

int OpenConsultations(const v1::Case& c) {
  int open = 0;
  for (const v1::Consultation& consultation : c.consultations()) open += IsOpen(consultation);
  return open;
}

absl::Status NoOpenConsultation(const v1::Case& c, absl::string_view command) {
  for (int i = 0; i < c.consultations_size(); ++i) {
    const v1::Consultation& consultation = c.consultations(i);
    if (!IsOpen(consultation)) continue;
    return StaffError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("暂不能进行", Quoted(CallLabel(command)), "：案件 ", c.case_number(),
                     " 仍在征求", consultation.party(), "的意见（第 ", i, " 项，答复期限 ",
                     consultation.answer_due(), "），征求意见结束前不得审核通过或发出答复"),
        absl::StrCat(command, ": consultation ", i, " of case ", c.case_number(),
                     " is still open"));
  }
  return absl::OkStatus();
}

bool DisclosesOverObjection(const v1::Case& c, const v1::Consultation& consultation) {
  if (consultation.party_type() != v1::CONSULTED_PARTY_THIRD_PARTY ||
      consultation.result() != "objected") {
    return false;
  }
  const OutcomeInfo* outcome = FindOutcome(c.draft().outcome());
  if (outcome == nullptr || !outcome->discloses) return false;
  // A partial disclosure that withholds on the third party's ground (Art. 15) respects the
  // objection: what is released is not what the third party objected to.
  for (const v1::WithheldSpan& span : c.draft().withheld()) {
    if (span.ground() == v1::OUTCOME_WITHHELD_THIRD_PARTY) return false;
  }
  for (const v1::ScreeningFinding& finding : c.draft().findings()) {
    if (finding.resolution() == v1::FINDING_RESOLUTION_REDACTED &&
        finding.ground() == v1::OUTCOME_WITHHELD_THIRD_PARTY) {
      return false;
    }
  }
  return true;
}

std::string ReleasedDigest(const v1::Case& c) { return ContentDigest(ReleasedText(c.draft())); }

bool DisclosesOverAnyObjection(const v1::Case& c) {
  for (const v1::Consultation& consultation : c.consultations()) {
    if (DisclosesOverObjection(c, consultation)) return true;
  }
  return false;
}

absl::Status DisclosureNoticesDelivered(const v1::Case& c, absl::string_view reply_delivered_on) {
  std::optional<std::string> released;  // the digest, once a delivered notice needs it
  for (int i = 0; i < c.consultations_size(); ++i) {
    const v1::Consultation& consultation = c.consultations(i);
    if (!DisclosesOverObjection(c, consultation)) continue;
    const v1::DisclosureNotice& notice = consultation.disclosure_notice();
    if (notice.delivered_on().empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "第三方", consultation.party(),
          "不同意公开，本机关决定公开的，应当先将决定公开的内容和理由书面告知第三方"
          "（条例第三十二条）：第 ",
          i, " 项征求意见的告知书", notice.issued_on().empty() ? "尚未发出" : "尚未登记送达"));
    }
    if (!released) released = ReleasedDigest(c);
    if (notice.released_digest() != *released) {
      return absl::FailedPreconditionError(
          absl::StrCat("拟公开的内容在告知第三方", consultation.party(), "之后已经改变：第 ", i,
                       " 项征求意见须按现在的内容重新发出告知书并登记送达（条例第三十二条）"));
    }
    if (!reply_delivered_on.empty() && reply_delivered_on < notice.delivered_on()) {
      return absl::FailedPreconditionError(
          absl::StrCat("答复送达日期 ", reply_delivered_on, " 早于第三方", consultation.party(),
                       "收到告知书的日期 ", notice.delivered_on(),
                       "：应当先告知第三方，再公开（条例第三十二条）"));
    }
  }
  return absl::OkStatus();
}

}  // namespace gongkai
