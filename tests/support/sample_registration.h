// A valid registration of a natural person's request received today, shared by the integration
// tests and the benchmarks.
#pragma once

#include <string>

#include "gongkai/v1/intake.pb.h"

namespace gongkai {

v1::RegisterRequest SampleRegistration(const std::string& request_id,
                                       const std::string& description);

}  // namespace gongkai
