#include "base/mutex_deadlock_detection.h"

#include "absl/synchronization/mutex.h"

namespace gongkai {

void DisableMutexDeadlockDetection() {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
}

}  // namespace gongkai
