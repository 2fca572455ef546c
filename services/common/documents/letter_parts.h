// The pieces every letter of the office is built from: its heading, its blocks, the way it
// names the applicant and dates. Shared by the documents in this directory only.
//
// Example:
//   FormalDocument letter = StartLetter("补正申请告知书", c, c.applicant().name(), agency, day);
//   AddBlock(letter, FormalDocument::BlockKind::kParagraph, Received(c));
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "documents/formal_document.h"
#include "documents/issuing_agency.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

inline constexpr absl::string_view kRegulations = "《中华人民共和国政府信息公开条例》";

// "您" to a person, "贵单位" to an organisation.
absl::string_view YouOf(const v1::Applicant& applicant);

// `sentence` as written to a person; "您" becomes "贵单位" for an organisation.
std::string ForApplicant(absl::string_view sentence, const v1::Applicant& applicant);

// "2026年11月28日" for "2026-11-28"; the text as it is when it is no date.
std::string DayOf(absl::string_view date_text);

// The legal receipt date (Art. 31) once computed, else the arrival date.
std::string ReceiptDayOf(const v1::Case& c);

// "本机关于2026年11月20日收到贵单位提交的政府信息公开申请，申请获取：…。"
std::string Received(const v1::Case& c);

// A document numbered after the case (〔2026〕第000123号), signed by `agency`.
FormalDocument StartLetter(absl::string_view title, const v1::Case& c, absl::string_view addressee,
                           const IssuingAgency& agency, absl::CivilDay date);

void AddBlock(FormalDocument& document, FormalDocument::BlockKind kind, std::string text);

}  // namespace gongkai
