#include "screening/draft_screening.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "rules/outcomes.h"

namespace gongkai {
namespace {

// Byte offset of every character of valid UTF-8 `text`, and text.size() at the end.
std::vector<size_t> CharacterStarts(absl::string_view text) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(text.size());
  return starts;
}

int CharacterIndex(const std::vector<size_t>& starts, size_t byte) {
  return static_cast<int>(std::lower_bound(starts.begin(), starts.end(), byte) - starts.begin());
}

bool IsPersonalData(v1::FindingKind kind) {
  switch (kind) {
    case v1::FINDING_KIND_CLASSIFICATION_MARKING:
    case v1::FINDING_KIND_INTERNAL_MARKING:
    case v1::FINDING_KIND_SENSITIVE_TERM:
      return false;
    default:
      return true;
  }
}

void ScreenField(absl::string_view field, absl::string_view text,
                 const google::protobuf::RepeatedPtrField<v1::WithheldSpan>* withheld,
                 const ScreeningOptions& options,
                 google::protobuf::RepeatedPtrField<v1::ScreeningFinding>& out) {
  const std::vector<size_t> starts = CharacterStarts(text);
  for (const Finding& found : Screen(text, options)) {
    const int begin = CharacterIndex(starts, found.begin);
    const int end = CharacterIndex(starts, found.end);
    if (withheld != nullptr &&
        std::any_of(withheld->begin(), withheld->end(), [&](const v1::WithheldSpan& span) {
          return span.begin() <= begin && end <= span.end();
        })) {
      continue;
    }
    v1::ScreeningFinding& finding = *out.Add();
    finding.set_kind(ToProtoKind(found.kind));
    finding.set_field(std::string(field));
    finding.set_begin(begin);
    finding.set_end(end);
    finding.set_masked(
        MaskFinding(text.substr(found.begin, found.end - found.begin), finding.kind()));
  }
}

// The short name of a withholding ground for the text: "属于国家秘密" from
// "不予公开（属于国家秘密）".
absl::string_view GroundName(const OutcomeInfo& ground) {
  absl::string_view label = ground.label;
  const size_t open = label.find("（");
  if (open == absl::string_view::npos) return label;
  label.remove_prefix(open + absl::string_view("（").size());
  const size_t close = label.rfind("）");
  return close == absl::string_view::npos ? label : label.substr(0, close);
}

}  // namespace

std::string WithholdingMark(v1::Outcome ground) {
  const OutcomeInfo* info = FindOutcome(ground);
  return info == nullptr ? std::string("［此处不予公开］")
                         : absl::StrCat("［此处不予公开：", GroundName(*info), "］");
}

namespace {

// `text` with each character range replaced by its text; overlapping ranges become one.
struct Replacement {
  int begin;
  int end;
  std::string with;
};

std::string Replace(absl::string_view text, std::vector<Replacement> replaced) {
  if (replaced.empty()) return std::string(text);
  std::sort(replaced.begin(), replaced.end(),
            [](const Replacement& a, const Replacement& b) { return a.begin < b.begin; });
  const std::vector<size_t> starts = CharacterStarts(text);
  const int length = static_cast<int>(starts.size()) - 1;
  std::string out;
  int at = 0;
  for (const Replacement& range : replaced) {
    const int begin = std::clamp(range.begin, 0, length);
    const int end = std::clamp(range.end, 0, length);
    if (end <= at) continue;  // inside a range already replaced
    if (begin > at) {
      absl::StrAppend(&out, text.substr(starts[at], starts[begin] - starts[at]));
      out.append(range.with);
    } else if (begin == at) {
      out.append(range.with);
    }  // begins inside the previous range: its remaining characters go under that replacement
    at = end;
  }
  absl::StrAppend(&out, text.substr(starts[at]));
  return out;
}

// A redaction is marked with the ground the reviewer withheld it on, as a withheld span is;
// one recorded before redactions carried a ground says only that something was left out.
std::vector<Replacement> RedactionsOf(const v1::Draft& draft, absl::string_view field) {
  std::vector<Replacement> redactions;
  for (const v1::ScreeningFinding& finding : draft.findings()) {
    if (finding.field() == field && finding.resolution() == v1::FINDING_RESOLUTION_REDACTED) {
      redactions.push_back({finding.begin(), finding.end(),
                            finding.ground() == v1::OUTCOME_UNSPECIFIED
                                ? std::string("［已隐去］")
                                : WithholdingMark(finding.ground())});
    }
  }
  return redactions;
}

}  // namespace

