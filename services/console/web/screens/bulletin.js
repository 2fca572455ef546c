// 通报 #/bulletin (managers of the county's disclosure office): the agencies ranked by overdue
// and late replies over a period of months (ReportService.GetBulletin), the agencies with none
// named, and those whose annual report is past due; printed on A4 as the county government's
// document, or downloaded as CSV. The period is the last full quarter unless chosen otherwise.

import {h, replace, table, empty, printLink} from '../dom.js';
import * as api from '../api.js';
import {field, setFieldError, busy} from '../forms.js';
import {chineseDate, todayInChina} from '../dates.js';
import {showMessage, hideMessage} from '../ui.js';
import {missingNote} from '../completeness.js';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

// The last quarter that has ended: {from, to} as YYYY-MM.
export function lastFullQuarter(today = todayInChina()) {
  let y = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) - 1;
  if (q < 0) {
    q = 3;
    y -= 1;
  }
  const month = (m) => `${y}-${String(m).padStart(2, '0')}`;
  return {from: month(q * 3 + 1), to: month(q * 3 + 3)};
}

function monthIndex(text) {
  const m = MONTH.exec(text || '');
  return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : NaN;
}

// 2026年1月
function chineseMonth(text) {
  const m = MONTH.exec(text || '');
  return m ? `${m[1]}年${Number(m[2])}月` : text || '';
}

export async function render(root, params, ctx) {
  root.appendChild(h('h1', null, '通报'));
  const period = lastFullQuarter();
  const from = h('input', {type: 'month', value: period.from, max: todayInChina().slice(0, 7)});
  const to = h('input', {type: 'month', value: period.to, max: todayInChina().slice(0, 7)});
  const go = h('button', {type: 'submit', id: 'bulletin-load'}, '生成通报');
  const links = h('p', {class: 'actions', id: 'bulletin-links'});
  const out = h('div', {id: 'bulletin-result', 'aria-live': 'polite'});
  const form = h('form', {class: 'inline-form', novalidate: true, id: 'bulletin-form'},
    field('from_month', '起始月份', from, {required: true}),
    field('to_month', '截止月份', to, {required: true, hint: '默认为上一个完整季度；最长24个月'}),
    h('div', {class: 'actions'}, go));
  root.append(h('p', {class: 'hint'}, '按期间内已超期未答复和逾期答复的件数对各机关排名，供县人民政府办公室通报。'), form, links, out);

  function check() {
    const a = monthIndex(from.value);
    const b = monthIndex(to.value);
    setFieldError('f-from_month', Number.isNaN(a) ? '请选择起始月份' : '');
    setFieldError('f-to_month', Number.isNaN(b) ? '请选择截止月份'
      : !Number.isNaN(a) && b < a ? '截止月份不能早于起始月份'
        : !Number.isNaN(a) && b - a > 23 ? '期间最长24个月' : '');
    return !Number.isNaN(a) && !Number.isNaN(b) && b >= a && b - a <= 23;
  }

  function setLinks() {
    if (!check()) {
      replace(links, null);
      return;
    }
    const q = `from=${encodeURIComponent(from.value)}&to=${encodeURIComponent(to.value)}`;
    replace(links,
      printLink(`/print/bulletin?${q}&format=html`, '打印通报（A4）', 'bulletin-html'),
      h('a', {href: `/print/bulletin?${q}&format=csv`, class: 'button-link', id: 'bulletin-csv',
        download: `bulletin-${from.value}-${to.value}.csv`}, '下载CSV'));
  }

  async function load() {
    hideMessage();
    if (!check()) {
      showMessage('请先更正标出的项目', 'error');
      return;
    }
    setLinks();
    const restore = busy(go, '正在生成…');
    try {
      const r = await api.rpc('ReportService', 'GetBulletin', {from_month: from.value, to_month: to.value});
      replace(out, bulletin(r));
    } catch (err) {
      replace(out, h('p', {class: 'load-error', role: 'alert'}, api.describeError(err)));
    } finally {
      restore();
    }
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  for (const input of [from, to]) input.addEventListener('change', setLinks);
  await load();
}

// Late replies as a share of all replies: 12.5%; — without any reply.
function lateShare(f) {
  const onTime = Number(f.replied_on_time) || 0;
  const late = Number(f.replied_late) || 0;
  if (onTime + late === 0) return '—';
  return `${Math.round((late * 1000) / (onTime + late)) / 10}%`;
}

function figureRow(f, first) {
  const n = (key) => String(Number(f[key]) || 0);
  return [...first, n('received'), n('closed'), n('open'),
    h('span', {class: Number(f.overdue) > 0 ? 'urgency urgency-overdue' : ''}, n('overdue')),
    n('replied_on_time'),
    h('span', {class: Number(f.replied_late) > 0 ? 'urgency urgency-overdue' : ''}, n('replied_late')),
    lateShare(f)];
}

const FIGURE_HEADINGS = ['新收', '办结', '在办', '已超期', '按时答复', '逾期答复', '逾期答复占比'];

function bulletin(r) {
  const parts = [h('h2', {id: 'bulletin-title', class: 'bulletin-title'}, r.title || '通报'),
    h('p', {class: 'hint'}, `期间：${chineseMonth(r.from_month)}至${chineseMonth(r.to_month)}；`,
      `${r.issuer || ''}${r.issued_on ? `，${chineseDate(r.issued_on)}` : ''}。新收、办结、答复按期间统计，在办、已超期为截至今天。`),
    missingNote(r, '以下排名和统计数字', 'bulletin-incomplete')];
  const ranked = r.ranked || [];
  parts.push(h('h3', null, `存在超期或逾期答复的机关（${ranked.length}个）`));
  parts.push(ranked.length === 0 ? h('p', {class: 'ok', id: 'bulletin-ranked'}, '本期各机关均无超期未答复和逾期答复。')
    : table(['名次', '机关', ...FIGURE_HEADINGS],
      ranked.map((e) => figureRow(e.figures || {}, [`第${e.rank}名`, (e.figures || {}).name || ''])),
      {id: 'bulletin-ranked', class: 'data bulletin'}));
  const clean = r.clean || [];
  parts.push(h('h3', null, `按时办结、无超期的机关（${clean.length}个）`));
  parts.push(clean.length === 0 ? empty('无。') : h('p', {id: 'bulletin-clean'}, clean.map((f) => f.name).join('、'), '。'));
  const late = r.late_reports || [];
  parts.push(h('h3', null, '年度报告逾期未发布的机关'));
  parts.push(late.length === 0 ? h('p', {id: 'bulletin-late-reports'}, '无。')
    : h('p', {class: 'warning', id: 'bulletin-late-reports'}, late.map((f) => `${f.name}（应于${chineseDate(f.report_due)}前发布）`).join('、'), '。'));
  if (r.totals) {
    parts.push(h('h3', null, '全县合计'));
    parts.push(table(FIGURE_HEADINGS, [figureRow(r.totals, [])], {id: 'bulletin-totals', class: 'data bulletin'}));
  }
  return parts;
}
