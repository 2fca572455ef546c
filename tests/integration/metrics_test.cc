// Prometheus metrics: services started with --metrics_listen serve /metrics over HTTP, counting
// their unary calls by method and code, reading the stages' stream lag and pending entries from
// every partition, counting Redis errors by node, and (the tracker) its clocks and its sweeper.
// The endpoint's port is picked by the service (port 0) and read back from --metrics_port_file.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "rules/case_number.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

using Labels = std::map<std::string, std::string>;

struct Sample {
  std::string name;
  Labels labels;
  double value = 0;
};

// The body of GET /metrics on 127.0.0.1:`port` (HTTP/1.0: the server closes when done); empty
// when the answer is not a 200.
std::string GetMetrics(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in address = {};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout = {5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string answer;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    const std::string request = "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char buffer[16384];
      for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) answer.append(buffer, n);
    }
  }
  close(fd);
  const size_t body = answer.find("\r\n\r\n");
  if (!absl::StartsWith(answer, "HTTP/1.1 200") && !absl::StartsWith(answer, "HTTP/1.0 200")) {
    ADD_FAILURE() << "GET /metrics on port " << port << " answered: " << answer.substr(0, 200);
    return "";
  }
  return body == std::string::npos ? "" : answer.substr(body + 4);
}

// The samples of Prometheus's text format: `name{label="value",...} value` lines.
std::vector<Sample> ParseSamples(const std::string& text) {
  std::vector<Sample> samples;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    if (absl::StartsWith(line, "#")) continue;
    Sample sample;
    const size_t open = line.find('{');
    const size_t space = line.rfind(' ');
    if (space == absl::string_view::npos) continue;
    if (open != absl::string_view::npos && open < space) {
      sample.name = std::string(line.substr(0, open));
      const size_t close = line.rfind('}');
      // Gongkai's label values hold no commas or quotes: a plain split is enough here.
      for (absl::string_view pair :
           absl::StrSplit(line.substr(open + 1, close - open - 1), ',', absl::SkipEmpty())) {
        std::pair<std::string, std::string> kv = absl::StrSplit(pair, absl::MaxSplits('=', 1));
        sample.labels[kv.first] =
            std::string(absl::StripSuffix(absl::StripPrefix(kv.second, "\""), "\""));
      }
    } else {
      sample.name = std::string(line.substr(0, space));
    }
    if (!absl::SimpleAtod(line.substr(space + 1), &sample.value)) continue;
    samples.push_back(std::move(sample));
  }
  return samples;
}

class Scrape {
 public:
  explicit Scrape(int port) : text_(GetMetrics(port)), samples_(ParseSamples(text_)) {}

  // The samples of `name` carrying every label of `labels` (and perhaps others).
  std::vector<Sample> Find(const std::string& name, const Labels& labels = {}) const {
    std::vector<Sample> found;
    for (const Sample& sample : samples_) {
      if (sample.name != name) continue;
      bool matches = true;
      for (const auto& [label, value] : labels) {
        auto it = sample.labels.find(label);
        matches = matches && it != sample.labels.end() && it->second == value;
      }
      if (matches) found.push_back(sample);
    }
    return found;
  }
  // The one sample's value; 0 when there is none (a counter not yet counted).
  double Value(const std::string& name, const Labels& labels) const {
    std::vector<Sample> found = Find(name, labels);
    EXPECT_LE(found.size(), 1u) << name;
    return found.empty() ? 0 : found.front().value;
  }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::vector<Sample> samples_;
};

int ReadMetricsPort(const std::string& path) {
  for (const absl::Time deadline = absl::Now() + absl::Seconds(10); absl::Now() < deadline;) {
    std::ifstream file(path);
    int port = 0;
    if (file >> port && port > 0) return port;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return 0;
}

std::vector<std::string> MetricsFlags(const TestStack& stack, const std::string& service) {
  return {"--metrics_listen=127.0.0.1:0",
          absl::StrCat("--metrics_port_file=", stack.dir(), "/", service, ".metrics_port")};
}

int MetricsPort(const TestStack& stack, const std::string& service) {
  return ReadMetricsPort(absl::StrCat(stack.dir(), "/", service, ".metrics_port"));
}

// Scrapes until `done` holds for a scrape (the collector reads Redis every 5 s); the last scrape.
Scrape ScrapeUntil(int port, const std::function<bool(const Scrape&)>& done) {
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  Scrape scrape(port);
  while (!done(scrape) && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(200));
    scrape = Scrape(port);
  }
  return scrape;
}

