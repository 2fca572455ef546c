// A case's history as a hash chain: every event carries the SHA-256 of itself and of the event
// before it, and the case keeps the hash of the last one. Editing, removing or reordering events
// in Redis breaks the chain, and VerifyHistory says where.
//
// It makes tampering evident, not impossible: someone able to rewrite every later event and the
// case's head could forge a consistent chain. Exporting the heads elsewhere (the annual report's
// archive, a daily print) anchors them.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// Hex SHA-256 of the event as serialized deterministically with its `hash` field empty
// (`prev_hash` included).
std::string EventHash(const v1::CaseEvent& event);

// Hex SHA-256 of the record with its `hash` field empty.
std::string ReadHash(const v1::PersonalDataRead& read);

// OK when the events run from version 1 to the case's version without a gap, each chained to the
// one before and hashing to its own `hash`, the last being the case's `history_head`.
// DATA_LOSS naming the first event that does not. The same for the personal-data reads, the last
// being the case's `reads_head`.
absl::Status VerifyHistory(const v1::Case& with_events);

}  // namespace gongkai
