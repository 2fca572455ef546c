// What the other commands must know of a case's clock before a reply moves on: whether it waits
// on the applicant, whether a consultation (Art. 32-34) is still open, and whether a third party
// that objected to a disclosure has been told before the reply goes out.
//
// Example:
//   GK_RETURN_IF_ERROR(NoOpenConsultation(current, "Clear"));
//   GK_RETURN_IF_ERROR(DisclosureNoticesDelivered(current));
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// FAILED_PRECONDITION naming `command` while the clock waits on the applicant (a supplement, a
// fee): the request may still lapse (逾期不补正, 逾期未缴费) and then is not answered at all, so
// no reply is cleared, signed off, prepared or sent meanwhile.
absl::Status NotWaitingOnTheApplicant(const v1::Case& current, absl::string_view command);

bool IsOpen(const v1::Consultation& consultation);

// The digest of what `c`'s draft releases (ReleasedText): a notice to a third party is
// good for the text it was issued on.
std::string ReleasedDigest(const v1::Case& c);
int OpenConsultations(const v1::Case& c);

// FAILED_PRECONDITION naming `command` while a consulted party has not answered or lapsed: no
// reply may be cleared or issued before every consultation has ended.
absl::Status NoOpenConsultation(const v1::Case& c, absl::string_view command);

// Whether `c`'s decision releases information over the objection of the third party consulted
// in `consultation` (Art. 32: then the third party is told in writing before release).
bool DisclosesOverObjection(const v1::Case& c, const v1::Consultation& consultation);

// FAILED_PRECONDITION when the decision discloses over a third party's objection and the
// written notice to that third party was not issued and delivered, was issued on a text the
// draft has changed since, or reached the third party after `reply_delivered_on` (empty: not
// checked).
absl::Status DisclosureNoticesDelivered(const v1::Case& c,
                                        absl::string_view reply_delivered_on = "");

// Whether `c`'s decision discloses over any third party's objection: it then needs the head's
// sign-off like a withholding, since the public interest is weighed against a third party's
// rights (Art. 32).
bool DisclosesOverAnyObjection(const v1::Case& c);

}  // namespace gongkai
