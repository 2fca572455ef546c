// A broken hash chain (audit/history_chain.h) as staff read it, in Chinese: which event or
// reading of personal data was edited, removed or moved.
//
// Example:
//   ChainBreakReason({.kind = ChainBreak::Kind::kEventAltered, .index = 2, .command = "Route",
//                     .version = 2})
//   == "第2条办理记录（Route，版本2）被改动：哈希值不符"
#pragma once

#include <string>

#include "audit/history_chain.h"

namespace gongkai {

std::string ChainBreakReason(const ChainBreak& found);

}  // namespace gongkai
