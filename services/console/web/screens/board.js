// 督办 #/board[/<agency>] (manager, head): the department board (通报, slowest first) as a table
// and a grouped bar chart of open / due soon / overdue per department; the weekly trend when the
// board returns one; the overdue and due-soon lists; the annual report's tables 三 and 四 with
// their printable and CSV forms, its due date and publication (发布年度报告) and the amendments
// since; and the audit check of the histories' hash chains. Everything is of the person's own
// agency; a manager of the county's disclosure office picks any agency, or 全县 ('*') where the
// services sum over the county (the lists and the report).

import {h, replace, table, empty, printLink} from '../dom.js';
import * as api from '../api.js';
import {field, select, setFieldError, busy} from '../forms.js';
import {caseLink, deptNameMap, stateLabel} from '../caseparts.js';
import {missingNote, missingOf} from '../completeness.js';
import {chineseDate, chinaTime, currentYearInChina} from '../dates.js';
import {groupedBarChart, lineChart} from '../charts.js';
import {confirmAction, showMessage} from '../ui.js';
import {agencyPicker} from '../agencies.js';
import {reportTables, publicationStatus, amendmentsTable} from '../reportparts.js';

export async function render(root, params, ctx) {
  root.appendChild(h('h1', null, '督办'));
  // The agency viewed: the person's own, or for a county-wide manager the one in the address.
  const agency = ctx.countyWide && params[0] ? params[0] : '';
  const agencyNames = await ctx.agencyNames();
  const viewed = agency || ctx.agency;
  if (ctx.countyWide) {
    const picker = agencyPicker(await ctx.agencies(), {value: agency, own: ctx.agency, county: true});
    picker.addEventListener('change', () => {
      ctx.navigate(picker.value === ctx.agency ? '#/board' : `#/board/${encodeURIComponent(picker.value)}`);
    });
    root.appendChild(h('div', {class: 'toolbar agency-toolbar'},
      field('board_agency', '查看机关', picker, {hint: '政府信息公开工作主管部门可查看各机关的办理情况；“全县”为各机关合计'})));
  } else {
    root.appendChild(h('p', {class: 'agency-line', id: 'board-agency'}, '机关：', h('strong', null, agencyNames[viewed] || viewed)));
  }
  const boardBox = h('section', {class: 'panel', id: 'board', 'aria-labelledby': 'h-board'},
    h('h2', {id: 'h-board'}, '各部门办理情况（通报）'));
  const listsBox = h('section', {class: 'panel', id: 'board-lists', 'aria-labelledby': 'h-lists'},
    h('h2', {id: 'h-lists'}, '超期和即将到期的案件'));
  const reportBox = h('section', {class: 'panel', id: 'annual-report', 'aria-labelledby': 'h-report'},
    h('h2', {id: 'h-report'}, '年度报告'));
  const auditBox = h('section', {class: 'panel', id: 'audit', 'aria-labelledby': 'h-audit'},
    h('h2', {id: 'h-audit'}, '办理记录审计核验'));
  root.append(boardBox, listsBox, reportBox, auditBox);
  const names = agency === '*' ? {} : agency ? await deptNamesOf(ctx, agency) : await deptNameMap(ctx);
  await Promise.all([
    showBoard(boardBox, names, agency),
    showLists(listsBox, ctx, names, agency, agencyNames),
  ]);
  showReport(reportBox, ctx, agency);
  showAudit(auditBox);
}

async function deptNamesOf(ctx, agency) {
  const map = {};
  for (const d of await ctx.departmentsOf(agency)) map[d.code] = d.name;
  return map;
}

