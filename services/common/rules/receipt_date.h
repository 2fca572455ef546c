// The date the annual report, the weekly trend, the applicant's monthly list and the letters
// count a request from.
#pragma once

#include <string>

#include "gongkai/v1/case.pb.h"

namespace gongkai {

// The legal receipt date (条例第三十一条) once derived; the arrival date for a case stored
// without one.
inline const std::string& ReceiptDateOf(const v1::Case& c) {
  return c.deadline().receipt_date().empty() ? c.request().received_date()
                                             : c.deadline().receipt_date();
}

}  // namespace gongkai
