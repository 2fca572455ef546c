// The working-day calendar a service counts with, replaceable while the service runs: a newly
// published or corrected year's file is picked up without a restart. Readers take a snapshot,
// so a count never mixes two versions of the calendar.
//
// Example:
//   std::shared_ptr<const WorkingCalendar> calendar = holder.Get();
//   ComputeDeadline(*calendar, input);
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "calendar/working_calendar.h"

namespace gongkai {

class CalendarHolder {
 public:
  // Loads `directory` now; fails when it cannot be read.
  static absl::StatusOr<std::unique_ptr<CalendarHolder>> Load(std::string directory,
                                                              UnknownYears policy);

  std::shared_ptr<const WorkingCalendar> Get() const;

  // Reads the directory again if any file in it changed since the last load. Returns true when
  // a new calendar took effect; an unreadable new version is refused and the old one kept.
  absl::StatusOr<bool> ReloadIfChanged();
  // Reads the directory again whatever its files' times say.
  absl::Status Reload();

 private:
  CalendarHolder(std::string directory, UnknownYears policy)
      : directory_(std::move(directory)), policy_(policy) {}
  std::string Fingerprint() const;  // names, sizes and times of the directory's files

  const std::string directory_;
  const UnknownYears policy_;
  mutable absl::Mutex mutex_;
  std::shared_ptr<const WorkingCalendar> calendar_ ABSL_GUARDED_BY(mutex_);
  std::string fingerprint_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace gongkai
