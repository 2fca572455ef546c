// 保密审查 #/review and #/review/<number> (reviewer): the review queue (ListReviewQueue), and a
// case's draft with each finding of the screener highlighted in the text. Each finding is
// redacted on a 不予公开 ground (遮盖) or released with a reason (放行) — ResolveFinding; then the
// draft is cleared (审查通过: Clear) or returned with comments (退回修改: Return). The service
// refuses a reviewer their own draft; its message is shown.

import {h, replace, empty} from '../dom.js';
import * as api from '../api.js';
import {field, select, setFieldError, showError} from '../forms.js';
import {openDialog, showMessage} from '../ui.js';
import {FINDING_KINDS, withholdingGrounds, outcomeWithArticle} from '../labels.js';
import {queueSection, draftView, findingsTable, caseHeader, stateNotice} from '../caseparts.js';
import * as actions from '../actions.js';
import {watchCase} from '../live.js';

const PAGE = 500;

export async function render(root, params, ctx) {
  const number = params[0] || '';
  root.appendChild(h('h1', null, number ? `保密审查 ${number}` : '保密审查'));
  if (number) return openCase(root, number, ctx);
  return showQueue(root, ctx);
}

async function showQueue(root, ctx) {
  const queue = queueSection({
    id: 'review-queue',
    tableId: 'review-table',
    emptyText: '暂无待审查的答复。',
    ctx,
    fetch: (pageToken) => api.rpc('ReviewService', 'ListReviewQueue', {page_size: PAGE, page_token: pageToken}),
    rowActions: (s) => [
      h('a', {href: `#/review/${s.case_number}`, class: 'button-link primary', id: `review-open-${s.case_number}`}, '审查'),
    ],
  });
  root.appendChild(queue.el);
  await queue.load();
}

async function openCase(root, number, ctx) {
  const body = h('div', {id: 'review-case'});
  root.appendChild(h('p', null, h('a', {href: '#/review', id: 'review-back'}, '返回审查列表')));
  root.appendChild(body);
  let c = null;
  let watcher = null;

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

    // Clear is refused while a finding is unresolved; the hint under the buttons says so.
    const clear = h('button', {type: 'button', class: 'primary', id: 'review-clear', disabled: !inReview || unresolved > 0,
      'aria-describedby': unresolved > 0 ? 'review-unresolved' : null}, '审查通过');
    const ret = h('button', {type: 'button', class: 'danger', id: 'review-return', disabled: !inReview}, '退回修改');
    clear.addEventListener('click', clearDraft);
    ret.addEventListener('click', returnDraft);

    replace(body,
      h('section', {class: 'panel', 'aria-labelledby': 'h-review-case'},
        h('h2', {id: 'h-review-case'}, '案件'),
        caseHeader(c)),
      own ? h('p', {class: 'warning', id: 'review-own-draft', role: 'note'}, '这份答复由您本人拟稿，按规定不能由您审查。') : null,
      !inReview ? stateNotice(c, '不在保密审查中') : null,
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
    }, request)).then(async (ack) => {
      // This page shows the new version once it has read the case again: the live stream's news
      // of it is not news here.
      if (watcher && ack) watcher.shown(ack.version);
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

  // 审查通过: the service answers with the next step, sign-off or the reply.
  function clearDraft(e) {
    return actions.runButton(e.currentTarget, 'ReviewService', 'Clear',
      {case_number: c.case_number, expected_version: api.num(c.version), comments: ''},
      (ack) => {
        const next = ack.state === 'CASE_STATE_SIGN_OFF' ? '，报主任签发' : ack.state === 'CASE_STATE_CLEARED' ? '，转制作答复书' : '';
        return `${c.case_number} 审查通过${next}`;
      },
      (ack) => (ack ? ctx.navigate('#/review') : load()));
  }

  function returnDraft() {
    return actions.commentDialog({
      title: `退回修改：${c.case_number}`,
      intro: '写明需要修改的内容，案件退回承办部门。',
      label: '退回意见',
      submitLabel: '退回',
      danger: true,
      service: 'ReviewService',
      method: 'Return',
      request: {case_number: c.case_number, expected_version: api.num(c.version)},
      done: () => `${c.case_number} 已退回承办部门修改`,
      after: (ack) => (ack ? ctx.navigate('#/review') : load()),
    });
  }

  const loaded = await load();
  if (!loaded) return undefined;
  watcher = watchCase(number, loaded.version, () => load());
  return watcher;
}
