// The documents the office hands to applicants and consulted parties: one model of a formal
// document (title, number, addressee, paragraphs, issuing agency, date), rendered as plain text
// for the record and as printable A4 HTML.
//
// Example:
//   GK_ASSIGN_OR_RETURN(FormalDocument letter,
//                       DocumentOf(c, v1::DOCUMENT_KIND_REPLY, "舒城县人民政府办公室"));
//   std::string html = RenderHtml(letter);
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "gongkai/v1/case.pb.h"
#include "gongkai/v1/reply.pb.h"

namespace gongkai {

struct FormalDocument {
  enum class BlockKind {
    kParagraph,  // body text, first line indented
    kField,      // "登记编号：2026-000123", not indented
    kQuoted,     // the information released, kept as written
  };
  struct Block {
    BlockKind kind;
    std::string text;
  };
  std::string title;
  std::string number;     // 〔2026〕第000123号; empty on the receipt
  std::string addressee;  // the applicant or consulted party; empty on the receipt
  std::vector<Block> blocks;
  std::string agency;
  std::string date;  // 2026年11月28日
};

std::string RenderText(const FormalDocument& document);
std::string RenderHtml(const FormalDocument& document);

// 政府信息公开申请登记回执: what was registered, under which number, and when a reply is due.
FormalDocument ReceiptDocument(const v1::Case& registered, absl::string_view agency);

// 政府信息公开申请答复书, one wording per outcome: the decision, what is released (withheld
// spans and redactions replaced), the parts withheld with their grounds, the reasons, the
// articles relied on, and the redress rights (行政复议 60 days, 行政诉讼 6 months).
FormalDocument ReplyDocument(const v1::Case& cleared, absl::string_view agency,
                             absl::CivilDay date);

// 补正申请告知书 (Art. 30): everything to add, all at once, and the period for it.
FormalDocument SupplementDocument(const v1::Case& c, absl::string_view agency, absl::CivilDay date);

// 延期答复告知书 (Art. 33): the extension, its reason and the new due date.
FormalDocument ExtensionDocument(const v1::Case& c, absl::string_view agency, absl::CivilDay date);

// 第三方意见征询书 (Art. 32) or, to another agency, 政府信息公开征求意见函 (Art. 34), for the
// latest consultation. It names the information asked for, never the applicant.
FormalDocument ConsultationDocument(const v1::Case& c, absl::string_view agency,
                                    absl::CivilDay date);

// The document of `kind` as the case stands, dated as issued; FAILED_PRECONDITION when the case
// has none yet (no reply prepared, no supplement requested, ...).
absl::StatusOr<FormalDocument> DocumentOf(const v1::Case& c, v1::DocumentKind kind,
                                          absl::string_view agency);

// Plain-text shorthands used where the text is stored in the case.
std::string RenderReceipt(const v1::Case& registered, absl::string_view agency);
std::string RenderReplyLetter(const v1::Case& cleared, absl::string_view agency,
                              absl::CivilDay date);
std::string RenderSupplementNotice(const v1::Case& c, absl::string_view agency,
                                   absl::CivilDay date);
std::string RenderExtensionNotice(const v1::Case& c, absl::string_view agency, absl::CivilDay date);

// "2026年11月28日".
std::string ChineseDate(absl::CivilDay day);

}  // namespace gongkai