v1::FindingKind ToProtoKind(FindingKind kind) {
  switch (kind) {
    case FindingKind::kResidentId:
      return v1::FINDING_KIND_RESIDENT_ID;
    case FindingKind::kMobilePhone:
      return v1::FINDING_KIND_MOBILE_PHONE;
    case FindingKind::kLandline:
      return v1::FINDING_KIND_LANDLINE;
    case FindingKind::kBankCard:
      return v1::FINDING_KIND_BANK_CARD;
    case FindingKind::kEmail:
      return v1::FINDING_KIND_EMAIL;
    case FindingKind::kClassificationMarking:
      return v1::FINDING_KIND_CLASSIFICATION_MARKING;
    case FindingKind::kInternalMarking:
      return v1::FINDING_KIND_INTERNAL_MARKING;
    case FindingKind::kSensitiveTerm:
      return v1::FINDING_KIND_SENSITIVE_TERM;
  }
  return v1::FINDING_KIND_UNSPECIFIED;
}

std::string MaskFinding(absl::string_view text, v1::FindingKind kind) {
  if (!IsPersonalData(kind)) return std::string(text);
  const std::vector<size_t> starts = CharacterStarts(text);
  const int length = static_cast<int>(starts.size()) - 1;
  // As people are used to see them masked: 139****5678, 3408**********1234, 0564-****67.
  int keep_head = kind == v1::FINDING_KIND_MOBILE_PHONE ? 3 : 4;
  int keep_tail = kind == v1::FINDING_KIND_LANDLINE ? 2 : 4;
  if (keep_head + keep_tail >= length) keep_head = keep_tail = length / 4;
  if (kind == v1::FINDING_KIND_EMAIL) {
    // The first character of the mailbox and the domain.
    const size_t at = text.find('@');
    if (at != absl::string_view::npos) {
      keep_head = 1;
      keep_tail = length - CharacterIndex(starts, at);
    }
  }
  std::string out(text.substr(0, starts[keep_head]));
  for (int i = keep_head; i < length - keep_tail; ++i) out.push_back('*');
  absl::StrAppend(&out, text.substr(starts[length - keep_tail]));
  return out;
}

absl::Status ValidateWithheld(const v1::Draft& draft) {
  const bool partial = draft.outcome() == v1::OUTCOME_PARTIALLY_DISCLOSED;
  if (!partial) {
    if (draft.withheld_size() > 0) {
      return absl::InvalidArgumentError(
          "`withheld` 仅用于部分公开（OUTCOME_PARTIALLY_DISCLOSED，区分处理）");
    }
    return absl::OkStatus();
  }
  if (draft.withheld_size() == 0) {
    return absl::InvalidArgumentError("`withheld` 部分公开须至少标出一处不予公开的内容及其理由");
  }
  if (draft.withheld_size() > kMaxWithheldSpans) {
    return absl::InvalidArgumentError(
        absl::StrCat("`withheld` 最多标出 ", kMaxWithheldSpans, " 处"));
  }
  const int length = static_cast<int>(CharacterStarts(draft.disclosed_text()).size()) - 1;
  std::vector<std::pair<int, int>> ranges;
  for (int i = 0; i < draft.withheld_size(); ++i) {
    const v1::WithheldSpan& span = draft.withheld(i);
    const std::string field = absl::StrCat("`withheld[", i, "]");
    if (span.begin() < 0 || span.end() <= span.begin() || span.end() > length) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".begin/end` 须标出 `disclosed_text` 中非空的一段（第 0 至 ", length,
                       " 个字符之间）"));
    }
    const OutcomeInfo* ground = FindOutcome(span.ground());
    if (ground == nullptr || !ground->is_withholding_ground) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".ground` 须为不予公开的理由之一（OUTCOME_WITHHELD_...）"));
    }
    ranges.emplace_back(span.begin(), span.end());
  }
  std::sort(ranges.begin(), ranges.end());
  for (size_t i = 1; i < ranges.size(); ++i) {
    if (ranges[i].first < ranges[i - 1].second) {
      return absl::InvalidArgumentError(
          absl::StrCat("`withheld` 标出的各段在第 ", ranges[i].first, " 个字符处重叠"));
    }
  }
  return absl::OkStatus();
}

