// One platform for a whole county: each agency numbers, answers and reports its own cases, its
// staff see only them, a referral registers a request at the agency that holds the information,
// a published year's figures stay as published, and the county's office sees every agency.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "redis/keys.h"
#include "rules/annual_report.h"
#include "rules/case_number.h"
#include "sample_registration.h"
#include "staff.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

constexpr char kEducation[] = "jyj";  // 县教育局 in deploy/agencies.conf
constexpr char kOffice[] = "zfb";     // 县人民政府办公室: the county's disclosure office

v1::RegisterRequest RequestTo(const std::string& agency, const std::string& request_id,
                              const std::string& description) {
  v1::RegisterRequest request = SampleRegistration(request_id, description);
  request.set_agency(agency);
  return request;
}

std::unique_ptr<grpc::ClientContext> CountyManager() {
  return TestStack::AsOf(kOffice, "gk-office", "manager", "", /*county_wide=*/true);
}

class Agencies : public ::testing::Test {
 protected:
  void SetUp() override { stack_.StartAll(); }

  // Registers at the window, answered at once with `outcome` (closed on registration).
  v1::Case AnsweredOnTheSpot(const std::string& agency, const std::string& request_id,
                             v1::ApplicantType type, v1::Outcome outcome,
                             const std::string& responsible_agency = "") {
    v1::RegisterRequest request = RequestTo(agency, request_id, "县政府工作报告全文");
    request.mutable_applicant()->set_type(type);
    if (type != v1::APPLICANT_TYPE_NATURAL_PERSON) {
      request.mutable_applicant()->set_name("舒城县某某建材有限公司");
      request.mutable_applicant()->set_id_type(v1::ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE);
      request.mutable_applicant()->set_id_number("91341523MA2N0A1B2G");
    }
    request.mutable_on_the_spot()->set_outcome(outcome);
    request.mutable_on_the_spot()->set_text("详见答复");
    request.mutable_on_the_spot()->set_responsible_agency(responsible_agency);
    return Register(stack_, request, "w1");
  }

  v1::Case Get(const std::string& number) {
    v1::GetCaseRequest request;
    request.set_case_number(number);
    v1::Case found;
    grpc::Status status = stack_.intake().GetCase(CountyManager().get(), request, &found);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return found;
  }

  v1::AnnualReport Report(const std::string& agency, int year) {
    v1::AnnualReportRequest request;
    request.set_year(year);
    request.set_agency(agency);
    v1::AnnualReport report;
    grpc::Status status = stack_.report().GetAnnualReport(CountyManager().get(), request, &report);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return report;
  }

  TestStack stack_;
};

std::vector<int64_t> Row(const v1::AnnualReport& report, const std::string& key) {
  const v1::ReportRow* row = FindRow(report, key);
  if (row == nullptr) return {};
  return {row->values().begin(), row->values().end()};
}

TEST_F(Agencies, EachAgencyNumbersItsCasesFromOneEachYear) {
  const v1::Case first = Register(stack_, RequestTo("xzf", "agency-r1", "县财政预算"), "w1");
  const v1::Case education =
      Register(stack_, RequestTo(kEducation, "agency-r2", "2026年幼儿园收费标准"), "w1");
  const v1::Case second = Register(stack_, RequestTo("xzf", "agency-r3", "县财政决算"), "w1");
  const std::string year = std::to_string(Today().year());
  // The platform's numbers run on over the county; each agency's from one.
  EXPECT_EQ(first.case_number(), absl::StrCat(year, "-000001"));
  EXPECT_EQ(education.case_number(), absl::StrCat(year, "-000002"));
  EXPECT_EQ(second.case_number(), absl::StrCat(year, "-000003"));
  EXPECT_EQ(first.agency(), "xzf");
  EXPECT_EQ(education.agency(), kEducation);
  EXPECT_EQ(first.agency_sequence(), 1);
  EXPECT_EQ(education.agency_sequence(), 1);
  EXPECT_EQ(second.agency_sequence(), 2);
  EXPECT_EQ(AgencyNumberOf(education), absl::StrCat("〔", year, "〕第000001号"));

  // The receipt is the agency's own: its name and its number.
  v1::RegisterResponse response;
  v1::RegisterRequest again = RequestTo(kEducation, "agency-r2", "2026年幼儿园收费标准");
  again.mutable_request()->set_received_date(education.request().received_date());
  ASSERT_TRUE(stack_.intake().Register(TestStack::As("w1", "clerk").get(), again, &response).ok());
  EXPECT_TRUE(response.replayed());
  EXPECT_TRUE(absl::StrContains(response.receipt(), "\n县教育局\n")) << response.receipt();
  EXPECT_TRUE(absl::StrContains(response.receipt(), absl::StrCat("〔", year, "〕第000001号")))
      << response.receipt();

  // Routed among the education bureau's own units (学前教育股: 幼儿园).
  const v1::Case routed = WaitForState(stack_, education.case_number(), v1::CASE_STATE_ASSIGNED);
  EXPECT_EQ(routed.department(), "xqjy");
}

