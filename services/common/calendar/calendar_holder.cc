#include "calendar/calendar_holder.h"

#include <filesystem>
#include <set>

#include "absl/strings/str_cat.h"
#include "base/logging.h"

namespace gongkai {

absl::StatusOr<std::unique_ptr<CalendarHolder>> CalendarHolder::Load(std::string directory,
                                                                     UnknownYears policy) {
  std::unique_ptr<CalendarHolder> holder(new CalendarHolder(std::move(directory), policy));
  if (absl::Status status = holder->Reload(); !status.ok()) return status;
  return holder;
}

std::shared_ptr<const WorkingCalendar> CalendarHolder::Get() const {
  absl::MutexLock lock(&mutex_);
  return calendar_;
}

std::string CalendarHolder::Fingerprint() const {
  std::set<std::string> entries;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory_, error)) {
    std::error_code ignored;
    entries.insert(absl::StrCat(entry.path().filename().string(), ":", entry.file_size(ignored),
                                ":", entry.last_write_time(ignored).time_since_epoch().count()));
  }
  std::string fingerprint;
  for (const auto& entry : entries) absl::StrAppend(&fingerprint, entry, ";");
  return fingerprint;
}

absl::Status CalendarHolder::Reload() {
  const std::string fingerprint = Fingerprint();
  auto loaded = WorkingCalendar::LoadDirectory(directory_, policy_);
  if (!loaded.ok()) return loaded.status();
  auto calendar = std::make_shared<const WorkingCalendar>(*std::move(loaded));
  absl::MutexLock lock(&mutex_);
  calendar_ = std::move(calendar);
  fingerprint_ = fingerprint;
  return absl::OkStatus();
}

absl::StatusOr<bool> CalendarHolder::ReloadIfChanged() {
  const std::string fingerprint = Fingerprint();
  {
    absl::MutexLock lock(&mutex_);
    if (fingerprint == fingerprint_) return false;
  }
  absl::Status status = Reload();
  if (!status.ok()) {
    spdlog::error("event=calendar_reload_refused error=\"{}\"", status.message());
    return status;
  }
  spdlog::info("event=calendar_reloaded dir={}", directory_);
  return true;
}

}  // namespace gongkai
