#include "base/staff_error.h"

#include <algorithm>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"

namespace gongkai {

absl::Status StaffError(absl::StatusCode code, absl::string_view message,
                        absl::string_view log_reason) {
  absl::Status status(code, message);
  if (!status.ok() && !log_reason.empty()) {
    status.SetPayload(kLogReasonPayload, absl::Cord(log_reason));
  }
  return status;
}

std::string LogReason(const absl::Status& status) {
  if (const auto reason = status.GetPayload(kLogReasonPayload)) {
    return std::string(*reason);
  }
  const absl::string_view message = status.message();
  const bool ascii = std::all_of(message.begin(), message.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return std::string(message);
  const size_t open = message.find('`');
  const size_t close = open == absl::string_view::npos ? open : message.find('`', open + 1);
  if (close == absl::string_view::npos) return "(message for staff)";
  return absl::StrCat("field ", message.substr(open, close - open + 1));
}

}  // namespace gongkai
