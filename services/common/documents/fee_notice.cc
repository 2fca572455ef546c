#include "documents/fee_notice.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "documents/letter_parts.h"
#include "documents/redress_notice.h"

namespace gongkai {
namespace {

using Kind = FormalDocument::BlockKind;

constexpr absl::string_view kFeeMeasures =
    "国务院办公厅印发的《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）";

// The standard of each basis, band by band, as the 办法 sets it (marginal: each band's rate
// applies to the part within it).
constexpr absl::string_view kPerRequestStandard =
    "同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；第11件至第30件的部分，"
    "每件收费100元；第31件起，以10件为一档，每增加一档，每件收费标准提高100元（第31件至第40件"
    "每件200元，第41件至第50件每件300元，依此类推）。";
constexpr absl::string_view kPerVolumeStandard =
    "同一申请提供的政府信息30页以下（含30页）的，不收费；第31页至第100页的部分，每页"
    "收费10元；第101页至第200页的部分，每页收费20元；超过200页的部分，每页收费40元。";

}  // namespace

FormalDocument FeeNoticeDocument(const v1::Case& c, const IssuingAgency& agency,
                                 absl::CivilDay date) {
  const v1::Fee& fee = c.fee();
  const v1::Applicant& applicant = c.applicant();
  const bool per_request = fee.basis() == v1::FEE_BASIS_PER_REQUEST;
  FormalDocument document = StartLetter("收费通知", c, applicant.name(), agency, date);
  AddBlock(document, Kind::kParagraph, Received(c));
  // Art. 42: a fee only where the quantity (and, per request, the frequency) clearly exceeds
  // what is reasonable.
  const std::string why =
      per_request
          ? absl::StrCat("本件申请为您本自然月内提出的第", fee.requests_in_month(),
                         "件政府信息公开申请，您申请公开政府信息的数量、频次明显超过合理范围")
          : absl::StrCat("本机关拟向您提供的政府信息共", fee.pages(),
                         "页，您申请公开政府信息的数量明显超过合理范围");
  AddBlock(document, Kind::kParagraph,
           ForApplicant(
               absl::StrCat("经审查，", why, "。依照", kRegulations, "第四十二条和", kFeeMeasures,
                            "，本机关决定", per_request ? "按件" : "按量", "收取信息处理费。"),
               applicant));
  AddBlock(document, Kind::kParagraph,
           absl::StrCat("收费标准（", per_request ? "按件计收" : "按量计收", "）：",
                        per_request ? kPerRequestStandard : kPerVolumeStandard));
  AddBlock(document, Kind::kField, "计费明细：");
  for (const std::string& line : fee.breakdown()) AddBlock(document, Kind::kField, line);
  AddBlock(document, Kind::kField, absl::StrCat("应缴费用合计：", fee.amount_yuan(), "元"));
  AddBlock(document, Kind::kParagraph,
           absl::StrCat("缴费方式：", absl::StripSuffix(agency.fee_payment, "。"),
                        "。缴费时请注明登记编号", c.case_number(), "。"));
  AddBlock(document, Kind::kParagraph,
           ForApplicant("请您自收到本通知之次日起20个工作日内缴纳上述费用。逾期未缴纳的，视为放弃"
                        "申请，本机关不再处理该政府信息公开申请。",
                        applicant));
  AddBlock(
      document, Kind::kParagraph,
      ForApplicant("自本机关发出本通知之日的次日起至您缴纳费用之日止的期间，不计算在答复期限内；"
                   "本机关收到费用后继续办理并答复。",
                   applicant));
  // Charging is a decision of its own the applicant may contest; a notice that names neither
  // body nor period would leave the time limit open for a year (行政复议法 Art. 20 ¶3).
  AddBlock(document, Kind::kParagraph,
           ForApplicant(ReconsiderationOrSuit("本收费决定", "本通知", agency.reconsideration_body),
                        applicant));
  return document;
}

}  // namespace gongkai
