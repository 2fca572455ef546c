// Printable pages, opened by the console in a tab of their own: a case's documents as issued
// (GET /print/document) and the annual report (GET /print/report, HTML or CSV). A page that
// cannot be made is a short HTML page in Chinese with the error's HTTP status.
#pragma once

#include <map>
#include <string>

#include "http_reply.h"
#include "upstreams.h"

namespace gongkai::console {

using QueryParams = std::multimap<std::string, std::string>;

class PrintRoutes {
 public:
  explicit PrintRoutes(const Upstreams& upstreams) : upstreams_(upstreams) {}

  // ?case=2026-000001&kind=DOCUMENT_KIND_RECEIPT[&consultation=0]
  HttpReply Document(const QueryParams& query, const Caller& caller) const;
  // ?year=2026&format=html|csv
  HttpReply Report(const QueryParams& query, const Caller& caller) const;

 private:
  const Upstreams& upstreams_;
};

}  // namespace gongkai::console
