// gongkai-reply: prepares the formal reply of every cleared case and records its delivery.
#include "base/clock.h"
#include "base/logging.h"
#include "grpc/server_main.h"
#include "prepare_replies.h"
#include "reply_service.h"

int main(int argc, char** argv) {
  gongkai::InitService("reply", argc, argv);
  auto options = gongkai::ServerOptionsFromFlags("reply", "127.0.0.1:7104");
  if (!options.ok()) {
    spdlog::critical("event=bad_configuration error=\"{}\"", options.status().message());
    return 2;
  }
  auto calendar = gongkai::LoadCalendarFromFlags();
  if (!calendar.ok()) {
    spdlog::critical("event=bad_calendar error=\"{}\"", calendar.status().message());
    return 2;
  }
  gongkai::SystemClock clock;
  gongkai::RedisWorkerPool pool(options->redis, options->workers);
  gongkai::ReplyServiceImpl service(pool, clock, **calendar, options->agencies);
  gongkai::StreamConsumer consumer(
      options->redis, gongkai::ConsumerOptionsFromFlags("reply", gongkai::Stage::kReply),
      [&](gongkai::CaseStore& store, const gongkai::StreamEntry& entry) {
        return gongkai::PrepareReplyLetter(*options->agencies, clock, store, entry);
      });
  return gongkai::RunServer(*options, {&service},
                            {[&](const std::atomic<bool>& stop) { consumer.Run(stop); },
                             gongkai::WatchCalendar(**calendar, nullptr)},
                            &pool);
}
