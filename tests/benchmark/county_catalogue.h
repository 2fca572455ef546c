// A whole county's agency catalogue for the county benchmark (county_benchmark.cc), in the format
// of deploy/agencies.conf: 113 agencies — the county government, 90 departments and other bodies
// that answer requests in their own name, 22 townships — each with 3 to 5 units, the county
// government's general office marked `oversight = yes`. The same text every time.
//
// Example:
//   auto catalogue = AgencyCatalogue::Parse(GeneratedCountyCatalogue());
//   catalogue->agencies().size() == 113
#pragma once

#include <string>

namespace gongkai::bench {

inline constexpr int kGeneratedDepartments = 90;
inline constexpr int kGeneratedTownships = 22;

std::string GeneratedCountyCatalogue();

}  // namespace gongkai::bench