google::protobuf::RepeatedPtrField<v1::ScreeningFinding> ScreenDraft(
    const v1::Draft& draft, const ScreeningOptions& options) {
  google::protobuf::RepeatedPtrField<v1::ScreeningFinding> findings;
  ScreenField("disclosed_text", draft.disclosed_text(), &draft.withheld(), options, findings);
  ScreenField("grounds", draft.grounds(), nullptr, options, findings);
  return findings;
}

std::string ReleasedText(const v1::Draft& draft) {
  std::vector<Replacement> replaced = RedactionsOf(draft, "disclosed_text");
  for (const v1::WithheldSpan& span : draft.withheld()) {
    replaced.push_back({span.begin(), span.end(), WithholdingMark(span.ground())});
  }
  return Replace(draft.disclosed_text(), std::move(replaced));
}

std::string ReleasedTextMaskingPersonalData(const v1::Draft& draft) {
  std::vector<Replacement> replaced = RedactionsOf(draft, "disclosed_text");
  for (const v1::WithheldSpan& span : draft.withheld()) {
    replaced.push_back({span.begin(), span.end(), WithholdingMark(span.ground())});
  }
  for (const v1::ScreeningFinding& finding : draft.findings()) {
    if (finding.field() == "disclosed_text" &&
        finding.resolution() != v1::FINDING_RESOLUTION_REDACTED && IsPersonalData(finding.kind())) {
      replaced.push_back({finding.begin(), finding.end(), finding.masked()});
    }
  }
  return Replace(draft.disclosed_text(), std::move(replaced));
}

std::string ReleasedGrounds(const v1::Draft& draft) {
  return Replace(draft.grounds(), RedactionsOf(draft, "grounds"));
}

std::vector<WithheldPart> WithheldParts(const v1::Draft& draft) {
  std::vector<WithheldPart> parts;
  for (const v1::WithheldSpan& span : draft.withheld()) {
    parts.push_back({"disclosed_text", span.begin(), span.ground()});
  }
  for (const v1::ScreeningFinding& finding : draft.findings()) {
    if (finding.resolution() == v1::FINDING_RESOLUTION_REDACTED &&
        finding.ground() != v1::OUTCOME_UNSPECIFIED) {
      parts.push_back({finding.field(), finding.begin(), finding.ground()});
    }
  }
  // The released text first, then the reasons; each in text order.
  std::stable_sort(parts.begin(), parts.end(), [](const WithheldPart& a, const WithheldPart& b) {
    const bool a_text = a.field == "disclosed_text";
    const bool b_text = b.field == "disclosed_text";
    if (a_text != b_text) return a_text;
    return a.begin < b.begin;
  });
  return parts;
}

v1::Outcome OutcomeAfterReview(const v1::Draft& draft) {
  const v1::Outcome proposed = draft.proposed_outcome() != v1::OUTCOME_UNSPECIFIED
                                   ? draft.proposed_outcome()
                                   : draft.outcome();
  if (!DisclosesInFull(proposed)) return proposed;
  const bool redacted = std::any_of(
      draft.findings().begin(), draft.findings().end(), [](const v1::ScreeningFinding& finding) {
        return finding.resolution() == v1::FINDING_RESOLUTION_REDACTED;
      });
  return redacted ? v1::OUTCOME_PARTIALLY_DISCLOSED : proposed;
}

int UnresolvedFindings(const v1::Draft& draft) {
  return static_cast<int>(std::count_if(
      draft.findings().begin(), draft.findings().end(), [](const v1::ScreeningFinding& f) {
        return f.resolution() == v1::FINDING_RESOLUTION_UNRESOLVED;
      }));
}

}  // namespace gongkai
