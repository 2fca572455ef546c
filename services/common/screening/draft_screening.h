// A draft as the confidentiality review sees it: the screener's findings in characters (as staff
// count them), the withheld spans of a partial disclosure, and the text that finally goes out.
//
// Example:
//   GK_RETURN_IF_ERROR(ValidateWithheld(draft));
//   *draft.mutable_findings() = ScreenDraft(draft, options);   // before review
//   std::string out = ReleasedText(draft);   // withheld spans and redactions replaced
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gongkai/v1/case.pb.h"
#include "google/protobuf/repeated_field.h"
#include "screening/screening.h"

namespace gongkai {

inline constexpr int kMaxWithheldSpans = 100;

// Withheld spans only in a partial disclosure, which needs at least one; each inside
// disclosed_text, non-empty, not overlapping another, on a 不予公开 ground. INVALID_ARGUMENT
// naming the span otherwise.
absl::Status ValidateWithheld(const v1::Draft& draft);

// The findings in disclosed_text and grounds, unresolved, in text order. Findings that lie
// wholly inside a withheld span are left out: that part does not go out anyway.
google::protobuf::RepeatedPtrField<v1::ScreeningFinding> ScreenDraft(
    const v1::Draft& draft, const ScreeningOptions& options);

// What goes to the applicant: disclosed_text (or grounds) with every withheld span and every
// redacted finding replaced by "［此处不予公开：<ground>］" (a redaction recorded without a
// ground by "［已隐去］").
std::string ReleasedText(const v1::Draft& draft);
std::string ReleasedGrounds(const v1::Draft& draft);

// ReleasedText as shown to someone other than the applicant (a third party told of the
// disclosure): personal data released to the applicant, such as the applicant's own ID number,
// is shown masked.
std::string ReleasedTextMaskingPersonalData(const v1::Draft& draft);

// "［此处不予公开：保护第三方合法权益］" for OUTCOME_WITHHELD_THIRD_PARTY.
std::string WithholdingMark(v1::Outcome ground);

// A part of the reply withheld on a ground: a withheld span of a partial disclosure, or a
// finding the reviewer redacted.
struct WithheldPart {
  std::string field;  // "disclosed_text" or "grounds"
  int begin;          // in characters
  v1::Outcome ground;
};

// Every part withheld on a ground, the released text's first, each field in text order.
std::vector<WithheldPart> WithheldParts(const v1::Draft& draft);

// The decision the reply states after review: the department's proposed outcome, but 部分公开
// when it discloses in full (予以公开, 已主动公开) and the reviewer redacted any finding.
v1::Outcome OutcomeAfterReview(const v1::Draft& draft);

// How many findings are still unresolved.
int UnresolvedFindings(const v1::Draft& draft);

v1::FindingKind ToProtoKind(FindingKind kind);

// "3408**********1234": the first and last few characters of a finding of personal data kept,
// the rest starred; markings and terms are shown as they are.
std::string MaskFinding(absl::string_view text, v1::FindingKind kind);

}  // namespace gongkai
