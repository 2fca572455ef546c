// 案件详情 #/case/<number>: everything GetCase returns — state, department, due date and the
// working days left of it (counted by the service with the office's calendar), the clock, the request, the draft, the history as a timeline, the documents to
// print — and the commands the person's roles allow in the case's state. The page follows the
// case live (EventSource /api/events/case/<n>) and reads it again when it changes.

import {h, replace, facts, table, empty} from '../dom.js';
import * as api from '../api.js';
import {
  CHANNELS, FORMS, DELIVERY_METHODS, APPLICANT_TYPES, ID_TYPES, CLOCK_STATES, CONSULTED_PARTIES,
  CONSULTATION_RESULTS, FEE_BASES, REDRESS_KINDS, REDRESS_RESULTS, roleLabel, commandLabel,
  detailKeyLabel, detailValue, outcomeWithArticle,
} from '../labels.js';
import {chineseDate, chineseDateWithWeekday, chinaTime, urgencyOf, todayInChina} from '../dates.js';
import {stateLabel, deadlineBlock, draftView, documentLinks, deptNameMap} from '../caseparts.js';
import * as actions from '../actions.js';
import {watchCase} from '../live.js';
import {showMessage} from '../ui.js';
import {agencyNumber, referralTarget} from '../agencies.js';

const OPEN = (c) => c.state && c.state !== 'CASE_STATE_CLOSED';

// What is left of the due date in working days, as GetCase counted them with the office's
// working-day calendar (today not counted; negative when overdue); null when the service did not
// count them (clock stopped, no due date, an older service): the page then counts calendar days.
function workingDaysLeft(c, d) {
  if (c.working_days_left_known !== true) return null;
  const n = Number(c.working_days_left);
  if (!Number.isInteger(n)) return null;
  const mark = d.provisional ? '（暂定）' : '';
  if (n < 0) return {level: 'overdue', text: `已超期${-n}个工作日${mark}`};
  if (n === 0) return {level: 'soon', text: `今天到期${mark}`};
  return {level: n <= 3 ? 'soon' : 'normal', text: `还剩${n}个工作日${mark}（不含今天）`};
}

export async function render(root, params, ctx) {
  const number = params[0] || '';
  root.appendChild(h('h1', null, `案件 ${number}`));
  const body = h('div', {id: 'case-body'});
  root.appendChild(body);
  let current = null;
  let watcher = null;

  async function load(quiet) {
    let c;
    try {
      c = await api.rpc('IntakeService', 'GetCase', {case_number: number});
    } catch (err) {
      if (err.code === 'NOT_FOUND') {
        replace(body, h('p', {class: 'load-error', role: 'alert'}, `没有编号为 ${number} 的案件。`));
      } else if (!quiet || !current) {
        replace(body, h('p', {class: 'load-error', role: 'alert'}, api.describeError(err)));
      } else {
        showMessage(api.describeError(err), 'error');
      }
      return null;
    }
    current = c;
    await show(body, c, ctx, afterCommand);
    return c;
  }

  // After the person's own command (ack: its CaseAck; null when refused as out of date): the
  // page reads the case once, and the live stream's news of that same version is not news.
  function afterCommand(ack) {
    if (ack && watcher) watcher.shown(ack.version);
    return load(true);
  }

  const c = await load(false);
  if (!c) return undefined;
  watcher = watchCase(number, c.version, (change) => {
    showMessage(`案件 ${number} 已更新：${stateLabel(change.state)}`, 'info');
    load(true);
  });
  return watcher;
}

