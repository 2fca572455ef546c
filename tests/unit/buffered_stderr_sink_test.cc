// The services' log sink: info lines wait for a flush (a warning, the periodic flush, a full
// buffer or the end) and then reach standard error whole and in order.
#include "base/buffered_stderr_sink.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "spdlog/spdlog.h"

namespace gongkai {
namespace {

// Standard error sent to a temporary file for the test's life.
class CapturedStderr {
 public:
  CapturedStderr() {
    char name[] = "/tmp/gongkai-stderr-XXXXXX";
    const int file = mkstemp(name);
    path_ = name;
    saved_ = dup(STDERR_FILENO);
    dup2(file, STDERR_FILENO);
    close(file);
  }
  ~CapturedStderr() {
    dup2(saved_, STDERR_FILENO);
    close(saved_);
    std::remove(path_.c_str());
  }
  std::string Text() const {
    std::ifstream file(path_);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }

 private:
  std::string path_;
  int saved_ = -1;
};

std::shared_ptr<spdlog::logger> LoggerOn(std::shared_ptr<BufferedStderrSink> sink) {
  auto logger = std::make_shared<spdlog::logger>("test", std::move(sink));
  logger->set_pattern("%l %v");
  logger->flush_on(spdlog::level::warn);
  return logger;
}

TEST(BufferedStderrSink, InfoLinesWaitForAWarningThenGoOutInOrder) {
  CapturedStderr captured;
  auto logger = LoggerOn(std::make_shared<BufferedStderrSink>());
  logger->info("event=transition case=2026-000001");
  logger->info("event=transition case=2026-000002");
  EXPECT_EQ(captured.Text(), "");
  logger->warn("event=redis_unreachable");
  EXPECT_EQ(captured.Text(),
            "info event=transition case=2026-000001\n"
            "info event=transition case=2026-000002\n"
            "warning event=redis_unreachable\n");
  logger->info("event=transition case=2026-000003");
  logger->flush();  // what spdlog::flush_every does each second
  EXPECT_EQ(captured.Text().substr(captured.Text().rfind("info")),
            "info event=transition case=2026-000003\n");
}

TEST(BufferedStderrSink, AFullBufferIsWrittenAndTheRestAtTheEnd) {
  CapturedStderr captured;
  const std::string line(99, 'x');  // with the level and the newline: 105 bytes a line
  const size_t lines = BufferedStderrSink::kBufferBytes / 105 + 10;
  {
    auto logger = LoggerOn(std::make_shared<BufferedStderrSink>());
    for (size_t i = 0; i < lines; ++i) logger->info(line);
    // Past the buffer: the lines before the one that did not fit are out, whole.
    const std::string written = captured.Text();
    EXPECT_GT(written.size(), 0u);
    EXPECT_LE(written.size(), BufferedStderrSink::kBufferBytes);
    EXPECT_EQ(written.size() % 105, 0u);
  }
  // The sink goes with the logger and writes what was left.
  EXPECT_EQ(captured.Text().size(), lines * 105);
}

}  // namespace
}  // namespace gongkai
