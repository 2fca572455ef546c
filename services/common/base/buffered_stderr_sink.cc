#include "base/buffered_stderr_sink.h"

#include <errno.h>
#include <unistd.h>

namespace gongkai {

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
  size_t written = 0;
  while (written < pending_.size()) {
    const ssize_t wrote =
        ::write(STDERR_FILENO, pending_.data() + written, pending_.size() - written);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) break;  // nowhere to write to: the lines are dropped, not kept forever
    written += static_cast<size_t>(wrote);
  }
  pending_.clear();
}

}  // namespace gongkai
