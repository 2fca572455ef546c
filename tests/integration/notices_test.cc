// Staff reminders over real services: the sweeper's notices delivered into the inboxes of the
// people the escalation ladder names, read per person, streamed as they come, delivered once by
// any number of trackers, kept within their bounds.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/clock.h"
#include "base/logging.h"
#include "calendar/deadline.h"
#include "documents/formal_document.h"
#include "notice_delivery.h"
#include "notice_hub.h"
#include "redis/keys.h"
#include "redis/notice_store.h"
#include "spdlog/sinks/ostream_sink.h"
#include "staff.h"
#include "sweeper.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

constexpr char kCzj[] = "县财政预算";        // routed to czj
constexpr char kJyj[] = "县教育局学校招生";  // routed to jyj

// A notice's YYYY-MM-DD date as its title prints it: 2026年11月3日.
std::string InChinese(const std::string& date) {
  absl::CivilDay day;
  EXPECT_TRUE(absl::ParseCivilTime(date, &day)) << date;
  return ChineseDate(day);
}
constexpr char kNobody[] = "某次会议的纪要";  // no keyword: the dispatcher's

// How many days ago a request must have come in to be due in 3-4 working days from today: due
// soon (within 5), but not within 1.
int DaysAgoForDueSoon() {
  const WorkingCalendar& calendar = ShippedCalendar();
  const absl::CivilDay from = *AddWorkingDays(calendar, Today(), 3);
  const absl::CivilDay to = *AddWorkingDays(calendar, Today(), 4);
  for (int days = 1; days < 60; ++days) {
    const absl::CivilDay due = *AddWorkingDays(calendar, Today() - days, 20);
    if (due >= from && due <= to) return days;
  }
  ADD_FAILURE() << "no receipt date is due in 3-4 working days";
  return 20;
}

