// 答复拟稿 #/draft/<number> (officer): the statutory outcome, the grounds and the text to
// disclose; for a partial disclosure (区分处理, Art. 37) the officer selects words of the text and
// marks them 不予公开 with a ground — a WithheldSpan counted in Unicode code points, converted
// from the textarea's UTF-16 selection. 预览答复书 shows the draft as the letter will read;
// 提交审查 is ReviewService.SubmitDraft.

import {h, replace, facts, table, empty, clearErrors} from '../dom.js';
import * as api from '../api.js';
import {field, select, setFieldError, submitting} from '../forms.js';
import {showMessage} from '../ui.js';
import {
  OUTCOMES, OUTCOME_GROUPS, outcomeLabel, outcomeWithArticle, withholdingGrounds,
  withholdingMark, APPLICANT_TYPES,
} from '../labels.js';
import {chineseDate, chineseDateWithWeekday} from '../dates.js';
import {charCount} from '../checks.js';
import {toCodePoints, sliceByPoints, adjustSpans, markedText, replaceSpans} from '../spans.js';
import {describeMarks, stateNotice} from '../caseparts.js';

const REGULATIONS = '《中华人民共和国政府信息公开条例》';
const MAX_GROUNDS = 2000;
const MAX_TEXT = 20000;
const MAX_SPANS = 100;

const FIELD_MAP = {
  outcome: 'f-outcome',
  grounds: 'f-grounds',
  disclosed_text: 'f-disclosed_text',
  withheld: 'f-disclosed_text',
  responsible_agency: 'f-responsible_agency',
  responsible_contact: 'f-responsible_contact',
};

export async function render(root, params, ctx) {
  const number = params[0] || '';
  root.appendChild(h('h1', null, `答复拟稿 ${number}`));
  let c;
  try {
    c = await api.rpc('IntakeService', 'GetCase', {case_number: number});
  } catch (err) {
    root.appendChild(h('p', {class: 'load-error', role: 'alert'},
      err.code === 'NOT_FOUND' ? `没有编号为 ${number} 的案件。` : api.describeError(err)));
    return;
  }
  root.appendChild(caseContext(c));
  if (c.state !== 'CASE_STATE_IN_DEPARTMENT') {
    root.appendChild(stateNotice(c, '只有部门办理中的案件可以提交拟稿', {id: 'draft-not-editable'},
      h('a', {href: `#/case/${number}`}, '返回案件')));
    return;
  }
  root.appendChild(draftForm(c, ctx));
}

function caseContext(c) {
  const a = c.applicant || {};
  const r = c.request || {};
  const d = c.deadline || {};
  return h('section', {class: 'panel', id: 'draft-case', 'aria-labelledby': 'h-draft-case'},
    h('h2', {id: 'h-draft-case'}, '申请'),
    facts([
      ['申请人', `${a.name || ''}（${APPLICANT_TYPES[a.type] || ''}）`],
      ['所需信息', h('span', {class: 'prewrap'}, r.description || '')],
      ['答复期限', d.due_date ? chineseDateWithWeekday(d.due_date) + (d.provisional ? '（暂定）' : '') : ''],
    ]),
    c.review_comments ? h('p', {class: 'review-comments', id: 'draft-review-comments'},
      h('strong', null, '退回意见：'), c.review_comments) : null);
}

function outcomeSelect() {
  const el = h('select');
  el.appendChild(h('option', {value: ''}, '请选择答复类型'));
  for (const group of OUTCOME_GROUPS) {
    const og = h('optgroup', {label: group});
    for (const [name, o] of Object.entries(OUTCOMES)) {
      if (o.group !== group || o.closedByCommand) continue;
      og.appendChild(h('option', {value: name}, outcomeWithArticle(name)));
    }
    if (og.children.length) el.appendChild(og);
  }
  return el;
}