async function show(body, c, ctx, reload) {
  // The case's units are its agency's (a county-wide manager or a window may open another's).
  const [agencies, names] = await Promise.all([ctx.agencies(),
    c.agency && c.agency !== ctx.agency ? unitNames(ctx, c.agency) : deptNameMap(ctx)]);
  const agency = agencies.find((a) => a.code === c.agency);
  const ownNumber = agencyNumber(c.case_number, c.agency_sequence);
  const caseLinks = (numbers, id) => h('span', {id, class: 'case-links'},
    numbers.flatMap((n, i) => [i ? '、' : '', h('a', {href: `#/case/${encodeURIComponent(n)}`, class: 'case-number'}, n)]));
  const deptName = c.department ? names[c.department] || c.department : '';
  const d = c.deadline || {};
  const open = OPEN(c);
  const u = urgencyOf(d.due_date, d.provisional);
  const w = workingDaysLeft(c, d);
  const left = !open || !d.due_date ? null
    : w ? h('span', {class: `urgency urgency-${w.level}`, id: 'case-days-left'}, w.text)
      : h('span', {class: `urgency urgency-${u.level}`, id: 'case-days-left'},
        `${u.text}（按自然日计算；法定期限按工作日计算，以答复期限为准）`);

  const summary = h('section', {class: 'panel', id: 'case-summary', 'aria-labelledby': 'h-summary'},
    h('h2', {id: 'h-summary'}, '概况'),
    facts([
      ['受理机关', h('span', {id: 'case-agency'}, agency ? agency.name : c.agency || '')],
      ['机关编号', ownNumber ? h('span', {id: 'case-agency-number', class: 'agency-number'}, ownNumber) : ''],
      ['转自案件', c.referred_from ? caseLinks([c.referred_from], 'case-referred-from') : ''],
      ['转往案件', (c.referred_to || []).length ? caseLinks(c.referred_to, 'case-referred-to') : ''],
      ['状态', h('span', {class: `state state-${(c.state || '').toLowerCase()}`, id: 'case-state'}, stateLabel(c.state))],
      ['承办部门', deptName || (c.department ? c.department : '尚未分派')],
      ['答复期限', d.due_date ? h('span', {id: 'case-due-date'}, chineseDateWithWeekday(d.due_date), d.provisional ? '（暂定）' : '') : '—'],
      ['期限提示', left],
      ['计时状态', CLOCK_STATES[c.clock] || c.clock || ''],
      ['登记时间', chinaTime(c.registered_at)],
      ['登记人', c.registered_by],
      ['审查人', c.reviewer],
      ['答复书日期', chineseDate(c.reply_date)],
      ['办结日期', chineseDate(c.closed_on)],
      ['是否按时答复', c.closed_on && c.state === 'CASE_STATE_CLOSED' ? (c.replied_on_time ? '按时' : '逾期') : ''],
      ['答复用时', c.closed_on && Number(c.working_days_to_reply) > 0 ? `${c.working_days_to_reply}个工作日` : ''],
      ['版本', String(c.version || '')],
    ]));

  const actionBox = h('section', {class: 'panel actions-panel', id: 'case-actions', 'aria-labelledby': 'h-actions'},
    h('h2', {id: 'h-actions'}, '办理'));
  const buttons = actionButtons(c, ctx, reload, agencies);
  actionBox.appendChild(buttons.length ? h('div', {class: 'actions'}, buttons) : empty('当前没有您可以办理的事项。'));

  const a = c.applicant || {};
  const r = c.request || {};
  const applicant = h('section', {class: 'panel', id: 'case-applicant', 'aria-labelledby': 'h-applicant'},
    h('h2', {id: 'h-applicant'}, '申请人'),
    facts([
      ['类型', APPLICANT_TYPES[a.type] || ''],
      ['姓名或名称', a.name],
      ['证件', a.id_type ? `${ID_TYPES[a.id_type] || a.id_type} ${a.id_number || ''}` : ''],
      ['联系电话', a.phone],
      ['通信地址', a.address],
      ['电子邮箱', a.email],
    ]));
  const request = h('section', {class: 'panel', id: 'case-request', 'aria-labelledby': 'h-request'},
    h('h2', {id: 'h-request'}, '申请内容'),
    facts([
      ['所需信息', h('span', {class: 'prewrap'}, r.description || '')],
      ['信息形式', FORMS[r.form] || ''],
      ['获取方式', DELIVERY_METHODS[r.delivery] || ''],
      ['提交方式', CHANNELS[r.channel] || ''],
      ['到达日期', chineseDate(r.received_date)],
      ['签收日期', chineseDate(r.signed_for_date)],
      ['确认日期', chineseDate(r.confirmed_date)],
    ]));
  const deadline = h('section', {class: 'panel', id: 'case-deadline-panel', 'aria-labelledby': 'h-deadline'},
    h('h2', {id: 'h-deadline'}, '答复期限的计算'), deadlineBlock(d, 'case-deadline'));

  const clock = clockSections(c);
  const draft = h('section', {class: 'panel', id: 'case-draft', 'aria-labelledby': 'h-draft'},
    h('h2', {id: 'h-draft'}, '答复意见'),
    draftView(c.draft, {idPrefix: 'case-draft'}),
    c.review_comments ? h('p', {class: 'review-comments', id: 'case-review-comments'}, h('strong', null, '审查/签发意见：'), c.review_comments) : null);

  const dl = c.delivery || {};
  const delivered = dl.delivered_on ? h('section', {class: 'panel', id: 'case-delivery', 'aria-labelledby': 'h-delivery'},
    h('h2', {id: 'h-delivery'}, '送达'),
    facts([['送达方式', DELIVERY_METHODS[dl.method] || ''], ['送达日期', chineseDate(dl.delivered_on)], ['凭证', dl.reference]])) : null;

  const redress = (c.redress || []).length ? h('section', {class: 'panel', id: 'case-redress', 'aria-labelledby': 'h-redress'},
    h('h2', {id: 'h-redress'}, '行政复议和行政诉讼'),
    table(['类型', '提起日期', '结果', '决定日期', '复议机关或法院', '针对不作为'], c.redress.map((x) => [
      REDRESS_KINDS[x.kind] || x.kind, chineseDate(x.filed_on), REDRESS_RESULTS[x.result] || x.result,
      chineseDate(x.decided_on), x.body || '', x.against_inaction ? '是' : '否']))) : null;

  const documents = h('section', {class: 'panel', id: 'case-documents-panel', 'aria-labelledby': 'h-documents'},
    h('h2', {id: 'h-documents'}, '可打印文书'), documentLinks(c));

  const history = h('section', {class: 'panel', id: 'case-history-panel', 'aria-labelledby': 'h-history'},
    h('h2', {id: 'h-history'}, '办理过程'), timeline(c.events || [], names));

  const reads = (c.personal_data_reads || []).length ? h('section', {class: 'panel', id: 'case-reads', 'aria-labelledby': 'h-reads'},
    h('h2', {id: 'h-reads'}, '申请人个人信息查阅记录'),
    table(['时间', '查阅人', '角色', '方式'], c.personal_data_reads.map((x) => [
      chinaTime(x.at), (x.actor || {}).user_id || '', roleLabel((x.actor || {}).role), x.method || '']))) : null;

  replace(body,
    h('div', {class: 'case-grid'},
      h('div', {class: 'case-main'}, summary, actionBox, request, applicant, draft, clock, delivered, redress),
      h('div', {class: 'case-side'}, deadline, documents)),
    history, reads);
}

