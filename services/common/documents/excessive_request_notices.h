// The letters of Art. 35 (大量、频繁申请): asking the applicant to explain a clearly excessive
// number or frequency of requests, and, where the reasons hold but the office cannot answer in
// time, telling the applicant the reasonable later reply date.
//
// Example:
//   FormalDocument ask = ReasonsRequestDocument(c, agency, absl::CivilDay(2026, 3, 5));
#pragma once

#include "absl/time/civil_time.h"
#include "documents/formal_document.h"
#include "documents/issuing_agency.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// 说明理由告知书: c.excessive().questions, to be answered by reply_by.
FormalDocument ReasonsRequestDocument(const v1::Case& c, const IssuingAgency& agency,
                                      absl::CivilDay date);

// 答复期限告知书: the reply will come by c.excessive().later_reply_date, for decision_reasons.
FormalDocument LaterReplyDocument(const v1::Case& c, const IssuingAgency& agency,
                                  absl::CivilDay date);

}  // namespace gongkai
