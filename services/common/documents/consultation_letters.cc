#include "documents/consultation_letters.h"

#include "absl/strings/str_cat.h"
#include "documents/letter_parts.h"
#include "documents/redress_notice.h"
#include "screening/draft_screening.h"

namespace gongkai {
namespace {

using Kind = FormalDocument::BlockKind;

// "请于2026年12月14日前（自收到本函之日起15个工作日内）", or without the date while it is counted
// from the day sent because the receipt is not known yet.
std::string AnswerBy(const v1::Consultation& consultation, absl::string_view letter) {
  const std::string period = absl::StrCat("自收到", letter, "之日起15个工作日内");
  if (consultation.answer_due().empty() || consultation.answer_due_provisional()) {
    return absl::StrCat("请", period);
  }
  return absl::StrCat("请于", DayOf(consultation.answer_due()), "前（", period, "）");
}

}  // namespace

FormalDocument ConsultationDocument(const v1::Case& c, int index, const IssuingAgency& agency,
                                    absl::CivilDay date) {
  const v1::Consultation& consultation = c.consultations(index);
  const bool agency_consulted = consultation.party_type() == v1::CONSULTED_PARTY_OTHER_AGENCY;
  FormalDocument document =
      StartLetter(agency_consulted ? "政府信息公开征求意见函" : "第三方意见征询书", c,
                  consultation.party(), agency, date);
  const std::string asked =
      absl::StrCat("本机关于", ReceiptDayOf(c), "收到一件政府信息公开申请，申请获取：",
                   c.request().description(), "。");
  if (agency_consulted) {
    AddBlock(document, Kind::kParagraph,
             absl::StrCat(asked, "经审查，该信息由本机关与贵机关共同制作。依照", kRegulations,
                          "第三十四条，现征求贵机关意见。"));
    AddBlock(document, Kind::kParagraph,
             absl::StrCat(AnswerBy(consultation, "本函"),
                          "书面提出意见；逾期未提出意见的，视为同意公开。"));
  } else {
    AddBlock(
        document, Kind::kParagraph,
        absl::StrCat(asked, "经审查，公开该信息可能损害贵方的合法权益（商业秘密、个人隐私）。依照",
                     kRegulations, "第三十二条，现书面征求贵方意见。"));
    AddBlock(document, Kind::kParagraph,
             absl::StrCat(AnswerBy(consultation, "本征询书"),
                          "书面提出意见。逾期未提出意见的，由本机关依照条例的规定决定是否公开。"
                          "贵方不同意公开且有合理理由的，本机关不予公开；但本机关认为不公开可能对"
                          "公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和"
                          "理由书面告知贵方。"));
  }
  return document;
}

FormalDocument DisclosureNoticeDocument(const v1::Case& c, int index, const IssuingAgency& agency,
                                        absl::CivilDay date) {
  const v1::Consultation& consultation = c.consultations(index);
  FormalDocument document = StartLetter("第三方告知书", c, consultation.party(), agency, date);
  AddBlock(
      document, Kind::kParagraph,
      absl::StrCat(
          "本机关于", DayOf(consultation.sent_on()),
          "就一件政府信息公开申请所涉信息书面征求贵方意见，该申请要求获取：",
          c.request().description(), "。贵方",
          consultation.ended_on().empty() ? "" : absl::StrCat("于", DayOf(consultation.ended_on())),
          "答复不同意公开。"));
  AddBlock(
      document, Kind::kParagraph,
      absl::StrCat("经审查，本机关认为不公开上述信息可能对公共利益造成重大影响。依照", kRegulations,
                   "第三十二条，本机关决定予以公开，现将决定公开的政府信息内容和理由书面告知"
                   "如下。"));
  AddBlock(document, Kind::kField, "决定公开的政府信息内容：");
  AddBlock(document, Kind::kQuoted, ReleasedTextMaskingPersonalData(c.draft()));
  AddBlock(document, Kind::kParagraph,
           absl::StrCat("决定公开的理由：", consultation.disclosure_notice().reasons()));
  AddBlock(document, Kind::kParagraph, "本告知书送达贵方后，本机关将向申请人提供上述信息。");
  AddBlock(
      document, Kind::kParagraph,
      ReconsiderationOrSuit("本机关公开上述信息的决定", "本告知书", agency.reconsideration_body));
  return document;
}

}  // namespace gongkai
