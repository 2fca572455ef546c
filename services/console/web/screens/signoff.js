// 主任签发 #/signoff and #/signoff/<number> (head): the decisions that withhold information
// (不予公开, 部分公开) wait here for the head's second signature after review
// (ListSignOffQueue); 签发 (SignOff) or 不予签发 with comments (RefuseSignOff). 批准延期
// (GrantExtension) is here too, for any open case.

import {h, replace} from '../dom.js';
import * as api from '../api.js';
import {field, setFieldError} from '../forms.js';
import {queueSection, draftView, caseHeader, stateNotice} from '../caseparts.js';
import {CASE_NUMBER} from '../checks.js';
import * as actions from '../actions.js';

const PAGE = 500;

export async function render(root, params, ctx) {
  const number = params[0] || '';
  root.appendChild(h('h1', null, number ? `主任签发 ${number}` : '主任签发'));
  if (number) return openCase(root, number, ctx);
  const queue = queueSection({
    id: 'signoff-queue',
    tableId: 'signoff-table',
    emptyText: '暂无待签发的答复。',
    ctx,
    fetch: (pageToken) => api.rpc('ReviewService', 'ListSignOffQueue', {page_size: PAGE, page_token: pageToken}),
    rowActions: (s) => [
      h('a', {href: `#/signoff/${s.case_number}`, class: 'button-link primary', id: `signoff-open-${s.case_number}`}, '审阅签发'),
    ],
  });
  root.append(h('section', {class: 'panel', 'aria-labelledby': 'h-signoff-queue'},
    h('h2', {id: 'h-signoff-queue'}, '待签发'), queue.el), extensionPanel(ctx));
  await queue.load();
  return undefined;
}

// 批准延期 for a case by its number (acts on its current version).
function extensionPanel(ctx) {
  const number = h('input', {type: 'text', maxlength: '11', placeholder: '2026-000123', autocomplete: 'off'});
  const go = h('button', {type: 'submit', id: 'extension-open'}, '批准延期…');
  const form = h('form', {class: 'inline-form', novalidate: true},
    field('extension_case', '案件编号', number, {hint: '延期只能批准一次，最长20个工作日，须在答复期限届满前'}),
    h('div', {class: 'actions'}, go));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const n = number.value.trim();
    if (!CASE_NUMBER.test(n)) {
      setFieldError('f-extension_case', '请输入案件编号，格式如 2026-000123');
      number.focus();
      return;
    }
    setFieldError('f-extension_case', '');
    actions.grantExtension({case_number: n, version: 0}, () => ctx.navigate(`#/case/${n}`));
  });
  return h('section', {class: 'panel', 'aria-labelledby': 'h-extension'}, h('h2', {id: 'h-extension'}, '批准延期答复'), form);
}

async function openCase(root, number, ctx) {
  root.appendChild(h('p', null, h('a', {href: '#/signoff', id: 'signoff-back'}, '返回待签发列表')));
  const body = h('div', {id: 'signoff-case'});
  root.appendChild(body);
  let c;
  try {
    c = await api.rpc('IntakeService', 'GetCase', {case_number: number});
  } catch (err) {
    replace(body, h('p', {class: 'load-error', role: 'alert'}, api.describeError(err)));
    return;
  }
  const pending = c.state === 'CASE_STATE_SIGN_OFF';
  const sign = h('button', {type: 'button', class: 'primary', id: 'signoff-sign', disabled: !pending}, '签发');
  const refuse = h('button', {type: 'button', class: 'danger', id: 'signoff-refuse', disabled: !pending}, '不予签发');
  const extend = h('button', {type: 'button', id: 'signoff-extend'}, '批准延期');
  sign.addEventListener('click', () => decide('SignOff', false));
  refuse.addEventListener('click', () => decide('RefuseSignOff', true));
  extend.addEventListener('click', () => actions.grantExtension(c, () => ctx.reload()));
  const draft = c.draft || {};
  replace(body,
    h('section', {class: 'panel', 'aria-labelledby': 'h-signoff-case'},
      h('h2', {id: 'h-signoff-case'}, '案件'),
      caseHeader(c),
      h('p', null, `拟稿人：${draft.drafter || ''}；保密审查人：${c.reviewer || ''}`)),
    !pending ? stateNotice(c, '不在待签发状态') : null,
    h('section', {class: 'panel', 'aria-labelledby': 'h-signoff-draft'},
      h('h2', {id: 'h-signoff-draft'}, '拟答复意见'), draftView(draft, {idPrefix: 'signoff'})),
    c.review_comments ? h('p', {class: 'review-comments'}, h('strong', null, '审查意见：'), c.review_comments) : null,
    h('div', {class: 'actions'}, sign, refuse, extend));

  function decide(method, required) {
    return actions.commentDialog({
      title: required ? `不予签发：${c.case_number}` : `签发：${c.case_number}`,
      intro: required ? '写明不予签发的意见，答复拟稿退回承办部门。' : '签发后将制作答复书。',
      label: required ? '不予签发意见' : '签发意见',
      required,
      hint: required ? '' : '可不填',
      submitLabel: required ? '不予签发' : '签发',
      danger: required,
      service: 'ReviewService',
      method,
      request: {case_number: c.case_number, expected_version: api.num(c.version)},
      done: () => (required ? `${c.case_number} 未予签发，已退回承办部门` : `${c.case_number} 已签发，转制作答复书`),
      after: (ack) => (ack ? ctx.navigate('#/signoff') : ctx.reload()),
    });
  }
}
