// The commands on a case that the queue and the case page share, each asking what it needs in
// a dialog and sending the version the person saw as expected_version: if someone else changed
// the case meanwhile the service refuses (ABORTED) and the page reloads it. `after(ack)` runs
// once a command succeeded (the CaseAck, with the case's new version), `after(null)` after such a
// refusal.

import {h} from './dom.js';
import * as api from './api.js';
import {field, select, setFieldError, showError, busy} from './forms.js';
import {openDialog, confirmAction, showMessage} from './ui.js';
import {CONSULTED_PARTIES, CONSULTATION_RESULTS} from './labels.js';
import {todayInChina} from './dates.js';
import {charCount, dateProblem} from './checks.js';
import {stateLabel} from './caseparts.js';

function version(c) {
  return api.num(c.version);
}

// Text of at most `max` characters, required unless `required` is false; marks the field and
// returns false when not.
export function requireText(id, value, max, what, {required = true} = {}) {
  if (required && !value.trim()) {
    setFieldError(id, `请填写${what}`);
    return false;
  }
  if (charCount(value) > max) {
    setFieldError(id, `${what}不能超过${max}个字`);
    return false;
  }
  return true;
}

// A date (checks.dateProblem): not after today, or with `future` after today; marks the field and
// returns false when not.
export function requireDate(id, value, {future = false, what = '日期'} = {}) {
  const problem = dateProblem(value, {required: true, future, what});
  if (problem) {
    setFieldError(id, problem);
    return false;
  }
  return true;
}

// Sends one command; on success shows `done` (a text, to which the case's new state is added, or
// a function of the ack giving the whole message) and calls after(ack). Errors are marked at the
// dialog's fields (through `map`) and the dialog stays open — except ABORTED: someone else changed
// the case meanwhile, and after(null) reads it again.
async function send(service, method, request, {done, after, map = {}}) {
  try {
    const ack = await api.rpc(service, method, request);
    showMessage(typeof done === 'function' ? done(ack)
      : `${done}${ack && ack.state ? `，案件现为：${stateLabel(ack.state)}` : ''}`, 'success');
    if (after) after(ack);
    return true;
  } catch (err) {
    showError(err, map);
    if (err.code === 'ABORTED') {
      showMessage('案件已被他人更新，已重新读取，请核对后再操作', 'error');
      if (after) after(null);
      return true;
    }
    return false;
  }
}

// A button that runs a command without asking anything (接收, 审查通过).
export async function runButton(button, service, method, request, done, after) {
  const restore = busy(button);
  try {
    await send(service, method, request, {done, after});
  } finally {
    if (document.contains(button)) restore();
  }
}

// A decision with written comments (退回修改, 签发, 不予签发): at most 2000 characters, required
// when `required`. `request` is the command without its comments.
export function commentDialog({title, intro, label, required = true, hint = '', submitLabel, danger = false,
  service, method, request, done, after}) {
  const comments = h('textarea', {rows: '4', maxlength: '2000'});
  return openDialog({
    title,
    intro,
    body: [field('comments', label, comments, {required, hint})],
    submitLabel,
    danger,
    onSubmit: () => requireText('f-comments', comments.value, 2000, label, {required}) &&
      send(service, method, Object.assign({}, request, {comments: comments.value.trim()}),
        {done, after, map: {comments: 'f-comments'}}),
  });
}

export function accept(button, c, after) {
  return runButton(button, 'RoutingService', 'Accept',
    {case_number: c.case_number, expected_version: version(c)}, `已接收 ${c.case_number}`, after);
}

export function handBack(c, after) {
  const reason = h('textarea', {rows: '3', maxlength: '500'});
  return openDialog({
    title: `退回分办：${c.case_number}`,
    intro: '说明本部门不负责此申请的理由，案件将退回分办人员重新分派。',
    body: [field('reason', '退回理由', reason, {required: true})],
    submitLabel: '退回',
    danger: true,
    onSubmit: () => requireText('f-reason', reason.value, 500, '退回理由') &&
      send('RoutingService', 'HandBack',
        {case_number: c.case_number, expected_version: version(c), reason: reason.value.trim()},
        {done: `已退回 ${c.case_number}`, after, map: {reason: 'f-reason'}}),
  });
}

