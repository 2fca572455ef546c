// One model of a formal document the office issues (title, number, addressee, paragraphs,
// issuing agency, date), rendered as plain text for the record and as printable A4 HTML.
//
// Example:
//   std::string text = RenderText(document);
//   std::string html = RenderHtml(document);
#pragma once

#include <string>
#include <vector>

#include "absl/time/civil_time.h"

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

// "2026年11月28日".
std::string ChineseDate(absl::CivilDay day);

}  // namespace gongkai