// Every stage's gauges for all 16 partitions, and no partition unreachable.
bool EveryPartitionRead(const Scrape& scrape, const std::string& service) {
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    const std::string p = std::to_string(partition);
    if (scrape.Find("gongkai_partition_unreachable", {{"service", service}, {"partition", p}})
                .size() != 1 ||
        scrape.Value("gongkai_partition_unreachable", {{"service", service}, {"partition", p}}) !=
            0) {
      return false;
    }
    for (const char* stage : {"routing", "reply"}) {
      const Labels labels = {{"service", service}, {"stage", stage}, {"partition", p}};
      if (scrape.Find("gongkai_stream_lag", labels).size() != 1 ||
          scrape.Find("gongkai_stream_pending", labels).size() != 1) {
        return false;
      }
    }
  }
  return true;
}

TEST(Metrics, CallsByMethodAndCodeStreamsPerPartitionAndRedisErrors) {
  TestStack stack;
  stack.Start("intake", MetricsFlags(stack, "intake"));
  for (const char* service : {"routing", "review", "reply"}) stack.Start(service);
  stack.Start("tracker", MetricsFlags(stack, "tracker"));
  const int intake = MetricsPort(stack, "intake");
  const int tracker = MetricsPort(stack, "tracker");
  ASSERT_GT(intake, 0);
  ASSERT_GT(tracker, 0);

  const Labels ok = {{"service", "intake"}, {"method", "IntakeService/Register"}, {"code", "OK"}};
  const Labels unauthenticated = {
      {"service", "intake"}, {"method", "IntakeService/Register"}, {"code", "UNAUTHENTICATED"}};
  const Labels invalid = {
      {"service", "intake"}, {"method", "IntakeService/Register"}, {"code", "INVALID_ARGUMENT"}};
  const Scrape before(intake);
  ASSERT_FALSE(before.text().empty());

  // Three registrations, one without a token, one whose request does not parse (answered by
  // the parse-failure interceptor, counted with the code it rewrote).
  std::vector<std::string> numbers;
  for (int i = 0; i < 3; ++i) numbers.push_back(RegisterSample(stack, absl::StrCat("metrics-", i)));
  // One of them long overdue, for the tracker's count.
  const v1::Case late = RegisterReceived(stack, "metrics-late", "县财政预算", 60);
  v1::RegisterResponse refused;
  EXPECT_EQ(stack.intake()
                .Register(TestStack::WithToken("").get(),
                          SampleRegistration("metrics-refused", "县财政预算"), &refused)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  const std::string truncated = "\x0a\x7f";
  grpc::Slice slice(truncated);
  EXPECT_EQ(CallRaw(stack.port("intake"), "/gongkai.v1.IntakeService/Register",
                    grpc::ByteBuffer(&slice, 1), TestStack::As("w1", "clerk").get())
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  const Scrape after = ScrapeUntil(
      intake, [](const Scrape& scrape) { return EveryPartitionRead(scrape, "intake"); });
  EXPECT_EQ(after.Value("gongkai_rpc_total", ok) - before.Value("gongkai_rpc_total", ok), 4);
  EXPECT_EQ(after.Value("gongkai_rpc_total", unauthenticated) -
                before.Value("gongkai_rpc_total", unauthenticated),
            1);
  EXPECT_EQ(after.Value("gongkai_rpc_total", invalid) - before.Value("gongkai_rpc_total", invalid),
            1);
  // The histogram saw the same calls, each in some bucket up to +Inf.
  EXPECT_EQ(after.Value("gongkai_rpc_duration_seconds_count", ok) -
                before.Value("gongkai_rpc_duration_seconds_count", ok),
            4);
  Labels ok_inf = ok;
  ok_inf["le"] = "+Inf";
  EXPECT_EQ(after.Value("gongkai_rpc_duration_seconds_bucket", ok_inf),
            after.Value("gongkai_rpc_duration_seconds_count", ok));

  EXPECT_TRUE(EveryPartitionRead(after, "intake")) << after.text();
  // The routing consumer takes each registration at once: nothing waits long in its stream.
  double pending = 0;
  for (const Sample& sample : after.Find("gongkai_stream_pending", {{"stage", "routing"}})) {
    pending += sample.value;
  }
  EXPECT_LE(pending, 4);
  // The node the service uses is shown from the start, failures or not.
  EXPECT_FALSE(after.Find("gongkai_redis_errors_total", {{"service", "intake"}}).empty())
      << after.text();

  // The tracker: its clocks (the late case is overdue) and its sweeper, which keeps up.
  const Scrape counted = ScrapeUntil(tracker, [](const Scrape& scrape) {
    return scrape.Value("gongkai_cases_clock_running", {{"service", "tracker"}}) >= 4 &&
           scrape.Value("gongkai_cases_overdue", {{"service", "tracker"}}) >= 1;
  });
  EXPECT_EQ(counted.Value("gongkai_cases_clock_running", {{"service", "tracker"}}), 4)
      << counted.text();
  EXPECT_EQ(counted.Value("gongkai_cases_overdue", {{"service", "tracker"}}), 1);
  EXPECT_TRUE(EveryPartitionRead(counted, "tracker"));
  ASSERT_EQ(counted.Find("gongkai_sweeper_lag_seconds", {{"service", "tracker"}}).size(), 1u);
  EXPECT_LT(counted.Value("gongkai_sweeper_lag_seconds", {{"service", "tracker"}}), 5);
  EXPECT_EQ(counted.Find("gongkai_sweeper_last_pass_seconds", {{"service", "tracker"}}).size(), 1u);

  // With the routing service stopped, what is registered waits in the routing stage's streams:
  // its lag, summed over the partitions.
  stack.Stop("routing", SIGTERM);
  for (int i = 0; i < 2; ++i) numbers.push_back(RegisterSample(stack, absl::StrCat("waiting-", i)));
  auto routing_lag = [](const Scrape& scrape) {
    double lag = 0;
    for (const Sample& sample :
         scrape.Find("gongkai_stream_lag", {{"service", "intake"}, {"stage", "routing"}})) {
      lag += sample.value;
    }
    return lag;
  };
  const Scrape waiting =
      ScrapeUntil(intake, [&](const Scrape& scrape) { return routing_lag(scrape) >= 2; });
  EXPECT_EQ(routing_lag(waiting), 2) << waiting.text();

  // Nothing personal: no case number, applicant's name or identity number in any.
  for (const Scrape* scrape : {&after, &counted, &waiting}) {
    for (const std::string& number : numbers)
      EXPECT_EQ(scrape->text().find(number), std::string::npos);
    EXPECT_EQ(scrape->text().find(late.case_number()), std::string::npos);
    EXPECT_EQ(scrape->text().find("张三"), std::string::npos);
    EXPECT_EQ(scrape->text().find("11010519491231002X"), std::string::npos);
  }
}

TEST(Metrics, RedisDownMarksEveryPartitionUnreachableAndCountsErrors) {
  TestStack stack;
  stack.Start("intake", MetricsFlags(stack, "intake"));
  for (const char* service : {"routing", "review", "reply", "tracker"}) stack.Start(service);
  const int intake = MetricsPort(stack, "intake");
  ASSERT_GT(intake, 0);
  ASSERT_TRUE(EveryPartitionRead(
      ScrapeUntil(intake,
                  [](const Scrape& scrape) { return EveryPartitionRead(scrape, "intake"); }),
      "intake"));
  auto errors = [](const Scrape& scrape) {
    double total = 0;
    for (const Sample& sample :
         scrape.Find("gongkai_redis_errors_total", {{"service", "intake"}})) {
      total += sample.value;
    }
    return total;
  };
  const double errors_before = errors(Scrape(intake));

  stack.KillRedis(SIGKILL);
  auto all_unreachable = [](const Scrape& scrape) {
    for (int partition = 0; partition < kPartitionCount; ++partition) {
      if (scrape.Value("gongkai_partition_unreachable",
                       {{"service", "intake"}, {"partition", std::to_string(partition)}}) != 1) {
        return false;
      }
    }
    return true;
  };
  const Scrape down = ScrapeUntil(intake, all_unreachable);
  EXPECT_TRUE(all_unreachable(down)) << down.text();
  // A partition that cannot be read has no stream samples, rather than stale or made-up ones.
  EXPECT_TRUE(down.Find("gongkai_stream_lag").empty());
  EXPECT_TRUE(down.Find("gongkai_stream_pending").empty());
  EXPECT_GT(errors(down), errors_before);

  stack.StartRedis();
  const Scrape back = ScrapeUntil(
      intake, [](const Scrape& scrape) { return EveryPartitionRead(scrape, "intake"); });
  EXPECT_TRUE(EveryPartitionRead(back, "intake")) << back.text();
}

}  // namespace
}  // namespace gongkai::testing