export async function assign(c, ctx, after) {
  const list = await ctx.departments();
  const dept = select(list.map((d) => [d.code, d.name]), {placeholder: '请选择部门'});
  const note = h('textarea', {rows: '2', maxlength: '500'});
  const now = c.department ? list.find((d) => d.code === c.department) : null;
  return openDialog({
    title: `分派部门：${c.case_number}`,
    intro: c.department ? `当前承办部门：${now ? now.name : c.department}。重新分派后由新部门接收。` : '',
    body: [field('assign_department', '承办部门', dept, {required: true}),
      field('note', '给承办部门的说明', note, {hint: '可不填'})],
    submitLabel: '分派',
    onSubmit: () => {
      if (!dept.value) {
        setFieldError('f-assign_department', '请选择承办部门');
        return false;
      }
      return send('RoutingService', 'Assign',
        {case_number: c.case_number, expected_version: version(c), department: dept.value, note: note.value.trim()},
        {done: `已将 ${c.case_number} 分派至${list.find((d) => d.code === dept.value)?.name || dept.value}`, after,
          map: {department: 'f-assign_department', note: 'f-note'}});
    },
  });
}

export function requestSupplement(c, after) {
  const items = h('textarea', {rows: '4', maxlength: '1000'});
  const replyBy = h('input', {type: 'date', min: todayInChina()});
  return openDialog({
    title: `要求补正：${c.case_number}`,
    intro: '补正只能要求一次，须在收到申请之日起7个工作日内提出，一次性告知需要补正的全部内容（条例第三十条）。发出后答复期限停止计算，收到补正后重新计算。',
    body: [field('items', '需要补正的内容', items, {required: true}),
      field('reply_by', '补正期限', replyBy, {required: true, hint: '申请人应在此日期前补正，须晚于今天'})],
    submitLabel: '发出补正告知',
    onSubmit: () => {
      const itemsOk = requireText('f-items', items.value, 1000, '补正内容');
      const dateOk = requireDate('f-reply_by', replyBy.value, {future: true, what: '补正期限'});
      return itemsOk && dateOk && send('TrackerService', 'RequestSupplement',
        {case_number: c.case_number, expected_version: version(c), items: items.value.trim(), reply_by: replyBy.value},
        {done: `已要求 ${c.case_number} 补正`, after, map: {items: 'f-items', reply_by: 'f-reply_by'}});
    },
  });
}

export function receiveSupplement(c, after) {
  const on = h('input', {type: 'date', max: todayInChina(), value: todayInChina()});
  return openDialog({
    title: `收到补正：${c.case_number}`,
    intro: '答复期限自收到补正之日起重新计算20个工作日（条例第三十条）。',
    body: [field('received_on', '收到补正日期', on, {required: true})],
    submitLabel: '登记收到补正',
    onSubmit: () => requireDate('f-received_on', on.value, {what: '收到补正日期'}) &&
      send('TrackerService', 'ReceiveSupplement',
        {case_number: c.case_number, expected_version: version(c), received_on: on.value},
        {done: `已登记 ${c.case_number} 收到补正`, after, map: {received_on: 'f-received_on'}}),
  });
}

export async function closeUnsupplemented(c, after) {
  const ok = await confirmAction(`逾期不补正结案：${c.case_number}`,
    '申请人无正当理由逾期未补正，视为放弃申请，案件以“其他处理（逾期不补正）”办结（条例第三十条）。确定结案吗？',
    '结案', true);
  if (!ok) return;
  await send('TrackerService', 'CloseUnsupplemented', {case_number: c.case_number, expected_version: version(c)},
    {done: () => `${c.case_number} 已结案`, after});
}

