// The statutory outcomes a case can end with: their labels, the article a reply relies on, and
// what a draft for each must carry.
//
// Example:
//   const OutcomeInfo* info = FindOutcome(v1::OUTCOME_WITHHELD_STATE_SECRET);
//   // info->label == "不予公开（属于国家秘密）", info->article == "第十四条"
#pragma once

#include "absl/strings/string_view.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

struct OutcomeInfo {
  v1::Outcome outcome;
  absl::string_view label;    // as the reply letter and the annual report name it
  absl::string_view article;  // 《政府信息公开条例》 article relied on
  bool discloses;             // the reply releases information (disclosed_text is required)
  bool withholds;             // the reply withholds something (grounds are required)
};

// nullptr for OUTCOME_UNSPECIFIED and values outside the enum.
const OutcomeInfo* FindOutcome(v1::Outcome outcome);

}  // namespace gongkai
