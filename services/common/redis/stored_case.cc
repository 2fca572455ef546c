#include "redis/stored_case.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>

namespace gongkai {
namespace {

using google::protobuf::internal::WireFormatLite;

enum Part { kData = 0, kFiled = 1 };

}  // namespace

int CasePartOf(int field_number) {
  switch (field_number) {
    case v1::Case::kCaseNumberFieldNumber:
    case v1::Case::kApplicantFieldNumber:
    case v1::Case::kRequestFieldNumber:
    case v1::Case::kRegisteredAtFieldNumber:
    case v1::Case::kDeadlineFieldNumber:
    case v1::Case::kRegisteredByFieldNumber:
    case v1::Case::kAgencyFieldNumber:
    case v1::Case::kAgencySequenceFieldNumber:
    case v1::Case::kReferredFromFieldNumber:
    case v1::Case::kRequestFingerprintFieldNumber:
      return kFiled;
    default:
      return kData;
  }
}

SplitCase SplitForStore(const v1::Case& stored_case) {
  SplitCase split;
  {
    google::protobuf::io::StringOutputStream output(&split.whole);
    google::protobuf::io::CodedOutputStream coded(&output);
    coded.SetSerializationDeterministic(true);
    stored_case.SerializeToCodedStream(&coded);
  }
  google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(split.whole.data()),
                                               static_cast<int>(split.whole.size()));
  for (;;) {
    const int start = input.CurrentPosition();
    const uint32_t tag = input.ReadTag();
    // The end, or (never, from protobuf's own serializer) a field that does not parse: the rest
    // goes with `data` whole rather than be lost.
    if (tag == 0) break;
    if (!WireFormatLite::SkipField(&input, tag)) {
      split.parts[kData].append(split.whole, start);
      break;
    }
    split.parts[CasePartOf(WireFormatLite::GetTagFieldNumber(tag))].append(
        split.whole, start, input.CurrentPosition() - start);
  }
  return split;
}

std::vector<std::pair<std::string, std::string>> PartsToWrite(SplitCase after,
                                                              const v1::Case* before) {
  std::vector<std::pair<std::string, std::string>> writes;
  const SplitCase was = before != nullptr ? SplitForStore(*before) : SplitCase();
  for (int part = 0; part < kCasePartCount; ++part) {
    const bool changed =
        before != nullptr ? after.parts[part] != was.parts[part] : !after.parts[part].empty();
    if (changed) writes.emplace_back(kCasePartFields[part], std::move(after.parts[part]));
  }
  return writes;
}

std::vector<std::string> ReadStoredCase(std::string case_key,
                                        std::initializer_list<const char*> extra_fields) {
  std::vector<std::string> command = {"HMGET", std::move(case_key)};
  command.insert(command.end(), kCasePartFields.begin(), kCasePartFields.end());
  command.insert(command.end(), extra_fields.begin(), extra_fields.end());
  return command;
}

ParsedCase ParseStoredCase(const RedisReply& fields) {
  ParsedCase parsed;
  if (fields.size() < kCasePartCount || fields.element(kData).is_nil()) return parsed;
  parsed.found = true;
  for (int part = 0; part < kCasePartCount; ++part) {
    const RedisReply bytes = fields.element(part);
    if (bytes.is_nil()) continue;
    const absl::string_view encoded = bytes.str();
    google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(encoded.data()),
                                                 static_cast<int>(encoded.size()));
    // MergeFromCodedStream stops without complaint at a zero or end-group tag: a part damaged
    // there would read as a case without its later fields.
    if (!parsed.stored_case.MergeFromCodedStream(&input) || !input.ConsumedEntireMessage()) {
      return parsed;
    }
  }
  parsed.readable = true;
  return parsed;
}

}  // namespace gongkai
