// Who issues a case's documents, as configured per deployment: the agency's name, the body that
// hears a reconsideration of its decisions (复议机关, named in every reply as 行政复议法 Art. 20
// requires), and how an information-processing fee is paid.
#pragma once

#include <string>

namespace gongkai {

struct IssuingAgency {
  std::string name;                  // 县人民政府办公室
  std::string reconsideration_body;  // 县人民政府 (行政复议法 Art. 24)
  std::string fee_payment;           // printed on a fee notice: account, window, reference to give
};

}  // namespace gongkai
