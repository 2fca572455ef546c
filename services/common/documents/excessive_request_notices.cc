#include "documents/excessive_request_notices.h"

#include "absl/strings/str_cat.h"
#include "documents/letter_parts.h"

namespace gongkai {
namespace {

using Kind = FormalDocument::BlockKind;

// "本机关于2026年3月2日收到您提交的政府信息公开申请（…）。"
std::string ReceivedBriefly(const v1::Case& c) {
  return absl::StrCat("本机关于", ReceiptDayOf(c), "收到", YouOf(c.applicant()),
                      "提交的政府信息公开申请（", c.request().description(), "）。");
}

}  // namespace

FormalDocument ReasonsRequestDocument(const v1::Case& c, const IssuingAgency& agency,
                                      absl::CivilDay date) {
  const v1::ExcessiveRequests& excessive = c.excessive();
  const v1::Applicant& applicant = c.applicant();
  FormalDocument document = StartLetter("说明理由告知书", c, applicant.name(), agency, date);
  AddBlock(
      document, Kind::kParagraph,
      absl::StrCat(ReceivedBriefly(c),
                   ForApplicant(absl::StrCat("经审查，您申请公开政府信息的数量、频次明显超过"
                                             "合理范围。依照",
                                             kRegulations, "第三十五条，请您就以下事项说明理由："),
                                applicant)));
  AddBlock(document, Kind::kQuoted, excessive.questions());
  AddBlock(document, Kind::kParagraph,
           ForApplicant(absl::StrCat("请于", DayOf(excessive.reply_by()),
                                     "前向本机关书面说明。本机关认为申请理由不合理的，将告知您不予"
                                     "处理；认为申请理由合理，但无法在条例第三十三条规定的期限内"
                                     "答复的，将确定延迟答复的合理期限并告知您。"),
                        applicant));
  return document;
}

FormalDocument LaterReplyDocument(const v1::Case& c, const IssuingAgency& agency,
                                  absl::CivilDay date) {
  const v1::ExcessiveRequests& excessive = c.excessive();
  const v1::Applicant& applicant = c.applicant();
  FormalDocument document = StartLetter("答复期限告知书", c, applicant.name(), agency, date);
  std::string asked = absl::StrCat("因您申请公开政府信息的数量、频次明显超过合理范围，本机关于",
                                   DayOf(excessive.asked_on()), "请您说明理由");
  if (!excessive.answered_on().empty()) {
    absl::StrAppend(&asked, "，并于", DayOf(excessive.answered_on()), "收到您的说明");
  }
  AddBlock(document, Kind::kParagraph,
           absl::StrCat(ReceivedBriefly(c),
                        ForApplicant(absl::StrCat(asked,
                                                  "。经审查，本机关认为您的申请理由合理，"
                                                  "但无法在",
                                                  kRegulations, "第三十三条规定的期限内答复。"),
                                     applicant)));
  AddBlock(document, Kind::kParagraph, absl::StrCat("理由：", excessive.decision_reasons()));
  AddBlock(document, Kind::kParagraph,
           ForApplicant(
               absl::StrCat("依照", kRegulations, "第三十五条，本机关确定延迟答复的合理期限，将于",
                            DayOf(excessive.later_reply_date()), "前答复您。"),
               applicant));
  return document;
}

}  // namespace gongkai