async function showBoard(box, names, agency) {
  const content = h('div', {id: 'board-content'});
  box.appendChild(content);
  if (agency === '*') {
    replace(content, h('p', {class: 'notice', id: 'board-county-note'},
      '部门办理情况按机关统计，请在上方选择一个机关。全县各机关的对比见',
      h('a', {href: '#/county'}, '全县概览'), '。'));
    return;
  }
  let r;
  try {
    r = await api.rpc('TrackerService', 'DepartmentBoard', agency ? {agency} : {});
  } catch (err) {
    replace(content, h('p', {class: 'load-error', role: 'alert'}, api.describeError(err)));
    return;
  }
  const rows = r.departments || [];
  const label = (d) => d.name || names[d.department] || (d.department === '-' ? '待分办' : d.department);
  const parts = [h('p', {class: 'hint'}, `统计时间：${chinaTime(r.as_of)}。按办理速度由慢到快排列；“即将到期”为5个工作日内到期。`),
    missingNote(r, '以下统计数字', 'board-incomplete')];
  if (rows.length === 0) {
    parts.push(empty('暂无数据。'));
  } else {
    parts.push(table(['部门', '在办', '5个工作日内到期', '其中3个工作日内', '已超期', '按时答复', '逾期答复', '答复用时中位数（工作日）'],
      rows.map((d) => [label(d), String(d.open), String(d.due_soon), String(d.due_within_3_working_days || 0),
        h('span', {class: Number(d.overdue) > 0 ? 'urgency urgency-overdue' : ''}, String(d.overdue)),
        String(d.replied_on_time), String(d.replied_late),
        // 0 is a real median (replied the day it came in) once anything was replied.
        Number(d.replied_on_time) + Number(d.replied_late) > 0
          ? String(Math.round(Number(d.median_working_days_to_reply) * 10) / 10) : '—']),
      {id: 'board-table'}));
    parts.push(groupedBarChart({
      id: 'board-chart',
      title: '各部门在办、即将到期、已超期案件数',
      desc: rows.map((d) => `${label(d)}：在办${d.open}，即将到期${d.due_soon}，已超期${d.overdue}`).join('；'),
      groups: rows.map((d) => ({label: label(d), values: [d.open, d.due_soon, d.overdue]})),
      series: [{name: '在办', cls: 'series-open'}, {name: '即将到期', cls: 'series-soon'}, {name: '已超期', cls: 'series-overdue'}],
    }));
  }
  const trend = trendOf(r, label);
  if (trend) parts.push(h('h3', null, '近8周趋势'), trend);
  replace(content, parts);
}

// The last 8 weeks (DepartmentBoardResponse.weeks, oldest first): requests received and cases
// closed, in all as a line chart, and per department as a table.
function trendOf(r, label) {
  const weeks = r.weeks || [];
  if (weeks.length === 0) return null;
  const weekLabel = (w) => (/^\d{4}-\d{2}-\d{2}$/.test(w.week_start) ? `${Number(w.week_start.slice(5, 7))}月${Number(w.week_start.slice(8))}日起` : w.week_start);
  const series = [{name: '新收申请', cls: 'series-open'}, {name: '办结', cls: 'series-4'}];
  const points = weeks.map((w) => ({label: weekLabel(w), values: [Number(w.received) || 0, Number(w.closed) || 0]}));
  const departments = (r.departments || []).filter((d) => (d.weeks || []).length === weeks.length);
  return h('div', {id: 'trend'},
    lineChart({
      id: 'trend-chart',
      title: '近8周新收申请和办结案件数（全部部门）',
      desc: points.map((p) => `${p.label}：新收${p.values[0]}，办结${p.values[1]}`).join('；'),
      points, series,
    }),
    table(['周（周一起）', ...weeks.map(weekLabel)], [
      ['全部：新收／办结', ...weeks.map((w) => `${w.received}／${w.closed}`)],
      ...departments.map((d) => [label(d), ...d.weeks.map((w) => `${w.received}／${w.closed}`)]),
    ], {id: 'trend-table', class: 'data trend'}));
}

