// A child process of a test, with its output in a log file; killed if still running when the
// owner goes.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace gongkai::testing {

class Process {
 public:
  Process(const std::vector<std::string>& argv, const std::string& log_path);
  ~Process();  // SIGKILL if still running
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  void Signal(int signal);
  // Waits for the process to end; returns its exit status as waitpid gives it.
  int Wait();
  // For a process expected to stop by itself: its exit code once it exits within `limit`; -1 if
  // it is still running then (it is killed when the owner goes) or was ended by a signal.
  int ExitCodeWithin(absl::Duration limit);
  bool running() const { return pid_ > 0; }
  // For a caller that reaped the process itself (waitpid): nothing left to kill or wait for.
  void Forget() { pid_ = -1; }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

}  // namespace gongkai::testing
