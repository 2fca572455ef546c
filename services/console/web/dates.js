// Dates as the law counts them: calendar days in China Standard Time, written YYYY-MM-DD.
// Moments (RFC 3339, UTC) are shown in China time whatever the browser's own time zone.

const CHINA = 'Asia/Shanghai';
const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: CHINA, year: 'numeric', month: '2-digit', day: '2-digit',
});
const momentFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: CHINA, year: 'numeric', month: 'numeric', day: 'numeric',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});

// Today's date in China, "2026-03-02".
export function todayInChina() {
  return dayFormat.format(new Date());
}

export function currentYearInChina() {
  return Number(todayInChina().slice(0, 4));
}

// {y, m, d} of a valid YYYY-MM-DD, or null.
export function parseDay(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || '');
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
    return null;
  }
  return {y, m: mo, d};
}

// "2026年3月2日"; the text as given when it is not a date.
export function chineseDate(text) {
  const p = parseDay(text);
  return p ? `${p.y}年${p.m}月${p.d}日` : (text || '');
}

// "2026年3月2日（星期一）"
export function chineseDateWithWeekday(text) {
  const p = parseDay(text);
  if (!p) return text || '';
  const weekday = new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay();
  return `${p.y}年${p.m}月${p.d}日（${WEEKDAYS[weekday]}）`;
}

// Whole calendar days from `from` to `to` (both YYYY-MM-DD); NaN when either is not a date.
export function calendarDaysBetween(from, to) {
  const a = parseDay(from);
  const b = parseDay(to);
  if (!a || !b) return NaN;
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86400000);
}

// An RFC 3339 moment in China time: "2026/3/2 14:05:09".
export function chinaTime(rfc3339) {
  if (!rfc3339) return '';
  const t = new Date(rfc3339);
  if (Number.isNaN(t.getTime())) return rfc3339;
  return momentFormat.format(t);
}

// How urgent a due date is, in calendar days (working days need the office's calendar, which
// only the services hold): overdue, due within 3 days, or normal; with a label in words so that
// colour is never the only sign.
export function urgencyOf(dueDate, provisional) {
  const left = calendarDaysBetween(todayInChina(), dueDate);
  const mark = provisional ? '（暂定）' : '';
  if (Number.isNaN(left)) return {level: 'none', left, text: '无答复期限'};
  if (left < 0) return {level: 'overdue', left, text: `已超期${-left}个自然日${mark}`};
  if (left === 0) return {level: 'soon', left, text: `今日到期${mark}`};
  if (left <= 3) return {level: 'soon', left, text: `还剩${left}个自然日${mark}`};
  return {level: 'normal', left, text: `还剩${left}个自然日${mark}`};
}
