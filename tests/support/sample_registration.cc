#include "sample_registration.h"

#include "absl/time/clock.h"
#include "base/clock.h"

namespace gongkai {

v1::RegisterRequest SampleRegistration(const std::string& request_id,
                                       const std::string& description) {
  v1::RegisterRequest request;
  request.set_request_id(request_id);
  request.set_agency("xzf");  // the test office's agency (staff.h, kTestAgency)
  v1::Applicant& applicant = *request.mutable_applicant();
  applicant.set_type(v1::APPLICANT_TYPE_NATURAL_PERSON);
  applicant.set_name("张三");
  applicant.set_id_type(v1::ID_TYPE_RESIDENT_ID_CARD);
  applicant.set_id_number("11010519491231002X");
  applicant.set_phone("13800000000");
  applicant.set_address("舒城县城关镇梅河路1号");
  v1::InformationRequest& info = *request.mutable_request();
  info.set_description(description);
  info.set_form(v1::INFORMATION_FORM_PAPER);
  info.set_delivery(v1::DELIVERY_METHOD_POST);
  info.set_channel(v1::CHANNEL_IN_PERSON);
  info.set_received_date(FormatDay(ChinaDay(absl::Now())));
  return request;
}

}  // namespace gongkai
