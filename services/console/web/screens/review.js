// 保密审查 #/review and #/review/<number> (reviewer): the review queue (ListReviewQueue), and a
// case's draft with each finding of the screener highlighted in the text. Each finding is
// redacted on a 不予公开 ground (遮盖) or released with a reason (放行) — ResolveFinding; then the
// draft is cleared (审查通过: Clear) or returned with comments (退回修改: Return). The service
// refuses a reviewer their own draft; its message is shown.

import {h, replace, empty} from '../dom.js';
import * as api from '../api.js';
import {field, select, setFieldError, showError, busy} from '../forms.js';
import {openDialog, showMessage} from '../ui.js';
import {FINDING_KINDS, withholdingGrounds, outcomeWithArticle, APPLICANT_TYPES, CASE_STATES} from '../labels.js';
import {summaryTable, byDueDate, deptNameMap, draftView, findingsTable, caseLink} from '../caseparts.js';
import {chineseDateWithWeekday} from '../dates.js';
import {charCount} from '../checks.js';
import {watchCase} from '../live.js';

export async function render(root, params, ctx) {
  const number = params[0] || '';
  root.appendChild(h('h1', null, number ? `保密审查 ${number}` : '保密审查'));
  if (number) return openCase(root, number, ctx);
  return showQueue(root, ctx);
}

async function showQueue(root, ctx) {
  const box = h('div', {id: 'review-queue'});
  root.appendChild(box);
  let r;
  try {
    r = await api.rpc('ReviewService', 'ListReviewQueue', {page_size: 500});
  } catch (err) {
    replace(box, h('p', {class: 'load-error', role: 'alert'}, api.describeError(err)));
    return;
  }
  const rows = (r.cases || []).slice().sort(byDueDate);
  const names = await deptNameMap(ctx);
  replace(box, rows.length === 0 ? empty('暂无待审查的答复。')
    : summaryTable(rows, {deptNames: names, id: 'review-table', actions: (s) => [
      h('a', {href: `#/review/${s.case_number}`, class: 'button-link primary', id: `review-open-${s.case_number}`}, '审查'),
    ]}));
}

