#include "documents.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "clock.h"
#include "outcomes.h"

namespace gongkai {
namespace {

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

absl::string_view Addressee(const v1::Applicant& applicant) {
  return applicant.type() == v1::APPLICANT_TYPE_NATURAL_PERSON ? "您" : "贵单位";
}

std::string DayOf(absl::string_view date_text);

// The legal receipt date (Art. 31) once computed, else the arrival date.
std::string ReceiptDayOf(const v1::Case& c) {
  return DayOf(c.deadline().receipt_date().empty() ? c.request().received_date()
                                                   : c.deadline().receipt_date());
}

std::string DayOf(absl::string_view date_text) {
  absl::CivilDay day;
  return ParseDay(date_text, &day) ? ChineseDate(day) : std::string(date_text);
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

}  // namespace

std::string ChineseDate(absl::CivilDay day) {
  return absl::StrCat(day.year(), "年", day.month(), "月", day.day(), "日");
}

std::string RenderReceipt(const v1::Case& registered, absl::string_view agency) {
  const v1::InformationRequest& request = registered.request();
  return absl::StrCat(
      "政府信息公开申请登记回执\n", "登记编号：", registered.case_number(), "\n", "申请人：",
      registered.applicant().name(), "\n", "申请内容：", request.description(), "\n", "提交方式：",
      ChannelLabel(request.channel()), "\n", "收到申请日期：", ReceiptDayOf(registered), "\n\n",
      "本机关已登记", Addressee(registered.applicant()),
      "的政府信息公开申请。依照《中华人民共和国政府信息公开条例》第三十三条，"
      "本机关将自收到申请之日起20个工作日内予以答复",
      DueSentence(registered.deadline()),
      "；需要延长答复期限的，将另行告知。请凭登记编号查询办理进度。\n\n", agency, "\n");
}

std::string RenderReplyLetter(const v1::Case& cleared, absl::string_view agency,
                              absl::CivilDay date) {
  const v1::Draft& draft = cleared.draft();
  const OutcomeInfo* outcome = FindOutcome(draft.outcome());
  const absl::string_view label = outcome ? outcome->label : "其他处理";
  const absl::string_view article = outcome ? outcome->article : "";
  std::string body;
  if (outcome != nullptr && outcome->discloses) {
    const bool partial = outcome->withholds;
    absl::StrAppend(
        &body, "经审查，", Addressee(cleared.applicant()), "申请获取的政府信息",
        partial ? "部分属于公开范围，现将可以公开的部分予以提供：" : "属于公开范围，现予以提供：",
        "\n", draft.disclosed_text(), "\n");
  }
  if (!draft.grounds().empty()) {
    absl::StrAppend(&body, "理由：", draft.grounds(), "\n");
  }
  return absl::StrCat("政府信息公开申请答复书\n", DocumentNumber(cleared.case_number()), "\n\n",
                      cleared.applicant().name(), "：\n", "本机关于", ReceiptDayOf(cleared), "收到",
                      Addressee(cleared.applicant()), "提交的政府信息公开申请，申请获取：",
                      cleared.request().description(), "。现答复如下：\n\n", "答复结果：", label,
                      "\n", body, "依据：《中华人民共和国政府信息公开条例》", article, "。\n\n",
                      "如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，"
                      "或者自收到本答复之日起六个月内依法提起行政诉讼。\n\n",
                      agency, "\n", ChineseDate(date), "\n");
}

std::string RenderSupplementNotice(const v1::Case& c, absl::string_view agency,
                                   absl::CivilDay date) {
  return absl::StrCat("补正申请告知书\n", DocumentNumber(c.case_number()), "\n\n",
                      c.applicant().name(), "：\n", "本机关于", ReceiptDayOf(c), "收到",
                      Addressee(c.applicant()), "提交的政府信息公开申请（",
                      c.request().description(),
                      "）。经审查，申请内容不明确，依照《中华人民共和国政府信息公开条例》第三十条，"
                      "请一并补正以下内容：\n",
                      c.supplement().items(), "\n请于", DayOf(c.supplement().reply_by()),
                      "前补正。答复期限自本机关收到补正后的申请之日起计算；无正当理由逾期不补正的，"
                      "视为放弃申请，本机关不再处理该申请。\n\n",
                      agency, "\n", ChineseDate(date), "\n");
}

std::string RenderExtensionNotice(const v1::Case& c, absl::string_view agency,
                                  absl::CivilDay date) {
  return absl::StrCat("延期答复告知书\n", DocumentNumber(c.case_number()), "\n\n",
                      c.applicant().name(), "：\n", "本机关于", ReceiptDayOf(c), "收到",
                      Addressee(c.applicant()), "提交的政府信息公开申请（",
                      c.request().description(), "）。因", c.extension().reason(),
                      "，不能在规定期限内答复。经本机关政府信息公开工作机构负责人同意，"
                      "依照《中华人民共和国政府信息公开条例》第三十三条，答复期限延长",
                      c.extension().days(), "个工作日，本机关将于", DayOf(c.deadline().due_date()),
                      "前予以答复。\n\n", agency, "\n", ChineseDate(date), "\n");
}

}  // namespace gongkai
