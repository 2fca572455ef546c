// Escaping text for HTML, and the print style sheet of every printable page (A4, the layout of
// official documents: 仿宋 body, 小标宋 title).
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace gongkai {

std::string EscapeHtml(absl::string_view text);

// <!DOCTYPE html> … <body>: a page titled `title` with the A4 print style sheet and `extra_css`.
std::string HtmlPageStart(absl::string_view title, absl::string_view extra_css = "");
inline constexpr absl::string_view kHtmlPageEnd = "</body>\n</html>\n";

}  // namespace gongkai
