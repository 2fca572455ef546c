#include "documents/letter_parts.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "base/clock.h"
#include "rules/case_number.h"
#include "rules/receipt_date.h"

namespace gongkai {

absl::string_view YouOf(const v1::Applicant& applicant) {
  return applicant.type() == v1::APPLICANT_TYPE_NATURAL_PERSON ? "您" : "贵单位";
}

std::string ForApplicant(absl::string_view sentence, const v1::Applicant& applicant) {
  if (applicant.type() == v1::APPLICANT_TYPE_NATURAL_PERSON) return std::string(sentence);
  return absl::StrReplaceAll(sentence, {{"您", "贵单位"}});
}

std::string DayOf(absl::string_view date_text) {
  absl::CivilDay day;
  return ParseDay(date_text, &day) ? ChineseDate(day) : std::string(date_text);
}

std::string ReceiptDayOf(const v1::Case& c) { return DayOf(ReceiptDateOf(c)); }

std::string Received(const v1::Case& c) {
  return absl::StrCat("本机关于", ReceiptDayOf(c), "收到", YouOf(c.applicant()),
                      "提交的政府信息公开申请，申请获取：", c.request().description(), "。");
}

FormalDocument StartLetter(absl::string_view title, const v1::Case& c, absl::string_view addressee,
                           const IssuingAgency& agency, absl::CivilDay date) {
  FormalDocument document;
  document.title = std::string(title);
  document.number = AgencyNumberOf(c);
  document.addressee = std::string(addressee);
  document.agency = agency.name;
  document.date = ChineseDate(date);
  return document;
}

void AddBlock(FormalDocument& document, FormalDocument::BlockKind kind, std::string text) {
  document.blocks.push_back({kind, std::move(text)});
}

}  // namespace gongkai
