// Debian's Abseil is built with absl::Mutex's deadlock detection on, which records a stack and
// updates a lock graph on every Lock(). gRPC takes several mutexes per call, so in a server this
// cost a few percent of the CPU of every call. The services and the benchmark's load generator
// turn it off at start; unit tests keep it, where lock-order mistakes should fail loudly.
#pragma once

namespace gongkai {

void DisableMutexDeadlockDetection();

}  // namespace gongkai
