#include "letters.h"

#include "base/status_macros.h"
#include "documents/documents.h"

namespace gongkai {

absl::StatusOr<std::string> LetterText(const v1::Case& c, v1::DocumentKind kind,
                                       const IssuingAgency& agency,
                                       std::optional<int> consultation) {
  GK_ASSIGN_OR_RETURN(FormalDocument document, DocumentOf(c, kind, agency, consultation));
  return RenderText(document);
}

}  // namespace gongkai
