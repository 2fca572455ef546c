#include "documents/formal_document.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "documents/html.h"

namespace gongkai {
namespace {

using Kind = FormalDocument::BlockKind;

std::string TextIndent(absl::string_view text, absl::string_view indent) {
  return absl::StrCat(indent, absl::StrReplaceAll(text, {{"\n", absl::StrCat("\n", indent)}}));
}

}  // namespace

std::string ChineseDate(absl::CivilDay day) {
  return absl::StrCat(day.year(), "年", day.month(), "月", day.day(), "日");
}

std::string RenderText(const FormalDocument& document) {
  std::string out = absl::StrCat(document.title, "\n");
  if (!document.number.empty()) absl::StrAppend(&out, document.number, "\n");
  absl::StrAppend(&out, "\n");
  if (!document.addressee.empty()) absl::StrAppend(&out, document.addressee, "：\n");
  for (const FormalDocument::Block& block : document.blocks) {
    switch (block.kind) {
      case Kind::kParagraph:
        absl::StrAppend(&out, TextIndent(block.text, "　　"), "\n");
        break;
      case Kind::kField:
        absl::StrAppend(&out, block.text, "\n");
        break;
      case Kind::kQuoted:
        absl::StrAppend(&out, TextIndent(block.text, "    "), "\n");
        break;
    }
  }
  absl::StrAppend(&out, "\n", document.agency, "\n", document.date, "\n");
  return out;
}

std::string RenderHtml(const FormalDocument& document) {
  std::string out = HtmlPageStart(document.title);
  absl::StrAppend(&out, "<h1>", EscapeHtml(document.title), "</h1>\n");
  if (!document.number.empty()) {
    absl::StrAppend(&out, "<p class=\"number\">", EscapeHtml(document.number), "</p>\n");
  }
  if (!document.addressee.empty()) {
    absl::StrAppend(&out, "<p class=\"flush\">", EscapeHtml(document.addressee), "：</p>\n");
  }
  for (const FormalDocument::Block& block : document.blocks) {
    switch (block.kind) {
      case Kind::kParagraph:
        absl::StrAppend(&out, "<p>", EscapeHtml(block.text), "</p>\n");
        break;
      case Kind::kField:
        absl::StrAppend(&out, "<p class=\"flush\">", EscapeHtml(block.text), "</p>\n");
        break;
      case Kind::kQuoted:
        absl::StrAppend(&out, "<blockquote>", EscapeHtml(block.text), "</blockquote>\n");
        break;
    }
  }
  absl::StrAppend(&out, "<p class=\"signature\">", EscapeHtml(document.agency), "</p>\n",
                  "<p class=\"date\">", EscapeHtml(document.date), "</p>\n", kHtmlPageEnd);
  return out;
}

}  // namespace gongkai