v1::ListNoticesResponse List(TestStack& stack, std::unique_ptr<grpc::ClientContext> who,
                             bool unread_only = false) {
  v1::ListNoticesRequest request;
  request.set_unread_only(unread_only);
  request.set_page_size(100);
  v1::ListNoticesResponse response;
  grpc::Status status = stack.tracker().ListNotices(who.get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response;
}

// Lists until `done` holds (the sweeper and the delivery run on their own time).
template <typename Done>
v1::ListNoticesResponse ListUntil(TestStack& stack,
                                  const std::function<std::unique_ptr<grpc::ClientContext>()>& who,
                                  Done done, absl::Duration timeout = absl::Seconds(15)) {
  const absl::Time deadline = absl::Now() + timeout;
  v1::ListNoticesResponse response;
  while (absl::Now() < deadline) {
    response = List(stack, who());
    if (done(response)) return response;
    absl::SleepFor(absl::Milliseconds(50));
  }
  ADD_FAILURE() << "the notices did not arrive; last seen:\n" << response.DebugString();
  return response;
}

// "kind/department" of each notice, for comparing sets.
std::multiset<std::string> Kinds(const v1::ListNoticesResponse& response) {
  std::multiset<std::string> kinds;
  for (const v1::Notice& notice : response.notices()) {
    const std::string kind =
        absl::StartsWith(notice.kind(), "due_soon_") ? "due_soon" : notice.kind();
    kinds.insert(absl::StrCat(kind, "/", notice.department()));
  }
  return kinds;
}

const v1::Notice* Find(const v1::ListNoticesResponse& response, const std::string& kind,
                       const std::string& department) {
  for (const v1::Notice& notice : response.notices()) {
    if (absl::StartsWith(notice.kind(), kind) && notice.department() == department) return &notice;
  }
  return nullptr;
}

std::set<std::string> Cases(const v1::Notice& notice) {
  return {notice.case_numbers().begin(), notice.case_numbers().end()};
}

using Who = std::function<std::unique_ptr<grpc::ClientContext>()>;

Who Person(const std::string& user, const std::string& role, const std::string& department = "") {
  return [=] { return TestStack::As(user, role, department); };
}
Who Czj(const std::string& user = "czj-li") { return Person(user, "officer", "czj"); }
Who Jyj() { return Person("jyj-li", "officer", "jyj"); }
Who Manager() { return Person("m1", "manager"); }
Who Head() { return Person("h1", "head"); }
Who Dispatcher() { return Person("d1", "dispatcher"); }

// The office of the other tests: two overdue cases of czj received the same day (one notice of
// two cases, merged from two partitions), one due soon in czj, one overdue in jyj, one overdue
// and one due soon still with the dispatcher. Routing places them before the tracker starts, so
// that its sweeper sees them in their departments.
struct Office {
  std::string czj_late_1, czj_late_2, czj_soon, jyj_late, nobody_late, nobody_soon;
};

Office OpenOffice(TestStack& stack) {
  stack.Start("intake");
  stack.Start("routing");
  Office office;
  const int soon = DaysAgoForDueSoon();
  office.czj_late_1 = RegisterReceived(stack, "notice-czj-1", kCzj, 60).case_number();
  office.czj_late_2 = RegisterReceived(stack, "notice-czj-2", kCzj, 60).case_number();
  office.czj_soon = RegisterReceived(stack, "notice-czj-3", kCzj, soon).case_number();
  office.jyj_late = RegisterReceived(stack, "notice-jyj-1", kJyj, 60).case_number();
  office.nobody_late = RegisterReceived(stack, "notice-none-1", kNobody, 60).case_number();
  office.nobody_soon = RegisterReceived(stack, "notice-none-2", kNobody, soon).case_number();
  for (const std::string& number :
       {office.czj_late_1, office.czj_late_2, office.czj_soon, office.jyj_late}) {
    EXPECT_EQ(WaitForState(stack, number, v1::CASE_STATE_ASSIGNED).department(),
              number == office.jyj_late ? "jyj" : "czj");
  }
  WaitForState(stack, office.nobody_late, v1::CASE_STATE_DISPATCH);
  WaitForState(stack, office.nobody_soon, v1::CASE_STATE_DISPATCH);
  stack.Start("tracker", {"--sweep_interval_ms=50"});
  return office;
}

TEST(Notices, EachPersonSeesWhatTheLadderSendsToTheirRoles) {
  TestStack stack;
  const Office office = OpenOffice(stack);

  // The department's officer: its overdue notice (one notice of both cases) and its due-soon
  // one; nothing of jyj or of the dispatcher's cases.
  const auto czj = ListUntil(stack, Czj(), [](const v1::ListNoticesResponse& r) {
    const v1::Notice* late = Find(r, "overdue", "czj");
    return late != nullptr && late->count() == 2 && Find(r, "due_soon", "czj") != nullptr;
  });
  EXPECT_EQ(Kinds(czj), (std::multiset<std::string>{"overdue/czj", "due_soon/czj"}));
  const v1::Notice& late = *Find(czj, "overdue", "czj");
  EXPECT_EQ(Cases(late), (std::set<std::string>{office.czj_late_1, office.czj_late_2}));
  EXPECT_EQ(late.department_name(), "县财政局");
  EXPECT_EQ(late.title(),
            absl::StrCat("2件申请已超过答复期限（应于", InChinese(late.due_date()), "前答复）"));
  EXPECT_FALSE(late.read());
  const v1::Notice& soon = *Find(czj, "due_soon", "czj");
  EXPECT_EQ(Cases(soon), (std::set<std::string>{office.czj_soon}));
  EXPECT_EQ(soon.kind(), "due_soon_5");
  EXPECT_EQ(soon.title(), absl::StrCat("1件申请将于5个工作日内到期（答复期限至",
                                       InChinese(soon.due_date()), "）"));
  EXPECT_EQ(czj.unread(), 2);
  // Newest first.
  EXPECT_GT(std::stoll(czj.notices(0).id()), std::stoll(czj.notices(1).id()));

  const auto jyj = ListUntil(stack, Jyj(), [](const v1::ListNoticesResponse& r) {
    return Find(r, "overdue", "jyj") != nullptr;
  });
  EXPECT_EQ(Kinds(jyj), (std::multiset<std::string>{"overdue/jyj"}));
  EXPECT_EQ(Cases(*Find(jyj, "overdue", "jyj")), (std::set<std::string>{office.jyj_late}));

  // The head and the managers: every department's overdue notices (the dispatcher's too), no
  // due-soon ones.
  const std::multiset<std::string> escalated = {"overdue/czj", "overdue/jyj", "overdue/"};
  for (auto who : {Manager(), Head()}) {
    const auto seen = ListUntil(
        stack, who, [&](const v1::ListNoticesResponse& r) { return Kinds(r) == escalated; });
    EXPECT_EQ(Kinds(seen), escalated);
  }

  // The dispatcher: the notices of cases not yet in a department, overdue and due soon.
  const auto dispatch = ListUntil(
      stack, Dispatcher(), [](const v1::ListNoticesResponse& r) { return r.notices_size() == 2; });
  EXPECT_EQ(Kinds(dispatch), (std::multiset<std::string>{"overdue/", "due_soon/"}));
  const v1::Notice* unassigned = Find(dispatch, "overdue", "");
  ASSERT_NE(unassigned, nullptr);
  EXPECT_EQ(unassigned->department_name(), "待分办");
  EXPECT_EQ(Cases(*unassigned), (std::set<std::string>{office.nobody_late}));

  // Roles no reminder goes to get an empty list, not a refusal; several roles see the union.
  for (const char* role : {"clerk", "reviewer", "admin"}) {
    const auto none = List(stack, TestStack::As("x1", role, "czj"));
    EXPECT_EQ(none.notices_size(), 0) << role;
    EXPECT_EQ(none.unread(), 0) << role;
  }
  const auto both = List(stack, TestStack::WithToken(TestToken("boss", {"dispatcher", "manager"})));
  EXPECT_EQ(Kinds(both),
            (std::multiset<std::string>{"overdue/czj", "overdue/jyj", "overdue/", "due_soon/"}));

  // Each notice is delivered once: the sweeper's next passes add nothing.
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_EQ(List(stack, Manager()()).notices_size(), 3);

  // Paging, newest first, by cursor.
  v1::ListNoticesRequest page;
  page.set_page_size(2);
  v1::ListNoticesResponse first, second;
  ASSERT_TRUE(stack.tracker().ListNotices(Manager()().get(), page, &first).ok());
  ASSERT_EQ(first.notices_size(), 2);
  ASSERT_FALSE(first.next_page_token().empty());
  page.set_page_token(first.next_page_token());
  ASSERT_TRUE(stack.tracker().ListNotices(Manager()().get(), page, &second).ok());
  ASSERT_EQ(second.notices_size(), 1);
  EXPECT_TRUE(second.next_page_token().empty());
  EXPECT_LT(std::stoll(second.notices(0).id()), std::stoll(first.notices(1).id()));

  // The command line, in Chinese for people and as JSON for scripts.
  const std::string as_manager = absl::StrCat("--token_file=", TestTokenFile("m1", "manager"),
                                              " --tracker=127.0.0.1:", stack.port("tracker"));
  int exit_status = -1;
  std::string output = RunCli(absl::StrCat(as_manager, " notices"), &exit_status);
  EXPECT_EQ(exit_status, 0) << output;
  EXPECT_TRUE(absl::StrContains(output, "未读提醒 3 条")) << output;
  EXPECT_TRUE(absl::StrContains(output, late.title())) << output;
  EXPECT_TRUE(absl::StrContains(output, "县财政局（czj）")) << output;
  EXPECT_TRUE(absl::StrContains(output, "待分办")) << output;
  output = RunCli(absl::StrCat(as_manager, " --json notices --unread"), &exit_status);
  EXPECT_EQ(exit_status, 0) << output;
  EXPECT_TRUE(absl::StrContains(output, "\"unread\":\"3\"")) << output;
  output = RunCli(absl::StrCat(as_manager, " notices read --all"), &exit_status);
  EXPECT_EQ(exit_status, 0) << output;
  EXPECT_TRUE(absl::StrContains(output, "已将 3 条提醒标为已读")) << output;
  output = RunCli(absl::StrCat(as_manager, " notices --unread"), &exit_status);
  EXPECT_TRUE(absl::StrContains(output, "没有未读提醒")) << output;
  output = RunCli(absl::StrCat(as_manager, " notices read"), &exit_status);
  EXPECT_EQ(exit_status, 2) << output;
}

TEST(Notices, ReadMarksArePerPerson) {
  TestStack stack;
  OpenOffice(stack);
  const auto li = ListUntil(stack, Czj("czj-li"),
                            [](const v1::ListNoticesResponse& r) { return r.notices_size() == 2; });
  const std::string late = Find(li, "overdue", "czj")->id();
  const std::string soon = Find(li, "due_soon", "czj")->id();

  v1::MarkNoticesReadRequest mark;
  mark.add_ids(late);
  mark.add_ids(late);  // twice in one call: marked once
  v1::MarkNoticesReadResponse marked;
  ASSERT_TRUE(stack.tracker().MarkNoticesRead(Czj("czj-li")().get(), mark, &marked).ok());
  EXPECT_EQ(marked.marked(), 1);
  ASSERT_TRUE(stack.tracker().MarkNoticesRead(Czj("czj-li")().get(), mark, &marked).ok());
  EXPECT_EQ(marked.marked(), 0);  // already read

  const auto li_unread = List(stack, Czj("czj-li")(), /*unread_only=*/true);
  ASSERT_EQ(li_unread.notices_size(), 1);
  EXPECT_EQ(li_unread.notices(0).id(), soon);
  EXPECT_EQ(li_unread.unread(), 1);
  const auto li_all = List(stack, Czj("czj-li")());
  EXPECT_TRUE(Find(li_all, "overdue", "czj")->read());
  EXPECT_FALSE(Find(li_all, "due_soon", "czj")->read());

  // Another officer of the same department, and the manager who shares the overdue notice, still
  // have it unread.
  const auto wang = List(stack, Czj("czj-wang")(), /*unread_only=*/true);
  EXPECT_EQ(wang.notices_size(), 2);
  EXPECT_EQ(wang.unread(), 2);
  const auto manager = ListUntil(
      stack, Manager(), [](const v1::ListNoticesResponse& r) { return r.notices_size() == 3; });
  EXPECT_FALSE(Find(manager, "overdue", "czj")->read());
  EXPECT_EQ(manager.unread(), 3);

  // A notice that is not the caller's is not found, and nothing is marked.
  const std::string jyj_late = Find(manager, "overdue", "jyj")->id();
  v1::MarkNoticesReadRequest foreign;
  foreign.add_ids(soon);
  foreign.add_ids(jyj_late);
  grpc::Status status = stack.tracker().MarkNoticesRead(Czj("czj-wang")().get(), foreign, &marked);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_TRUE(absl::StrContains(status.error_message(), jyj_late)) << status.error_message();
  EXPECT_EQ(List(stack, Czj("czj-wang")()).unread(), 2);

  // "All read" is per person too.
  v1::MarkNoticesReadRequest all;
  all.set_all(true);
  ASSERT_TRUE(stack.tracker().MarkNoticesRead(Czj("czj-wang")().get(), all, &marked).ok());
  EXPECT_EQ(marked.marked(), 2);
  EXPECT_EQ(List(stack, Czj("czj-wang")(), true).notices_size(), 0);
  EXPECT_EQ(List(stack, Czj("czj-li")(), true).unread(), 1);
  EXPECT_EQ(List(stack, Manager()(), true).unread(), 3);
}

// Reads every stored notice straight from Redis.
std::vector<StoredNotice> StoredNotices(RedisConnection& redis) {
  std::vector<StoredNotice> notices;
  auto records = redis.Command({"HGETALL", keys::NoticeRecords()});
  EXPECT_TRUE(records.ok());
  for (size_t i = 0; i + 1 < records->size(); i += 2) {
    StoredNotice notice;
    EXPECT_TRUE(absl::SimpleAtoi(records->element(i).str(), &notice.id));
    EXPECT_TRUE(ParseNoticeRecord(records->element(i + 1).str(), &notice));
    notices.push_back(notice);
  }
  return notices;
}

// An outbox entry as the sweeper writes it: `department` names the agency and the unit, "xzf:czj"
// ("xzf:" for cases not yet in a unit; rules/department_key.h).
void WriteOutboxEntry(RedisConnection& redis, int partition, const std::string& kind,
                      const std::string& department, const std::string& due, const std::string& at,
                      const std::vector<std::string>& cases) {
  auto added = redis.Command({"XADD", keys::Notices(partition), "*", "kind", kind, "due_date", due,
                              "department", department, "notify", "department", "at", at, "count",
                              std::to_string(cases.size()), "cases", absl::StrJoin(cases, ",")});
  ASSERT_TRUE(added.ok());
  ASSERT_FALSE(added->is_error()) << added->str();
}

TEST(Notices, TrackersDeliveringAtOnceGiveEachNoticeOnce) {
  TestStack stack;
  stack.Start("tracker");  // one tracker process delivering, and two more in this process
  std::atomic<bool> stop = false;
  SystemClock clock;
  NoticeDeliveryOptions fast;
  fast.poll = absl::Milliseconds(1);
  std::thread second([&] { RunNoticeDelivery(stack.ServiceOptions(), clock, fast, stop); });
  std::thread third([&] { RunNoticeDelivery(stack.ServiceOptions(), clock, fast, stop); });

  // 16 partitions × 25 entries of 3 departments and 5 sweeps: 15 notices once merged.
  const std::vector<std::string> departments = {"xzf:czj", "xzf:jyj", "xzf:"};
  std::vector<std::string> ats;
  for (int sweep = 0; sweep < 5; ++sweep) {
    ats.push_back(FormatTimestamp(absl::Now() - absl::Minutes(10 - sweep)));
  }
  std::map<std::string, std::set<std::string>> expected;  // merge key → cases
  int sequence = 0;
  for (int round = 0; round < 25; ++round) {
    for (int partition = 0; partition < kPartitionCount; ++partition) {
      const std::string& department = departments[(round + partition) % 3];
      const std::string& at = ats[(round * 7 + partition) % 5];
      const std::string number = absl::StrFormat("2026-%06d", ++sequence);
      WriteOutboxEntry(stack.redis(), partition, "overdue", department, "2026-11-03", at, {number});
      expected[absl::StrCat("overdue|", department, "|2026-11-03|", at)].insert(number);
    }
    absl::SleepFor(absl::Milliseconds(3));
  }
  const absl::Time deadline = absl::Now() + absl::Seconds(15);
  int64_t delivered = 0;
  while (absl::Now() < deadline) {
    delivered = 0;
    for (const StoredNotice& notice : StoredNotices(stack.redis())) delivered += notice.count;
    if (delivered >= sequence) break;
    absl::SleepFor(absl::Milliseconds(20));
  }
  absl::SleepFor(absl::Milliseconds(300));  // anything applied twice would show by now
  stop = true;
  second.join();
  third.join();

  const std::vector<StoredNotice> notices = StoredNotices(stack.redis());
  ASSERT_EQ(notices.size(), expected.size());
  std::set<std::string> seen_keys;
  int64_t total = 0;
  for (const StoredNotice& notice : notices) {
    const std::string key =
        absl::StrCat(notice.kind, "|", notice.department, "|", notice.due_date, "|", notice.at);
    EXPECT_TRUE(seen_keys.insert(key).second) << "two notices for " << key;
    ASSERT_TRUE(expected.count(key)) << key;
    EXPECT_EQ(notice.count, static_cast<int64_t>(expected[key].size())) << key;
    EXPECT_EQ(std::set<std::string>(notice.case_numbers.begin(), notice.case_numbers.end()),
              expected[key])
        << key;
    total += notice.count;
  }
  EXPECT_EQ(total, sequence);
  // In the inboxes of the ladder: the managers have all 15, each department its 5.
  EXPECT_EQ(stack.redis().Command({"ZCARD", keys::NoticeInbox("managers:xzf")})->integer(), 15);
  EXPECT_EQ(stack.redis().Command({"ZCARD", keys::NoticeInbox("dept:xzf:czj")})->integer(), 5);
  EXPECT_EQ(stack.redis().Command({"ZCARD", keys::NoticeInbox("dispatch:xzf")})->integer(), 5);
}

TEST(Notices, WatchStreamsANoticeDeliveredAfterTheWatchStartedAndEndsCleanly) {
  TestStack stack;
  stack.Start("intake");
  stack.Start("tracker", {"--sweep_interval_ms=50"});
  auto context = TestStack::As("m1", "manager");
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto reader = stack.tracker().WatchNotices(context.get(), v1::WatchNoticesRequest());
  reader->WaitForInitialMetadata();  // the watch is in place

  const std::string number = RegisterReceived(stack, "watch-notice-1", kNobody, 60).case_number();
  std::future<v1::Notice> streamed = std::async(std::launch::async, [&] {
    v1::Notice notice;
    while (reader->Read(&notice)) {
      if (Cases(notice).count(number)) return notice;
    }
    return v1::Notice();
  });
  ASSERT_EQ(streamed.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  const v1::Notice notice = streamed.get();
  EXPECT_EQ(notice.kind(), "overdue");
  EXPECT_EQ(notice.department(), "");
  EXPECT_EQ(notice.department_name(), "待分办");
  EXPECT_EQ(notice.count(), 1);
  EXPECT_EQ(notice.title(),
            absl::StrCat("1件申请已超过答复期限（应于", InChinese(notice.due_date()), "前答复）"));
  EXPECT_FALSE(notice.read());
  // The client cancels: the call ends at once.
  context->TryCancel();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);

  // A watch resuming after an id ("0": from the first) is sent what came after it first.
  auto resumed_context = TestStack::As("d1", "dispatcher");
  v1::WatchNoticesRequest resume;
  resume.set_after_id("0");
  auto resumed = stack.tracker().WatchNotices(resumed_context.get(), resume);
  v1::Notice first;
  ASSERT_TRUE(resumed->Read(&first));
  EXPECT_EQ(first.id(), notice.id()) << "the dispatcher's first notice: " << first.DebugString();
  resumed_context->TryCancel();
  resumed->Finish();

  // The tracker stops: a watch ends with UNAVAILABLE at once, not after the grace period.
  auto last_context = TestStack::As("m1", "manager");
  last_context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto last = stack.tracker().WatchNotices(last_context.get(), v1::WatchNoticesRequest());
  last->WaitForInitialMetadata();
  const absl::Time stopping = absl::Now();
  std::future<int> stopped =
      std::async(std::launch::async, [&] { return stack.Stop("tracker", SIGTERM); });
  v1::Notice none;
  while (last->Read(&none)) {
  }
  const grpc::Status ended = last->Finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAVAILABLE) << ended.error_message();
  const int exit_status = stopped.get();
  EXPECT_TRUE(WIFEXITED(exit_status) && WEXITSTATUS(exit_status) == 0) << exit_status;
  EXPECT_LT(absl::Now() - stopping, absl::Seconds(3));
}

