// 全县概览 #/county[/<year>] (managers of the county's disclosure office): every agency's figures
// of a year side by side (ReportService.GetCountyOverview) — received, closed, open, overdue,
// replied on time and late, and whether its annual report on the year before was published in
// time, the late ones highlighted — then the county's totals and tables 三 and 四 summed over
// every agency, with the printable page and the CSV.

import {h, replace, table, empty, printLink} from '../dom.js';
import * as api from '../api.js';
import {field, select, busy} from '../forms.js';
import {chineseDate, chinaTime, currentYearInChina} from '../dates.js';
import {agencyKindLabel} from '../agencies.js';
import {reportTables} from '../reportparts.js';
import {missingNote} from '../completeness.js';

function yearSelect(chosen) {
  const thisYear = currentYearInChina();
  const years = [];
  for (let y = thisYear; y >= Math.max(2000, thisYear - 10); y--) years.push([String(y), `${y}年`]);
  return select(years, {placeholder: null, value: String(chosen || thisYear)});
}

export async function render(root, params, ctx) {
  root.appendChild(h('h1', null, '全县概览'));
  const asked = /^\d{4}$/.test(params[0] || '') ? Number(params[0]) : currentYearInChina();
  const year = yearSelect(asked);
  const go = h('button', {type: 'submit', id: 'county-load'}, '查看');
  const links = h('p', {class: 'actions', id: 'county-links'});
  const out = h('div', {id: 'county-result', 'aria-live': 'polite'});
  const form = h('form', {class: 'inline-form', novalidate: true},
    field('county_year', '年度', year, {hint: '新收、办结按该年度统计；在办、已超期为截至今天'}),
    h('div', {class: 'actions'}, go));
  root.append(form, links, out);

  function setLinks() {
    const y = encodeURIComponent(year.value);
    replace(links,
      printLink(`/print/county?year=${y}&format=html`, '打印全县概览', 'county-html'),
      h('a', {href: `/print/county?year=${y}&format=csv`, class: 'button-link', id: 'county-csv', download: `county-overview-${year.value}.csv`}, '下载CSV'));
  }

  async function load() {
    setLinks();
    const restore = busy(go, '正在统计…');
    try {
      const r = await api.rpc('ReportService', 'GetCountyOverview', {year: Number(year.value)});
      replace(out, overview(r));
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
  year.addEventListener('change', setLinks);
  await load();
}

// A moment or a day, as the overview gives it, in Chinese.
function when(text) {
  return /T/.test(text || '') ? chinaTime(text) : chineseDate(text);
}

// An agency's annual report on the year before: published when, or not yet (late or not).
function reportCell(a) {
  if (a.report_published) return h('span', {class: 'ok'}, `已发布（${when(a.report_published)}）`);
  if (a.report_late) {
    return h('span', {class: 'urgency urgency-overdue'}, `逾期未发布（应于${chineseDate(a.report_due)}前）`);
  }
  return a.report_due ? `未发布（应于${chineseDate(a.report_due)}前）` : '未发布';
}

const FIGURES = [['received', '新收'], ['closed', '办结'], ['open', '在办'], ['overdue', '已超期'],
  ['replied_on_time', '按时答复'], ['replied_late', '逾期答复']];

function figureCells(a) {
  return FIGURES.map(([key]) => {
    const n = Number(a[key]) || 0;
    const bad = (key === 'overdue' || key === 'replied_late') && n > 0;
    return h('td', {class: ['num', bad ? 'urgency urgency-overdue' : '']}, String(n));
  });
}

function overview(r) {
  const agencies = r.agencies || [];
  const late = new Set(r.late_reports || []);
  const reportYear = r.report_year || (Number(r.year) - 1);
  const parts = [h('p', {class: 'hint'}, `${r.year}年；统计日期：${chineseDate(r.today)}。`,
    `“${reportYear}年度报告”一栏为各机关${reportYear}年度政府信息公开工作年度报告的发布情况。`),
  missingNote(r, '以下统计数字', 'county-incomplete')];
  const lateNames = agencies.filter((a) => late.has(a.agency) || a.report_late).map((a) => a.name);
  if (lateNames.length) {
    parts.push(h('p', {class: 'warning', id: 'county-late', role: 'status'},
      h('strong', null, `${lateNames.length}个机关的${reportYear}年度报告逾期未发布：`), lateNames.join('、'), '。'));
  } else {
    parts.push(h('p', {class: 'ok', id: 'county-late'}, `各机关的${reportYear}年度报告均已按期发布或未到发布期限。`));
  }
  if (agencies.length === 0) {
    parts.push(empty('暂无数据。'));
    return parts;
  }
  const headings = ['机关', '类别', ...FIGURES.map(([, label]) => label), `${reportYear}年度报告`];
  const rows = agencies.map((a) => {
    const isLate = late.has(a.agency) || a.report_late;
    return h('tr', {class: isLate ? 'late-row' : null, dataset: {agency: a.agency}},
      h('th', {scope: 'row'}, h('a', {href: `#/board/${encodeURIComponent(a.agency)}`, title: `查看${a.name}的督办情况`}, a.name)),
      h('td', null, agencyKindLabel(a.kind)),
      figureCells(a),
      h('td', null, reportCell(a)));
  });
  const t = r.totals || {};
  rows.push(h('tr', {class: 'totals-row'}, h('th', {scope: 'row'}, '全县合计'), h('td', null, ''), figureCells(t), h('td', null, '')));
  parts.push(table(headings, rows, {id: 'county-table', class: 'data county'}));
  if (r.county_report) {
    parts.push(h('h2', null, `全县${r.year}年度政府信息公开申请办理情况（各机关合计）`));
    parts.push(reportTables(r.county_report, {idPrefix: 'county-report'}));
  }
  return parts;
}
