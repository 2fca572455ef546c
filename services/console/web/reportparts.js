// The annual report as the screens show it (督办 and 全县概览): tables 三 and 四, whether and when
// the report was published, and the amendments made to a published year's figures.

import {h, table} from './dom.js';
import {chineseDate, chinaTime, todayInChina} from './dates.js';
import {caseLink} from './caseparts.js';
import {REDRESS_KINDS} from './labels.js';

// Tables 三 and 四 of an AnnualReport, with the moment they were made.
export function reportTables(r, {idPrefix = 'report'} = {}) {
  const columns = r.columns || [];
  const head = h('thead');
  if (columns.length === 7) {
    head.append(
      h('tr', null, h('th', {rowspan: '3', colspan: '3', scope: 'col'}, ''), h('th', {colspan: '7', scope: 'colgroup'}, '申请人情况')),
      h('tr', null, h('th', {rowspan: '2', scope: 'col'}, columns[0]), h('th', {colspan: '5', scope: 'colgroup'}, '法人或其他组织'), h('th', {rowspan: '2', scope: 'col'}, columns[6])),
      h('tr', null, columns.slice(1, 6).map((c) => h('th', {scope: 'col'}, c))));
  } else {
    head.appendChild(h('tr', null, h('th', {colspan: '3'}, ''), columns.map((c) => h('th', {scope: 'col'}, c))));
  }
  const body = h('tbody', null, (r.rows || []).map((row) => h('tr', {class: `level-${row.level || 0}`, dataset: {key: row.key || ''}},
    h('th', {scope: 'row', colspan: '3', class: `row-label indent-${row.level || 0}`}, row.label),
    (row.values || []).length ? row.values.map((v) => h('td', {class: 'num'}, String(v)))
      : columns.map(() => h('td', {class: 'num empty-cell'}, '')))));
  const whose = r.agency_name ? `${r.agency_name}，` : '';
  const t3 = h('table', {class: 'data report', id: `${idPrefix}-table-3`},
    h('caption', null, `三、收到和处理政府信息公开申请情况（${whose}${r.year}年）`), head, body);
  const redressCols = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  const t4 = h('table', {class: 'data report', id: `${idPrefix}-table-4`},
    h('caption', null, `四、政府信息公开行政复议、行政诉讼情况（${whose}${r.year}年）`),
    h('thead', null, h('tr', null, h('th', {scope: 'col'}, ''), redressCols.map((c) => h('th', {scope: 'col'}, c)))),
    h('tbody', null, (r.redress || []).map((row) => h('tr', null,
      h('th', {scope: 'row'}, row.label), (row.values || []).map((v) => h('td', {class: 'num'}, String(v)))))));
  return [t3, t4, r.generated_at ? h('p', {class: 'hint'}, `生成时间：${chinaTime(r.generated_at)}`) : null];
}

// 已发布（2026年1月20日 10:00:00，发布人 zhuren01）, or not yet with its due date (Art. 49: by the
// end of January), late once that has passed. {text, late, published}.
export function publicationStatus(r) {
  if (r.published_at) {
    return {published: true, late: false,
      text: `已发布（${chinaTime(r.published_at)}${r.published_by ? `，发布人 ${r.published_by}` : ''}）`};
  }
  if (!r.due_date) return {published: false, late: false, text: '未发布'};
  const late = todayInChina() > r.due_date;
  return {published: false, late,
    text: late ? `未发布，已超过发布期限（${chineseDate(r.due_date)}）` : `未发布（应于${chineseDate(r.due_date)}前发布）`};
}

// RedressKind by its number, as the counters write it.
const REDRESS_BY_NUMBER = ['', 'REDRESS_KIND_RECONSIDERATION', 'REDRESS_KIND_LITIGATION_DIRECT',
  'REDRESS_KIND_LITIGATION_AFTER_RECONSIDERATION'];
const redressKind = (k) => REDRESS_KINDS[REDRESS_BY_NUMBER[Number(k)]] || `第${k}类`;

// What a counter of the report is, in words (services/common/rules/report_counts.h): a cell of
// table 三 by its row and applicant column, the other counters by what they count.
function cellLabel(cell, r) {
  const parts = String(cell || '').split(':');
  const columns = r.columns || [];
  const column = (c) => columns[Number(c) - 1] || `第${c}列`;
  const rowLabel = (key) => {
    const row = (r.rows || []).find((x) => x.key === key);
    return row ? `${key} ${row.label}` : key;
  };
  switch (parts[0]) {
    case 'done': return parts.length === 4 ? `表三 ${rowLabel(parts[2])}（${column(parts[3])}）` : cell;
    case 'new': return parts.length === 3 ? `表三 本年新收政府信息公开申请数量（${column(parts[2])}）` : cell;
    case 'open': return parts.length === 3 ? `表三 结转下年度继续办理（${column(parts[2])}）` : cell;
    case 'late': return parts.length === 4 ? `表三 上年结转政府信息公开申请数量（${column(parts[3])}）` : cell;
    case 'rdf': return parts.length === 3 ? `表四 ${redressKind(parts[2])}（提起）` : cell;
    case 'rdd': return parts.length === 4 ? `表四 ${redressKind(parts[2])}（审结）` : cell;
    default: return cell;
  }
}

// The changes to a published year's figures since it was published, one row per changed cell.
export function amendmentsTable(r, id) {
  const rows = [];
  for (const a of r.amendments || []) {
    for (const c of a.cells || []) {
      const delta = Number(c.delta) || 0;
      rows.push([caseLink(a.case_number), chinaTime(a.at), cellLabel(c.cell, r),
        h('span', {class: 'num'}, delta > 0 ? `+${delta}` : String(delta))]);
    }
  }
  return table(['案件编号', '变更时间', '变更的项目', '增减'], rows, {id, class: 'data amendments'});
}
