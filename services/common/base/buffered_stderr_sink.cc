#include "base/buffered_stderr_sink.h"

#include <errno.h>
#include <limits.h>
#include <unistd.h>

#include "absl/strings/string_view.h"

namespace gongkai {
namespace {

// Writes all of `text`; false when standard error takes nothing more.
bool WriteAll(absl::string_view text) {
  while (!text.empty()) {
    const ssize_t wrote = ::write(STDERR_FILENO, text.data(), text.size());
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    text.remove_prefix(static_cast<size_t>(wrote));
  }
  return true;
}

}  // namespace

BufferedStderrSink::BufferedStderrSink() { pending_.reserve(kBufferBytes); }

BufferedStderrSink::~BufferedStderrSink() {
  std::lock_guard<std::mutex> lock(mutex_);
  flush_();
}

void BufferedStderrSink::sink_it_(const spdlog::details::log_msg& message) {
  spdlog::memory_buf_t formatted;
  formatter_->format(message, formatted);
  if (pending_.size() + formatted.size() > kBufferBytes) flush_();
  pending_.append(formatted.data(), formatted.size());
}

void BufferedStderrSink::flush_() {
  // In writes of at most PIPE_BUF bytes, each ending at a line's end: on a pipe such a write is
  // never interleaved with another writer's. A single line longer than that goes alone.
  absl::string_view rest = pending_;
  while (!rest.empty()) {
    size_t end = rest.size();
    if (end > PIPE_BUF) {
      const size_t last_newline = rest.rfind('\n', PIPE_BUF - 1);
      end = last_newline != absl::string_view::npos ? last_newline + 1 : rest.find('\n') + 1;
      if (end == 0) end = rest.size();  // no newline at all (a formatter without one)
    }
    if (!WriteAll(rest.substr(0, end))) break;  // nowhere to write: dropped, not kept forever
    rest.remove_prefix(end);
  }
  pending_.clear();
}

}  // namespace gongkai
