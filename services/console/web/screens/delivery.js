// 送达 #/delivery and #/delivery/<number> (clerk): the replies ready to deliver
// (ReplyService.ListReplyQueue); print the reply letter (/print/document kind REPLY) and record
// how and when it reached the applicant (IssueReply with a DeliveryRecord), which closes the case.

import {h, replace, empty, facts, printLink, clearErrors} from '../dom.js';
import * as api from '../api.js';
import {field, select, setFieldError, submitting} from '../forms.js';
import {showMessage} from '../ui.js';
import {DELIVERY_METHODS, outcomeWithArticle} from '../labels.js';
import {queueSection, caseLink, stateLabel, stateNotice} from '../caseparts.js';
import {todayInChina, chineseDateWithWeekday} from '../dates.js';
import {requireText, requireDate} from '../actions.js';

const PAGE = 500;
// GetReplyLetter's answers for a letter not made yet.
const NOT_READY = new Set(['FAILED_PRECONDITION', 'NOT_FOUND']);

const FIELD_MAP = {
  'delivery.method': 'f-delivery_method',
  'delivery.delivered_on': 'f-delivered_on',
  'delivery.reference': 'f-reference',
  delivery: 'f-delivery_method',
};

function replyUrl(number) {
  return `/print/document?case=${encodeURIComponent(number)}&kind=DOCUMENT_KIND_REPLY`;
}

export async function render(root, params, ctx) {
  const number = params[0] || '';
  root.appendChild(h('h1', null, number ? `送达 ${number}` : '送达'));
  if (number) return openCase(root, number, ctx);
  const queue = queueSection({
    id: 'delivery-queue',
    tableId: 'delivery-table',
    emptyText: '暂无待送达的答复书。',
    ctx,
    fetch: (pageToken) => api.rpc('ReplyService', 'ListReplyQueue', {page_size: PAGE, page_token: pageToken}),
    rowActions: (s) => [
      printLink(replyUrl(s.case_number), '打印答复书', `print-reply-${s.case_number}`),
      h('a', {href: `#/delivery/${s.case_number}`, class: 'button-link primary', id: `deliver-${s.case_number}`}, '登记送达'),
    ],
  });
  root.appendChild(queue.el);
  await queue.load();
  return undefined;
}

async function openCase(root, number, ctx) {
  root.appendChild(h('p', null, h('a', {href: '#/delivery', id: 'delivery-back'}, '返回待送达列表')));
  const body = h('div', {id: 'delivery-case'});
  root.appendChild(body);
  // The letter is asked for alongside the case: not made yet is no error, anything else is.
  const letterOf = api.rpc('ReplyService', 'GetReplyLetter', {case_number: number})
    .then((r) => ({text: r.text || ''}))
    .catch((err) => (NOT_READY.has(err.code) ? {text: ''} : {error: err}));
  let c;
  let letter;
  try {
    [c, letter] = await Promise.all([api.rpc('IntakeService', 'GetCase', {case_number: number}), letterOf]);
  } catch (err) {
    replace(body, h('p', {class: 'load-error', role: 'alert'}, api.describeError(err)));
    return;
  }
  const a = c.applicant || {};
  const r = c.request || {};
  const ready = c.state === 'CASE_STATE_REPLY_READY';

  const method = select(DELIVERY_METHODS, {placeholder: '请选择', value: r.delivery || ''});
  const on = h('input', {type: 'date', max: todayInChina(), value: todayInChina()});
  const reference = h('input', {type: 'text', maxlength: '100'});
  const submit = h('button', {type: 'submit', class: 'primary', id: 'delivery-submit', disabled: !ready}, '登记送达');
  const form = h('form', {class: 'delivery-form', id: 'delivery-form', novalidate: true},
    field('delivery_method', '送达方式', method, {required: true}),
    field('delivered_on', '送达日期', on, {required: true, hint: '申请人收到答复书的日期；邮寄的为签收日期'}),
    field('reference', '送达凭证', reference, {hint: '邮件单号、电子邮件编号、签收人等，可不填'}),
    h('div', {class: 'actions'}, submit));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    let ok = true;
    if (!method.value) {
      setFieldError('f-delivery_method', '请选择送达方式');
      ok = false;
    }
    ok = requireDate('f-delivered_on', on.value, {what: '送达日期'}) && ok;
    ok = requireText('f-reference', reference.value, 100, '送达凭证', {required: false}) && ok;
    if (!ok) {
      form.querySelector('[aria-invalid="true"]')?.focus();
      return;
    }
    const ack = await submitting(submit, () => api.rpc('ReplyService', 'IssueReply', {
      case_number: c.case_number,
      expected_version: api.num(c.version),
      delivery: {method: method.value, delivered_on: on.value, reference: reference.value.trim()},
    }), FIELD_MAP);
    if (!ack) return;
    showMessage(`${c.case_number} 已登记送达，案件办结`, 'success');
    ctx.navigate('#/delivery');
  });

  replace(body,
    h('section', {class: 'panel', 'aria-labelledby': 'h-delivery-case'},
      h('h2', {id: 'h-delivery-case'}, '案件'),
      facts([
        ['案件编号', caseLink(c.case_number)],
        ['状态', stateLabel(c.state)],
        ['答复类型', outcomeWithArticle((c.draft || {}).outcome)],
        ['答复期限', chineseDateWithWeekday((c.deadline || {}).due_date)],
        ['申请人', a.name],
        ['申请人要求的获取方式', DELIVERY_METHODS[r.delivery] || ''],
        ['通信地址', a.address],
        ['电子邮箱', a.email],
        ['联系电话', a.phone],
      ])),
    !ready ? stateNotice(c, '不是待送达状态') : null,
    h('section', {class: 'panel', 'aria-labelledby': 'h-delivery-letter'},
      h('h2', {id: 'h-delivery-letter'}, '答复书'),
      h('div', {class: 'actions'}, printLink(replyUrl(c.case_number), '打印答复书', 'print-reply')),
      letter.error ? h('p', {class: 'load-error', role: 'alert'}, api.describeError(letter.error))
        : letter.text ? h('pre', {class: 'letter-text', id: 'reply-letter-text'}, letter.text) : empty('答复书尚未制作完成。')),
    h('section', {class: 'panel', 'aria-labelledby': 'h-delivery-form'},
      h('h2', {id: 'h-delivery-form'}, '登记送达'), form));
}
