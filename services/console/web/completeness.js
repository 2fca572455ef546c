// The warning over a list or a table whose answer could not read every partition of the data
// (missing_partitions: the database node holding them could not be reached). The figures and
// lists shown are those of the other partitions, so they may be short; staff are told so.

import {h} from './dom.js';

// Partitions are named as the operators' tools name them: p00 … p15.
function partitionName(p) {
  return `p${String(p).padStart(2, '0')}`;
}

// The partitions missing from any of `answers` (the pages of one list so far), in order.
export function missingOf(...answers) {
  const missing = new Set();
  for (const r of answers) for (const p of (r && r.missing_partitions) || []) missing.add(Number(p));
  return [...missing].sort((a, b) => a - b);
}

// A warning for answer `r` (null when it is complete): `what` is what falls short, e.g.
// '以下统计数字'. For a list read a page at a time, `r` is {missing_partitions: missingOf(...pages)}:
// a page read once a partition was back does not bring back the cases an earlier page missed.
export function missingNote(r, what, id) {
  const missing = missingOf(r);
  if (missing.length === 0) return null;
  return h('p', {class: 'warning', role: 'alert', id},
    h('strong', null, '数据不完整：'),
    `共16个数据分区中有${missing.length}个（${missing.map(partitionName).join('、')}）所在的数据库节点暂时无法连接，`,
    `${what}未计入这些分区的案件，可能偏少。请稍后刷新；如持续出现，请通知系统管理员。`);
}
