// 送达 #/delivery and #/delivery/<number> (clerk): the replies ready to deliver
// (ReplyService.ListReplyQueue); print the reply letter (/print/document kind REPLY) and record
// how and when it reached the applicant (IssueReply with a DeliveryRecord), which closes the case.

import {h, replace, empty, facts, printLink} from '../dom.js';
import * as api from '../api.js';
import {field, select, setFieldError, clearErrors, showError, busy} from '../forms.js';
import {showMessage} from '../ui.js';
import {DELIVERY_METHODS, CASE_STATES, outcomeWithArticle} from '../labels.js';
import {summaryTable, byDueDate, deptNameMap, caseLink} from '../caseparts.js';
import {todayInChina, chineseDateWithWeekday} from '../dates.js';
import {charCount} from '../checks.js';

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
  const box = h('div', {id: 'delivery-queue'});
  root.appendChild(box);
  let r;
  try {
    r = await api.rpc('ReplyService', 'ListReplyQueue', {page_size: 500});
  } catch (err) {
    replace(box, h('p', {class: 'load-error', role: 'alert'}, api.describeError(err)));
    return undefined;
  }
  const rows = (r.cases || []).slice().sort(byDueDate);
  const names = await deptNameMap(ctx);
  replace(box, rows.length === 0 ? empty('暂无待送达的答复书。')
    : summaryTable(rows, {deptNames: names, id: 'delivery-table', actions: (s) => [
      printLink(replyUrl(s.case_number), '打印答复书', `print-reply-${s.case_number}`),
      h('a', {href: `#/delivery/${s.case_number}`, class: 'button-link primary', id: `deliver-${s.case_number}`}, '登记送达'),
    ]}));
  return undefined;
}

async function openCase(root, number, ctx) {
  root.appendChild(h('p', null, h('a', {href: '#/delivery', id: 'delivery-back'}, '返回待送达列表')));
  const body = h('div', {id: 'delivery-case'});
  root.appendChild(body);
  let c;
  try {
    c = await api.rpc('IntakeService', 'GetCase', {case_number: number});
  } catch (err) {
    replace(body, h('p', {class: 'load-error', role: 'alert'}, api.describeError(err)));
    return;
  }
  let letterText = '';
  try {
    letterText = (await api.rpc('ReplyService', 'GetReplyLetter', {case_number: number})).text || '';
  } catch (err) {
    letterText = '';
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
    if (!/^\d{4}-\d{2}-\d{2}$/.test(on.value)) {
      setFieldError('f-delivered_on', '请填写送达日期');
      ok = false;
    } else if (on.value > todayInChina()) {
      setFieldError('f-delivered_on', '送达日期不能晚于今天');
      ok = false;
    }
    if (charCount(reference.value) > 100) {
      setFieldError('f-reference', '送达凭证不能超过100个字');
      ok = false;
    }
    if (!ok) {
      form.querySelector('[aria-invalid="true"]')?.focus();
      return;
    }
    const restore = busy(submit);
    try {
      await api.rpc('ReplyService', 'IssueReply', {
        case_number: c.case_number,
        expected_version: api.num(c.version),
        delivery: {method: method.value, delivered_on: on.value, reference: reference.value.trim()},
      });
      showMessage(`${c.case_number} 已登记送达，案件办结`, 'success');
      ctx.navigate('#/delivery');
    } catch (err) {
      showError(err, FIELD_MAP);
      restore();
    }
  });

  replace(body,
    h('section', {class: 'panel', 'aria-labelledby': 'h-delivery-case'},
      h('h2', {id: 'h-delivery-case'}, '案件'),
      facts([
        ['案件编号', caseLink(c.case_number)],
        ['状态', CASE_STATES[c.state] || c.state],
        ['答复类型', outcomeWithArticle((c.draft || {}).outcome)],
        ['答复期限', chineseDateWithWeekday((c.deadline || {}).due_date)],
        ['申请人', a.name],
        ['申请人要求的获取方式', DELIVERY_METHODS[r.delivery] || ''],
        ['通信地址', a.address],
        ['电子邮箱', a.email],
        ['联系电话', a.phone],
      ])),
    !ready ? h('p', {class: 'notice'}, `案件当前状态为“${CASE_STATES[c.state] || c.state}”，不是待送达状态。`) : null,
    h('section', {class: 'panel', 'aria-labelledby': 'h-delivery-letter'},
      h('h2', {id: 'h-delivery-letter'}, '答复书'),
      h('div', {class: 'actions'}, printLink(replyUrl(c.case_number), '打印答复书', 'print-reply')),
      letterText ? h('pre', {class: 'letter-text', id: 'reply-letter-text'}, letterText) : empty('答复书尚未制作完成。')),
    h('section', {class: 'panel', 'aria-labelledby': 'h-delivery-form'},
      h('h2', {id: 'h-delivery-form'}, '登记送达'), form));
}
