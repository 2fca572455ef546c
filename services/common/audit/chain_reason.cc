#include "audit/chain_reason.h"

#include "absl/strings/str_cat.h"

namespace gongkai {

std::string ChainBreakReason(const ChainBreak& found) {
  const std::string event =
      absl::StrCat("第", found.index, "条办理记录（", found.command, "，版本", found.version, "）");
  const std::string read =
      absl::StrCat("第", found.index, "条个人信息查阅记录（", found.at, "，", found.user_id, "）");
  switch (found.kind) {
    case ChainBreak::Kind::kEventOutOfPlace:
      return absl::StrCat(event, "位置不对：此处应为版本", found.index, "，有记录被删除或移动");
    case ChainBreak::Kind::kEventUnlinked:
      return absl::StrCat(event, "与前一条记录衔接不上：前面有记录被删除或改动");
    case ChainBreak::Kind::kEventAltered:
      return absl::StrCat(event, "被改动：哈希值不符");
    case ChainBreak::Kind::kEventsMissingAtEnd:
      return absl::StrCat("办理记录只有", found.events, "条，案件却已到版本", found.case_version,
                          "：最后的记录被删除");
    case ChainBreak::Kind::kHistoryHeadMismatch:
      return "最后一条办理记录不是案件登记的最后一条：记录被替换或删除";
    case ChainBreak::Kind::kReadUnlinked:
      return absl::StrCat(read, "与前一条记录衔接不上：前面有记录被删除或改动");
    case ChainBreak::Kind::kReadAltered:
      return absl::StrCat(read, "被改动：哈希值不符");
    case ChainBreak::Kind::kReadsHeadMismatch:
      break;
  }
  return "最后一条个人信息查阅记录不是案件登记的最后一条：记录被删除或替换";
}

}  // namespace gongkai
