// Protobuf's JSON form as the console answers it: field names as in the .proto files, enums by
// name, every field printed (a screen need not know the defaults).
#pragma once

#include <string>

#include "google/protobuf/message.h"

namespace gongkai::console {

std::string ToJson(const google::protobuf::Message& message);

}  // namespace gongkai::console
