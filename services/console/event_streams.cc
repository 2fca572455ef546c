#include "event_streams.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/logging.h"
#include "call_setup.h"
#include "gongkai/v1/tracker.grpc.pb.h"
#include "http_errors.h"
#include "json_text.h"

namespace gongkai::console {
namespace {

constexpr absl::string_view kKeepAlive = ": ping\n\n";

void SendError(const EventWriter& write, const grpc::Status& status) {
  write(ServerSentEvent("error", ErrorReply(status).body));
}

}  // namespace

class EventStreams::Registered {
 public:
  Registered(const EventStreams& streams, grpc::ClientContext& context)
      : streams_(streams), context_(context) {
    absl::MutexLock lock(&streams_.mutex_);
    if (streams_.cancelled_) context_.TryCancel();
    streams_.calls_.insert(&context_);
  }
  ~Registered() {
    absl::MutexLock lock(&streams_.mutex_);
    streams_.calls_.erase(&context_);
  }

 private:
  const EventStreams& streams_;
  grpc::ClientContext& context_;
};

void EventStreams::CancelAll() {
  absl::MutexLock lock(&mutex_);
  cancelled_ = true;
  for (grpc::ClientContext* call : calls_) call->TryCancel();
}

std::string ServerSentEvent(absl::string_view event, absl::string_view data, absl::string_view id) {
  std::string out;
  if (!id.empty()) absl::StrAppend(&out, "id: ", id, "\n");
  absl::StrAppend(&out, "event: ", event, "\n");
  // A line break inside the data would end the field; JSON from protobuf has none, but a
  // multi-line payload stays well-formed this way.
  for (absl::string_view line : absl::StrSplit(data, '\n')) {
    absl::StrAppend(&out, "data: ", line, "\n");
  }
  out += "\n";
  return out;
}

bool EventStreams::TryOpen() {
  int open = open_.load();
  while (open < max_open_) {
    if (open_.compare_exchange_weak(open, open + 1)) return true;
  }
  return false;
}

void EventStreams::Close() { open_.fetch_sub(1); }

grpc::Status EventStreams::FirstCaseLook(const Caller& caller, const std::string& case_number,
                                         int64_t after_version, v1::CaseVersion& seen) const {
  v1::WatchCaseRequest request;
  request.set_case_number(case_number);
  request.set_after_version(after_version);
  request.set_timeout_ms(1);  // a look, not a wait
  return CallAs(caller, *v1::TrackerService::NewStub(upstreams_.tracker()),
                &v1::TrackerService::Stub::WatchCase, request, &seen);
}

grpc::Status EventStreams::FirstRemindersLook(const Caller& caller, std::string& after_id) const {
  v1::ListNoticesRequest list;
  list.set_page_size(1);
  v1::ListNoticesResponse listed;
  grpc::Status status = CallAs(caller, *v1::TrackerService::NewStub(upstreams_.tracker()),
                               &v1::TrackerService::Stub::ListNotices, list, &listed);
  // Resuming needs a starting point: the newest reminder now, so that the watches that follow
  // one another miss nothing delivered between them.
  if (status.ok() && after_id.empty()) after_id = listed.newest_id();
  return status;
}

void EventStreams::CaseChanges(const Caller& caller, const std::string& case_number,
                               int64_t after_version, const v1::CaseVersion& first,
                               const EventWriter& write, const std::atomic<bool>& stopping) const {
  if (first.version() > after_version) {
    after_version = first.version();
    if (!write(ServerSentEvent("case", ToJson(first), absl::StrCat(after_version)))) return;
  }
  auto stub = v1::TrackerService::NewStub(upstreams_.tracker());
  while (!stopping.load()) {
    v1::WatchCaseRequest request;
    request.set_case_number(case_number);
    request.set_after_version(after_version);
    request.set_timeout_ms(kKeepAliveMs);
    v1::CaseVersion seen;
    grpc::ClientContext context;
    PrepareContext(context, caller, absl::Milliseconds(kKeepAliveMs) + kCallDeadline);
    Registered registered(*this, context);
    grpc::Status status = stub->WatchCase(&context, request, &seen);
    if (stopping.load()) return;
    if (!status.ok()) {
      SendError(write, status);
      return;
    }
    bool written;
    if (seen.version() > after_version) {
      after_version = seen.version();
      written = write(ServerSentEvent("case", ToJson(seen), absl::StrCat(after_version)));
    } else {
      written = write(kKeepAlive);
    }
    if (!written) return;
  }
}

void EventStreams::Reminders(const Caller& caller, std::string after_id, const EventWriter& write,
                             const std::atomic<bool>& stopping) const {
  auto stub = v1::TrackerService::NewStub(upstreams_.tracker());
  while (!stopping.load()) {
    // A watch lasts one keep-alive period, then resumes after the last notice sent: the
    // browser's absence shows at the next write, and nothing is missed in between.
    v1::WatchNoticesRequest request;
    request.set_after_id(after_id);
    grpc::ClientContext context;
    PrepareContext(context, caller, absl::Milliseconds(kKeepAliveMs));
    Registered registered(*this, context);
    auto reader = stub->WatchNotices(&context, request);
    v1::Notice notice;
    while (reader->Read(&notice)) {
      after_id = notice.id();
      if (!write(ServerSentEvent("notice", ToJson(notice), notice.id()))) {
        context.TryCancel();
        (void)reader->Finish();
        return;
      }
    }
    grpc::Status status = reader->Finish();
    if (stopping.load()) return;
    if (!status.ok() && status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED) {
      SendError(write, status);
      return;
    }
    if (!write(kKeepAlive)) return;
  }
}

}  // namespace gongkai::console
