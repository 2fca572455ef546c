#include "audit/history_chain.h"

#include <sodium.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace gongkai {
namespace {

// The same bytes for the same record whatever the order its maps were filled in.
std::string DeterministicBytes(const google::protobuf::MessageLite& record) {
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  record.SerializeToCodedStream(&coded);
  coded.Trim();
  return bytes;
}

std::string Sha256Hex(const std::string& bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::optional<ChainBreak> FindReadsBreak(const v1::Case& c) {
  std::string previous;
  for (int i = 0; i < c.personal_data_reads_size(); ++i) {
    const v1::PersonalDataRead& read = c.personal_data_reads(i);
    ChainBreak found{.kind = ChainBreak::Kind::kReadUnlinked,
                     .index = i + 1,
                     .at = read.at(),
                     .user_id = read.actor().user_id()};
    if (read.prev_hash() != previous) return found;
    if (ReadHash(read) != read.hash()) {
      found.kind = ChainBreak::Kind::kReadAltered;
      return found;
    }
    previous = read.hash();
  }
  if (previous != c.reads_head()) return ChainBreak{.kind = ChainBreak::Kind::kReadsHeadMismatch};
  return std::nullopt;
}

}  // namespace

std::string EventHash(const v1::CaseEvent& event) {
  // A new event (every change hashes one) has no hash yet: hashed as it is, without the copy
  // (its details map included) that clearing the field needs. An empty string field is not
  // serialized, so the bytes are the same either way.
  if (event.hash().empty()) return Sha256Hex(DeterministicBytes(event));
  v1::CaseEvent unhashed = event;
  unhashed.clear_hash();
  return Sha256Hex(DeterministicBytes(unhashed));
}

std::string ReadHash(const v1::PersonalDataRead& read) {
  v1::PersonalDataRead unhashed = read;
  unhashed.clear_hash();
  return Sha256Hex(DeterministicBytes(unhashed));
}

std::optional<ChainBreak> FindChainBreak(const v1::Case& with_events) {
  std::string previous;
  for (int i = 0; i < with_events.events_size(); ++i) {
    const v1::CaseEvent& event = with_events.events(i);
    ChainBreak found{.kind = ChainBreak::Kind::kEventOutOfPlace,
                     .index = i + 1,
                     .command = event.command(),
                     .version = event.version()};
    if (event.version() != i + 1) return found;
    if (event.prev_hash() != previous) {
      found.kind = ChainBreak::Kind::kEventUnlinked;
      return found;
    }
    if (EventHash(event) != event.hash()) {
      found.kind = ChainBreak::Kind::kEventAltered;
      return found;
    }
    previous = event.hash();
  }
  if (with_events.events_size() != with_events.version()) {
    return ChainBreak{.kind = ChainBreak::Kind::kEventsMissingAtEnd,
                      .events = with_events.events_size(),
                      .case_version = with_events.version()};
  }
  if (previous != with_events.history_head()) {
    return ChainBreak{.kind = ChainBreak::Kind::kHistoryHeadMismatch};
  }
  return FindReadsBreak(with_events);
}

std::string DescribeChainBreak(const ChainBreak& found) {
  const std::string event =
      absl::StrCat("event ", found.index, " (", found.command, ", version ", found.version, ")");
  const std::string read =
      absl::StrCat("personal-data read ", found.index, " (", found.at, ", ", found.user_id, ")");
  switch (found.kind) {
    case ChainBreak::Kind::kEventOutOfPlace:
      return absl::StrCat(event, " is out of place: expected version ", found.index,
                          "; an event was removed or moved");
    case ChainBreak::Kind::kEventUnlinked:
      return absl::StrCat(event,
                          " does not follow the event before it; one was removed or altered");
    case ChainBreak::Kind::kEventAltered:
      return absl::StrCat(event, " was altered: its hash does not match");
    case ChainBreak::Kind::kEventsMissingAtEnd:
      return absl::StrCat("the history holds ", found.events, " events for case version ",
                          found.case_version, "; the last were removed");
    case ChainBreak::Kind::kHistoryHeadMismatch:
      return "the last event is not the one the case records as its last";
    case ChainBreak::Kind::kReadUnlinked:
      return absl::StrCat(read, " does not follow the read before it; one was removed or altered");
    case ChainBreak::Kind::kReadAltered:
      return absl::StrCat(read, " was altered: its hash does not match");
    case ChainBreak::Kind::kReadsHeadMismatch:
      break;
  }
  return "the last personal-data read is not the one the case records";
}

absl::Status VerifyHistory(const v1::Case& with_events) {
  const std::optional<ChainBreak> found = FindChainBreak(with_events);
  if (!found.has_value()) return absl::OkStatus();
  return absl::DataLossError(DescribeChainBreak(*found));
}

}  // namespace gongkai
