#include "call_setup.h"

#include "absl/strings/str_cat.h"
#include "auth/sign_in_limits.h"

namespace gongkai::console {

void PrepareContext(grpc::ClientContext& context, const Caller& caller, absl::Duration deadline) {
  if (!caller.session_token.empty()) {
    context.AddMetadata("authorization", absl::StrCat("Bearer ", caller.session_token));
  }
  if (!caller.client_address.empty()) {
    context.AddMetadata(kClientAddressHeader, caller.client_address);
  }
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
}

}  // namespace gongkai::console
