// A draft as the confidentiality review sees it: the screener's findings in characters (as staff
// count them), the withheld spans of a partial disclosure, and the text that finally goes out.
//
// Example:
//   GK_RETURN_IF_ERROR(ValidateWithheld(draft));
//   *draft.mutable_findings() = ScreenDraft(draft, options);   // before review
//   std::string out = ReleasedText(draft);   // withheld spans and redactions replaced
#pragma once

#include <string>

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

// What goes to the applicant: disclosed_text (or grounds) with every withheld span replaced by
// "［此处不予公开：…］" and every redacted finding by "［已隐去］".
std::string ReleasedText(const v1::Draft& draft);
std::string ReleasedGrounds(const v1::Draft& draft);

// How many findings are still unresolved.
int UnresolvedFindings(const v1::Draft& draft);

v1::FindingKind ToProtoKind(FindingKind kind);

// "3408**********1234": the first and last few characters of a finding of personal data kept,
// the rest starred; markings and terms are shown as they are.
std::string MaskFinding(absl::string_view text, v1::FindingKind kind);

}  // namespace gongkai