async function unitNames(ctx, agency) {
  const map = {};
  for (const d of await ctx.departmentsOf(agency)) map[d.code] = d.name;
  return map;
}

function actionButtons(c, ctx, reload, agencies) {
  const after = (ack) => reload(ack);
  const out = [];
  const has = ctx.hasRole;
  const s = c.state;
  const open = OPEN(c);
  const sup = c.supplement || {};
  const clockWaits = c.clock === 'CLOCK_STATE_AWAITING_SUPPLEMENT' || c.clock === 'CLOCK_STATE_AWAITING_FEE';
  const btn = (id, text, fn, cls) => h('button', {type: 'button', id, class: cls, on: {click: fn}}, text);
  const link = (id, text, href) => h('a', {href, id, class: 'button-link primary'}, text);

  if (has('officer')) {
    if (s === 'CASE_STATE_ASSIGNED') {
      out.push(btn('action-accept', '接收', (e) => actions.accept(e.currentTarget, c, after), 'primary'));
    }
    if (s === 'CASE_STATE_IN_DEPARTMENT') out.push(link('action-draft', '拟稿', `#/draft/${c.case_number}`));
    if (s === 'CASE_STATE_ASSIGNED' || s === 'CASE_STATE_IN_DEPARTMENT') {
      out.push(btn('action-handback', '退回', () => actions.handBack(c, after)));
    }
  }
  if (has('dispatcher') && (s === 'CASE_STATE_DISPATCH' || s === 'CASE_STATE_ASSIGNED')) {
    out.push(btn('action-assign', '分派部门', () => actions.assign(c, ctx, after), 'primary'));
  }
  if ((has('officer') || has('dispatcher')) && open && !sup.requested_on && !clockWaits) {
    out.push(btn('action-supplement', '补正', () => actions.requestSupplement(c, after)));
  }
  if ((has('officer') || has('clerk')) && sup.requested_on && !sup.received_on && open) {
    out.push(btn('action-supplement-received', '收到补正', () => actions.receiveSupplement(c, after), 'primary'));
  }
  if ((has('officer') || has('dispatcher')) && sup.requested_on && !sup.received_on && open &&
      sup.reply_by && todayInChina() > sup.reply_by) {
    out.push(btn('action-close-unsupplemented', '逾期不补正结案', () => actions.closeUnsupplemented(c, after), 'danger'));
  }
  if ((has('officer') || has('reviewer')) && open && !clockWaits) {
    out.push(btn('action-consult', '征求意见', () => actions.startConsultation(c, after)));
  }
  (c.consultations || []).forEach((k, i) => {
    if (k.ended_on || !open) return;
    if (!k.received_on && (has('officer') || has('reviewer') || has('clerk'))) {
      out.push(btn(`action-consult-received-${i}`, `${k.party || '被征求方'}已收到`, () => actions.recordConsultationReceipt(c, i, after)));
    }
    if (has('officer') || has('reviewer')) {
      out.push(btn(`action-consult-end-${i}`, `结束征求意见（${k.party || i + 1}）`, () => actions.endConsultation(c, i, after)));
    }
  });
  if (has('head') && open && !(c.extension && c.extension.granted_on) && c.clock === 'CLOCK_STATE_RUNNING') {
    out.push(btn('action-extend', '批准延期', () => actions.grantExtension(c, after)));
  }
  if (has('reviewer') && s === 'CASE_STATE_IN_REVIEW') out.push(link('action-review', '保密审查', `#/review/${c.case_number}`));
  if (has('head') && s === 'CASE_STATE_SIGN_OFF') out.push(link('action-signoff', '主任签发', `#/signoff/${c.case_number}`));
  if (has('clerk') && s === 'CASE_STATE_REPLY_READY') out.push(link('action-delivery', '登记送达', `#/delivery/${c.case_number}`));
  // Art. 36(5): the reply named the agency that holds the information; the window registers the
  // request there (once: a registered referral shows under 转往案件).
  const target = referralTarget(c, agencies);
  if (has('clerk') && target && !(c.referred_to || []).length) {
    out.push(h('a', {href: `#/register/referral/${encodeURIComponent(c.case_number)}`, id: 'action-referral',
      class: 'button-link primary', title: `以本案申请人和申请内容向${target.name}登记`}, '在该机关登记'));
  }
  return out;
}

