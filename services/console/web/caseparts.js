// Pieces of a case that several screens show: the work-queue table, the draft's text with its
// withheld spans and screener findings marked, the due date's derivation and the printable
// documents of a case.

import {h, replace, table, printLink, empty} from './dom.js';
import * as api from './api.js';
import {
  CASE_STATES, APPLICANT_TYPES, FINDING_KINDS, FINDING_RESOLUTIONS, FINDING_FIELDS, DOCUMENT_KINDS,
  outcomeLabel, outcomeWithArticle, groundShortName,
} from './labels.js';
import {chineseDate, chineseDateWithWeekday, urgencyOf} from './dates.js';
import {deadlineLines} from './deadline.js';
import {markedText} from './spans.js';
import {agencyNumber} from './agencies.js';
import {missingNote, missingOf} from './completeness.js';

export function caseLink(number) {
  return h('a', {href: `#/case/${encodeURIComponent(number)}`, class: 'case-number'}, number);
}

export function stateLabel(state) {
  return CASE_STATES[state] || state || '';
}

// Sorted by due date, soonest first; cases without one last.
export function byDueDate(a, b) {
  const x = a.due_date || '9999-99-99';
  const y = b.due_date || '9999-99-99';
  return x < y ? -1 : x > y ? 1 : (a.case_number < b.case_number ? -1 : 1);
}

export function urgencyCell(summary) {
  const u = urgencyOf(summary.due_date, summary.due_date_provisional);
  return h('span', {class: `urgency urgency-${u.level}`}, u.text);
}

// A table of CaseSummary rows; `actions(summary)` gives the last cell's buttons (optional).
// deptNames: code → name. With `names` (summaryNames), each case number is followed by its
// agency and its number there, and the units are named by their own agency's catalogue.
export function summaryTable(summaries, {deptNames = {}, names = null, actions = null, id = '', caption = ''} = {}) {
  const headings = ['案件编号', '状态', '部门', '申请人类型', '收到日期', '答复期限', '期限提示', '申请内容'];
  if (actions) headings.push('操作');
  const rows = summaries.map((s) => {
    const u = urgencyOf(s.due_date, s.due_date_provisional);
    const units = names && s.agency && names.units[s.agency] ? names.units[s.agency] : deptNames;
    const own = names ? agencyNumber(s.case_number, s.agency_sequence) : '';
    const cells = [
      names ? [caseLink(s.case_number), h('span', {class: 'case-agency'}, names.agencies[s.agency] || s.agency || '', own)]
        : caseLink(s.case_number),
      stateLabel(s.state),
      s.department ? (units[s.department] || s.department) : '待分办',
      APPLICANT_TYPES[s.applicant_type] || '',
      chineseDate(s.received_date),
      s.due_date ? chineseDate(s.due_date) + (s.due_date_provisional ? '（暂定）' : '') : '',
      urgencyCell(s),
      h('span', {class: 'description'}, s.description || ''),
    ];
    if (actions) cells.push(h('div', {class: 'row-actions'}, actions(s)));
    return h('tr', {class: `urgency-row urgency-row-${u.level}`, dataset: {case: s.case_number}},
      cells.map((c) => h('td', null, c)));
  });
  const t = table(headings, rows, {id: id || undefined});
  if (caption) t.insertBefore(h('caption', null, caption), t.firstChild);
  return t;
}

// The agencies' and their units' names for rows of several agencies:
// {agencies: code → name, units: agency → (unit code → name)}.
export async function summaryNames(ctx, summaries) {
  const codes = [...new Set(summaries.map((s) => s.agency).filter(Boolean))];
  const [agencies, lists] = await Promise.all([ctx.agencyNames(),
    Promise.all(codes.map((code) => ctx.departmentsOf(code)))]);
  const units = {};
  codes.forEach((code, i) => {
    units[code] = Object.fromEntries(lists[i].map((d) => [d.code, d.name]));
  });
  return {agencies, units};
}

export async function deptNameMap(ctx) {
  const list = await ctx.departments();
  const map = {};
  for (const d of list) map[d.code] = d.name;
  return map;
}

