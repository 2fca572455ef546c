// The statutory outcomes a case can end with: their labels, the article a reply relies on, the
// cell of the annual report they are counted in, and what a draft for each must carry.
//
// Example:
//   const OutcomeInfo* info = FindOutcome(v1::OUTCOME_WITHHELD_STATE_SECRET);
//   // info->label == "不予公开（属于国家秘密）", info->article == "第十四条",
//   // info->report_row == "3.3.1"
#pragma once

#include <span>

#include "absl/strings/string_view.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

struct OutcomeInfo {
  v1::Outcome outcome;
  absl::string_view label;       // as the reply letter names it
  absl::string_view article;     // 《政府信息公开条例》 article relied on
  absl::string_view report_row;  // the row of table 三 it is counted in (AnnualReport keys)
  bool discloses;                // the reply releases information (disclosed_text is required)
  bool withholds;                // the reply withholds something (grounds are required)
  // 不予公开 and 部分公开 need the second sign-off of the office head; the 不予公开 outcomes
  // are also the grounds a partial disclosure may withhold a span on.
  bool needs_sign_off;
  bool is_withholding_ground;
  absl::string_view reply_sentence;  // the decision as the reply letter states it
};

// nullptr for OUTCOME_UNSPECIFIED and values outside the enum.
const OutcomeInfo* FindOutcome(v1::Outcome outcome);

std::span<const OutcomeInfo> AllOutcomes();

// 予以公开 and 已主动公开: everything asked for goes out. A redaction in review turns such a
// decision into 部分公开.
bool DisclosesInFull(v1::Outcome outcome);

// The 不予公开 outcomes (Art. 14-16, 36(7)): since 2024-01-01 the applicant must apply for
// reconsideration before suing (行政复议法 Art. 23(1)(4)).
bool RefusesDisclosure(v1::Outcome outcome);

// The answers a window may give at once, releasing nothing new: 已主动公开, 公开出版物, 信访举报
// 投诉, 经检索没有, 不属于本机关负责公开. Anything else goes through confidentiality review.
bool AnswerableOnTheSpot(v1::Outcome outcome);

}  // namespace gongkai
