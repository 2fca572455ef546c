#include "machine_bound.h"

#include <grpcpp/grpcpp.h>
#include <stdlib.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "gongkai/v1/echo.grpc.pb.h"

namespace gongkai::bench {
namespace {

class EchoServiceImpl final : public v1::EchoService::CallbackService {
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const v1::EchoMessage* request,
                                 v1::EchoMessage* response) override {
    *response = *request;
    auto* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

}  // namespace

absl::StatusOr<double> RedisCommandRate(const RedisOptions& redis,
                                        const std::vector<std::string>& command, int clients,
                                        int requests) {
  // The arguments are ASCII without quotes (checked), so single quotes suffice for the shell.
  // Through the same socket or port as the caller's own connection.
  if (redis.unix_socket.find('\'') != std::string::npos) {
    return absl::InvalidArgumentError("the Redis socket's path must hold no single quote");
  }
  std::string line =
      absl::StrCat("redis-benchmark ",
                   redis.unix_socket.empty() ? absl::StrCat("-h 127.0.0.1 -p ", redis.port)
                                             : absl::StrCat("-s '", redis.unix_socket, "'"),
                   " -c ", clients, " -n ", requests, " -r 2000000000 --csv");
  if (!redis.user.empty()) {
    // The password is ours (generated ASCII letters and digits); it never reaches a log.
    absl::StrAppend(&line, " --user '", redis.user, "' -a '", redis.password, "'");
  }
  for (const std::string& argument : command) {
    for (char c : argument) {
      if (c == '\'' || static_cast<unsigned char>(c) < 0x20 ||
          static_cast<unsigned char>(c) > 0x7e) {
        return absl::InvalidArgumentError("redis-benchmark arguments must be plain ASCII");
      }
    }
    absl::StrAppend(&line, " '", argument, "'");
  }
  absl::StrAppend(&line, " 2>&1");
  FILE* pipe = popen(line.c_str(), "r");
  if (pipe == nullptr) return absl::UnavailableError("cannot run redis-benchmark");
  std::string output;
  char buffer[4096];
  size_t got = 0;
  while ((got = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, got);
  if (pclose(pipe) != 0) return absl::UnavailableError(absl::StrCat("redis-benchmark: ", output));
  // --csv: a header line, then "test","rps","avg_latency_ms",...
  for (absl::string_view row : absl::StrSplit(output, '\n')) {
    std::vector<absl::string_view> fields = absl::StrSplit(row, "\",\"");
    if (fields.size() < 2 || absl::StartsWith(row, "\"test\"")) continue;
    double rps = 0;
    if (absl::SimpleAtod(fields[1], &rps)) return rps;
  }
  return absl::InternalError(absl::StrCat("no rate in redis-benchmark's output: ", output));
}

double EchoCallRate(int concurrency, double seconds, bool over_unix_socket) {
  EchoServiceImpl service;
  grpc::ServerBuilder builder;
  int port = 0;
  std::string directory, address = "127.0.0.1:0";
  if (over_unix_socket) {
    char made[] = "/tmp/gongkai-echo-XXXXXX";
    if (mkdtemp(made) == nullptr) {
      std::perror("mkdtemp");
      std::exit(1);
    }
    directory = made;
    address = absl::StrCat("unix:", directory, "/echo.sock");
  }
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr) {
    std::fprintf(stderr, "the no-op gRPC server cannot listen on %s\n", address.c_str());
    std::exit(1);
  }
  auto channel = grpc::CreateChannel(over_unix_socket ? address : absl::StrCat("127.0.0.1:", port),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::EchoService::NewStub(channel);
  std::atomic<long long> calls{0};
  const absl::Time until = absl::Now() + absl::Seconds(seconds);
  std::vector<std::thread> clients;
  const absl::Time started = absl::Now();
  for (int t = 0; t < concurrency; ++t) {
    clients.emplace_back([&] {
      v1::EchoMessage request, response;
      request.set_payload(std::string(200, 'x'));  // about the size of a command's request
      while (absl::Now() < until) {
        grpc::ClientContext context;
        // Metadata of the size the pipeline's calls carry (a session token).
        context.AddMetadata("authorization", "Bearer " + std::string(220, 't'));
        if (stub->Echo(&context, request, &response).ok()) ++calls;
      }
    });
  }
  for (std::thread& client : clients) client.join();
  const double rate = calls / absl::ToDoubleSeconds(absl::Now() - started);
  server->Shutdown(std::chrono::system_clock::now());
  if (!directory.empty()) std::filesystem::remove_all(directory);
  return rate;
}

}  // namespace gongkai::bench
