// The derivation of a due date in Chinese, one sentence a step, from the Deadline's structured
// fields — the same sentences as documents/deadline_explanation.cc prints for `gongkai show`.
// The `explanation` lines of the message are English, for developers; staff never see them.

import {chineseDate, chineseDateWithWeekday} from './dates.js';
import {RECEIPT_RULES} from './labels.js';

function range(paused) {
  const colon = paused.indexOf(':');
  return colon < 0 ? [paused, paused] : [paused.slice(0, colon), paused.slice(colon + 1)];
}

export function deadlineLines(d) {
  if (!d || !d.due_date) return [];
  const lines = [];
  const rule = RECEIPT_RULES[d.receipt_rule_kind] || '';
  lines.push(`收到申请：${chineseDate(d.receipt_date)}（${rule ? rule + '，' : ''}条例第三十一条）`);
  if (d.clock_start && d.clock_start !== d.receipt_date) {
    lines.push(`收到补正后的申请：${chineseDate(d.clock_start)}，答复期限自该日起重新计算（条例第三十条）`);
  }
  lines.push(`自${chineseDate(d.clock_start || d.receipt_date)}的次日起计算20个工作日（条例第三十三条）`);
  const extension = Number(d.extension_days || 0);
  if (extension > 0) {
    lines.push(`经政府信息公开工作机构负责人同意，延长${extension}个工作日（条例第三十三条）`);
  }
  const holidays = d.holidays_met || [];
  if (holidays.length > 0) {
    lines.push(`其间法定节假日放假的${holidays.length}个工作日不计入：${holidays.map(chineseDate).join('、')}`);
  }
  for (const day of d.make_up_days_met || []) {
    lines.push(`${chineseDateWithWeekday(day)}为调休上班日，计入`);
  }
  const paused = d.paused || [];
  const pausedFor = d.paused_for || [];
  const pausedDays = d.paused_working_days || [];
  paused.forEach((p, i) => {
    const [from, to] = range(p);
    const why = pausedFor[i] || '暂停计算';
    const days = i < pausedDays.length ? `，${pausedDays[i]}个工作日` : '';
    lines.push(`${why}：${chineseDate(from)}的次日至${chineseDate(to)}${days}不计入（条例第三十三条）`);
  });
  if (paused.length > 1) {
    lines.push(`以上合计${d.paused_working_days_total || 0}个工作日不计入，同一日只计一次`);
  }
  if (d.provisional) {
    lines.push('暂定：计算跨越尚未公布节假日安排的年份，暂按周末和法定节日推算，安排公布后重新计算');
  }
  if (d.later_reply_date) {
    if (d.later_reply_date === d.due_date) {
      lines.push(`依照条例第三十五条，本机关确定于${chineseDate(d.later_reply_date)}前答复，代替原答复期限${chineseDate(d.ordinary_due_date)}`);
    } else {
      lines.push(`依照条例第三十五条确定的答复日期${chineseDate(d.later_reply_date)}早于按期计算的期限届满日，仍以后者为准`);
    }
  }
  lines.push(`答复期限：${chineseDateWithWeekday(d.due_date)}`);
  return lines;
}
