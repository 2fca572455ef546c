// Early-return helpers for absl::Status, which Debian 12's Abseil (20220623) does not ship.
//
// Example:
//   GK_RETURN_IF_ERROR(ValidateApplicant(request.applicant()));
//   GK_ASSIGN_OR_RETURN(gongkai::v1::Case found, store.Load(number));
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define GK_CONCAT_INNER(a, b) a##b
#define GK_CONCAT(a, b) GK_CONCAT_INNER(a, b)

#define GK_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::absl::Status gk_status_ = (expr);      \
    if (!gk_status_.ok()) return gk_status_; \
  } while (0)

#define GK_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(*tmp)

#define GK_ASSIGN_OR_RETURN(lhs, expr) \
  GK_ASSIGN_OR_RETURN_IMPL(GK_CONCAT(gk_statusor_, __LINE__), lhs, expr)