// A work queue, sorted by due date, a page at a time with 加载更多 while there are more:
// `fetch(pageToken)` returns a QueueResponse, `rowActions(summary, reload)` a row's buttons.
// With a title, a panel (section#<id>, heading h-<id> counting the cases, list <id>-list);
// without, the list alone (div#<id>). The table is <tableId>, the button <id>-more.
// Returns {el, load}.
export function queueSection({id, title = '', tableId = `${id}-table`, fetch, rowActions, emptyText, ctx}) {
  const list = h('div', {id: title ? `${id}-list` : id, 'aria-live': 'polite'});
  const heading = title ? h('h2', {id: `h-${id}`}, title) : null;
  const el = title ? h('section', {class: 'panel', id, 'aria-labelledby': `h-${id}`}, heading, list) : list;
  let rows = [];
  let token = '';
  let missing = [];  // the partitions any page so far could not read

  async function load(more) {
    if (!more) {
      rows = [];
      token = '';
      missing = [];
    }
    let r;
    try {
      r = await fetch(more ? token : '');
    } catch (err) {
      replace(list, h('p', {class: 'load-error', role: 'alert'}, api.describeError(err)));
      return;
    }
    rows = rows.concat(r.cases || []);
    token = r.next_page_token || '';
    rows.sort(byDueDate);
    const [deptNames, names] = await Promise.all([deptNameMap(ctx), summaryNames(ctx, rows)]);
    if (heading) heading.textContent = `${title}（${rows.length}${token ? '+' : ''}件）`;
    missing = missingOf({missing_partitions: missing}, r);
    replace(list, missingNote({missing_partitions: missing}, '以下待办', `${id}-incomplete`),
      rows.length === 0 ? empty(emptyText)
        : summaryTable(rows, {deptNames, names, id: tableId, actions: (s) => rowActions(s, () => load(false))}),
      token ? h('button', {type: 'button', id: `${id}-more`, on: {click: () => load(true)}}, '加载更多') : null);
  }
  return {el, load: () => load(false)};
}

// The case's first lines on the review and sign-off pages: number, state, applicant type and due
// date; then the information asked for.
export function caseHeader(c) {
  const a = c.applicant || {};
  const d = c.deadline || {};
  return [
    h('p', null, caseLink(c.case_number), `　${stateLabel(c.state)}　申请人类型：${APPLICANT_TYPES[a.type] || ''}　答复期限：${chineseDateWithWeekday(d.due_date)}`),
    h('p', {class: 'prewrap'}, h('strong', null, '所需信息：'), (c.request || {}).description || ''),
  ];
}

// 案件当前状态为“…”，<tail>。 — a page whose command the case's state does not allow now.
export function stateNotice(c, tail, {id} = {}, ...more) {
  return h('p', {class: 'notice', id}, `案件当前状态为“${stateLabel(c.state)}”，${tail}。`, ...more);
}

export function deadlineBlock(deadline, id) {
  const lines = deadlineLines(deadline);
  if (lines.length === 0) return empty('尚无答复期限。');
  return h('ol', {class: 'deadline-lines', id}, lines.map((l) => h('li', null, l)));
}

// The marks of a draft field: the withheld spans (disclosed_text only) and the screener's
// findings, each finding labelled with its number as listed.
export function draftMarks(draft, fieldName, {withheld = null} = {}) {
  const marks = [];
  const spans = withheld !== null ? withheld : (draft.withheld || []);
  if (fieldName === 'disclosed_text') {
    for (const w of spans) {
      marks.push({begin: Number(w.begin), end: Number(w.end), kind: 'withheld', ground: w.ground});
    }
  }
  (draft.findings || []).forEach((f, i) => {
    if ((f.field || 'disclosed_text') !== fieldName) return;
    marks.push({begin: Number(f.begin), end: Number(f.end), kind: 'finding', finding: f, index: i, label: `[${i + 1}]`});
  });
  return marks;
}

export function describeMarks(marks) {
  const classes = ['mark'];
  const titles = [];
  for (const m of marks) {
    if (m.kind === 'withheld') {
      classes.push('mark-withheld');
      titles.push(`不予公开：${groundShortName(m.ground)}`);
    } else {
      const res = m.finding.resolution || 'FINDING_RESOLUTION_UNRESOLVED';
      classes.push('mark-finding', `mark-${res.replace('FINDING_RESOLUTION_', '').toLowerCase()}`);
      titles.push(`筛查发现${m.label}：${FINDING_KINDS[m.finding.kind] || ''}（${FINDING_RESOLUTIONS[res] || ''}）`);
    }
  }
  return {cls: classes.join(' '), title: titles.join('；')};
}

