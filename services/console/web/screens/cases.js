// 案件 #/cases: search by case number, the applicant's full name or words of the request
// (IntakeService.SearchCases), and open a case by its number. Where SearchCases is not served
// (an older gateway or intake: 404/501), a case number typed in still opens the case.

import {h, replace, empty} from '../dom.js';
import * as api from '../api.js';
import {field, showError, busy, setFieldError} from '../forms.js';
import {summaryTable, deptNameMap, summaryNames} from '../caseparts.js';
import {CASE_NUMBER} from '../checks.js';
// The last search, shown again on coming back to this screen — for the same person only.
let lastQuery = '';

// Called by the shell when the session ends: nothing one person searched for is shown to the next.
export function forget() {
  lastQuery = '';
}

export async function render(root, params, ctx) {
  const query = h('input', {type: 'search', maxlength: '100', value: lastQuery, autocomplete: 'off',
    placeholder: '案件编号、申请人姓名或申请内容'});
  const submit = h('button', {type: 'submit', class: 'primary', id: 'search-submit'}, '搜索');
  const results = h('div', {id: 'search-results', 'aria-live': 'polite'});
  const form = h('form', {class: 'search-form', role: 'search', novalidate: true},
    field('query', '查找案件', query, {hint: '可输入案件编号（如 2026-000123）、申请人完整姓名或名称，或申请内容中的词语'}),
    h('div', {class: 'actions'}, submit));
  root.append(h('h1', null, '案件'), form, results);

  async function search(auto = false) {
    const q = query.value.trim();
    lastQuery = q;
    setFieldError('f-query', '');
    if (!q) {
      setFieldError('f-query', '请输入要查找的内容');
      query.focus();
      return;
    }
    if ([...q].length > 100) {
      setFieldError('f-query', '查找内容不能超过100个字');
      query.focus();
      return;
    }
    const restore = busy(submit, '正在搜索…');
    try {
      const r = await api.rpc('IntakeService', 'SearchCases', {query: q, page_size: 100});
      const found = r.cases || [];
      if (!auto && found.length === 1 && CASE_NUMBER.test(q) && found[0].case_number === q) {
        ctx.navigate(`#/case/${q}`);
        return;
      }
      const [deptNames, names] = await Promise.all([deptNameMap(ctx), summaryNames(ctx, found)]);
      replace(results,
        h('p', {class: 'count', id: 'search-count'}, found.length === 0 ? '' : `找到 ${found.length} 件，按登记时间由新到旧排列`),
        r.more ? h('p', {class: 'notice', id: 'search-more'}, '符合条件的案件超过100件，只列出最新的100件，请输入更具体的内容。') : null,
        r.text_scan_bounded ? h('p', {class: 'hint', id: 'search-bounded'},
          '申请内容只在最近变动的2000件案件中查找；更早的案件请按案件编号或申请人姓名查找。') : null,
        found.length === 0 ? empty('没有找到符合条件的案件。按申请人查找时，请输入完整姓名或名称。') : summaryTable(found, {deptNames, names, id: 'search-table'}));
    } catch (err) {
      if (err instanceof api.ApiError && err.unimplemented) {
        if (CASE_NUMBER.test(q) && !auto) {
          ctx.navigate(`#/case/${q}`);
          return;
        }
        replace(results, h('p', {class: 'notice', id: 'search-unavailable'},
          '案件检索功能尚未开通。请输入完整的案件编号（如 2026-000123）直接打开案件。'));
      } else {
        showError(err, {query: 'f-query'});
      }
    } finally {
      if (document.contains(submit)) restore();
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    search(false);
  });
  if (lastQuery) search(true);
  else results.appendChild(empty('输入案件编号、申请人姓名或申请内容中的词语进行查找。'));
}
