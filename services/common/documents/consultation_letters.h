// The letters to a consulted party (Art. 32, 34). They name the information asked for, never
// the applicant.
//
// Example:
//   FormalDocument letter = ConsultationDocument(c, 0, agency, absl::CivilDay(2026, 11, 23));
#pragma once

#include "absl/time/civil_time.h"
#include "documents/formal_document.h"
#include "documents/issuing_agency.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// 第三方意见征询书 (Art. 32) or, to another agency, 政府信息公开征求意见函 (Art. 34), for
// c.consultations(index) (which must exist). The answer-due date is printed only once the
// party's receipt is recorded; until then the letter gives the 15 working days from receipt.
FormalDocument ConsultationDocument(const v1::Case& c, int index, const IssuingAgency& agency,
                                    absl::CivilDay date);

// 第三方告知书 (Art. 32): the third party of c.consultations(index) objected and the office
// discloses all the same because withholding would seriously harm the public interest: what is
// disclosed (the released text, personal data masked), why, and the third party's redress.
FormalDocument DisclosureNoticeDocument(const v1::Case& c, int index, const IssuingAgency& agency,
                                        absl::CivilDay date);

}  // namespace gongkai