TEST(Notices, AWatchSurvivesALostSubscriptionAndMissesNothing) {
  TestStack stack;
  stack.Start("intake");
  stack.Start("tracker", {"--sweep_interval_ms=50"});
  auto context = TestStack::As("d1", "dispatcher");
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(40));
  auto reader = stack.tracker().WatchNotices(context.get(), v1::WatchNoticesRequest());
  reader->WaitForInitialMetadata();

  stack.KillRedis(SIGKILL);
  absl::SleepFor(absl::Milliseconds(500));
  stack.StartRedis();
  // Registration retries while the services reconnect.
  std::string number;
  for (int attempt = 0; attempt < 100 && number.empty(); ++attempt) {
    v1::RegisterRequest request = SampleRegistration("watch-lost-1", kNobody);
    request.mutable_request()->set_received_date(FormatDay(Today() - 60));
    v1::RegisterResponse response;
    if (stack.intake().Register(TestStack::As("w1", "clerk").get(), request, &response).ok()) {
      number = response.case_().case_number();
    } else {
      absl::SleepFor(absl::Milliseconds(100));
    }
  }
  ASSERT_FALSE(number.empty());
  std::future<bool> streamed = std::async(std::launch::async, [&] {
    v1::Notice notice;
    while (reader->Read(&notice)) {
      if (Cases(notice).count(number)) return true;
    }
    return false;
  });
  ASSERT_EQ(streamed.wait_for(std::chrono::seconds(15)), std::future_status::ready);
  EXPECT_TRUE(streamed.get());
  context->TryCancel();
  reader->Finish();
}