TEST_F(Agencies, StaffSeeOnlyTheirOwnAgencysCasesAndTheCountyOfficeSeesAll) {
  const v1::Case education =
      Register(stack_, RequestTo(kEducation, "agency-s1", "2026年幼儿园收费标准"), "w1");
  WaitForState(stack_, education.case_number(), v1::CASE_STATE_ASSIGNED);
  v1::GetCaseRequest get;
  get.set_case_number(education.case_number());
  v1::Case found;

  // The county government's manager is another agency's.
  grpc::Status status = stack_.intake().GetCase(TestStack::As("m1", "manager").get(), get, &found);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(status.error_message(),
            absl::StrCat("案件 ", education.case_number(), " 属于其他机关，您无权查看或办理"));
  // The bureau's own officer of the unit holding it, and the county office's manager, may.
  EXPECT_TRUE(
      stack_.intake()
          .GetCase(TestStack::AsOf(kEducation, "jyj-li", "officer", "xqjy").get(), get, &found)
          .ok());
  EXPECT_TRUE(stack_.intake().GetCase(CountyManager().get(), get, &found).ok());
  // A manager of an agency that does not oversee the county is not county-wide.
  EXPECT_EQ(stack_.intake()
                .GetCase(TestStack::AsOf("xzf", "m2", "manager", "", /*county_wide=*/false).get(),
                         get, &found)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Queues and boards: one's own agency's, another's only for the county office.
  v1::DepartmentQueueRequest queue;
  queue.set_department("xqjy");
  queue.mutable_page()->set_agency(kEducation);
  v1::QueueResponse listed;
  EXPECT_EQ(stack_.routing()
                .ListDepartmentQueue(TestStack::As("m1", "manager").get(), queue, &listed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stack_.routing().ListDepartmentQueue(CountyManager().get(), queue, &listed).ok());
  ASSERT_EQ(listed.cases_size(), 1);
  EXPECT_EQ(listed.cases(0).agency(), kEducation);
  // The county government's own queue of that unit code does not hold it.
  queue.mutable_page()->clear_agency();
  queue.set_department("jyj");
  ASSERT_TRUE(stack_.routing()
                  .ListDepartmentQueue(TestStack::As("m1", "manager").get(), queue, &listed)
                  .ok());
  EXPECT_EQ(listed.cases_size(), 0);

  v1::DepartmentBoardRequest board;
  board.set_agency(kEducation);
  v1::DepartmentBoardResponse rows;
  EXPECT_EQ(stack_.tracker()
                .DepartmentBoard(TestStack::As("m1", "manager").get(), board, &rows)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      stack_.tracker()
          .DepartmentBoard(TestStack::AsOf(kEducation, "jyj-m", "manager").get(), board, &rows)
          .ok());
  int64_t open = 0;
  for (const v1::DepartmentRow& row : rows.departments()) open += row.open();
  EXPECT_EQ(open, 1);

  // The county's views are the county office's alone.
  v1::CountyOverviewRequest overview;
  overview.set_year(Today().year());
  v1::CountyOverview county;
  status =
      stack_.report().GetCountyOverview(TestStack::As("m1", "manager").get(), overview, &county);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(status.error_message(),
            "全县概览和通报仅供县政府信息公开工作主管部门（县政府办公室）的管理人员查看");
  ASSERT_TRUE(stack_.report().GetCountyOverview(CountyManager().get(), overview, &county).ok());
  EXPECT_GE(county.agencies_size(), 30);
  EXPECT_EQ(county.totals().received(), 1);
  EXPECT_EQ(county.totals().open(), 1);
}

TEST_F(Agencies, AReferralRegistersTheRequestAtTheNamedAgencyLinkedToTheFirst) {
  const v1::Case first = AnsweredOnTheSpot("xzf", "agency-f1", v1::APPLICANT_TYPE_NATURAL_PERSON,
                                           v1::OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY, "县教育局");
  ASSERT_EQ(first.state(), v1::CASE_STATE_CLOSED);

  v1::RegisterRequest referral = RequestTo(kEducation, "agency-f2", "县政府工作报告全文");
  referral.set_referred_from(first.case_number());
  const v1::Case referred = Register(stack_, referral, "w1");
  EXPECT_EQ(referred.agency(), kEducation);
  EXPECT_EQ(referred.agency_sequence(), 1);
  EXPECT_EQ(referred.referred_from(), first.case_number());
  EXPECT_EQ(referred.state(), v1::CASE_STATE_REGISTERED);  // its own clock, from today
  EXPECT_EQ(referred.deadline().receipt_date(), FormatDay(Today()));
  const v1::Case linked = Get(first.case_number());
  ASSERT_EQ(linked.referred_to_size(), 1);
  EXPECT_EQ(linked.referred_to(0), referred.case_number());
  EXPECT_EQ(CommandsOf(linked).back(), "RecordReferral");

  // A retry of the registration neither registers nor links it again.
  v1::RegisterResponse response;
  ASSERT_TRUE(
      stack_.intake().Register(TestStack::As("w1", "clerk").get(), referral, &response).ok());
  EXPECT_TRUE(response.replayed());
  EXPECT_EQ(Get(first.case_number()).referred_to_size(), 1);

  // Only from a reply of Art. 36(5), and only to another agency; nothing is registered then.
  v1::RegisterRequest from_open = RequestTo("xzf", "agency-f3", "县政府工作报告全文");
  from_open.set_referred_from(referred.case_number());
  grpc::Status status =
      stack_.intake().Register(TestStack::As("w1", "clerk").get(), from_open, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StartsWith(status.error_message(), "`referred_from` 案件 "))
      << status.error_message();
  v1::RegisterRequest same_agency = RequestTo("xzf", "agency-f4", "县政府工作报告全文");
  same_agency.set_referred_from(first.case_number());
  status = stack_.intake().Register(TestStack::As("w1", "clerk").get(), same_agency, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "`agency` 与原案件同为县人民政府：转登记须登记到负责公开该信息的其他机关");
  v1::RegisterRequest malformed = RequestTo(kEducation, "agency-f5", "县政府工作报告全文");
  malformed.set_referred_from("第123号");
  status = stack_.intake().Register(TestStack::As("w1", "clerk").get(), malformed, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "`referred_from` 须为案件编号，形如 2026-000123");
  malformed.set_referred_from(absl::StrCat(Today().year(), "-999999"));
  status = stack_.intake().Register(TestStack::As("w1", "clerk").get(), malformed, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            absl::StrCat("`referred_from` 案件 ", Today().year(), "-999999 不存在"));
  EXPECT_EQ(stack_.redis().Command({"GET", keys::CaseCounter(Today().year())})->str(), "2");
}

TEST_F(Agencies, EachAgencysReportAndTheCountysTotalsCountTheirOwnCases) {
  // 县人民政府: two persons' requests open, a company's answered (already public: 3.1).
  RegisterReceived(stack_, "agency-p1", "县财政预算", 1);
  RegisterReceived(stack_, "agency-p2", "县财政决算", 2);
  AnsweredOnTheSpot("xzf", "agency-p3", v1::APPLICANT_TYPE_COMMERCIAL_ENTERPRISE,
                    v1::OUTCOME_ALREADY_PUBLIC);
  // 县教育局: a person's answered (not held: 3.4.1), a company's open.
  AnsweredOnTheSpot(kEducation, "agency-p4", v1::APPLICANT_TYPE_NATURAL_PERSON,
                    v1::OUTCOME_UNAVAILABLE_NOT_HELD);
  v1::RegisterRequest company = RequestTo(kEducation, "agency-p5", "学区划分");
  company.mutable_applicant()->set_type(v1::APPLICANT_TYPE_COMMERCIAL_ENTERPRISE);
  company.mutable_applicant()->set_name("舒城县某某教育咨询有限公司");
  company.mutable_applicant()->set_id_type(v1::ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE);
  company.mutable_applicant()->set_id_number("91341523MA2N0A1B3K");
  Register(stack_, company, "w1");

  const int year = Today().year();
  // Columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
  const v1::AnnualReport county_government = Report("xzf", year);
  EXPECT_EQ(county_government.agency_name(), "县人民政府");
  EXPECT_EQ(county_government.due_date(), absl::StrCat(year + 1, "-03-31"));
  EXPECT_EQ(Row(county_government, "1"), (std::vector<int64_t>{2, 1, 0, 0, 0, 0, 3}));
  EXPECT_EQ(Row(county_government, "3.1"), (std::vector<int64_t>{0, 1, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Row(county_government, "3.4.1"), (std::vector<int64_t>{0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Row(county_government, "4"), (std::vector<int64_t>{2, 0, 0, 0, 0, 0, 2}));

  const v1::AnnualReport education = Report(kEducation, year);
  EXPECT_EQ(education.agency_name(), "县教育局");
  EXPECT_EQ(education.due_date(), absl::StrCat(year + 1, "-01-31"));
  EXPECT_EQ(Row(education, "1"), (std::vector<int64_t>{1, 1, 0, 0, 0, 0, 2}));
  EXPECT_EQ(Row(education, "3.1"), (std::vector<int64_t>{0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Row(education, "3.4.1"), (std::vector<int64_t>{1, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Row(education, "3.7"), (std::vector<int64_t>{1, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Row(education, "4"), (std::vector<int64_t>{0, 1, 0, 0, 0, 0, 1}));

  const v1::AnnualReport county = Report("*", year);
  EXPECT_EQ(county.agency_name(), "全县");
  EXPECT_EQ(Row(county, "1"), (std::vector<int64_t>{3, 2, 0, 0, 0, 0, 5}));
  EXPECT_EQ(Row(county, "3.1"), (std::vector<int64_t>{0, 1, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Row(county, "3.4.1"), (std::vector<int64_t>{1, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Row(county, "3.7"), (std::vector<int64_t>{1, 1, 0, 0, 0, 0, 2}));
  EXPECT_EQ(Row(county, "4"), (std::vector<int64_t>{2, 1, 0, 0, 0, 0, 3}));

  // The overview's figures side by side agree.
  v1::CountyOverviewRequest request;
  request.set_year(year);
  v1::CountyOverview overview;
  ASSERT_TRUE(stack_.report().GetCountyOverview(CountyManager().get(), request, &overview).ok());
  std::map<std::string, v1::AgencyFigures> by_code;
  for (const v1::AgencyFigures& figures : overview.agencies()) by_code[figures.agency()] = figures;
  EXPECT_EQ(by_code["xzf"].received(), 3);
  EXPECT_EQ(by_code["xzf"].closed(), 1);
  EXPECT_EQ(by_code["xzf"].open(), 2);
  EXPECT_EQ(by_code["xzf"].replied_on_time(), 1);
  EXPECT_EQ(by_code[kEducation].received(), 2);
  EXPECT_EQ(by_code[kEducation].open(), 1);
  EXPECT_EQ(by_code["czj"].received(), 0);
  EXPECT_EQ(overview.totals().received(), 5);
  EXPECT_EQ(overview.totals().closed(), 2);
  EXPECT_EQ(Row(overview.county_report(), "1"), (std::vector<int64_t>{3, 2, 0, 0, 0, 0, 5}));
}

TEST_F(Agencies, APublishedYearStaysAsPublishedAndLaterChangesAreAmendments) {
  const int last_year = Today().year() - 1;
  // Received on the last day of last year: still within the window's 366 days.
  const absl::CivilDay new_years_eve(last_year, 12, 31);
  v1::RegisterRequest early = RequestTo("xzf", "agency-y1", "县财政预算");
  early.mutable_request()->set_received_date(FormatDay(new_years_eve));
  ASSERT_EQ(Register(stack_, early, "w1").deadline().receipt_date(), FormatDay(new_years_eve));

  v1::PublishAnnualReportRequest publish;
  publish.set_year(last_year);
  v1::AnnualReport published;
  ASSERT_TRUE(stack_.report()
                  .PublishAnnualReport(TestStack::As("boss", "head").get(), publish, &published)
                  .ok());
  EXPECT_FALSE(published.published_at().empty());
  EXPECT_EQ(published.published_by(), "boss");
  EXPECT_EQ(Row(published, "1"), (std::vector<int64_t>{1, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(published.amendments_size(), 0);

  // Not twice, and not a year that is not over.
  grpc::Status status =
      stack_.report().PublishAnnualReport(TestStack::As("boss", "head").get(), publish, &published);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StartsWith(status.error_message(),
                               absl::StrCat("县人民政府", last_year, "年度报告已于")))
      << status.error_message();
  publish.set_year(last_year + 1);
  status =
      stack_.report().PublishAnnualReport(TestStack::As("boss", "head").get(), publish, &published);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(),
            absl::StrCat(last_year + 1, "年尚未结束，不能发布该年度的政府信息公开工作年度报告"));

  // A request of last year registered late: the published figures stay, the change is recorded.
  v1::RegisterRequest late = RequestTo("xzf", "agency-y2", "县财政决算");
  late.mutable_request()->set_received_date(FormatDay(new_years_eve));
  const v1::Case amending = Register(stack_, late, "w1");
  // Another agency's (unpublished) year is not amended.
  v1::RegisterRequest elsewhere = RequestTo(kEducation, "agency-y3", "学区划分");
  elsewhere.mutable_request()->set_received_date(FormatDay(new_years_eve));
  Register(stack_, elsewhere, "w1");

  const v1::AnnualReport report = Report("xzf", last_year);
  EXPECT_EQ(report.published_at(), published.published_at());
  EXPECT_EQ(Row(report, "1"), (std::vector<int64_t>{1, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Row(report, "4"), (std::vector<int64_t>{1, 0, 0, 0, 0, 0, 1}));
  ASSERT_EQ(report.amendments_size(), 1);
  const v1::ReportAmendment& amendment = report.amendments(0);
  EXPECT_EQ(amendment.case_number(), amending.case_number());
  std::vector<std::string> cells;
  for (const v1::ReportCellChange& cell : amendment.cells()) {
    cells.push_back(absl::StrCat(cell.cell(), " ", cell.label(), " ", cell.delta()));
  }
  EXPECT_EQ(cells, (std::vector<std::string>{
                       "1/0 一、本年新收政府信息公开申请数量 · 自然人 1",
                       "1/6 一、本年新收政府信息公开申请数量 · 总计 1",
                       "4/0 四、结转下年度继续办理 · 自然人 1",
                       "4/6 四、结转下年度继续办理 · 总计 1",
                   }));
  // The live figures move on; the education bureau's year is live and unamended.
  EXPECT_EQ(Row(Report(kEducation, last_year), "1"), (std::vector<int64_t>{1, 0, 0, 0, 0, 0, 1}));
  EXPECT_TRUE(Report(kEducation, last_year).published_at().empty());
}

TEST_F(Agencies, TheBulletinRanksAgenciesByOverdueAndLateReplies) {
  // 县人民政府: two open past their due date and one replied late; 县教育局: one open past it.
  RegisterAssigned(stack_, "agency-b1", 60, "县财政预算");
  RegisterAssigned(stack_, "agency-b2", 60, "县财政决算");
  const v1::Case replied = RegisterAssigned(stack_, "agency-b3", 60, "县财政专项资金");
  ReplyTo(stack_, replied.case_number(), "czj", Today());
  v1::RegisterRequest education = RequestTo(kEducation, "agency-b4", "2026年幼儿园收费标准");
  education.mutable_request()->set_received_date(FormatDay(Today() - 60));
  Register(stack_, education, "w1");

  const absl::CivilDay from = Today() - 60;
  v1::BulletinRequest request;
  request.set_from_month(FormatDay(from).substr(0, 7));
  request.set_to_month(FormatDay(Today()).substr(0, 7));
  v1::Bulletin bulletin;
  grpc::Status status = stack_.report().GetBulletin(CountyManager().get(), request, &bulletin);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(bulletin.ranked_size(), 2);
  EXPECT_EQ(bulletin.ranked(0).rank(), 1);
  EXPECT_EQ(bulletin.ranked(0).figures().agency(), "xzf");
  EXPECT_EQ(bulletin.ranked(0).figures().overdue(), 2);
  EXPECT_EQ(bulletin.ranked(0).figures().replied_late(), 1);
  EXPECT_EQ(bulletin.ranked(0).figures().received(), 3);
  EXPECT_EQ(bulletin.ranked(1).rank(), 2);
  EXPECT_EQ(bulletin.ranked(1).figures().agency(), kEducation);
  EXPECT_EQ(bulletin.ranked(1).figures().overdue(), 1);
  EXPECT_EQ(bulletin.totals().overdue(), 3);
  EXPECT_EQ(bulletin.totals().replied_late(), 1);
  EXPECT_EQ(bulletin.issuer(), "县人民政府");
  EXPECT_EQ(bulletin.clean_size() + bulletin.ranked_size(), 36);
  EXPECT_TRUE(absl::StartsWith(bulletin.title(), "关于")) << bulletin.title();

  // A period the wrong way round is refused, naming the field.
  request.set_to_month("2000-01");
  status = stack_.report().GetBulletin(CountyManager().get(), request, &bulletin);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(status.error_message(), "`to_month`")) << status.error_message();
}

}  // namespace
}  // namespace gongkai::testing
