// `gongkai deadline`: the statutory due date of a request, computed at the window with the same
// library the services use. It takes the arrival facts with the flags `register` takes for them
// (--received, --channel, --signed_for, --confirmed) and the clock's adjustments:
//
//   gongkai deadline --received=2026-09-30 [--channel=registered_post] [--signed_for=DATE]
//       [--confirmed=DATE] [--supplement_received=DATE] [--pause=FROM:TO[,FROM:TO...]]...
//       [--extension=N] [--calendar=DIR] [--unknown_years=provisional|refuse] [--json]
//
// --pause may be repeated, or list its pauses comma-separated; every one given counts.
#pragma once

#include "commands.h"

namespace gongkai::cli {

// Needs no service and no session. Returns the exit code: 0 done, 1 no due date (a year without
// a holiday notice under --unknown_years=refuse), 2 bad usage (a flag named in the message).
int Deadline(CliContext& cli, const Args& args);

}  // namespace gongkai::cli
