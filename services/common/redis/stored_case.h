// How a case is kept in its hash (gk:{pNN}:case:<number>): the serialized Case, without its
// history, in two fields that each hold some of the Case's top-level fields, so that a change
// writes the part it touched instead of the whole case:
//   filed  the fields set at registration (number, applicant, request, registration time and
//          clerk, agency and running number, request fingerprint, referral) and the deadline:
//          written at registration and again only by the few commands that move the deadline;
//   data   the rest, which changes from step to step: state, version, department, clock,
//          history head, draft, reply letter, delivery, ...
// A protobuf message parses from the concatenation of its fields' encodings however they are
// grouped, and each top-level field is in exactly one part: the parts read back make the case as
// it was serialized.
//
// Why two parts and not one per field: every field of a Redis hash this size costs some 50 bytes
// of memory besides its value; a third part for the answer's texts (draft, letter) saved another
// 1.1 KB of AOF a case but cost about 190 bytes of memory a closed case (docs/performance.md).
#pragma once

#include <array>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "gongkai/v1/case.pb.h"
#include "redis/redis_reply.h"

namespace gongkai {

inline constexpr int kCasePartCount = 2;
// The hash fields of the parts, in the order the readers ask for them.
inline constexpr std::array<const char*, kCasePartCount> kCasePartFields = {"data", "filed"};

struct SplitCase {
  std::string whole;  // the case serialized: what a stream hand-over carries
  std::array<std::string, kCasePartCount> parts;  // `whole`'s bytes, by part
};

// Serialized deterministically, so that a part whose fields did not change has the same bytes.
SplitCase SplitForStore(const v1::Case& stored_case);

// The part (an index into kCasePartFields) that holds the Case's top-level field of that number.
// Moving a field from one part to the other needs a new store layout (store_layout.h): a case
// stored before would keep the field in its old part, the first change would not write the new
// part (its bytes unchanged) and would rewrite the old one without the field.
int CasePartOf(int field_number);

// The (hash field, bytes) pairs a change must write: with `before` (the case at the version the
// change was made on), the parts whose bytes differ from its (one that became empty is written
// empty); without, every part that is not empty (the case is created).
std::vector<std::pair<std::string, std::string>> PartsToWrite(SplitCase after,
                                                              const v1::Case* before);

// `HMGET <case key> data filed <extra fields...>`.
std::vector<std::string> ReadStoredCase(std::string case_key,
                                        std::initializer_list<const char*> extra_fields = {});

// The case from an answer to ReadStoredCase (its first kCasePartCount elements): not `found`
// when the hash has no `data` (no such case), not `readable` when a part does not parse.
struct ParsedCase {
  bool found = false;
  bool readable = false;
  v1::Case stored_case;
};
ParsedCase ParseStoredCase(const RedisReply& fields);

}  // namespace gongkai