async function openCase(root, number, ctx) {
  const body = h('div', {id: 'review-case'});
  root.appendChild(h('p', null, h('a', {href: '#/review', id: 'review-back'}, '返回审查列表')));
  root.appendChild(body);
  let c = null;

  async function load() {
    try {
      c = await api.rpc('IntakeService', 'GetCase', {case_number: number});
    } catch (err) {
      replace(body, h('p', {class: 'load-error', role: 'alert'}, api.describeError(err)));
      return null;
    }
    show();
    return c;
  }

  function show() {
    const draft = c.draft || {};
    const findings = draft.findings || [];
    const unresolved = findings.filter((f) => !f.resolution || f.resolution === 'FINDING_RESOLUTION_UNRESOLVED').length;
    const inReview = c.state === 'CASE_STATE_IN_REVIEW';
    const own = ctx.user && draft.drafter === ctx.user.user_id;
    const a = c.applicant || {};
    const d = c.deadline || {};

    // Clear is refused while a finding is unresolved; the hint under the buttons says so.
    const clear = h('button', {type: 'button', class: 'primary', id: 'review-clear', disabled: !inReview || unresolved > 0,
      'aria-describedby': unresolved > 0 ? 'review-unresolved' : null}, '审查通过');
    const ret = h('button', {type: 'button', class: 'danger', id: 'review-return', disabled: !inReview}, '退回修改');
    clear.addEventListener('click', () => decide(clear, 'Clear'));
    ret.addEventListener('click', returnDraft);

    replace(body,
      h('section', {class: 'panel', 'aria-labelledby': 'h-review-case'},
        h('h2', {id: 'h-review-case'}, '案件'),
        h('p', null, caseLink(c.case_number), `　${CASE_STATES[c.state] || c.state}　申请人类型：${APPLICANT_TYPES[a.type] || ''}　答复期限：${chineseDateWithWeekday(d.due_date)}`),
        h('p', {class: 'prewrap'}, h('strong', null, '所需信息：'), (c.request || {}).description || '')),
      own ? h('p', {class: 'warning', id: 'review-own-draft', role: 'note'}, '这份答复由您本人拟稿，按规定不能由您审查。') : null,
      !inReview ? h('p', {class: 'notice'}, `案件当前状态为“${CASE_STATES[c.state] || c.state}”，不在保密审查中。`) : null,
      h('section', {class: 'panel', 'aria-labelledby': 'h-review-draft'},
        h('h2', {id: 'h-review-draft'}, '答复拟稿'),
        h('p', {class: 'legend'},
          h('span', {class: 'mark mark-finding mark-unresolved legend-swatch'}, '未处理'), ' ',
          h('span', {class: 'mark mark-finding mark-redacted legend-swatch'}, '已遮盖'), ' ',
          h('span', {class: 'mark mark-finding mark-released legend-swatch'}, '已放行'), ' ',
          h('span', {class: 'mark mark-withheld legend-swatch'}, '部门标为不予公开')),
        draftView(draft, {idPrefix: 'review', withFindings: false})),
      h('section', {class: 'panel', 'aria-labelledby': 'h-review-findings'},
        h('h2', {id: 'h-review-findings'}, `筛查发现（${findings.length}处，未处理${unresolved}处）`),
        findings.length === 0 ? empty('自动筛查未发现敏感内容。')
          : findingsTable(findings, (f, i) => inReview ? [
            h('button', {type: 'button', id: `redact-${i}`, on: {click: () => redact(i)}}, '遮盖'),
            h('button', {type: 'button', id: `release-${i}`, on: {click: () => release(i)}}, '放行'),
          ] : [])),
      h('section', {class: 'panel', 'aria-labelledby': 'h-review-decision'},
        h('h2', {id: 'h-review-decision'}, '审查结论'),
        unresolved > 0 ? h('p', {class: 'hint', id: 'review-unresolved'}, `还有${unresolved}处筛查发现未处理，处理完毕后才能审查通过。`) : null,
        c.review_comments ? h('p', {class: 'review-comments'}, h('strong', null, '上次意见：'), c.review_comments) : null,
        h('div', {class: 'actions'}, clear, ret)));
  }

  function resolve(index, request, done) {
    return api.rpc('ReviewService', 'ResolveFinding', Object.assign({
      case_number: c.case_number, expected_version: api.num(c.version), finding: index,
    }, request)).then(async () => {
      showMessage(done, 'success');
      await load();
      return true;
    }).catch((err) => {
      showError(err, {reason: 'f-finding_reason', ground: 'f-finding_ground'});
      if (err.code === 'ABORTED') load();
      return false;
    });
  }

  function redact(i) {
    const f = c.draft.findings[i];
    const ground = select(withholdingGrounds().map((g) => [g, outcomeWithArticle(g)]), {placeholder: '请选择'});
    if (f.kind === 'FINDING_KIND_RESIDENT_ID' || f.kind === 'FINDING_KIND_MOBILE_PHONE' || f.kind === 'FINDING_KIND_LANDLINE' ||
        f.kind === 'FINDING_KIND_BANK_CARD' || f.kind === 'FINDING_KIND_EMAIL') {
      ground.value = 'OUTCOME_WITHHELD_THIRD_PARTY';
    }
    return openDialog({
      title: `遮盖筛查发现[${i + 1}]：${FINDING_KINDS[f.kind] || ''} ${f.masked || ''}`,
      intro: '遮盖的内容不提供给申请人，答复书注明不予公开及其依据；原拟全部公开的，将按部分公开处理并报主任签发。',
      body: [field('finding_ground', '不予公开的理由', ground, {required: true})],
      submitLabel: '遮盖',
      onSubmit: () => {
        if (!ground.value) {
          setFieldError('f-finding_ground', '请选择不予公开的理由');
          return false;
        }
        return resolve(i, {resolution: 'FINDING_RESOLUTION_REDACTED', ground: ground.value}, `筛查发现[${i + 1}]已遮盖`);
      },
    });
  }

  function release(i) {
    const f = c.draft.findings[i];
    const reason = h('textarea', {rows: '3', maxlength: '500'});
    return openDialog({
      title: `放行筛查发现[${i + 1}]：${FINDING_KINDS[f.kind] || ''} ${f.masked || ''}`,
      intro: '说明这段内容可以照原样提供给申请人的理由（如：系许可证编号而非身份证号码）。',
      body: [field('finding_reason', '放行理由', reason, {required: true})],
      submitLabel: '放行',
      onSubmit: () => {
        if (!reason.value.trim()) {
          setFieldError('f-finding_reason', '请填写放行理由');
          return false;
        }
        return resolve(i, {resolution: 'FINDING_RESOLUTION_RELEASED', reason: reason.value.trim()}, `筛查发现[${i + 1}]已放行`);
      },
    });
  }

  async function decide(button, method, comments = '') {
    const restore = busy(button);
    try {
      const ack = await api.rpc('ReviewService', method, {case_number: c.case_number, expected_version: api.num(c.version), comments});
      const next = ack.state === 'CASE_STATE_SIGN_OFF' ? '，报主任签发' : ack.state === 'CASE_STATE_CLEARED' ? '，转制作答复书' : '';
      showMessage(`${c.case_number} 审查通过${next}`, 'success');
      ctx.navigate('#/review');
    } catch (err) {
      showError(err);
      if (err.code === 'ABORTED') load();
      if (document.contains(button)) restore();
    }
  }

  function returnDraft() {
    const comments = h('textarea', {rows: '4', maxlength: '2000'});
    return openDialog({
      title: `退回修改：${c.case_number}`,
      intro: '写明需要修改的内容，案件退回承办部门。',
      body: [field('comments', '退回意见', comments, {required: true})],
      submitLabel: '退回',
      danger: true,
      onSubmit: async () => {
        if (!comments.value.trim()) {
          setFieldError('f-comments', '请填写退回意见');
          return false;
        }
        if (charCount(comments.value) > 2000) {
          setFieldError('f-comments', '退回意见不能超过2000字');
          return false;
        }
        try {
          await api.rpc('ReviewService', 'Return', {case_number: c.case_number, expected_version: api.num(c.version), comments: comments.value.trim()});
        } catch (err) {
          showError(err, {comments: 'f-comments'});
          return false;
        }
        showMessage(`${c.case_number} 已退回承办部门修改`, 'success');
        ctx.navigate('#/review');
        return true;
      },
    });
  }

  const loaded = await load();
  if (!loaded) return undefined;
  return watchCase(number, loaded.version, () => load());
}
