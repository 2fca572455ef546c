// 部门待办 #/queue: an officer's department queue (RoutingService.ListDepartmentQueue, cases to
// accept and to answer) and the dispatcher's queue (ListDispatchQueue, cases no rule placed or
// handed back, to assign). Sorted by due date, each row marked by urgency in colour and words.
// Supplements and consultations are on the case page (办理).

import {h} from '../dom.js';
import * as api from '../api.js';
import {queueSection} from '../caseparts.js';
import * as actions from '../actions.js';

const PAGE = 200;

export async function render(root, params, ctx) {
  root.appendChild(h('h1', null, '部门待办'));
  const refresh = h('button', {type: 'button', id: 'queue-refresh'}, '刷新');
  root.appendChild(h('div', {class: 'toolbar'}, refresh,
    h('p', {class: 'hint'}, '按答复期限排序。红色为已超期，橙色为3日内到期（按自然日）。')));
  const sections = [];
  if (ctx.hasRole('officer')) sections.push(departmentSection(ctx));
  if (ctx.hasRole('dispatcher')) sections.push(dispatchSection(ctx));
  for (const s of sections) root.appendChild(s.el);
  refresh.addEventListener('click', () => sections.forEach((s) => s.load()));
  await Promise.all(sections.map((s) => s.load()));
}

function departmentSection(ctx) {
  const dept = ctx.user.department || '';
  return queueSection({
    id: 'queue-department',
    title: '本部门待办',
    emptyText: dept ? '本部门暂无待办案件。' : '您的账号未设置所属部门，请联系系统管理员。',
    ctx,
    fetch: (pageToken) => dept ? api.rpc('RoutingService', 'ListDepartmentQueue',
      {department: dept, page: {page_size: PAGE, page_token: pageToken}}) : Promise.resolve({cases: []}),
    rowActions: (s, reload) => {
      const out = [];
      const n = s.case_number;
      if (s.state === 'CASE_STATE_ASSIGNED') {
        out.push(h('button', {type: 'button', class: 'primary', id: `accept-${n}`,
          on: {click: (e) => actions.accept(e.currentTarget, s, reload)}}, '接收'));
      }
      if (s.state === 'CASE_STATE_IN_DEPARTMENT') {
        out.push(h('a', {href: `#/draft/${n}`, class: 'button-link primary', id: `draft-${n}`}, '拟稿'));
      }
      if (s.state === 'CASE_STATE_ASSIGNED' || s.state === 'CASE_STATE_IN_DEPARTMENT') {
        out.push(h('button', {type: 'button', id: `handback-${n}`, on: {click: () => actions.handBack(s, reload)}}, '退回'));
      }
      out.push(h('a', {href: `#/case/${n}`, class: 'button-link', id: `open-${n}`,
        title: '补正、征求意见等在案件页办理'}, '办理'));
      return out;
    },
  });
}

function dispatchSection(ctx) {
  return queueSection({
    id: 'queue-dispatch',
    title: '待分办',
    emptyText: '暂无待分办的案件。',
    ctx,
    fetch: (pageToken) => api.rpc('RoutingService', 'ListDispatchQueue', {page_size: PAGE, page_token: pageToken}),
    rowActions: (s, reload) => [
      h('button', {type: 'button', class: 'primary', id: `assign-${s.case_number}`,
        on: {click: () => actions.assign(s, ctx, reload)}}, '分派'),
      h('a', {href: `#/case/${s.case_number}`, class: 'button-link', id: `open-${s.case_number}`}, '查看'),
    ],
  });
}