function draftForm(c, ctx) {
  const existing = c.draft || {};
  let spans = (existing.withheld || []).map((w) => ({begin: Number(w.begin), end: Number(w.end), ground: w.ground}));

  const outcome = outcomeSelect();
  const outcomeInfo = h('p', {class: 'hint', id: 'outcome-info', 'aria-live': 'polite'});
  // The county's agencies are offered by name: a name of the catalogue lets the window register
  // the request there from the closed case (在该机关登记); another agency may still be typed.
  const agency = h('input', {type: 'text', maxlength: '100', list: 'draft-agency-names'});
  const agencyNames = h('datalist', {id: 'draft-agency-names'});
  ctx.agencies().then((list) => {
    for (const a of list) if (a.code !== c.agency) agencyNames.appendChild(h('option', {value: a.name}));
  });
  const contact = h('input', {type: 'text', maxlength: '200'});
  const grounds = h('textarea', {rows: '5'});
  const groundsCount = h('span', {class: 'counter', id: 'grounds-count'});
  const text = h('textarea', {rows: '10', class: 'disclosed'});
  const textCount = h('span', {class: 'counter', id: 'disclosed-count'});
  const ground = select(withholdingGrounds().map((g) => [g, outcomeWithArticle(g)]), {placeholder: '请选择不予公开的理由'});
  const markButton = h('button', {type: 'button', id: 'mark-withheld'}, '标为不予公开');
  const spanList = h('div', {id: 'withheld-list', 'aria-live': 'polite'});
  const preview = h('div', {id: 'disclosed-preview-box'});
  const letter = h('div', {id: 'letter-preview-box', 'aria-live': 'polite'});
  const previewButton = h('button', {type: 'button', id: 'preview-letter'}, '预览答复书');
  const submit = h('button', {type: 'submit', class: 'primary', id: 'submit-draft'}, '提交保密审查');

  const agencyField = field('responsible_agency', '负责公开该信息的行政机关', agency, {hint: '已知时填写，答复书将告知申请人（条例第三十六条第（五）项）；本县机关可从列表中选择'});
  agencyField.appendChild(agencyNames);
  const contactField = field('responsible_contact', '该机关的联系方式', contact);
  const groundsField = field('grounds', '理由', grounds, {hint: '答复所依据的事实和理由，将写入答复书；除全部公开外必须填写'});
  groundsField.appendChild(groundsCount);
  const textField = field('disclosed_text', '公开内容', text, {hint: '提供给申请人的信息，或获取信息的方式和途径'});
  textField.appendChild(textCount);
  const marking = h('fieldset', {class: 'marking', id: 'withheld-tools'},
    h('legend', null, '区分处理：标记不予公开的部分'),
    h('p', {class: 'hint', id: 'marking-hint'}, '在上方“公开内容”中选中要不予公开的文字，选择理由后点击“标为不予公开”。标记后答复类型为部分公开（区分处理，条例第三十七条）。'),
    field('withheld_ground', '不予公开的理由', ground),
    h('div', {class: 'actions'}, markButton),
    spanList,
    h('h3', null, '公开内容预览（标记部分以底色显示）'),
    preview);

  const form = h('form', {class: 'draft-form', id: 'draft-form', novalidate: true},
    field('outcome', '答复类型', outcome, {required: true}),
    outcomeInfo,
    agencyField, contactField,
    groundsField,
    textField,
    marking,
    h('div', {class: 'actions'}, previewButton, submit),
    letter);

  // --- State -------------------------------------------------------------------------------

  let previous = '';

  function info() {
    return OUTCOMES[outcome.value] || null;
  }

  function update() {
    const o = info();
    const notThisAgency = outcome.value === 'OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY';
    agencyField.hidden = !notThisAgency;
    contactField.hidden = !notThisAgency;
    const discloses = !o || o.discloses;
    text.disabled = !discloses;
    marking.hidden = !discloses || outcome.value === 'OUTCOME_ALREADY_PUBLIC';
    groundsField.querySelector('label').classList.toggle('is-required', Boolean(o && o.withholds));
    textField.querySelector('label').classList.toggle('is-required', Boolean(o && o.discloses));
    if (!o) {
      outcomeInfo.textContent = '';
    } else {
      const needs = [];
      if (o.withholds) needs.push('须填写理由');
      if (o.discloses) needs.push('须填写公开内容');
      if (!o.discloses) needs.push('此类答复不提供信息，公开内容不提交');
      if (outcome.value === 'OUTCOME_PARTIALLY_DISCLOSED') needs.push('须至少标记一处不予公开的部分');
      if (o.signOff) needs.push('审查通过后须经主任签发');
      outcomeInfo.textContent = `依据条例${o.article}。${needs.join('；')}。`;
    }
    groundsCount.textContent = `${charCount(grounds.value)} / ${MAX_GROUNDS} 字`;
    textCount.textContent = `${charCount(text.value)} / ${MAX_TEXT} 字`;
    renderSpans();
  }

  function renderSpans() {
    if (spans.length === 0) {
      replace(spanList, empty('尚未标记不予公开的部分。'));
    } else {
      replace(spanList, table(['序号', '不予公开的文字', '理由', '位置', '操作'], spans.map((s, i) => [
        String(i + 1),
        h('span', {class: 'mark mark-withheld'}, sliceByPoints(text.value, s.begin, s.end)),
        outcomeLabel(s.ground),
        `第${s.begin + 1}至${s.end}字`,
        h('button', {type: 'button', id: `unmark-${i}`, 'aria-label': `取消第${i + 1}处标记`, on: {click: () => {
          spans.splice(i, 1);
          update();
          markButton.focus();
        }}}, '取消标记'),
      ]), {id: 'withheld-table'}));
    }
    replace(preview, markedText(text.value, spans.map((s) => ({begin: s.begin, end: s.end, kind: 'withheld', ground: s.ground})),
      describeMarks, {id: 'disclosed-preview', class: 'marked-text preview'}));
  }

  function mark() {
    setFieldError('f-disclosed_text', '');
    setFieldError('f-withheld_ground', '');
    const value = text.value;
    const begin = toCodePoints(value, Math.min(text.selectionStart, text.selectionEnd));
    const end = toCodePoints(value, Math.max(text.selectionStart, text.selectionEnd));
    if (end <= begin) {
      setFieldError('f-disclosed_text', '请先在公开内容中选中要标为不予公开的文字');
      text.focus();
      return;
    }
    if (!ground.value) {
      setFieldError('f-withheld_ground', '请选择不予公开的理由');
      ground.focus();
      return;
    }
    if (spans.some((s) => s.begin < end && begin < s.end)) {
      setFieldError('f-disclosed_text', '选中的文字与已标记的部分重叠，请先取消原标记');
      return;
    }
    if (spans.length >= MAX_SPANS) {
      setFieldError('f-disclosed_text', `最多标记${MAX_SPANS}处`);
      return;
    }
    spans.push({begin, end, ground: ground.value});
    spans.sort((x, y) => x.begin - y.begin);
    if (outcome.value !== 'OUTCOME_PARTIALLY_DISCLOSED') {
      outcome.value = 'OUTCOME_PARTIALLY_DISCLOSED';
      showMessage('已标记不予公开的部分，答复类型改为“部分公开（区分处理）”', 'info');
    }
    update();
  }

  // --- The letter as it will read ----------------------------------------------------------

  function letterPreview() {
    const o = info();
    if (!o) {
      setFieldError('f-outcome', '请先选择答复类型');
      outcome.focus();
      return;
    }
    const a = c.applicant || {};
    const person = a.type === 'APPLICANT_TYPE_NATURAL_PERSON';
    const you = person ? '您' : '贵单位';
    const forApplicant = (s) => person ? s : s.replaceAll('您', '贵单位');
    const d = c.deadline || {};
    const num = c.case_number || '';
    const paras = [];
    paras.push(h('p', null, `本机关于${chineseDate(d.receipt_date || (c.request || {}).received_date)}收到${you}提交的政府信息公开申请，申请获取：${(c.request || {}).description || ''}。现答复如下：`));
    paras.push(h('p', {class: 'letter-field'}, `答复结果：${o.label}`));
    paras.push(h('p', null, forApplicant(o.sentence)));
    const used = o.discloses ? spans : [];
    if (o.discloses) {
      paras.push(h('blockquote', {class: 'letter-quoted'}, replaceSpans(text.value, used, (s) => withholdingMark(s.ground))));
    }
    if (outcome.value === 'OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY' && agency.value.trim()) {
      paras.push(h('p', null, forApplicant(`经确认，负责公开该政府信息的行政机关为${agency.value.trim()}${contact.value.trim() ? `，联系方式：${contact.value.trim()}` : ''}。您可以向该机关提出申请。`)));
    }
    const articles = [o.article];
    if (used.length) {
      // Every withheld part, as the letter lists them (documents.cc WithheldPartsSentence): two
      // parts on one ground are (1) and (2); each article is named once under 依据.
      const listed = [];
      for (const s of used) {
        if (!OUTCOMES[s.ground]) continue;
        listed.push(`（${listed.length + 1}）${outcomeLabel(s.ground)}，依据${REGULATIONS}${OUTCOMES[s.ground].article}`);
        if (!articles.includes(OUTCOMES[s.ground].article)) articles.push(OUTCOMES[s.ground].article);
      }
      paras.push(h('p', null, `本答复中标注“此处不予公开”的部分不予公开：${listed.join('；')}。`));
    }
    if (grounds.value.trim()) paras.push(h('p', null, `理由：${grounds.value.trim()}`));
    paras.push(h('p', null, `依据：${REGULATIONS}${articles.join('、')}。`));
    replace(letter, h('section', {class: 'letter-preview', id: 'letter-preview', 'aria-labelledby': 'h-letter'},
      h('p', {class: 'preview-note'}, '预览：正式答复书在保密审查通过后生成，并附救济途径告知；审查中遮盖的内容届时一并隐去。'),
      h('h2', {id: 'h-letter', class: 'letter-title'}, '政府信息公开申请答复书'),
      h('p', {class: 'letter-number'}, num.length > 5 ? `〔${num.slice(0, 4)}〕第${num.slice(5)}号` : num),
      h('p', {class: 'letter-addressee'}, `${a.name || ''}：`),
      paras));
    letter.querySelector('.letter-preview').setAttribute('tabindex', '-1');
    letter.querySelector('.letter-preview').focus();
  }

  // --- Submit ------------------------------------------------------------------------------

  function validate() {
    clearErrors(form);
    const problems = [];
    const markErr = (id, t) => {
      setFieldError(id, t);
      problems.push(id);
    };
    const o = info();
    if (!o) {
      markErr('f-outcome', '请选择答复类型');
      return problems;
    }
    if (o.withholds && !grounds.value.trim()) markErr('f-grounds', '此答复类型须填写理由');
    if (charCount(grounds.value) > MAX_GROUNDS) markErr('f-grounds', `理由不能超过${MAX_GROUNDS}字`);
    if (o.discloses && !text.value.trim()) markErr('f-disclosed_text', '请填写公开内容');
    if (o.discloses && charCount(text.value) > MAX_TEXT) markErr('f-disclosed_text', `公开内容不能超过${MAX_TEXT}字`);
    if (outcome.value === 'OUTCOME_PARTIALLY_DISCLOSED' && spans.length === 0) {
      markErr('f-disclosed_text', '部分公开须至少标记一处不予公开的部分');
    }
    if (o.discloses && outcome.value !== 'OUTCOME_PARTIALLY_DISCLOSED' && spans.length > 0) {
      markErr('f-outcome', '已标记不予公开的部分，答复类型应为“部分公开（区分处理）”；或先取消标记');
    }
    if (outcome.value === 'OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY' && !agency.value.trim() && contact.value.trim()) {
      markErr('f-responsible_agency', '填写联系方式的，须同时填写负责公开的机关');
    }
    return problems;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const problems = validate();
    if (problems.length) {
      showMessage('请先更正标出的项目', 'error');
      document.getElementById(problems[0]).focus();
      return;
    }
    const o = info();
    const request = {
      case_number: c.case_number,
      expected_version: api.num(c.version),
      outcome: outcome.value,
      grounds: grounds.value.trim(),
      disclosed_text: o.discloses ? text.value : '',
      withheld: outcome.value === 'OUTCOME_PARTIALLY_DISCLOSED' ? spans.map((s) => ({begin: s.begin, end: s.end, ground: s.ground})) : [],
    };
    if (outcome.value === 'OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY') {
      request.responsible_agency = agency.value.trim();
      request.responsible_contact = contact.value.trim();
    }
    const ack = await submitting(submit, () => api.rpc('ReviewService', 'SubmitDraft', request), FIELD_MAP);
    if (!ack) return;
    showMessage(`${c.case_number} 的答复拟稿已提交保密审查`, 'success');
    ctx.navigate(`#/case/${ack.case_number || c.case_number}`);
  });

  outcome.addEventListener('change', () => {
    setFieldError('f-outcome', '');
    update();
  });
  grounds.addEventListener('input', () => {
    setFieldError('f-grounds', '');
    groundsCount.textContent = `${charCount(grounds.value)} / ${MAX_GROUNDS} 字`;
  });
  text.addEventListener('input', () => {
    const {spans: kept, dropped} = adjustSpans(previous, text.value, spans);
    spans = kept;
    previous = text.value;
    if (dropped.length) showMessage(`修改涉及已标记的文字，${dropped.length}处不予公开标记已取消，请重新标记`, 'info');
    setFieldError('f-disclosed_text', '');
    textCount.textContent = `${charCount(text.value)} / ${MAX_TEXT} 字`;
    renderSpans();
  });
  markButton.addEventListener('click', mark);
  previewButton.addEventListener('click', letterPreview);

  // A draft returned by review or the head comes back as it was, for changing.
  outcome.value = existing.proposed_outcome && existing.proposed_outcome !== 'OUTCOME_UNSPECIFIED'
    ? existing.proposed_outcome : (existing.outcome && existing.outcome !== 'OUTCOME_UNSPECIFIED' ? existing.outcome : '');
  if (!OUTCOMES[outcome.value] || OUTCOMES[outcome.value].closedByCommand) outcome.value = '';
  grounds.value = existing.grounds || '';
  text.value = existing.disclosed_text || '';
  previous = text.value;
  agency.value = existing.responsible_agency || '';
  contact.value = existing.responsible_contact || '';
  update();
  return form;
}
