// The derivation of a reply's due date as staff read it: one Chinese line a step, rendered from
// the deadline's structured fields (the `explanation` lines are English, for developers and
// logs). The window's `show` and `deadline` print it; a receipt or notice quotes its due date.
//
// Example:
//   for (const std::string& line : DeadlineInChinese(c.deadline())) std::puts(line.c_str());
//   // 收到申请：2026年9月30日（当面提交，以提交之日为收到申请之日，条例第三十一条）
//   // 自2026年9月30日的次日起计算20个工作日（条例第三十三条）
//   // ...
//   // 答复期限：2026年11月3日（星期二）
#pragma once

#include <string>
#include <vector>

#include "gongkai/v1/case.pb.h"

namespace gongkai {

std::vector<std::string> DeadlineInChinese(const v1::Deadline& deadline);

}  // namespace gongkai
