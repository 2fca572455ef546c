#include "documents/redress_notice.h"

#include "absl/strings/str_cat.h"
#include "rules/outcomes.h"

namespace gongkai {
namespace {

constexpr absl::string_view kReconsiderationLaw = "《中华人民共和国行政复议法》";
constexpr absl::string_view kLitigationLaw = "《中华人民共和国行政诉讼法》";

// 行政复议法 Art. 23(1)(4): a refusal to disclose goes to reconsideration before any court.
std::string ReconsiderationFirst(absl::string_view against, absl::string_view body) {
  return absl::StrCat("对", against, "不服的，依照", kReconsiderationLaw,
                      "第二十条、第二十三条第一款第（四）项的规定，应当自收到本答复之日起六十日内"
                      "先向",
                      body, "申请行政复议；对行政复议决定不服的，可以依照", kLitigationLaw,
                      "第四十五条的规定，自收到行政复议决定书之日起十五日内向人民法院提起行政诉讼；"
                      "行政复议机关逾期不作决定的，可以自行政复议期限届满之日起十五日内向人民法院"
                      "提起行政诉讼；未经行政复议的，不得直接向人民法院提起行政诉讼。");
}

}  // namespace

std::string ReconsiderationOrSuit(absl::string_view against, absl::string_view document,
                                  absl::string_view reconsideration_body) {
  return absl::StrCat("对", against, "不服的，可以依照", kReconsiderationLaw,
                      "第二十条的规定，自收到", document, "之日起六十日内向", reconsideration_body,
                      "申请行政复议，也可以依照", kLitigationLaw, "第四十六条的规定，自收到",
                      document, "之日起六个月内向人民法院提起行政诉讼。");
}

std::vector<std::string> ReplyRedress(v1::Outcome outcome, absl::string_view reconsideration_body) {
  if (RefusesDisclosure(outcome)) return {ReconsiderationFirst("本答复", reconsideration_body)};
  if (outcome == v1::OUTCOME_PARTIALLY_DISCLOSED) {
    return {absl::StrCat(ReconsiderationFirst("本答复中不予公开的部分", reconsideration_body),
                         "本答复其他内容的救济途径见下段。"),
            ReconsiderationOrSuit("本答复其他内容", "本答复", reconsideration_body)};
  }
  return {ReconsiderationOrSuit("本答复", "本答复", reconsideration_body)};
}

}  // namespace gongkai
