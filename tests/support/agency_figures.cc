#include "agency_figures.h"

namespace gongkai {

v1::AgencyFigures AgencyFiguresOf(const std::string& code, const std::string& name,
                                  const std::string& kind, int64_t received, int64_t closed,
                                  int64_t open, int64_t overdue, int64_t on_time, int64_t late) {
  v1::AgencyFigures figures;
  figures.set_agency(code);
  figures.set_name(name);
  figures.set_kind(kind);
  figures.set_received(received);
  figures.set_closed(closed);
  figures.set_open(open);
  figures.set_overdue(overdue);
  figures.set_replied_on_time(on_time);
  figures.set_replied_late(late);
  return figures;
}

}  // namespace gongkai