export function startConsultation(c, after) {
  const partyType = select(CONSULTED_PARTIES, {placeholder: '请选择'});
  const party = h('input', {type: 'text', maxlength: '100'});
  const sentOn = h('input', {type: 'date', max: todayInChina(), value: todayInChina()});
  return openDialog({
    title: `征求意见：${c.case_number}`,
    intro: '征求意见期间答复期限暂停计算（条例第三十三条第二款）；被征求方自收到征求意见书之日起15个工作日内提出意见（条例第三十二条、第三十四条）。',
    body: [field('party_type', '被征求方类型', partyType, {required: true}),
      field('party', '被征求方', party, {required: true, hint: '单位名称或当事人身份（如“中标单位”），不要填写个人信息'}),
      field('sent_on', '发出日期', sentOn, {required: true})],
    submitLabel: '登记征求意见',
    onSubmit: () => {
      let ok = true;
      if (!partyType.value) {
        setFieldError('f-party_type', '请选择被征求方类型');
        ok = false;
      }
      ok = requireText('f-party', party.value, 100, '被征求方') && ok;
      ok = requireDate('f-sent_on', sentOn.value, {what: '发出日期'}) && ok;
      return ok && send('TrackerService', 'StartConsultation',
        {case_number: c.case_number, expected_version: version(c), party_type: partyType.value, party: party.value.trim(), sent_on: sentOn.value},
        {done: `已登记 ${c.case_number} 征求意见`, after, map: {party_type: 'f-party_type', party: 'f-party', sent_on: 'f-sent_on'}});
    },
  });
}

export function recordConsultationReceipt(c, index, after) {
  const on = h('input', {type: 'date', max: todayInChina(), value: todayInChina()});
  const k = (c.consultations || [])[index] || {};
  return openDialog({
    title: `被征求方收到征求意见书：${k.party || ''}`,
    intro: '被征求方的15个工作日自其收到之日起计算。',
    body: [field('received_on', '收到日期', on, {required: true})],
    submitLabel: '登记',
    onSubmit: () => requireDate('f-received_on', on.value, {what: '收到日期'}) &&
      send('TrackerService', 'RecordConsultationReceipt',
        {case_number: c.case_number, expected_version: version(c), consultation: index, received_on: on.value},
        {done: '已登记被征求方收到日期', after, map: {received_on: 'f-received_on'}}),
  });
}

export function endConsultation(c, index, after) {
  const on = h('input', {type: 'date', max: todayInChina(), value: todayInChina()});
  const result = select(CONSULTATION_RESULTS, {placeholder: '请选择'});
  const k = (c.consultations || [])[index] || {};
  return openDialog({
    title: `征求意见结束：${k.party || ''}`,
    intro: '“逾期未答复”须在登记收到日期且答复期满之后；其他机关逾期未答复的视为同意（条例第三十四条），第三方逾期未答复的由本机关依法决定（条例第三十二条）。',
    body: [field('result', '结果', result, {required: true}),
      field('ended_on', '结束日期', on, {required: true, hint: '收到意见之日，或答复期满后登记之日'})],
    submitLabel: '登记结束',
    onSubmit: () => {
      let ok = true;
      if (!result.value) {
        setFieldError('f-result', '请选择结果');
        ok = false;
      }
      ok = requireDate('f-ended_on', on.value, {what: '结束日期'}) && ok;
      return ok && send('TrackerService', 'EndConsultation',
        {case_number: c.case_number, expected_version: version(c), consultation: index, ended_on: on.value, result: result.value},
        {done: '已登记征求意见结束', after, map: {ended_on: 'f-ended_on', result: 'f-result'}});
    },
  });
}

export function grantExtension(c, after) {
  const days = h('input', {type: 'number', min: '1', max: '20', step: '1', value: '20', inputmode: 'numeric'});
  const reason = h('textarea', {rows: '3', maxlength: '500'});
  return openDialog({
    title: `批准延期答复：${c.case_number}`,
    intro: '延期只能批准一次，最长20个工作日，须在答复期限届满前（条例第三十三条）。批准后生成延期答复告知书。',
    body: [field('days', '延长工作日数', days, {required: true, hint: '1至20'}),
      field('ext_reason', '延期理由', reason, {required: true, hint: '将写入延期答复告知书'})],
    submitLabel: '批准延期',
    onSubmit: () => {
      let ok = true;
      const n = Number(days.value);
      if (!Number.isInteger(n) || n < 1 || n > 20) {
        setFieldError('f-days', '延长工作日数须为1至20的整数');
        ok = false;
      }
      ok = requireText('f-ext_reason', reason.value, 500, '延期理由') && ok;
      return ok && send('TrackerService', 'GrantExtension',
        {case_number: c.case_number, expected_version: version(c), days: n, reason: reason.value.trim()},
        {done: `已批准 ${c.case_number} 延期${n}个工作日`, after, map: {days: 'f-days', reason: 'f-ext_reason'}});
    },
  });
}
