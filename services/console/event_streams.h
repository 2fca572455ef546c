// Server-sent events: a case's changes (WatchCase, long-polled) and the person's reminders
// (WatchNotices, streamed) as `text/event-stream`. Each stream holds one of the console's HTTP
// threads while it lasts, so the console bounds how many are open at once (EventStreamSlots).
#pragma once

#include <grpcpp/client_context.h>

#include <atomic>
#include <functional>
#include <set>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "gongkai/v1/case.pb.h"
#include "http_reply.h"
#include "upstreams.h"

namespace gongkai::console {

// Sends one chunk to the browser; false once the browser has gone.
using EventWriter = std::function<bool(absl::string_view chunk)>;

// How often a quiet stream sends a comment: it keeps proxies from closing the connection and
// finds out when the browser has gone.
inline constexpr int kKeepAliveMs = 15000;

// Sent first on every stream: a stream that ends after it started is retried by the browser no
// sooner than this (its default is three seconds).
inline constexpr absl::string_view kRetryField = "retry: 10000\n\n";

class EventStreams {
 public:
  EventStreams(const Upstreams& upstreams, int max_open)
      : upstreams_(upstreams), max_open_(max_open) {}

  // Takes a slot for a new stream; false when `max_open` are open already.
  bool TryOpen();
  void Close();

  // Ends every open stream's call at once (the console is stopping): without it a stream would
  // hold the stop back until its call's keep-alive period ends.
  void CancelAll();

  // The services' first answer, before the stream starts: whether the person may watch the
  // case at all, and its version now (`seen`) when it is past `after_version`.
  grpc::Status FirstCaseLook(const Caller& caller, const std::string& case_number,
                             int64_t after_version, v1::CaseVersion& seen) const;
  // Whether the person's reminders can be read, and from where to follow them: `after_id` is
  // set to the newest reminder now when the browser named none.
  grpc::Status FirstRemindersLook(const Caller& caller, std::string& after_id) const;

  // Until the browser goes, the console stops, or the services refuse (then an `error` event
  // carrying the console's error body ends the stream). `first` is FirstCaseLook's answer.
  void CaseChanges(const Caller& caller, const std::string& case_number, int64_t after_version,
                   const v1::CaseVersion& first, const EventWriter& write,
                   const std::atomic<bool>& stopping) const;
  void Reminders(const Caller& caller, std::string after_id, const EventWriter& write,
                 const std::atomic<bool>& stopping) const;

 private:
  // Registers a call in flight so that CancelAll reaches it.
  class Registered;

  const Upstreams& upstreams_;
  const int max_open_;
  std::atomic<int> open_{0};
  mutable absl::Mutex mutex_;
  mutable std::set<grpc::ClientContext*> calls_ ABSL_GUARDED_BY(mutex_);
  mutable bool cancelled_ ABSL_GUARDED_BY(mutex_) = false;
};

// One event in the text/event-stream format: "id: ...\nevent: ...\ndata: ...\n\n".
std::string ServerSentEvent(absl::string_view event, absl::string_view data,
                            absl::string_view id = "");

}  // namespace gongkai::console
