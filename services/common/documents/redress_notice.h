// The redress a letter tells its addressee of, as the Administrative Reconsideration Law
// (revised 2023, in force 2024-01-01) requires: which remedy, within which period, and before
// which reconsideration body (复议机关, Art. 20 ¶3: without it the period does not start).
//
//   不予公开 (every OUTCOME_WITHHELD_*): reconsideration first (Art. 23(1)(4)), which the
//     agency must say (Art. 23 ¶2); a suit only against the reconsideration decision, within 15
//     days of it (行政诉讼法 Art. 45).
//   部分公开: so for the part withheld; the rest as every other reply.
//   every other reply: reconsideration within 60 days (Art. 20), or a suit within 6 months
//     (行政诉讼法 Art. 46).
//
// Example:
//   for (std::string& paragraph : ReplyRedress(v1::OUTCOME_WITHHELD_STATE_SECRET, "县人民政府"))
//     AddBlock(letter, FormalDocument::BlockKind::kParagraph, std::move(paragraph));
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// The redress paragraphs of a reply whose decision is `outcome` (one, or two for 部分公开).
std::vector<std::string> ReplyRedress(v1::Outcome outcome, absl::string_view reconsideration_body);

// "对{against}不服的，可以…自收到{document}之日起六十日内向{body}申请行政复议，也可以…六个月内…
// 提起行政诉讼。": the remedy against a decision that is not a refusal to disclose.
std::string ReconsiderationOrSuit(absl::string_view against, absl::string_view document,
                                  absl::string_view reconsideration_body);

}  // namespace gongkai
