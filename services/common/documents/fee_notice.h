// 收费通知 (Art. 42; 国办函〔2020〕109号): why a fee is charged and on which basis (按件 or
// 按量), the standard, the amount band by band, how to pay, the 20 working days to pay from the
// day after receipt (else the request is treated as abandoned), and that the reply period does
// not run until payment.
//
// Example:
//   FormalDocument notice = FeeNoticeDocument(c, agency, absl::CivilDay(2026, 3, 10));
#pragma once

#include "absl/time/civil_time.h"
#include "documents/formal_document.h"
#include "documents/issuing_agency.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// From c.fee(): basis, requests_in_month or pages, breakdown, amount_yuan.
FormalDocument FeeNoticeDocument(const v1::Case& c, const IssuingAgency& agency,
                                 absl::CivilDay date);

}  // namespace gongkai
