// A case's history as a hash chain: every event carries the SHA-256 of itself and of the event
// before it, and the case keeps the hash of the last one. Editing, removing or reordering events
// in Redis breaks the chain, and VerifyHistory says where.
//
// It makes tampering evident, not impossible: someone able to rewrite every later event and the
// case's head could forge a consistent chain. Exporting the heads elsewhere (the annual report's
// archive, a daily print) anchors them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// Hex SHA-256 of the event as serialized deterministically with its `hash` field empty
// (`prev_hash` included).
std::string EventHash(const v1::CaseEvent& event);

// Hex SHA-256 of the record with its `hash` field empty.
std::string ReadHash(const v1::PersonalDataRead& read);

// Where a chain breaks first, with what is needed to name it (ChainBreakReason says it in
// Chinese for staff; VerifyHistory in English for developers and logs).
struct ChainBreak {
  enum class Kind {
    kEventOutOfPlace,      // the event at `index` carries another version than its place's
    kEventUnlinked,        // its prev_hash is not the hash of the event before it
    kEventAltered,         // it does not hash to its own `hash`
    kEventsMissingAtEnd,   // fewer events than the case's version
    kHistoryHeadMismatch,  // the last event is not the case's `history_head`
    kReadUnlinked,         // the same three for the personal-data reads
    kReadAltered,
    kReadsHeadMismatch,
  };
  Kind kind;
  int index = 0;  // 1-based: the event or reading found broken
  // The event's command and version, or the reading's moment and reader.
  std::string command{};
  int64_t version = 0;
  std::string at{};
  std::string user_id{};
  int events = 0;            // kEventsMissingAtEnd: the events held ...
  int64_t case_version = 0;  // ... for this version of the case
};

// The first break of the case's history or of its personal-data reads, or nullopt when the
// events run from version 1 to the case's version without a gap, each chained to the one before
// and hashing to its own `hash`, the last being the case's `history_head`, and the reads
// likewise up to `reads_head`.
std::optional<ChainBreak> FindChainBreak(const v1::Case& with_events);

// The break in English, for developers and logs.
std::string DescribeChainBreak(const ChainBreak& found);

// OK, or DATA_LOSS naming the first break (FindChainBreak) in English.
absl::Status VerifyHistory(const v1::Case& with_events);

}  // namespace gongkai
