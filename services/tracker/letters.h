// The text of a letter the tracker's commands store in the case as they issue it (the fee notice,
// the notice to a third party, the Art. 35 letters), rendered from the case as changed.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "documents/issuing_agency.h"
#include "gongkai/v1/case.pb.h"
#include "gongkai/v1/reply.pb.h"

namespace gongkai {

absl::StatusOr<std::string> LetterText(const v1::Case& c, v1::DocumentKind kind,
                                       const IssuingAgency& agency,
                                       std::optional<int> consultation = std::nullopt);

// The proto's `optional int32 consultation`, as the rules take it.
template <typename Request>
std::optional<int> ConsultationIndex(const Request& request) {
  if (!request.has_consultation()) return std::nullopt;
  return request.consultation();
}

}  // namespace gongkai