// Supplement, consultations, extension, fee and Art. 35 steps, when the case has them.
function clockSections(c) {
  const parts = [];
  const sup = c.supplement || {};
  if (sup.requested_on) {
    parts.push(h('h3', null, '补正'), facts([
      ['要求补正日期', chineseDate(sup.requested_on)],
      ['补正内容', h('span', {class: 'prewrap'}, sup.items || '')],
      ['补正期限', chineseDate(sup.reply_by)],
      ['收到补正日期', sup.received_on ? chineseDate(sup.received_on) : '尚未收到'],
    ]));
  }
  const ks = c.consultations || [];
  if (ks.length) {
    parts.push(h('h3', null, '征求意见'), table(['被征求方', '类型', '发出日期', '收到日期', '答复期限', '结束日期', '结果'],
      ks.map((k) => [k.party || '', CONSULTED_PARTIES[k.party_type] || '', chineseDate(k.sent_on),
        chineseDate(k.received_on) || '—', `${chineseDate(k.answer_due)}${k.answer_due_provisional ? '（暂定）' : ''}`,
        chineseDate(k.ended_on) || '进行中', CONSULTATION_RESULTS[k.result] || k.result || ''])));
  }
  const ext = c.extension || {};
  if (ext.granted_on) {
    parts.push(h('h3', null, '延期'), facts([
      ['批准日期', chineseDate(ext.granted_on)], ['延长', `${ext.days}个工作日`], ['批准人', ext.approver], ['理由', ext.reason],
    ]));
  }
  const fee = c.fee || {};
  if (fee.issued_on) {
    parts.push(h('h3', null, '信息处理费'), facts([
      ['收费方式', FEE_BASES[fee.basis] || ''], ['金额', `${fee.amount_yuan || 0}元`],
      ['计算', (fee.breakdown || []).join('；')], ['通知日期', chineseDate(fee.issued_on)],
      ['申请人收到', chineseDate(fee.received_on)], ['缴费期限', chineseDate(fee.pay_by)],
      ['缴费日期', chineseDate(fee.paid_on)], ['减免', fee.waived_on ? `${chineseDate(fee.waived_on)}（${fee.waive_reason || ''}）` : ''],
      ['逾期未缴', chineseDate(fee.lapsed_on)],
    ]));
  }
  const ex = c.excessive || {};
  if (ex.asked_on) {
    parts.push(h('h3', null, '要求说明理由（条例第三十五条）'), facts([
      ['要求日期', chineseDate(ex.asked_on)], ['问题', ex.questions], ['说明期限', chineseDate(ex.reply_by)],
      ['收到说明', chineseDate(ex.answered_on)], ['申请人理由', ex.answer],
      ['确定的答复日期', chineseDate(ex.later_reply_date)], ['决定理由', ex.decision_reasons],
    ]));
  }
  if (!parts.length) return null;
  return h('section', {class: 'panel', id: 'case-clock', 'aria-labelledby': 'h-clock'}, h('h2', {id: 'h-clock'}, '期限相关事项'), parts);
}

