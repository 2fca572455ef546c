#include "redis/case_cache.h"

#include "redis/redis_connection.h"

namespace gongkai {

std::optional<v1::Case> CaseCache::Find(const std::string& case_number, int64_t version) {
  absl::MutexLock lock(&mutex_);
  auto found = entries_.find(case_number);
  if (found == entries_.end() || found->second.item.version() != version ||
      found->second.epoch != RedisConnection::Epoch()) {
    return std::nullopt;
  }
  return found->second.item;
}

void CaseCache::Put(const v1::Case& committed, int64_t epoch) {
  absl::MutexLock lock(&mutex_);
  auto [at, fresh] = entries_.insert_or_assign(committed.case_number(), Entry{committed, epoch});
  if (!fresh) return;  // replaced in place: its place in the eviction order stays
  order_.push_back(committed.case_number());
  while (order_.size() > capacity_) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
}

size_t CaseCache::size() {
  absl::MutexLock lock(&mutex_);
  return entries_.size();
}

CaseCache& SharedCaseCache() {
  static CaseCache* cache = new CaseCache(20000);
  return *cache;
}

}  // namespace gongkai
