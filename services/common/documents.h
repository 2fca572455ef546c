// The documents the office hands to applicants, rendered as plain text for printing.
//
// Example:
//   std::string receipt = RenderReceipt(registered_case, "舒城县人民政府办公室");
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// 政府信息公开申请登记回执: what was registered, under which number, and when a reply is due.
std::string RenderReceipt(const v1::Case& registered, absl::string_view agency);

// 政府信息公开申请答复书 for a cleared case: the decision, its reasons, the article relied on,
// and the applicant's redress rights. `date` is the date printed on the letter.
std::string RenderReplyLetter(const v1::Case& cleared, absl::string_view agency,
                              absl::CivilDay date);

// 补正申请告知书 (Art. 30): everything to add, all at once, and the period for it.
std::string RenderSupplementNotice(const v1::Case& c, absl::string_view agency,
                                   absl::CivilDay date);

// 延期答复告知书 (Art. 33): the extension, its reason and the new due date.
std::string RenderExtensionNotice(const v1::Case& c, absl::string_view agency, absl::CivilDay date);

// "2026年11月28日".
std::string ChineseDate(absl::CivilDay day);

}  // namespace gongkai