function timeline(events, names) {
  if (!events.length) return empty('尚无记录。');
  return h('ol', {class: 'timeline', id: 'case-history'}, events.map((e) => {
    const actor = e.actor || {};
    const from = e.from_state && e.from_state !== 'CASE_STATE_UNSPECIFIED' ? stateLabel(e.from_state) : '';
    const to = stateLabel(e.to_state);
    const move = from && from !== to ? `${from} → ${to}` : (from ? `${to}（状态不变）` : to);
    const details = Object.entries(e.details || {});
    return h('li', {class: 'event', id: `event-${e.version}`},
      h('div', {class: 'event-head'},
        h('time', {datetime: e.at || ''}, chinaTime(e.at)),
        h('span', {class: 'event-command'}, commandLabel(e.command)),
        h('span', {class: 'event-actor'}, `${actor.user_id || ''}（${roleLabel(actor.role)}）`)),
      h('div', {class: 'event-move'}, move),
      details.length ? h('dl', {class: 'event-details'}, details.flatMap(([k, v]) => [
        h('dt', null, detailKeyLabel(k)),
        h('dd', null, k === 'outcome' || k === 'ground' ? outcomeWithArticle(v) || v
          : (k === 'department' || k === 'previous_department') && names[v] ? `${names[v]}（${v}）` : detailValue(k, v)),
      ])) : null);
  }));
}
