// A spdlog sink that writes log lines to standard error in batches. spdlog's own stderr sink
// writes and flushes every line, one write(2) a line: seven a case for the transitions alone in
// the pipeline. This one keeps whole lines in a buffer and writes them when the logger flushes
// (the services flush on a warning or worse, and every second: spdlog::flush_every), when the
// buffer is full, and when the sink is destroyed at exit. A batch goes out in writes of at most
// PIPE_BUF bytes, each of whole lines: on a pipe, what else the process writes to standard
// error (gRPC's own messages) never lands inside a line, though it may come before info lines
// logged earlier.
//
// Hand-written because spdlog 1.10 (Debian 12) has no buffered sink for a descriptor that may
// be a pipe or the journal's socket (its file sinks open a path).
//
// Example:
//   auto logger = std::make_shared<spdlog::logger>("intake",
//                                                  std::make_shared<BufferedStderrSink>());
//   logger->flush_on(spdlog::level::warn);
//   spdlog::flush_every(std::chrono::seconds(1));
#pragma once

#include <mutex>
#include <string>

#include "spdlog/sinks/base_sink.h"

namespace gongkai {

class BufferedStderrSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  // When a line would take the waiting lines past this, they are written first, whatever the
  // flush policy.
  static constexpr size_t kBufferBytes = 64 * 1024;

  BufferedStderrSink();
  ~BufferedStderrSink() override;

 protected:
  void sink_it_(const spdlog::details::log_msg& message) override;
  void flush_() override;

 private:
  std::string pending_;  // whole formatted lines not written yet
};

}  // namespace gongkai
