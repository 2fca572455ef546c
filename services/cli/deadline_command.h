// `gongkai deadline`: the statutory due date of a request, computed at the window with the same
// library the services use. Its flags follow the statute's words, with hyphens
// (--supplement-received, repeated --pause), so it parses its own arguments.
//
//   gongkai deadline --received 2026-09-30 [--channel registered_post] [--signed-for DATE]
//       [--confirmed DATE] [--supplement-received DATE] [--pause FROM:TO]... [--extension N]
//       [--calendar DIR] [--unknown-years provisional|refuse] [--json]
#pragma once

namespace gongkai::cli {

// argv without the program name and the word "deadline". Returns the exit code.
int Deadline(int argc, char** argv);

}  // namespace gongkai::cli
