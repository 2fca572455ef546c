#include "documents/html.h"

#include "absl/strings/str_cat.h"

namespace gongkai {

std::string EscapeHtml(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string HtmlPageStart(absl::string_view title, absl::string_view extra_css) {
  // Margins of GB/T 9704 (党政机关公文格式): top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
      EscapeHtml(title),
      "</title>\n<style>\n"
      "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }\n"
      "body { font-family: FangSong, \"仿宋\", STFangsong, \"Noto Serif CJK SC\", serif; "
      "font-size: 16pt; line-height: 28pt; color: #000; max-width: 156mm; margin: 0 auto; }\n"
      "h1 { font-family: \"方正小标宋简体\", \"SimSun\", \"Noto Serif CJK SC\", serif; "
      "font-size: 22pt; font-weight: normal; text-align: center; margin: 0 0 14pt; }\n"
      "p { margin: 0; text-indent: 2em; }\n"
      "p.flush { text-indent: 0; }\n"
      "p.number, p.heading { text-align: center; text-indent: 0; }\n"
      "blockquote { margin: 6pt 2em; white-space: pre-wrap; }\n"
      "p.signature, p.date { text-align: right; text-indent: 0; padding-right: 2em; }\n"
      "p.signature { margin-top: 28pt; }\n"
      "@media print { body { max-width: none; } a { color: #000; text-decoration: none; } }\n",
      extra_css, "</style>\n</head>\n<body>\n");
}

}  // namespace gongkai
