// Errors that office staff read: the message is Chinese and says what is wrong and what to do;
// the same reason in English rides along for the service's log, which stays English. The English
// reason is a payload of the absl::Status, and it never leaves the process: ToGrpcStatus
// (grpc/status_mapping.h) sends only the code, the message and the binary error details.
//
// A validation message ("`field` 中文说明") needs no English reason: its log line names the
// field. Errors no person acts on (Redis failures, configuration) stay English.
//
// Example:
//   return StaffError(absl::StatusCode::kNotFound,
//                     absl::StrCat("案件 ", number, " 不存在，请核对案件编号"),
//                     absl::StrCat("case ", number, " not found"));
//   spdlog::info("event=call_failed ... error=\"{}\"", LogReason(status));  // "case ... not found"
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace gongkai {

// The payload under which a status carries its English reason for the log.
inline constexpr absl::string_view kLogReasonPayload = "type.gongkai.cn/log_reason";

// A status of `code` with `message` for staff and `log_reason` (English, no personal data) for
// the log.
absl::Status StaffError(absl::StatusCode code, absl::string_view message,
                        absl::string_view log_reason);

// What a log line says of `status`: its English reason when it has one, else its message when
// that is ASCII, else the field a validation message names ("field `applicant.name`"), else
// "(message for staff)". Never the Chinese text, which may quote what staff typed.
std::string LogReason(const absl::Status& status);

}  // namespace gongkai
