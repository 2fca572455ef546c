// Printable pages, opened by the console in a tab of their own: a case's documents as issued
// (GET /print/document), the annual report (GET /print/report), and the county disclosure
// office's overview of every agency (GET /print/county) and 通报 (GET /print/bulletin), each in
// HTML or CSV. A page that cannot be made is a short HTML page in Chinese with the error's HTTP
// status.
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
  // ?year=2026&format=html|csv[&agency=jyj|*]: the caller's agency's report unless named.
  HttpReply Report(const QueryParams& query, const Caller& caller) const;
  // ?year=2026&format=html|csv: every agency's figures side by side (county-wide managers).
  HttpReply County(const QueryParams& query, const Caller& caller) const;
  // ?from=2026-01&to=2026-03&format=html|csv: the 通报 over those months (county-wide managers).
  HttpReply Bulletin(const QueryParams& query, const Caller& caller) const;

 private:
  const Upstreams& upstreams_;
};

}  // namespace gongkai::console
