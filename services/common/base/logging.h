// spdlog, plus formatting of absl::string_view (a type of its own in Debian 12's Abseil build,
// which fmt does not know). Include this instead of spdlog/spdlog.h.
//
// Log lines are logfmt: `event=<what> case=<number> key=value ...`; never personal data.
#pragma once

#include "absl/strings/string_view.h"
#include "spdlog/spdlog.h"

template <>
struct fmt::formatter<absl::string_view> : fmt::formatter<fmt::string_view> {
  auto format(absl::string_view text, fmt::format_context& context) const {
    return fmt::formatter<fmt::string_view>::format(fmt::string_view(text.data(), text.size()),
                                                    context);
  }
};