// The draft as the department submitted it, marks included.
export function draftView(draft, {idPrefix = 'draft', withFindings = true} = {}) {
  if (!draft || !draft.outcome || draft.outcome === 'OUTCOME_UNSPECIFIED') return empty('尚未提交答复拟稿。');
  const parts = [];
  const changed = draft.proposed_outcome && draft.proposed_outcome !== draft.outcome;
  parts.push(h('p', {class: 'outcome'}, h('strong', null, '答复类型：'), outcomeWithArticle(draft.outcome)));
  if (changed) {
    parts.push(h('p', {class: 'hint'}, `部门原拟：${outcomeWithArticle(draft.proposed_outcome)}；审查中遮盖了部分内容，按部分公开答复。`));
  }
  if (draft.responsible_agency) {
    parts.push(h('p', null, h('strong', null, '负责公开的机关：'), draft.responsible_agency,
      draft.responsible_contact ? `（联系方式：${draft.responsible_contact}）` : ''));
  }
  if (draft.grounds) {
    parts.push(h('h4', null, '理由'));
    parts.push(markedText(draft.grounds, draftMarks(draft, 'grounds'), describeMarks, {id: `${idPrefix}-grounds`}));
  }
  if (draft.disclosed_text) {
    parts.push(h('h4', null, '公开内容'));
    parts.push(markedText(draft.disclosed_text, draftMarks(draft, 'disclosed_text'), describeMarks, {id: `${idPrefix}-disclosed`}));
  }
  const withheld = draft.withheld || [];
  if (withheld.length > 0) {
    parts.push(h('p', {class: 'legend'}, h('span', {class: 'mark mark-withheld legend-swatch'}, '示例'), ' 标为不予公开的部分'));
  }
  if (withFindings && (draft.findings || []).length > 0) {
    parts.push(findingsTable(draft.findings));
  }
  parts.push(h('p', {class: 'meta'}, `拟稿人：${draft.drafter || ''}`,
    draft.signed_off_by ? `；签发人：${draft.signed_off_by}` : ''));
  return h('div', {class: 'draft-view'}, parts);
}

export function findingsTable(findings, actions) {
  const headings = ['序号', '类型', '所在部分', '内容（已部分隐去）', '处理结果'];
  if (actions) headings.push('操作');
  const rows = findings.map((f, i) => {
    const res = f.resolution || 'FINDING_RESOLUTION_UNRESOLVED';
    let result = FINDING_RESOLUTIONS[res] || res;
    // The ground's own label has brackets (不予公开（保护第三方合法权益）): a colon, not more brackets.
    if (res === 'FINDING_RESOLUTION_REDACTED' && f.ground && f.ground !== 'OUTCOME_UNSPECIFIED') {
      result += `：${outcomeLabel(f.ground)}`;
    }
    if (res === 'FINDING_RESOLUTION_RELEASED' && f.reason) result += `：${f.reason}`;
    if (f.resolved_by) result += `；处理人 ${f.resolved_by}`;
    const cells = [`[${i + 1}]`, FINDING_KINDS[f.kind] || f.kind, FINDING_FIELDS[f.field] || FINDING_FIELDS.disclosed_text,
      h('code', null, f.masked || ''), h('span', {class: `resolution resolution-${res.replace('FINDING_RESOLUTION_', '').toLowerCase()}`}, result)];
    if (actions) cells.push(h('div', {class: 'row-actions'}, actions(f, i)));
    return h('tr', {id: `finding-${i}`}, cells.map((c) => h('td', null, c)));
  });
  return table(headings, rows, {class: 'data findings', id: 'findings-table'});
}

// The documents that exist for the case, each a link to its printable page.
export function documentLinks(c) {
  const n = encodeURIComponent(c.case_number);
  const link = (kind, extra = '', label = DOCUMENT_KINDS[kind]) => h('li', null,
    printLink(`/print/document?case=${n}&kind=${kind}${extra}`, label, `doc-${kind.replace('DOCUMENT_KIND_', '').toLowerCase()}${extra ? '-' + extra.replace(/\D/g, '') : ''}`));
  const items = [link('DOCUMENT_KIND_RECEIPT')];
  if (c.reply_date) items.push(link('DOCUMENT_KIND_REPLY'));
  if (c.supplement && c.supplement.requested_on) items.push(link('DOCUMENT_KIND_SUPPLEMENT'));
  if (c.extension && c.extension.granted_on) items.push(link('DOCUMENT_KIND_EXTENSION'));
  (c.consultations || []).forEach((k, i) => {
    if (!k.sent_on) return;
    const who = k.party_type === 'CONSULTED_PARTY_OTHER_AGENCY' ? '政府信息公开征求意见函' : '第三方意见征询书';
    items.push(link('DOCUMENT_KIND_CONSULTATION', `&consultation=${i}`, `${who}（${k.party || `第${i + 1}次`}）`));
    if (k.disclosure_notice && k.disclosure_notice.issued_on) {
      items.push(link('DOCUMENT_KIND_DISCLOSURE_NOTICE', `&consultation=${i}`, `第三方告知书（${k.party || `第${i + 1}次`}）`));
    }
  });
  if (c.fee && c.fee.issued_on) items.push(link('DOCUMENT_KIND_FEE_NOTICE'));
  if (c.excessive && c.excessive.asked_on) items.push(link('DOCUMENT_KIND_REASONS_REQUEST'));
  if (c.excessive && c.excessive.later_reply_date && c.excessive.decided_on) items.push(link('DOCUMENT_KIND_LATER_REPLY'));
  return h('ul', {class: 'documents', id: 'case-documents'}, items);
}
