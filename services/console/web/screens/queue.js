// 部门待办 #/queue[/<agency>]: an officer's department queue (RoutingService.ListDepartmentQueue,
// cases to accept and to answer) and the dispatcher's queue (ListDispatchQueue, cases no rule
// placed or handed back, to assign). Sorted by due date, each row marked by urgency in colour and
// words. Supplements and consultations are on the case page (办理). A manager sees every step's
// queue of the agency to look into (read only): a unit's, 待分办, 保密审查, 主任签发, 待送达; a
// manager of the county's disclosure office those of any agency.

import {h, replace} from '../dom.js';
import * as api from '../api.js';
import {queueSection} from '../caseparts.js';
import * as actions from '../actions.js';
import {field, select} from '../forms.js';
import {agencyPicker} from '../agencies.js';

const PAGE = 200;

export async function render(root, params, ctx) {
  root.appendChild(h('h1', null, '部门待办'));
  const refresh = h('button', {type: 'button', id: 'queue-refresh'}, '刷新');
  root.appendChild(h('div', {class: 'toolbar'}, refresh,
    h('p', {class: 'hint'}, '按答复期限排序。红色为已超期，橙色为3日内到期（按自然日）。')));
  const sections = [];
  if (ctx.hasRole('officer')) sections.push(departmentSection(ctx));
  if (ctx.hasRole('dispatcher')) sections.push(dispatchSection(ctx));
  if (ctx.hasRole('manager')) sections.push(await managerSection(ctx, ctx.countyWide && params[0] ? params[0] : ''));
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

// The queues a manager looks into, one at a time: [value, label, service, method].
const STEPS = [
  ['department', '部门待办（按承办单位）', 'RoutingService', 'ListDepartmentQueue'],
  ['dispatch', '待分办', 'RoutingService', 'ListDispatchQueue'],
  ['review', '保密审查', 'ReviewService', 'ListReviewQueue'],
  ['signoff', '主任签发', 'ReviewService', 'ListSignOffQueue'],
  ['reply', '待送达', 'ReplyService', 'ListReplyQueue'],
];

// A manager's view of an agency's queues (`agency` '' for their own): the agency (county-wide
// managers), the step and, for a unit's queue, the unit; the cases open on their case page.
async function managerSection(ctx, agency) {
  const units = agency ? await ctx.departmentsOf(agency) : await ctx.departments();
  const step = select(STEPS.map(([v, label]) => [v, label]), {placeholder: null, value: units.length ? 'department' : 'dispatch'});
  const unit = select(units.map((u) => [u.code, u.name]), {placeholder: null});
  const unitField = field('queue_unit', '承办单位', unit);
  const controls = [];
  if (ctx.countyWide) {
    const picker = agencyPicker(await ctx.agencies(), {value: agency, own: ctx.agency});
    picker.addEventListener('change', () => {
      ctx.navigate(picker.value === ctx.agency ? '#/queue' : `#/queue/${encodeURIComponent(picker.value)}`);
    });
    controls.push(field('queue_agency', '机关', picker));
  }
  controls.push(field('queue_step', '办理环节', step), unitField);
  const listBox = h('div', {id: 'queue-manager-box'});
  const el = h('section', {class: 'panel', id: 'queue-manager', 'aria-labelledby': 'h-queue-manager'},
    h('h2', {id: 'h-queue-manager'}, '各环节待办'),
    h('div', {class: 'inline-form'}, controls),
    listBox);

  let current = null;
  function choose() {
    const [value, label, service, method] = STEPS.find((x) => x[0] === step.value) || STEPS[1];
    unitField.hidden = value !== 'department';
    const page = (pageToken) => ({page_size: PAGE, page_token: pageToken, agency});
    current = queueSection({
      id: 'queue-manager-list',
      tableId: 'queue-manager-table',
      emptyText: value === 'department' && !unit.value ? '该机关没有承办单位。' : `“${label}”暂无案件。`,
      ctx: agency ? Object.assign({}, ctx, {departments: () => Promise.resolve(units)}) : ctx,
      fetch: (pageToken) => value === 'department'
        ? (unit.value ? api.rpc(service, method, {department: unit.value, page: page(pageToken)}) : Promise.resolve({cases: []}))
        : api.rpc(service, method, page(pageToken)),
      rowActions: (s) => [h('a', {href: `#/case/${s.case_number}`, class: 'button-link', id: `open-${s.case_number}`}, '查看')],
    });
    replace(listBox, current.el);
    return current.load();
  }
  step.addEventListener('change', choose);
  unit.addEventListener('change', choose);
  return {el, load: () => (current ? current.load() : choose())};
}
