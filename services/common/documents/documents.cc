#include "documents/documents.h"

#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "base/clock.h"
#include "base/staff_error.h"
#include "base/status_macros.h"
#include "documents/letter_parts.h"
#include "documents/redress_notice.h"
#include "rules/case_number.h"
#include "rules/outcomes.h"
#include "screening/draft_screening.h"

namespace gongkai {
namespace {

using Kind = FormalDocument::BlockKind;

absl::string_view ChannelLabel(v1::Channel channel) {
  switch (channel) {
    case v1::CHANNEL_IN_PERSON:
      return "当面提交";
    case v1::CHANNEL_REGISTERED_POST:
      return "邮寄（挂号信/EMS）";
    case v1::CHANNEL_ORDINARY_LETTER:
      return "平常信函";
    case v1::CHANNEL_ONLINE:
      return "互联网";
    case v1::CHANNEL_FAX:
      return "传真";
    default:
      return "其他";
  }
}

// "（即2026年12月28日前）", or "（暂按…计算）" when the year's holiday notice is not out yet.
std::string DueSentence(const v1::Deadline& deadline) {
  if (deadline.due_date().empty()) return "";
  return absl::StrCat("（即", DayOf(deadline.due_date()), "前",
                      deadline.provisional() ? "，次年节假日安排公布前暂按法定节日推算" : "", "）");
}

// The articles a reply relies on: the outcome's, and each withheld part's ground's, in the
// order first met.
std::string ArticlesOf(const OutcomeInfo& outcome, const std::vector<WithheldPart>& parts) {
  std::vector<std::string> articles = {std::string(outcome.article)};
  std::set<std::string> seen(articles.begin(), articles.end());
  for (const WithheldPart& part : parts) {
    const OutcomeInfo* ground = FindOutcome(part.ground);
    if (ground != nullptr && seen.insert(std::string(ground->article)).second) {
      articles.emplace_back(ground->article);
    }
  }
  return absl::StrJoin(articles, "、");
}

// "（1）不予公开（保护第三方合法权益），依据…第十五条；（2）…": every part withheld, a withheld
// span of a partial disclosure or a finding the reviewer redacted, with its ground and article.
std::string WithheldPartsSentence(const std::vector<WithheldPart>& parts) {
  std::vector<std::string> listed;
  for (const WithheldPart& part : parts) {
    const OutcomeInfo* ground = FindOutcome(part.ground);
    if (ground == nullptr) continue;
    listed.push_back(absl::StrCat("（", listed.size() + 1, "）", ground->label, "，依据",
                                  kRegulations, ground->article));
  }
  return absl::StrCat("本答复中标注“此处不予公开”的部分不予公开：", absl::StrJoin(listed, "；"),
                      "。");
}

// Art. 36(5): the agency responsible for the information and how to reach it, where known.
std::string ResponsibleAgencySentence(const v1::Draft& draft, const v1::Applicant& applicant) {
  std::string sentence =
      absl::StrCat("经确认，负责公开该政府信息的行政机关为", draft.responsible_agency());
  if (!draft.responsible_contact().empty()) {
    absl::StrAppend(&sentence, "，联系方式：", draft.responsible_contact());
  }
  absl::StrAppend(&sentence, "。您可以向该机关提出申请。");
  return ForApplicant(sentence, applicant);
}

absl::Status NoneYet(absl::string_view what, const v1::Case& c) {
  return StaffError(absl::StatusCode::kFailedPrecondition,
                    absl::StrCat("案件 ", c.case_number(), " ", what),
                    absl::StrCat("case ", c.case_number(), " has no document of that kind yet"));
}

// The consultation a CONSULTATION or DISCLOSURE_NOTICE is for: `requested`, or by default the
// latest (with a disclosure notice, for DISCLOSURE_NOTICE). -1 when there is none.
absl::StatusOr<int> ConsultationIndex(const v1::Case& c, std::optional<int> requested,
                                      bool with_notice) {
  const int count = c.consultations_size();
  if (requested.has_value()) {
    if (*requested < 0 || *requested >= count) {
      return absl::InvalidArgumentError(
          count == 0 ? absl::StrCat("`consultation` 无效：案件 ", c.case_number(), " 没有征求意见")
                     : absl::StrCat("`consultation` 须为 0 到 ", count - 1, " 之间的征求意见序号"));
    }
    return *requested;
  }
  for (int i = count - 1; i >= 0; --i) {
    if (!with_notice || !c.consultations(i).disclosure_notice().issued_on().empty()) return i;
  }
  return -1;
}

}  // namespace

FormalDocument ReceiptDocument(const v1::Case& registered, const IssuingAgency& agency) {
  const v1::InformationRequest& request = registered.request();
  absl::Time at;
  std::string error;
  // Dated the day it was registered (an unregistered draft: the day the request arrived).
  absl::CivilDay date;
  if (absl::ParseTime(absl::RFC3339_full, registered.registered_at(), &at, &error)) {
    date = ChinaDay(at);
  } else {
    ParseDay(request.received_date(), &date);
  }
  FormalDocument document = StartLetter("政府信息公开申请登记回执", registered, "", agency, date);
  document.number.clear();
  AddBlock(document, Kind::kField, absl::StrCat("登记编号：", registered.case_number()));
  // The agency's own number of the request, as its letters will bear it.
  AddBlock(document, Kind::kField, absl::StrCat("本机关编号：", AgencyNumberOf(registered)));
  AddBlock(document, Kind::kField, absl::StrCat("申请人：", registered.applicant().name()));
  AddBlock(document, Kind::kField, absl::StrCat("申请内容：", request.description()));
  AddBlock(document, Kind::kField, absl::StrCat("提交方式：", ChannelLabel(request.channel())));
  AddBlock(document, Kind::kField, absl::StrCat("收到申请日期：", ReceiptDayOf(registered)));
  AddBlock(document, Kind::kParagraph,
           absl::StrCat("本机关已登记", YouOf(registered.applicant()), "的政府信息公开申请。依照",
                        kRegulations, "第三十三条，本机关将自收到申请之日起20个工作日内予以答复",
                        DueSentence(registered.deadline()),
                        "；需要延长答复期限的，将另行告知。请凭登记编号查询办理进度。"));
  return document;
}

FormalDocument ReplyDocument(const v1::Case& cleared, const IssuingAgency& agency,
                             absl::CivilDay date) {
  const v1::Draft& draft = cleared.draft();
  const v1::Applicant& applicant = cleared.applicant();
  const OutcomeInfo* found = FindOutcome(draft.outcome());
  const OutcomeInfo& outcome = found != nullptr ? *found : *FindOutcome(v1::OUTCOME_OTHER);
  FormalDocument document =
      StartLetter("政府信息公开申请答复书", cleared, applicant.name(), agency, date);
  AddBlock(document, Kind::kParagraph, absl::StrCat(Received(cleared), "现答复如下："));
  AddBlock(document, Kind::kField, absl::StrCat("答复结果：", outcome.label));
  AddBlock(document, Kind::kParagraph, ForApplicant(outcome.reply_sentence, applicant));
  if (outcome.discloses) AddBlock(document, Kind::kQuoted, ReleasedText(draft));
  if (outcome.outcome == v1::OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY &&
      !draft.responsible_agency().empty()) {
    AddBlock(document, Kind::kParagraph, ResponsibleAgencySentence(draft, applicant));
  }
  const std::vector<WithheldPart> parts = WithheldParts(draft);
  if (!parts.empty()) AddBlock(document, Kind::kParagraph, WithheldPartsSentence(parts));
  const std::string grounds = ReleasedGrounds(draft);
  if (!grounds.empty()) AddBlock(document, Kind::kParagraph, absl::StrCat("理由：", grounds));
  AddBlock(document, Kind::kParagraph,
           absl::StrCat("依据：", kRegulations, ArticlesOf(outcome, parts), "。"));
  for (std::string& paragraph : ReplyRedress(outcome.outcome, agency.reconsideration_body)) {
    AddBlock(document, Kind::kParagraph, std::move(paragraph));
  }
  return document;
}

FormalDocument SupplementDocument(const v1::Case& c, const IssuingAgency& agency,
                                  absl::CivilDay date) {
  FormalDocument document = StartLetter("补正申请告知书", c, c.applicant().name(), agency, date);
  AddBlock(document, Kind::kParagraph,
           absl::StrCat("本机关于", ReceiptDayOf(c), "收到", YouOf(c.applicant()),
                        "提交的政府信息公开申请（", c.request().description(),
                        "）。经审查，申请内容不明确，依照", kRegulations,
                        "第三十条，请一并补正以下内容："));
  AddBlock(document, Kind::kQuoted, c.supplement().items());
  AddBlock(document, Kind::kParagraph,
           absl::StrCat("请于", DayOf(c.supplement().reply_by()),
                        "前补正。答复期限自本机关收到补正后的申请之日起计算；无正当理由逾期不补正"
                        "的，视为放弃申请，本机关不再处理该申请。"));
  return document;
}

FormalDocument ExtensionDocument(const v1::Case& c, const IssuingAgency& agency,
                                 absl::CivilDay date) {
  FormalDocument document = StartLetter("延期答复告知书", c, c.applicant().name(), agency, date);
  AddBlock(document, Kind::kParagraph,
           absl::StrCat("本机关于", ReceiptDayOf(c), "收到", YouOf(c.applicant()),
                        "提交的政府信息公开申请（", c.request().description(), "）。因",
                        c.extension().reason(),
                        "，不能在规定期限内答复。经本机关政府信息公开工作机构负责人同意，依照",
                        kRegulations, "第三十三条，答复期限延长", c.extension().days(),
                        "个工作日，本机关将于", DayOf(c.deadline().due_date()), "前予以答复。"));
  return document;
}

absl::StatusOr<FormalDocument> DocumentOf(const v1::Case& c, v1::DocumentKind kind,
                                          const IssuingAgency& agency,
                                          std::optional<int> consultation) {
  const bool for_consultation =
      kind == v1::DOCUMENT_KIND_CONSULTATION || kind == v1::DOCUMENT_KIND_DISCLOSURE_NOTICE;
  if (consultation.has_value() && !for_consultation) {
    return absl::InvalidArgumentError(
        "`consultation` 仅用于征求意见函（CONSULTATION）和第三方告知书（DISCLOSURE_NOTICE）");
  }
  absl::CivilDay day;
  switch (kind) {
    case v1::DOCUMENT_KIND_RECEIPT:
      return ReceiptDocument(c, agency);
    case v1::DOCUMENT_KIND_REPLY:
      if (!ParseDay(c.reply_date(), &day)) {
        return NoneYet("的答复书尚未制作（保密审查通过、需要签发的经主任签发后，系统自动制作）", c);
      }
      return ReplyDocument(c, agency, day);
    case v1::DOCUMENT_KIND_SUPPLEMENT:
      if (!ParseDay(c.supplement().requested_on(), &day)) {
        return NoneYet("未要求申请人补正（补正申请告知书）", c);
      }
      return SupplementDocument(c, agency, day);
    case v1::DOCUMENT_KIND_EXTENSION:
      if (!ParseDay(c.extension().granted_on(), &day)) {
        return NoneYet("未延期答复（延期答复告知书）", c);
      }
      return ExtensionDocument(c, agency, day);
    case v1::DOCUMENT_KIND_CONSULTATION: {
      GK_ASSIGN_OR_RETURN(int index, ConsultationIndex(c, consultation, false));
      if (index < 0 || !ParseDay(c.consultations(index).sent_on(), &day)) {
        return NoneYet("未征求意见（征求意见函）", c);
      }
      return ConsultationDocument(c, index, agency, day);
    }
    case v1::DOCUMENT_KIND_DISCLOSURE_NOTICE: {
      GK_ASSIGN_OR_RETURN(int index, ConsultationIndex(c, consultation, true));
      if (index < 0 || !ParseDay(c.consultations(index).disclosure_notice().issued_on(), &day)) {
        return NoneYet("未向第三方发出公开告知书（第三方告知书）", c);
      }
      return DisclosureNoticeDocument(c, index, agency, day);
    }
    case v1::DOCUMENT_KIND_FEE_NOTICE:
      if (!ParseDay(c.fee().issued_on(), &day)) return NoneYet("未发出收费通知", c);
      return FeeNoticeDocument(c, agency, day);
    case v1::DOCUMENT_KIND_REASONS_REQUEST:
      if (!ParseDay(c.excessive().asked_on(), &day)) {
        return NoneYet("未要求申请人说明理由（说明理由告知书）", c);
      }
      return ReasonsRequestDocument(c, agency, day);
    case v1::DOCUMENT_KIND_LATER_REPLY:
      if (c.excessive().later_reply_date().empty() || !ParseDay(c.excessive().decided_on(), &day)) {
        return NoneYet("未确定延迟答复的合理期限（答复期限告知书）", c);
      }
      return LaterReplyDocument(c, agency, day);
    default:
      return absl::InvalidArgumentError(
          "`kind` 须为文书种类之一：登记回执（RECEIPT）、答复书（REPLY）、补正申请告知书"
          "（SUPPLEMENT）、延期答复告知书（EXTENSION）、征求意见函（CONSULTATION）、收费通知"
          "（FEE_NOTICE）、第三方告知书（DISCLOSURE_NOTICE）、说明理由告知书（REASONS_REQUEST）"
          "或延长答复期限告知书（LATER_REPLY）");
  }
}

std::string RenderReceipt(const v1::Case& registered, const IssuingAgency& agency) {
  return RenderText(ReceiptDocument(registered, agency));
}

std::string RenderReplyLetter(const v1::Case& cleared, const IssuingAgency& agency,
                              absl::CivilDay date) {
  return RenderText(ReplyDocument(cleared, agency, date));
}

std::string RenderSupplementNotice(const v1::Case& c, const IssuingAgency& agency,
                                   absl::CivilDay date) {
  return RenderText(SupplementDocument(c, agency, date));
}

std::string RenderExtensionNotice(const v1::Case& c, const IssuingAgency& agency,
                                  absl::CivilDay date) {
  return RenderText(ExtensionDocument(c, agency, date));
}

std::string RenderFeeNotice(const v1::Case& c, const IssuingAgency& agency, absl::CivilDay date) {
  return RenderText(FeeNoticeDocument(c, agency, date));
}

std::string RenderDisclosureNotice(const v1::Case& c, int consultation, const IssuingAgency& agency,
                                   absl::CivilDay date) {
  return RenderText(DisclosureNoticeDocument(c, consultation, agency, date));
}

std::string RenderReasonsRequest(const v1::Case& c, const IssuingAgency& agency,
                                 absl::CivilDay date) {
  return RenderText(ReasonsRequestDocument(c, agency, date));
}

std::string RenderLaterReplyNotice(const v1::Case& c, const IssuingAgency& agency,
                                   absl::CivilDay date) {
  return RenderText(LaterReplyDocument(c, agency, date));
}

}  // namespace gongkai
