// The documents the office hands to applicants and consulted parties, as FormalDocuments
// (documents/formal_document.h) rendered as plain text for the record and as printable A4 HTML.
// Every document is signed by the issuing agency; a reply names its reconsideration body.
//
// Example:
//   const IssuingAgency agency{"舒城县人民政府办公室", "舒城县人民政府", "……"};
//   GK_ASSIGN_OR_RETURN(FormalDocument letter, DocumentOf(c, v1::DOCUMENT_KIND_REPLY, agency));
//   std::string html = RenderHtml(letter);
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "documents/consultation_letters.h"
#include "documents/excessive_request_notices.h"
#include "documents/fee_notice.h"
#include "documents/formal_document.h"
#include "documents/issuing_agency.h"
#include "gongkai/v1/case.pb.h"
#include "gongkai/v1/reply.pb.h"

namespace gongkai {

// 政府信息公开申请登记回执: what was registered, under which number, and when a reply is due.
FormalDocument ReceiptDocument(const v1::Case& registered, const IssuingAgency& agency);

// 政府信息公开申请答复书, one wording per outcome: the decision, what is released (withheld
// spans and redactions replaced), the parts withheld with their grounds, the responsible agency
// (不属于本机关负责公开), the reasons, the articles relied on, and the redress the outcome gives
// (documents/redress_notice.h), naming agency.reconsideration_body.
FormalDocument ReplyDocument(const v1::Case& cleared, const IssuingAgency& agency,
                             absl::CivilDay date);

// 补正申请告知书 (Art. 30): everything to add, all at once, and the period for it.
FormalDocument SupplementDocument(const v1::Case& c, const IssuingAgency& agency,
                                  absl::CivilDay date);

// 延期答复告知书 (Art. 33): the extension, its reason and the new due date.
FormalDocument ExtensionDocument(const v1::Case& c, const IssuingAgency& agency,
                                 absl::CivilDay date);

// The document of `kind` as the case stands, dated as issued. FAILED_PRECONDITION when the case
// has none yet (no reply prepared, no supplement requested, no fee notice sent, ...).
// `consultation` picks the consultation of CONSULTATION (the latest when left out) and of
// DISCLOSURE_NOTICE (the latest with a notice issued when left out); INVALID_ARGUMENT when it is
// out of range or given for another kind.
absl::StatusOr<FormalDocument> DocumentOf(const v1::Case& c, v1::DocumentKind kind,
                                          const IssuingAgency& agency,
                                          std::optional<int> consultation = std::nullopt);

// Plain-text shorthands used where the text is stored in the case.
std::string RenderReceipt(const v1::Case& registered, const IssuingAgency& agency);
std::string RenderReplyLetter(const v1::Case& cleared, const IssuingAgency& agency,
                              absl::CivilDay date);
std::string RenderSupplementNotice(const v1::Case& c, const IssuingAgency& agency,
                                   absl::CivilDay date);
std::string RenderExtensionNotice(const v1::Case& c, const IssuingAgency& agency,
                                  absl::CivilDay date);
std::string RenderFeeNotice(const v1::Case& c, const IssuingAgency& agency, absl::CivilDay date);
std::string RenderDisclosureNotice(const v1::Case& c, int consultation, const IssuingAgency& agency,
                                   absl::CivilDay date);
std::string RenderReasonsRequest(const v1::Case& c, const IssuingAgency& agency,
                                 absl::CivilDay date);
std::string RenderLaterReplyNotice(const v1::Case& c, const IssuingAgency& agency,
                                   absl::CivilDay date);

}  // namespace gongkai