TEST(Notices, RefusesBadInputNamingTheFieldAndChangesNothing) {
  TestStack stack;
  stack.Start("tracker");
  struct BadList {
    int page_size;
    std::string page_token;
    std::string field;
  };
  for (const BadList& bad : {BadList{-1, "", "page_size"}, BadList{101, "", "page_size"},
                             BadList{10, "abc", "page_token"}, BadList{10, "-5", "page_token"},
                             BadList{10, "0", "page_token"}}) {
    v1::ListNoticesRequest request;
    request.set_page_size(bad.page_size);
    request.set_page_token(bad.page_token);
    v1::ListNoticesResponse response;
    grpc::Status status = stack.tracker().ListNotices(Manager()().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad.field;
    EXPECT_TRUE(absl::StrContains(status.error_message(), absl::StrCat("`", bad.field, "`")))
        << status.error_message();
  }

  struct BadMark {
    std::vector<std::string> ids;
    bool all;
    std::string field;
  };
  std::vector<std::string> too_many(501, "7");
  for (const BadMark& bad :
       {BadMark{{}, false, "ids"}, BadMark{{"3"}, true, "ids"}, BadMark{too_many, false, "ids"},
        BadMark{{"12", "x1"}, false, "ids[1]"}, BadMark{{"-3"}, false, "ids[0]"},
        BadMark{{"0012"}, false, "ids[0]"}, BadMark{{"1234567890123456"}, false, "ids[0]"},
        BadMark{{""}, false, "ids[0]"}}) {
    v1::MarkNoticesReadRequest request;
    for (const std::string& id : bad.ids) request.add_ids(id);
    request.set_all(bad.all);
    v1::MarkNoticesReadResponse response;
    grpc::Status status = stack.tracker().MarkNoticesRead(Manager()().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad.field;
    EXPECT_TRUE(absl::StrContains(status.error_message(), absl::StrCat("`", bad.field, "`")))
        << status.error_message();
  }
  // An id of the right form that is no notice of the caller's is not found.
  v1::MarkNoticesReadRequest unknown;
  unknown.add_ids("999");
  v1::MarkNoticesReadResponse response;
  EXPECT_EQ(stack.tracker().MarkNoticesRead(Manager()().get(), unknown, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);

  for (const char* after : {"abc", "-1", "01"}) {
    auto context = TestStack::As("m1", "manager");
    v1::WatchNoticesRequest request;
    request.set_after_id(after);
    auto reader = stack.tracker().WatchNotices(context.get(), request);
    v1::Notice notice;
    EXPECT_FALSE(reader->Read(&notice));
    const grpc::Status status = reader->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << after;
    EXPECT_TRUE(absl::StrContains(status.error_message(), "`after_id`")) << status.error_message();
  }
  // Nothing was written for anyone.
  EXPECT_TRUE(stack.redis().Command({"HGET", keys::NoticeReadAll(), "m1"})->is_nil());
  EXPECT_EQ(stack.redis().Command({"EXISTS", keys::NoticeReadMarks("m1")})->integer(), 0);
}

TEST(Notices, RetentionDropsOldNoticesWithTheirReadMarksAndCaseListsAreBounded) {
  TestStack stack;  // Redis only: the store, driven with chosen moments
  RedisConnection redis(stack.ServiceOptions());
  NoticeStore store(redis);
  const absl::Time now = absl::Now();
  std::vector<std::string> many;
  for (int i = 150; i >= 1; --i) many.push_back(absl::StrFormat("2026-%06d", i));
  WriteOutboxEntry(stack.redis(), 3, "overdue", "xzf:czj", "2026-11-03",
                   FormatTimestamp(now - absl::Hours(24 * 80)), many);
  WriteOutboxEntry(stack.redis(), 4, "due_soon_5", "xzf:czj", "2026-11-20",
                   FormatTimestamp(now - absl::Hours(1)), {"2026-000200"});
  // Older than the retention already: passed over, never delivered.
  WriteOutboxEntry(stack.redis(), 5, "overdue", "xzf:czj", "2026-08-03",
                   FormatTimestamp(now - absl::Hours(24 * 91)), {"2026-000300"});
  // Malformed: passed over without blocking the partition.
  WriteOutboxEntry(stack.redis(), 5, "late", "xzf:czj", "2026-11-03", FormatTimestamp(now),
                   {"2026-000301"});
  WriteOutboxEntry(stack.redis(), 5, "due_soon_1", "xzf:czj", "2026-11-20", FormatTimestamp(now),
                   {"2026-000302"});
  absl::StatusOr<DeliveryResult> delivered = store.DeliverOnce(now);
  ASSERT_TRUE(delivered.ok()) << delivered.status();
  EXPECT_EQ(delivered->entries, 5);
  EXPECT_EQ(delivered->created, 3);
  EXPECT_EQ(delivered->skipped, 2);
  // A second pass finds nothing new.
  EXPECT_EQ(store.DeliverOnce(now)->entries, 0);

  absl::StatusOr<NoticePage> page = store.List("czj-li", {"dept:xzf:czj"}, false, 0, 10);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->notices.size(), 3u);
  const StoredNotice& old = page->notices.back();
  EXPECT_EQ(old.count, 150);
  ASSERT_EQ(old.case_numbers.size(), static_cast<size_t>(kMaxListedCases));
  EXPECT_EQ(old.case_numbers.front(), "2026-000001");
  EXPECT_EQ(old.case_numbers.back(), "2026-000100");
  ASSERT_TRUE(store.MarkRead("czj-li", {"dept:xzf:czj"}, {old.id, page->notices[0].id}).ok());

  // Eleven days on, the 80-day-old notice is past 90 days: it goes, with its read mark.
  absl::StatusOr<int> dropped = store.ApplyRetention(now + absl::Hours(24 * 11));
  ASSERT_TRUE(dropped.ok()) << dropped.status();
  EXPECT_EQ(*dropped, 1);
  page = store.List("czj-li", {"dept:xzf:czj"}, false, 0, 10);
  ASSERT_EQ(page->notices.size(), 2u);
  EXPECT_EQ(page->unread, 1);
  auto marks = stack.redis().Command({"ZRANGE", keys::NoticeReadMarks("czj-li"), "0", "-1"});
  ASSERT_EQ(marks->size(), 1u);
  EXPECT_EQ(marks->element(0).str(), std::to_string(page->notices[0].id));
  EXPECT_TRUE(
      stack.redis().Command({"HGET", keys::NoticeRecords(), std::to_string(old.id)})->is_nil());
  EXPECT_EQ(*store.ApplyRetention(now + absl::Hours(24 * 11)), 0);

  // The outboxes are trimmed behind the cursors once the grace period has passed.
  ASSERT_TRUE(store.TrimOutboxes(now + kOutboxGrace + absl::Minutes(1)).ok());
  for (int partition : {3, 4}) {
    EXPECT_LE(stack.redis().Command({"XLEN", keys::Notices(partition)})->integer(), 1);
  }
}

// Puts `count` overdue notices of cases not yet in a department (the dispatchers' and the
// managers') into the inboxes through the store, each its own notice (another `at`), the way the
// delivery of a running tracker would; returns once all are delivered, whoever delivered them.
void DeliverUnassignedNotices(TestStack& stack, int count, int first_case = 1) {
  const int64_t before =
      stack.redis().Command({"ZCARD", keys::NoticeInbox("dispatch:xzf")})->integer();
  const absl::Time now = absl::Now();
  for (int i = 0; i < count; ++i) {
    WriteOutboxEntry(stack.redis(), i % kPartitionCount, "overdue", "xzf:", "2026-11-03",
                     FormatTimestamp(now - absl::Seconds(count - i)),
                     {absl::StrFormat("2026-%06d", first_case + i)});
  }
  RedisConnection redis(stack.ServiceOptions());
  NoticeStore store(redis);
  const absl::Time deadline = absl::Now() + absl::Seconds(15);
  while (absl::Now() < deadline &&
         stack.redis().Command({"ZCARD", keys::NoticeInbox("dispatch:xzf")})->integer() <
             before + count) {
    (void)store.DeliverOnce(absl::Now());  // ABORTED when a tracker delivered first: read again
  }
  ASSERT_EQ(stack.redis().Command({"ZCARD", keys::NoticeInbox("dispatch:xzf")})->integer(),
            before + count);
}

// What a watch streams within `wait`; then the client cancels it. The call's final status goes
// to `*ended` when given.
std::vector<v1::Notice> ReadFor(grpc::ClientContext& context,
                                grpc::ClientReader<v1::Notice>& reader, absl::Duration wait,
                                grpc::Status* ended = nullptr) {
  std::mutex mutex;
  std::vector<v1::Notice> read;
  std::thread reading([&] {
    v1::Notice notice;
    while (reader.Read(&notice)) {
      std::lock_guard<std::mutex> lock(mutex);
      read.push_back(notice);
    }
  });
  absl::SleepFor(wait);
  context.TryCancel();
  reading.join();
  const grpc::Status status = reader.Finish();
  if (ended != nullptr) *ended = status;
  return read;
}

TEST(Notices, AWatchFromTheFirstReceivesEveryKeptNoticeInOrderThenNewOnes) {
  TestStack stack;
  stack.Start("tracker");
  // More than a watch queues at once (NoticeWatch::kMaxQueued).
  constexpr int kKept = 600;
  static_assert(kKept > static_cast<int>(NoticeWatch::kMaxQueued));
  DeliverUnassignedNotices(stack, kKept);

  auto context = TestStack::As("m1", "manager");
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  v1::WatchNoticesRequest request;
  request.set_after_id("0");
  auto reader = stack.tracker().WatchNotices(context.get(), request);
  // A client that starts reading late is sent the rest as it reads, not ended.
  absl::SleepFor(absl::Milliseconds(500));
  std::vector<int64_t> ids;
  v1::Notice notice;
  while (static_cast<int>(ids.size()) < kKept && reader->Read(&notice)) {
    ids.push_back(std::stoll(notice.id()));
  }
  ASSERT_EQ(ids.size(), static_cast<size_t>(kKept));
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()).size(), ids.size());

  // Then what is delivered from now on.
  DeliverUnassignedNotices(stack, 1, /*first_case=*/kKept + 1);
  ASSERT_TRUE(reader->Read(&notice));
  EXPECT_GT(std::stoll(notice.id()), ids.back());
  EXPECT_EQ(notice.case_numbers(0), absl::StrFormat("2026-%06d", kKept + 1));
  context->TryCancel();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST(Notices, AWatchRefusedWhileItsClientLeavesEndsNoOtherWatch) {
  TestStack stack;
  stack.Start("tracker");
  // A refusal is recorded in Redis before the call ends; with writes held back, the refused
  // watches' clients leave while their refusals wait, and new watches are made meanwhile (in the
  // memory the refused ones had).
  ASSERT_FALSE(stack.redis().Command({"CLIENT", "PAUSE", "1500", "WRITE"})->is_error());
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::ClientReader<v1::Notice>>> readers;
  for (int round = 0; round < 8; ++round) {
    for (int i = 0; i < 4; ++i) {
      auto refused = TestStack::WithToken(TestToken("svc-x", {"service"}));
      auto call = stack.tracker().WatchNotices(refused.get(), v1::WatchNoticesRequest());
      absl::SleepFor(absl::Milliseconds(10));
      refused->TryCancel();
      call->Finish();
    }
    for (int i = 0; i < 4; ++i) {
      contexts.push_back(TestStack::As(absl::StrCat("m", round, i), "manager"));
      contexts.back()->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
      readers.push_back(
          stack.tracker().WatchNotices(contexts.back().get(), v1::WatchNoticesRequest()));
      readers.back()->WaitForInitialMetadata();
    }
  }
  // The refusals are recorded and their calls' work ends; the admitted watches go on.
  absl::SleepFor(absl::Milliseconds(2500));
  for (size_t i = 0; i < readers.size(); ++i) {
    grpc::Status ended;
    ReadFor(*contexts[i], *readers[i], absl::ZeroDuration(), &ended);
    EXPECT_EQ(ended.error_code(), grpc::StatusCode::CANCELLED)
        << i << ": " << ended.error_message();
  }
  EXPECT_EQ(stack.redis().Command({"XLEN", keys::Denied()})->integer(), 32);

  // The tracker stops while a refusal waits for Redis: the refusal is recorded and answered, and
  // the tracker exits cleanly.
  ASSERT_FALSE(stack.redis().Command({"CLIENT", "PAUSE", "1000", "WRITE"})->is_error());
  auto refused = TestStack::WithToken(TestToken("svc-y", {"service"}));
  auto call = stack.tracker().WatchNotices(refused.get(), v1::WatchNoticesRequest());
  absl::SleepFor(absl::Milliseconds(100));
  std::future<int> stopped =
      std::async(std::launch::async, [&] { return stack.Stop("tracker", SIGTERM); });
  v1::Notice none;
  EXPECT_FALSE(call->Read(&none));
  EXPECT_EQ(call->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  const int exit_status = stopped.get();
  EXPECT_TRUE(WIFEXITED(exit_status) && WEXITSTATUS(exit_status) == 0) << exit_status;
  EXPECT_EQ(stack.redis().Command({"XLEN", keys::Denied()})->integer(), 33);
}

TEST(Notices, AWatchNeverReceivesAnotherPersonsNotices) {
  TestStack stack;
  stack.Start("tracker");
  // A steady flow of the dispatchers' notices, each announced, loaded and handed to their
  // watchers while the hub holds no lock.
  std::atomic<bool> stop = false;
  std::thread flow([&] {
    RedisConnection redis(stack.OperatorOptions());
    for (int i = 1; !stop.load(); ++i) {
      WriteOutboxEntry(redis, i % kPartitionCount, "overdue", "xzf:", "2026-11-03",
                       FormatTimestamp(absl::Now() - absl::Milliseconds(i)),
                       {absl::StrFormat("2026-%06d", i)});
      if (i % 5 == 0) absl::SleepFor(absl::Milliseconds(5));
    }
  });
  // Dispatchers' watches end while notices are handed out, and at once czj officers' watches
  // begin, often where the ended ones were in memory: they get none of the dispatchers'.
  std::atomic<int> foreign = 0, watched = 0;
  std::vector<std::thread> clients;
  for (int client = 0; client < 4; ++client) {
    clients.emplace_back([&, client] {
      for (int round = 0; round < 25; ++round) {
        auto leaving = TestStack::As(absl::StrCat("d", client), "dispatcher");
        leaving->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        auto left = stack.tracker().WatchNotices(leaving.get(), v1::WatchNoticesRequest());
        left->WaitForInitialMetadata();
        watched +=
            static_cast<int>(ReadFor(*leaving, *left, absl::Milliseconds(round % 5 * 10)).size());
        auto context = TestStack::As(absl::StrCat("czj-", client), "officer", "czj");
        context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        auto reader = stack.tracker().WatchNotices(context.get(), v1::WatchNoticesRequest());
        for (const v1::Notice& notice : ReadFor(*context, *reader, absl::Milliseconds(60))) {
          ADD_FAILURE() << "a czj officer was sent " << notice.DebugString();
          ++foreign;
        }
      }
    });
  }
  for (std::thread& client : clients) client.join();
  stop = true;
  flow.join();
  EXPECT_EQ(foreign.load(), 0);
  EXPECT_GT(watched.load(), 0);  // the dispatchers' watches did receive theirs
}

// The notices of `response` that list `number`.
std::vector<v1::Notice> Listing(const v1::ListNoticesResponse& response,
                                const std::string& number) {
  std::vector<v1::Notice> found;
  for (const v1::Notice& notice : response.notices()) {
    if (Cases(notice).count(number)) found.push_back(notice);
  }
  return found;
}

TEST(Notices, AnOverdueCaseMovedOnIsNewsToWhoHoldsItNotAgainToTheManagers) {
  TestStack stack;
  stack.Start("intake");
  stack.Start("routing");
  const std::string number = RegisterReceived(stack, "notice-moved-1", kCzj, 60).case_number();
  WaitForState(stack, number, v1::CASE_STATE_ASSIGNED);
  stack.Start("tracker");  // delivers; the sweeps run here, as the sweeper's would
  const SweeperOptions sweeps;
  auto sweep = [&] {
    absl::StatusOr<SweepResult> swept =
        SweepOnce(stack.redis(), ShippedCalendar(), absl::Now(), sweeps);
    ASSERT_TRUE(swept.ok()) << swept.status();
  };
  auto lists = [&](const Who& who) {
    return [&stack, who, &number](int notices) {
      return ListUntil(stack, who, [&](const v1::ListNoticesResponse& r) {
        return static_cast<int>(Listing(r, number).size()) >= notices;
      });
    };
  };

  // Overdue in czj: its officers and the managers are told.
  sweep();
  const auto czj = Listing(lists(Czj())(1), number);
  ASSERT_EQ(czj.size(), 1u);
  EXPECT_FALSE(czj[0].moved());
  const auto first = Listing(lists(Manager())(1), number);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_FALSE(first[0].moved());

  // Handed back: the dispatchers now hold it, and are told.
  HandBack(stack, number, "czj", "此项信息由县人社局制作");
  sweep();
  const auto dispatch = Listing(lists(Dispatcher())(1), number);
  ASSERT_EQ(dispatch.size(), 1u);
  EXPECT_TRUE(dispatch[0].moved());
  EXPECT_EQ(dispatch[0].department_name(), "待分办");

  // Assigned to rsj: its officers are told.
  Assign(stack, number, "rsj");
  sweep();
  const auto rsj = Listing(lists(Person("rsj-li", "officer", "rsj"))(1), number);
  ASSERT_EQ(rsj.size(), 1u);
  EXPECT_TRUE(rsj[0].moved());
  EXPECT_EQ(rsj[0].kind(), "overdue");
  EXPECT_EQ(rsj[0].title(),
            absl::StrCat("1件申请已超过答复期限（应于", InChinese(rsj[0].due_date()), "前答复）"));

  // The managers heard of it once, when it first went overdue.
  sweep();
  absl::SleepFor(absl::Milliseconds(500));  // a delivery of anything more would show by now
  const auto managers = Listing(List(stack, Manager()()), number);
  ASSERT_EQ(managers.size(), 1u);
  EXPECT_EQ(managers[0].id(), first[0].id());
  EXPECT_EQ(stack.redis().Command({"ZCARD", keys::NoticeInbox("managers:xzf")})->integer(), 1);
  // czj keeps what it was told; nobody else was told of it.
  EXPECT_EQ(Listing(List(stack, Czj()()), number).size(), 1u);
  EXPECT_EQ(Listing(List(stack, Jyj()()), number).size(), 0u);
}

TEST(Notices, AMovedEntryNeverMergesWithAFirstOne) {
  TestStack stack;  // Redis only: the store, fed the sweeper's entries
  RedisConnection redis(stack.ServiceOptions());
  NoticeStore store(redis);
  const std::string at = FormatTimestamp(absl::Now());
  // One pass of the sweeper over two partitions: rsj's own overdue case, and a case moved to rsj
  // (entry field `moved`), same due date; and an entry of an older sweeper, without the field.
  auto add = [&](int partition, const std::string& number, const char* moved) {
    std::vector<std::string> command = {"XADD",
                                        keys::Notices(partition),
                                        "*",
                                        "kind",
                                        "overdue",
                                        "due_date",
                                        "2026-11-03",
                                        "department",
                                        "xzf:rsj",
                                        "notify",
                                        "department,managers",
                                        "at",
                                        at,
                                        "count",
                                        "1",
                                        "cases",
                                        number};
    if (moved != nullptr) command.insert(command.end(), {"moved", moved});
    ASSERT_FALSE(stack.redis()
                     .Command(std::vector<absl::string_view>(command.begin(), command.end()))
                     ->is_error());
  };
  add(1, "2026-000001", "0");
  add(2, "2026-000002", "1");
  add(3, "2026-000003", nullptr);
  add(4, "2026-000004", "yes");  // malformed: passed over
  absl::StatusOr<DeliveryResult> delivered = store.DeliverOnce(absl::Now());
  ASSERT_TRUE(delivered.ok()) << delivered.status();
  EXPECT_EQ(delivered->created, 2);
  EXPECT_EQ(delivered->merged, 1);
  EXPECT_EQ(delivered->skipped, 1);

  absl::StatusOr<NoticePage> rsj = store.List("rsj-li", {"dept:xzf:rsj"}, false, 0, 10);
  ASSERT_TRUE(rsj.ok()) << rsj.status();
  ASSERT_EQ(rsj->notices.size(), 2u);
  const StoredNotice& moved = rsj->notices[0].moved ? rsj->notices[0] : rsj->notices[1];
  const StoredNotice& first = rsj->notices[0].moved ? rsj->notices[1] : rsj->notices[0];
  EXPECT_TRUE(moved.moved);
  EXPECT_EQ(moved.case_numbers, std::vector<std::string>({"2026-000002"}));
  EXPECT_EQ(moved.audiences, std::vector<std::string>({"dept:xzf:rsj"}));
  EXPECT_FALSE(first.moved);
  EXPECT_EQ(first.case_numbers, std::vector<std::string>({"2026-000001", "2026-000003"}));
  EXPECT_EQ(first.audiences, std::vector<std::string>({"dept:xzf:rsj", "managers:xzf"}));
  // The managers see the first notices only.
  absl::StatusOr<NoticePage> managers = store.List("m1", {"managers:xzf"}, false, 0, 10);
  ASSERT_EQ(managers->notices.size(), 1u);
  EXPECT_EQ(managers->notices[0].id, first.id);

  // Both go with the retention, merge keys included: the same entries later make new notices.
  ASSERT_EQ(*store.ApplyRetention(absl::Now() + kNoticeRetention + absl::Hours(1)), 2);
  EXPECT_EQ(stack.redis().Command({"HLEN", keys::NoticeMergeKeys()})->integer(), 0);
}

TEST(Notices, AListTellsWhereAWatchFollowingItStarts) {
  TestStack stack;
  stack.Start("tracker");
  // Nothing yet: a watch following the empty list starts from the first notice kept, so that one
  // delivered in between is streamed.
  const auto empty = List(stack, Dispatcher()());
  EXPECT_EQ(empty.notices_size(), 0);
  EXPECT_EQ(empty.newest_id(), "0");
  DeliverUnassignedNotices(stack, 1, /*first_case=*/1);
  auto watch_from = [&](const std::string& after) {
    auto context = TestStack::As("d1", "dispatcher");
    v1::WatchNoticesRequest request;
    request.set_after_id(after);
    auto reader = stack.tracker().WatchNotices(context.get(), request);
    v1::Notice notice;
    EXPECT_TRUE(reader->Read(&notice));
    context->TryCancel();
    reader->Finish();
    return notice;
  };
  const v1::Notice first = watch_from(empty.newest_id());
  EXPECT_EQ(first.case_numbers(0), "2026-000001");

  // Everything read: the unread list is empty, yet names the newest, and a watch from it is sent
  // only what is newer (not the read ones again).
  v1::MarkNoticesReadRequest all;
  all.set_all(true);
  v1::MarkNoticesReadResponse marked;
  ASSERT_TRUE(stack.tracker().MarkNoticesRead(Dispatcher()().get(), all, &marked).ok());
  const auto unread = List(stack, Dispatcher()(), /*unread_only=*/true);
  EXPECT_EQ(unread.notices_size(), 0);
  EXPECT_EQ(unread.newest_id(), first.id());
  DeliverUnassignedNotices(stack, 1, /*first_case=*/2);
  const v1::Notice second = watch_from(unread.newest_id());
  EXPECT_EQ(second.case_numbers(0), "2026-000002");
  EXPECT_FALSE(second.read());
  // Another person's newest is their own.
  EXPECT_EQ(List(stack, Czj()()).newest_id(), "0");
}

// One of 县教育局's (agency jyj's) staff, with a token as Login would sign it.
Who OfJyj(const std::string& user, const std::string& role, const std::string& department = "") {
  return [=] {
    return TestStack::WithToken(
        StaffToken(TestTokenKeys(), user, {role}, department, absl::Hours(1), "jyj"));
  };
}

// The single notice of `response` (failing the test when there is not exactly one).
v1::Notice OnlyNotice(const v1::ListNoticesResponse& response) {
  EXPECT_EQ(response.notices_size(), 1) << response.DebugString();
  return response.notices_size() > 0 ? response.notices(0) : v1::Notice();
}

TEST(Notices, TwoAgenciesRemindersStayApart) {
  TestStack stack;
  stack.Start("intake");
  stack.Start("routing");
  // An overdue case of the county government (xzf), routed to its unit czj; and one the window
  // registered for 县教育局 (jyj), routed among jyj's own units by its keywords (学校, 招生: jck).
  const std::string xzf_late = RegisterReceived(stack, "agencies-xzf-1", kCzj, 60).case_number();
  v1::RegisterRequest request = SampleRegistration("agencies-jyj-1", kJyj);
  request.set_agency("jyj");
  request.mutable_request()->set_received_date(FormatDay(Today() - 60));
  const v1::Case jyj_registered = Register(stack, request, "w1");
  EXPECT_EQ(jyj_registered.agency(), "jyj");
  const std::string jyj_late = jyj_registered.case_number();
  ASSERT_FALSE(jyj_late.empty());
  EXPECT_EQ(WaitForState(stack, xzf_late, v1::CASE_STATE_ASSIGNED).department(), "czj");
  // jyj's case, as jyj's manager sees it (the county government's staff do not).
  v1::GetCaseRequest get;
  get.set_case_number(jyj_late);
  v1::Case jyj_case;
  for (const absl::Time deadline = absl::Now() + absl::Seconds(10);
       absl::Now() < deadline && jyj_case.state() != v1::CASE_STATE_ASSIGNED;) {
    jyj_case.Clear();
    (void)stack.intake().GetCase(OfJyj("jyj-m1", "manager")().get(), get, &jyj_case);
    absl::SleepFor(absl::Milliseconds(10));
  }
  ASSERT_EQ(jyj_case.state(), v1::CASE_STATE_ASSIGNED) << jyj_case.DebugString();
  EXPECT_EQ(jyj_case.agency(), "jyj");
  EXPECT_EQ(jyj_case.department(), "jck");
  stack.Start("tracker", {"--sweep_interval_ms=50"});

  // Each agency's managers are told of their own agency's overdue case.
  const auto has_one = [](const v1::ListNoticesResponse& r) { return r.notices_size() >= 1; };
  ListUntil(stack, OfJyj("jyj-m1", "manager"), has_one);
  ListUntil(stack, Manager(), has_one);
  absl::SleepFor(absl::Milliseconds(500));  // anything delivered to the wrong side shows by now

  const v1::Notice xzf = OnlyNotice(List(stack, Manager()()));
  EXPECT_EQ(xzf.kind(), "overdue");
  EXPECT_EQ(xzf.agency(), "xzf");
  EXPECT_EQ(xzf.department(), "czj");
  EXPECT_EQ(xzf.department_name(), "县财政局");
  EXPECT_EQ(Cases(xzf), (std::set<std::string>{xzf_late}));
  const v1::Notice jyj = OnlyNotice(List(stack, OfJyj("jyj-m1", "manager")()));
  EXPECT_EQ(jyj.kind(), "overdue");
  EXPECT_EQ(jyj.agency(), "jyj");
  EXPECT_EQ(jyj.department(), "jck");
  EXPECT_EQ(jyj.department_name(), "基础教育股");
  EXPECT_EQ(Cases(jyj), (std::set<std::string>{jyj_late}));
  EXPECT_NE(xzf.id(), jyj.id());

  // The officers: xzf's czj officer has xzf's notice, jyj's jck officer jyj's; the county
  // government's own unit named jyj (县教育局 as its 承办) is no part of agency jyj and has none.
  EXPECT_EQ(OnlyNotice(List(stack, Czj()())).id(), xzf.id());
  EXPECT_EQ(OnlyNotice(List(stack, OfJyj("jck-li", "officer", "jck")())).id(), jyj.id());
  EXPECT_EQ(List(stack, Jyj()()).notices_size(), 0);
  // No case waits for a dispatcher, of either agency.
  EXPECT_EQ(List(stack, Dispatcher()()).notices_size(), 0);
  EXPECT_EQ(List(stack, OfJyj("jyj-d1", "dispatcher")()).notices_size(), 0);

  // In Redis: one notice in each agency's inboxes, none in the other's.
  auto inbox = [&](const std::string& audience) {
    return stack.redis().Command({"ZCARD", keys::NoticeInbox(audience)})->integer();
  };
  EXPECT_EQ(inbox("managers:xzf"), 1);
  EXPECT_EQ(inbox("dept:xzf:czj"), 1);
  EXPECT_EQ(inbox("managers:jyj"), 1);
  EXPECT_EQ(inbox("dept:jyj:jck"), 1);
  EXPECT_EQ(inbox("dept:xzf:jyj"), 0);
  EXPECT_EQ(inbox("dispatch:xzf"), 0);
  EXPECT_EQ(inbox("dispatch:jyj"), 0);

  // The other agency's notice is not found by id, and nothing is marked.
  v1::MarkNoticesReadRequest foreign;
  foreign.add_ids(xzf.id());
  v1::MarkNoticesReadResponse marked;
  const grpc::Status status =
      stack.tracker().MarkNoticesRead(OfJyj("jyj-m1", "manager")().get(), foreign, &marked);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_EQ(List(stack, OfJyj("jyj-m1", "manager")()).unread(), 1);

  // A watch from the first kept notice streams the watcher's agency's only.
  auto context = OfJyj("jyj-m1", "manager")();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::WatchNoticesRequest from_first;
  from_first.set_after_id("0");
  auto reader = stack.tracker().WatchNotices(context.get(), from_first);
  const std::vector<v1::Notice> streamed = ReadFor(*context, *reader, absl::Milliseconds(500));
  ASSERT_EQ(streamed.size(), 1u);
  EXPECT_EQ(streamed[0].id(), jyj.id());
  EXPECT_EQ(streamed[0].agency(), "jyj");
}

// Keeps the cursor of partition 0 moving, as a tracker delivering without pause would.
class MovingCursor {
 public:
  explicit MovingCursor(TestStack& stack)
      : redis_(stack.OperatorOptions()), thread_([this] {
          for (int step = 1; !stop_.load(); ++step) {
            (void)redis_.Command({"HSET", keys::NoticeCursors(), "p00", absl::StrCat("0-", step)});
          }
        }) {}
  ~MovingCursor() {
    stop_ = true;
    thread_.join();
  }

 private:
  RedisConnection redis_;
  std::atomic<bool> stop_ = false;
  std::thread thread_;
};

TEST(Notices, DeliveryLosingRacesToAnotherTrackerIsNoOutage) {
  TestStack stack;  // Redis only: the delivery runs here
  std::ostringstream logged;
  auto previous = spdlog::default_logger();
  auto capture = std::make_shared<spdlog::logger>(
      "test", std::make_shared<spdlog::sinks::ostream_sink_mt>(logged));
  capture->set_pattern("level=%l %v");
  spdlog::set_default_logger(capture);
  WriteOutboxEntry(stack.redis(), 0, "overdue", "xzf:czj", "2026-11-03",
                   FormatTimestamp(absl::Now()), {"2026-000016"});
  std::atomic<bool> stop = false;
  SystemClock clock;
  NoticeDeliveryOptions fast;
  fast.poll = absl::Milliseconds(5);
  std::thread delivering([&] { RunNoticeDelivery(stack.ServiceOptions(), clock, fast, stop); });
  {
    // Every pass finds the cursor moved since it was read: ABORTED, again and again.
    MovingCursor moving(stack);
    absl::SleepFor(absl::Milliseconds(1500));
  }
  // Once the other side rests, the entry is delivered within a few polls.
  const absl::Time moved_on = absl::Now();
  while (absl::Now() - moved_on < absl::Seconds(5) &&
         stack.redis().Command({"ZCARD", keys::NoticeInbox("dept:xzf:czj")})->integer() == 0) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  const absl::Duration took = absl::Now() - moved_on;
  stop = true;
  delivering.join();
  spdlog::set_default_logger(previous);
  EXPECT_EQ(stack.redis().Command({"ZCARD", keys::NoticeInbox("dept:xzf:czj")})->integer(), 1);
  EXPECT_LT(took, absl::Milliseconds(300));
  EXPECT_FALSE(absl::StrContains(logged.str(), "notice_delivery_failed")) << logged.str();
  EXPECT_FALSE(absl::StrContains(logged.str(), "level=warning")) << logged.str();
}

}  // namespace
}  // namespace gongkai::testing
