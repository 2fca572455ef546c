#include "documents/documents.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "base/clock.h"
#include "documents/html.h"
#include "rules/outcomes.h"
#include "screening/draft_screening.h"

namespace gongkai {
namespace {

using Kind = FormalDocument::BlockKind;

constexpr absl::string_view kRegulations = "《中华人民共和国政府信息公开条例》";

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

bool IsPerson(const v1::Applicant& applicant) {
  return applicant.type() == v1::APPLICANT_TYPE_NATURAL_PERSON;
}

absl::string_view Addressee(const v1::Applicant& applicant) {
  return IsPerson(applicant) ? "您" : "贵单位";
}

std::string DayOf(absl::string_view date_text) {
  absl::CivilDay day;
  return ParseDay(date_text, &day) ? ChineseDate(day) : std::string(date_text);
}

// The legal receipt date (Art. 31) once computed, else the arrival date.
std::string ReceiptDayOf(const v1::Case& c) {
  return DayOf(c.deadline().receipt_date().empty() ? c.request().received_date()
                                                   : c.deadline().receipt_date());
}

// The number written on documents: 〔2026〕第000123号 for case 2026-000123.
std::string DocumentNumber(absl::string_view case_number) {
  return absl::StrCat("〔", case_number.substr(0, 4), "〕第", case_number.substr(5), "号");
}

// "（即2026年12月28日前）", or "（暂按…计算）" when the year's holiday notice is not out yet.
std::string DueSentence(const v1::Deadline& deadline) {
  if (deadline.due_date().empty()) return "";
  return absl::StrCat("（即", DayOf(deadline.due_date()), "前",
                      deadline.provisional() ? "，次年节假日安排公布前暂按法定节日推算" : "", "）");
}

FormalDocument Begin(absl::string_view title, const v1::Case& c, absl::string_view addressee,
                     absl::string_view agency, absl::CivilDay date) {
  FormalDocument document;
  document.title = std::string(title);
  document.number = DocumentNumber(c.case_number());
  document.addressee = std::string(addressee);
  document.agency = std::string(agency);
  document.date = ChineseDate(date);
  return document;
}

void Add(FormalDocument& document, Kind kind, std::string text) {
  document.blocks.push_back({kind, std::move(text)});
}

// The opening every letter to the applicant shares.
std::string Received(const v1::Case& c) {
  return absl::StrCat("本机关于", ReceiptDayOf(c), "收到", Addressee(c.applicant()),
                      "提交的政府信息公开申请，申请获取：", c.request().description(), "。");
}

// The sentence of `outcome` addressed to an organisation where it speaks to "您".
std::string ForApplicant(absl::string_view sentence, const v1::Applicant& applicant) {
  if (IsPerson(applicant)) return std::string(sentence);
  return absl::StrReplaceAll(sentence, {{"您", "贵单位"}});
}

// The articles a reply relies on: the outcome's, and for a partial disclosure each withholding
// ground's, in the order first met.
std::string ArticlesOf(const v1::Draft& draft, const OutcomeInfo& outcome) {
  std::vector<std::string> articles = {std::string(outcome.article)};
  std::set<std::string> seen(articles.begin(), articles.end());
  for (const v1::WithheldSpan& span : draft.withheld()) {
    const OutcomeInfo* ground = FindOutcome(span.ground());
    if (ground != nullptr && seen.insert(std::string(ground->article)).second) {
      articles.emplace_back(ground->article);
    }
  }
  return absl::StrJoin(articles, "、");
}

std::string TextIndent(absl::string_view text, absl::string_view indent) {
  return absl::StrCat(indent, absl::StrReplaceAll(text, {{"\n", absl::StrCat("\n", indent)}}));
}

}  // namespace

std::string ChineseDate(absl::CivilDay day) {
  return absl::StrCat(day.year(), "年", day.month(), "月", day.day(), "日");
}

std::string RenderText(const FormalDocument& document) {
  std::string out = absl::StrCat(document.title, "\n");
  if (!document.number.empty()) absl::StrAppend(&out, document.number, "\n");
  absl::StrAppend(&out, "\n");
  if (!document.addressee.empty()) absl::StrAppend(&out, document.addressee, "：\n");
  for (const FormalDocument::Block& block : document.blocks) {
    switch (block.kind) {
      case Kind::kParagraph:
        absl::StrAppend(&out, TextIndent(block.text, "　　"), "\n");
        break;
      case Kind::kField:
        absl::StrAppend(&out, block.text, "\n");
        break;
      case Kind::kQuoted:
        absl::StrAppend(&out, TextIndent(block.text, "    "), "\n");
        break;
    }
  }
  absl::StrAppend(&out, "\n", document.agency, "\n", document.date, "\n");
  return out;
}

std::string RenderHtml(const FormalDocument& document) {
  std::string out = HtmlPageStart(document.title);
  absl::StrAppend(&out, "<h1>", EscapeHtml(document.title), "</h1>\n");
  if (!document.number.empty()) {
    absl::StrAppend(&out, "<p class=\"number\">", EscapeHtml(document.number), "</p>\n");
  }
  if (!document.addressee.empty()) {
    absl::StrAppend(&out, "<p class=\"flush\">", EscapeHtml(document.addressee), "：</p>\n");
  }
  for (const FormalDocument::Block& block : document.blocks) {
    switch (block.kind) {
      case Kind::kParagraph:
        absl::StrAppend(&out, "<p>", EscapeHtml(block.text), "</p>\n");
        break;
      case Kind::kField:
        absl::StrAppend(&out, "<p class=\"flush\">", EscapeHtml(block.text), "</p>\n");
        break;
      case Kind::kQuoted:
        absl::StrAppend(&out, "<blockquote>", EscapeHtml(block.text), "</blockquote>\n");
        break;
    }
  }
  absl::StrAppend(&out, "<p class=\"signature\">", EscapeHtml(document.agency), "</p>\n",
                  "<p class=\"date\">", EscapeHtml(document.date), "</p>\n", kHtmlPageEnd);
  return out;
}

FormalDocument ReceiptDocument(const v1::Case& registered, absl::string_view agency) {
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
  FormalDocument document = Begin("政府信息公开申请登记回执", registered, "", agency, date);
  document.number.clear();
  Add(document, Kind::kField, absl::StrCat("登记编号：", registered.case_number()));
  Add(document, Kind::kField, absl::StrCat("申请人：", registered.applicant().name()));
  Add(document, Kind::kField, absl::StrCat("申请内容：", request.description()));
  Add(document, Kind::kField, absl::StrCat("提交方式：", ChannelLabel(request.channel())));
  Add(document, Kind::kField, absl::StrCat("收到申请日期：", ReceiptDayOf(registered)));
  Add(document, Kind::kParagraph,
      absl::StrCat("本机关已登记", Addressee(registered.applicant()), "的政府信息公开申请。依照",
                   kRegulations, "第三十三条，本机关将自收到申请之日起20个工作日内予以答复",
                   DueSentence(registered.deadline()),
                   "；需要延长答复期限的，将另行告知。请凭登记编号查询办理进度。"));
  return document;
}

FormalDocument ReplyDocument(const v1::Case& cleared, absl::string_view agency,
                             absl::CivilDay date) {
  const v1::Draft& draft = cleared.draft();
  const OutcomeInfo* found = FindOutcome(draft.outcome());
  const OutcomeInfo& outcome = found != nullptr ? *found : *FindOutcome(v1::OUTCOME_OTHER);
  FormalDocument document =
      Begin("政府信息公开申请答复书", cleared, cleared.applicant().name(), agency, date);
  Add(document, Kind::kParagraph, absl::StrCat(Received(cleared), "现答复如下："));
  Add(document, Kind::kField, absl::StrCat("答复结果：", outcome.label));
  Add(document, Kind::kParagraph, ForApplicant(outcome.reply_sentence, cleared.applicant()));
  if (outcome.discloses) Add(document, Kind::kQuoted, ReleasedText(draft));
  if (draft.withheld_size() > 0) {
    std::vector<std::string> parts;
    for (int i = 0; i < draft.withheld_size(); ++i) {
      const OutcomeInfo* ground = FindOutcome(draft.withheld(i).ground());
      if (ground == nullptr) continue;
      parts.push_back(
          absl::StrCat("（", i + 1, "）", ground->label, "，依据", kRegulations, ground->article));
    }
    Add(document, Kind::kParagraph,
        absl::StrCat("上述信息中标注“此处不予公开”的部分不予公开：", absl::StrJoin(parts, "；"),
                     "。"));
  }
  const std::string grounds = ReleasedGrounds(draft);
  if (!grounds.empty()) Add(document, Kind::kParagraph, absl::StrCat("理由：", grounds));
  Add(document, Kind::kParagraph,
      absl::StrCat("依据：", kRegulations, ArticlesOf(draft, outcome), "。"));
  Add(document, Kind::kParagraph,
      absl::StrCat("如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，"
                   "或者自收到本答复之日起六个月内依法提起行政诉讼。"));
  return document;
}

FormalDocument SupplementDocument(const v1::Case& c, absl::string_view agency,
                                  absl::CivilDay date) {
  FormalDocument document = Begin("补正申请告知书", c, c.applicant().name(), agency, date);
  Add(document, Kind::kParagraph,
      absl::StrCat("本机关于", ReceiptDayOf(c), "收到", Addressee(c.applicant()),
                   "提交的政府信息公开申请（", c.request().description(),
                   "）。经审查，申请内容不明确，依照", kRegulations,
                   "第三十条，请一并补正以下内容："));
  Add(document, Kind::kQuoted, c.supplement().items());
  Add(document, Kind::kParagraph,
      absl::StrCat("请于", DayOf(c.supplement().reply_by()),
                   "前补正。答复期限自本机关收到补正后的申请之日起计算；无正当理由逾期不补正的，"
                   "视为放弃申请，本机关不再处理该申请。"));
  return document;
}

FormalDocument ExtensionDocument(const v1::Case& c, absl::string_view agency, absl::CivilDay date) {
  FormalDocument document = Begin("延期答复告知书", c, c.applicant().name(), agency, date);
  Add(document, Kind::kParagraph,
      absl::StrCat("本机关于", ReceiptDayOf(c), "收到", Addressee(c.applicant()),
                   "提交的政府信息公开申请（", c.request().description(), "）。因",
                   c.extension().reason(),
                   "，不能在规定期限内答复。经本机关政府信息公开工作机构负责人同意，依照",
                   kRegulations, "第三十三条，答复期限延长", c.extension().days(),
                   "个工作日，本机关将于", DayOf(c.deadline().due_date()), "前予以答复。"));
  return document;
}

FormalDocument ConsultationDocument(const v1::Case& c, absl::string_view agency,
                                    absl::CivilDay date) {
  const v1::Consultation consultation =
      c.consultations_size() > 0 ? *c.consultations().rbegin() : v1::Consultation();
  const bool agency_consulted = consultation.party_type() == v1::CONSULTED_PARTY_OTHER_AGENCY;
  FormalDocument document = Begin(agency_consulted ? "政府信息公开征求意见函" : "第三方意见征询书",
                                  c, consultation.party(), agency, date);
  const std::string asked =
      absl::StrCat("本机关于", ReceiptDayOf(c), "收到一件政府信息公开申请，申请获取：",
                   c.request().description(), "。");
  if (agency_consulted) {
    Add(document, Kind::kParagraph,
        absl::StrCat(asked, "经审查，该信息由本机关与贵机关共同制作。依照", kRegulations,
                     "第三十四条，现征求贵机关意见。"));
    Add(document, Kind::kParagraph,
        absl::StrCat("请于", DayOf(consultation.answer_due()),
                     "前（自收到本函之日起15个工作日内）书面提出意见；逾期未提出意见的，"
                     "视为同意公开。"));
  } else {
    Add(document, Kind::kParagraph,
        absl::StrCat(asked, "经审查，公开该信息可能损害贵方的合法权益（商业秘密、个人隐私）。依照",
                     kRegulations, "第三十二条，现书面征求贵方意见。"));
    Add(document, Kind::kParagraph,
        absl::StrCat("请于", DayOf(consultation.answer_due()),
                     "前（自收到本征询书之日起15个工作日内）书面提出意见。逾期未提出意见的，"
                     "由本机关依照条例的规定决定是否公开。贵方不同意公开且有合理理由的，"
                     "本机关不予公开；但本机关认为不公开可能对公共利益造成重大影响的，"
                     "可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。"));
  }
  return document;
}

absl::StatusOr<FormalDocument> DocumentOf(const v1::Case& c, v1::DocumentKind kind,
                                          absl::string_view agency) {
  absl::CivilDay day;
  switch (kind) {
    case v1::DOCUMENT_KIND_RECEIPT:
      return ReceiptDocument(c, agency);
    case v1::DOCUMENT_KIND_REPLY:
      if (!ParseDay(c.reply_date(), &day)) {
        return absl::FailedPreconditionError(
            absl::StrCat("the reply of case ", c.case_number(), " is not prepared yet"));
      }
      return ReplyDocument(c, agency, day);
    case v1::DOCUMENT_KIND_SUPPLEMENT:
      if (!ParseDay(c.supplement().requested_on(), &day)) {
        return absl::FailedPreconditionError(
            absl::StrCat("no supplement was requested for case ", c.case_number()));
      }
      return SupplementDocument(c, agency, day);
    case v1::DOCUMENT_KIND_EXTENSION:
      if (!ParseDay(c.extension().granted_on(), &day)) {
        return absl::FailedPreconditionError(
            absl::StrCat("case ", c.case_number(), " was not extended"));
      }
      return ExtensionDocument(c, agency, day);
    case v1::DOCUMENT_KIND_CONSULTATION:
      if (c.consultations_size() == 0 || !ParseDay(c.consultations().rbegin()->sent_on(), &day)) {
        return absl::FailedPreconditionError(
            absl::StrCat("no consultation was started for case ", c.case_number()));
      }
      return ConsultationDocument(c, agency, day);
    default:
      return absl::InvalidArgumentError(
          "`kind` must be RECEIPT, REPLY, SUPPLEMENT, EXTENSION or CONSULTATION");
  }
}

std::string RenderReceipt(const v1::Case& registered, absl::string_view agency) {
  return RenderText(ReceiptDocument(registered, agency));
}

std::string RenderReplyLetter(const v1::Case& cleared, absl::string_view agency,
                              absl::CivilDay date) {
  return RenderText(ReplyDocument(cleared, agency, date));
}

std::string RenderSupplementNotice(const v1::Case& c, absl::string_view agency,
                                   absl::CivilDay date) {
  return RenderText(SupplementDocument(c, agency, date));
}

std::string RenderExtensionNotice(const v1::Case& c, absl::string_view agency,
                                  absl::CivilDay date) {
  return RenderText(ExtensionDocument(c, agency, date));
}

}  // namespace gongkai
