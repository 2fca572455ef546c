// One agency's figures of the county's views (v1::AgencyFigures), as the bulletin and overview
// tests script them.
#pragma once

#include <cstdint>
#include <string>

#include "gongkai/v1/report.pb.h"

namespace gongkai {

v1::AgencyFigures AgencyFiguresOf(const std::string& code, const std::string& name,
                                  const std::string& kind, int64_t received, int64_t closed,
                                  int64_t open, int64_t overdue, int64_t on_time, int64_t late);

}  // namespace gongkai
