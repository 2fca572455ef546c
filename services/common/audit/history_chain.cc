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

absl::Status VerifyReads(const v1::Case& c) {
  std::string previous;
  for (int i = 0; i < c.personal_data_reads_size(); ++i) {
    const v1::PersonalDataRead& read = c.personal_data_reads(i);
    const std::string which = absl::StrCat("personal-data read ", i + 1, " (", read.at(), ", ",
                                           read.actor().user_id(), ")");
    if (read.prev_hash() != previous) {
      return absl::DataLossError(
          absl::StrCat(which, " does not follow the read before it; one was removed or altered"));
    }
    if (ReadHash(read) != read.hash()) {
      return absl::DataLossError(absl::StrCat(which, " was altered: its hash does not match"));
    }
    previous = read.hash();
  }
  if (previous != c.reads_head()) {
    return absl::DataLossError("the last personal-data read is not the one the case records");
  }
  return absl::OkStatus();
}

}  // namespace

std::string EventHash(const v1::CaseEvent& event) {
  v1::CaseEvent unhashed = event;
  unhashed.clear_hash();
  return Sha256Hex(DeterministicBytes(unhashed));
}

std::string ReadHash(const v1::PersonalDataRead& read) {
  v1::PersonalDataRead unhashed = read;
  unhashed.clear_hash();
  return Sha256Hex(DeterministicBytes(unhashed));
}

absl::Status VerifyHistory(const v1::Case& with_events) {
  std::string previous;
  for (int i = 0; i < with_events.events_size(); ++i) {
    const v1::CaseEvent& event = with_events.events(i);
    const std::string which =
        absl::StrCat("event ", i + 1, " (", event.command(), ", version ", event.version(), ")");
    if (event.version() != i + 1) {
      return absl::DataLossError(absl::StrCat(which, " is out of place: expected version ", i + 1,
                                              "; an event was removed or moved"));
    }
    if (event.prev_hash() != previous) {
      return absl::DataLossError(
          absl::StrCat(which, " does not follow the event before it; one was removed or altered"));
    }
    if (EventHash(event) != event.hash()) {
      return absl::DataLossError(absl::StrCat(which, " was altered: its hash does not match"));
    }
    previous = event.hash();
  }
  if (with_events.events_size() != with_events.version()) {
    return absl::DataLossError(absl::StrCat("the history holds ", with_events.events_size(),
                                            " events for case version ", with_events.version(),
                                            "; the last were removed"));
  }
  if (previous != with_events.history_head()) {
    return absl::DataLossError("the last event is not the one the case records as its last");
  }
  return VerifyReads(with_events);
}

}  // namespace gongkai