async function showLists(box, ctx, names, agency, agencyNames) {
  const county = agency === '*';
  const dept = select([['', county ? '全县各机关' : '全部部门'], ...Object.entries(names)], {placeholder: null});
  dept.disabled = county;
  const within = h('input', {type: 'number', min: '1', max: '20', value: '5', inputmode: 'numeric'});
  const apply = h('button', {type: 'submit', id: 'lists-apply'}, '查询');
  const overdue = h('div', {id: 'overdue-list', 'aria-live': 'polite'});
  const dueSoon = h('div', {id: 'duesoon-list', 'aria-live': 'polite'});
  const form = h('form', {class: 'inline-form', novalidate: true},
    field('board_department', '部门', dept),
    field('within', '即将到期：几个工作日内', within, {hint: '1至20'}),
    h('div', {class: 'actions'}, apply));
  box.append(form, h('h3', null, '已超期'), overdue, h('h3', null, '即将到期'), dueSoon);

  // Over the county, each case's agency comes first and its unit by that agency's names.
  const unitNames = {};
  const unitName = (s) => {
    if (!s.department) return '待分办';
    const map = county ? unitNames[s.agency] || {} : names;
    return map[s.department] || s.department;
  };
  const listTable = (items, over, tableId) => table([
    '案件编号', ...(county ? ['机关'] : []), '部门', '状态', '答复期限', over ? '已超期' : '剩余', '申请内容'],
    items.map((it) => {
      const s = it.summary || {};
      return h('tr', {class: over ? 'urgency-row urgency-row-overdue' : 'urgency-row urgency-row-soon'}, [
        caseLink(s.case_number), ...(county ? [agencyNames[s.agency] || s.agency || ''] : []),
        unitName(s), stateLabel(s.state),
        chineseDate(s.due_date) + (s.due_date_provisional ? '（暂定）' : ''),
        h('span', {class: over ? 'urgency urgency-overdue' : 'urgency urgency-soon'}, over ? `超期${it.working_days}个工作日` : `剩余${it.working_days}个工作日`),
        h('span', {class: 'description'}, s.description || ''),
      ].map((c) => h('td', null, c)));
    }), {id: tableId});

  // `shown` and `missed`: the items and the missing partitions of the pages before this one.
  async function fill(target, method, request, over, tableId, token, shown, missed) {
    let r;
    try {
      r = await api.rpc('TrackerService', method, Object.assign({}, request,
        {page: {page_size: 100, page_token: token || '', agency}}));
    } catch (err) {
      replace(target, h('p', {class: 'load-error', role: 'alert'}, api.describeError(err)));
      return;
    }
    const items = (shown || []).concat(r.cases || []);
    if (county) {
      const missing = [...new Set(items.map((it) => (it.summary || {}).agency).filter((a) => a && !unitNames[a]))];
      await Promise.all(missing.map(async (a) => {
        unitNames[a] = await deptNamesOf(ctx, a);
      }));
    }
    const next = r.next_page_token || '';
    const missing = {missing_partitions: missingOf(missed, r)};
    replace(target, missingNote(missing, '以下列表', `${tableId}-incomplete`),
      items.length === 0 ? empty(over ? '没有超期案件。' : '没有即将到期的案件。') : listTable(items, over, tableId),
      next ? h('button', {type: 'button', id: `${tableId}-more`, on: {click: () => fill(target, method, request, over, tableId, next, items, missing)}}, '加载更多') : null);
  }

  async function load() {
    const n = Number(within.value);
    if (!Number.isInteger(n) || n < 1 || n > 20) {
      setFieldError('f-within', '请输入1至20的整数');
      return;
    }
    setFieldError('f-within', '');
    const restore = busy(apply, '正在查询…');
    await Promise.all([
      fill(overdue, 'ListOverdue', {department: dept.value}, true, 'overdue-table'),
      fill(dueSoon, 'ListDueSoon', {department: dept.value, within_working_days: n}, false, 'duesoon-table'),
    ]);
    restore();
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  await load();
}

// This year and the ten before it (not before 2000), this year chosen.
function yearSelect() {
  const thisYear = currentYearInChina();
  const years = [];
  for (let y = thisYear; y >= Math.max(2000, thisYear - 10); y--) years.push([String(y), `${y}年`]);
  return select(years, {placeholder: null, value: String(thisYear)});
}

function showReport(box, ctx, agency) {
  const year = yearSelect();
  const go = h('button', {type: 'submit', id: 'report-load'}, '查看');
  const links = h('p', {class: 'actions', id: 'report-links'});
  const status = h('div', {id: 'report-status', 'aria-live': 'polite'});
  const out = h('div', {id: 'report-tables', 'aria-live': 'polite'});
  const form = h('form', {class: 'inline-form', novalidate: true}, field('year', '年度', year), h('div', {class: 'actions'}, go));
  box.append(form, links, status, out);
  const mayPublish = agency !== '*' && (ctx.hasRole('head') || ctx.hasRole('manager'));

  function setLinks() {
    const y = encodeURIComponent(year.value);
    const a = agency ? `&agency=${encodeURIComponent(agency)}` : '';
    const stem = agency === '*' ? `-county` : agency ? `-${agency}` : '';
    replace(links,
      printLink(`/print/report?year=${y}${a}&format=html`, '打印年度报告（表三、表四）', 'report-html'),
      h('a', {href: `/print/report?year=${y}${a}&format=csv`, class: 'button-link', id: 'report-csv', download: `annual-report-${year.value}${stem}.csv`}, '下载CSV'));
  }

  // The report's due date and publication; the publish button while it is not published.
  function showStatus(r) {
    const p = publicationStatus(r);
    const parts = [missingNote(r, '表三、表四的数字', 'report-incomplete'),
      h('p', {id: 'report-publication', class: p.late ? 'warning' : p.published ? 'ok' : 'notice'},
        `${r.agency_name || ''}${r.year}年度政府信息公开工作年度报告：${p.text}`)];
    const incomplete = missingOf(r).length > 0;
    if (!p.published && mayPublish && incomplete) {
      // Published figures are frozen: never from part of them (the service refuses it too).
      parts.push(h('p', {class: 'hint', id: 'report-publish-waits'}, '数据不完整，暂不能发布年度报告，请待数据完整后再发布。'));
    } else if (!p.published && mayPublish && Number(r.year) < currentYearInChina()) {
      const publish = h('button', {type: 'button', class: 'primary', id: 'report-publish'}, '发布年度报告');
      publish.addEventListener('click', () => publishReport(publish, r));
      parts.push(h('div', {class: 'actions'}, publish));
    } else if (!p.published && mayPublish) {
      parts.push(h('p', {class: 'hint'}, '年度结束后方可发布该年度的报告。'));
    }
    if (p.published) {
      const n = (r.amendments || []).length;
      parts.push(h('h3', null, `发布后的变更（${n}项）`));
      parts.push(n === 0 ? empty('发布以来年度数据没有变更。')
        : [h('p', {class: 'hint'}, '表三、表四为发布时的数据；此后办结或更正的案件使以下项目发生变化，发布的报告如需更正请据此说明。'),
          amendmentsTable(r, 'report-amendments')]);
    }
    replace(status, parts);
  }

  async function publishReport(button, r) {
    const whose = r.agency_name || '本机关';
    const ok = await confirmAction('发布年度报告',
      `确定发布${whose}${r.year}年度政府信息公开工作年度报告吗？发布后表三、表四的数据即固定，此后的变化将作为变更单独列出，不能撤回。`,
      '确定发布');
    if (!ok) return;
    const restore = busy(button, '正在发布…');
    try {
      const published = await api.rpc('ReportService', 'PublishAnnualReport', {year: Number(r.year), agency: agency || ''});
      showMessage(`${whose}${r.year}年度报告已发布`, 'success');
      showStatus(published);
      replace(out, reportTables(published));
    } catch (err) {
      restore();
      showMessage(api.describeError(err), 'error');
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setLinks();
    const restore = busy(go, '正在生成…');
    try {
      const r = await api.rpc('ReportService', 'GetAnnualReport', {year: Number(year.value), agency: agency || ''});
      showStatus(r);
      replace(out, reportTables(r));
    } catch (err) {
      replace(status, null);
      replace(out, h('p', {class: 'load-error', role: 'alert'}, api.describeError(err)));
    } finally {
      restore();
    }
  });
  year.addEventListener('change', setLinks);
  setLinks();
}

function showAudit(box) {
  const year = yearSelect();
  const go = h('button', {type: 'submit', id: 'audit-run'}, '核验');
  const out = h('div', {id: 'audit-result', 'aria-live': 'polite'});
  const form = h('form', {class: 'inline-form', novalidate: true},
    field('audit_year', '登记年度', year, {hint: '逐件重新计算办理记录和个人信息查阅记录的哈希链，发现被修改或删除的记录'}),
    h('div', {class: 'actions'}, go));
  box.append(form, out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const restore = busy(go, '正在核验…');
    // A year is checked a page at a time; the figures add up as the pages come.
    const total = {checked: 0, broken: [], not_found: []};
    let token = '';
    try {
      for (let page = 0; page < 1000; page++) {
        const request = {year: Number(year.value), page_size: 2000};
        if (token) request.page_token = token;
        const r = await api.rpc('ReportService', 'VerifyAudit', request);
        total.checked += Number(r.checked) || 0;
        total.broken.push(...(r.broken || []));
        total.not_found.push(...(r.not_found || []));
        token = r.next_page_token || '';
        replace(out, auditResult(total, Boolean(token)));
        if (!token) break;
      }
    } catch (err) {
      if (err instanceof api.ApiError && err.unimplemented) {
        replace(out, h('p', {class: 'notice'}, '审计核验功能尚未开通。'));
      } else {
        replace(out, h('p', {class: 'load-error', role: 'alert'}, api.describeError(err)));
      }
    } finally {
      restore();
    }
  });
}

// VerifyAuditResponse summed over its pages: cases checked, the broken chains with the first
// event or reading that was edited, removed or moved, and numbers never registered.
function auditResult(total, going) {
  const parts = [h('p', {id: 'audit-checked'}, `已核验 ${total.checked} 件案件${going ? '，正在继续核验…' : '。'}`)];
  if (total.broken.length === 0) {
    if (!going) parts.push(h('p', {class: 'ok', id: 'audit-ok'}, '所有办理记录和个人信息查阅记录完整，未发现修改或删除。'));
  } else {
    parts.push(h('p', {class: 'warning', role: 'alert', id: 'audit-broken-count'}, `发现 ${total.broken.length} 件案件的记录链不完整：`));
    parts.push(table(['案件编号', '问题'], total.broken.map((b) => [caseLink(b.case_number), b.reason || '']), {id: 'audit-broken'}));
  }
  if (total.not_found.length) {
    parts.push(h('p', {class: 'hint', id: 'audit-not-found'},
      `另有 ${total.not_found.length} 个编号已分配但未完成登记：${total.not_found.slice(0, 20).join('、')}${total.not_found.length > 20 ? '等' : ''}。`));
  }
  return parts;
}
