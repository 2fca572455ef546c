// 窗口登记 #/register (clerk): every field Art. 29 asks of a request, checked while typing (the
// resident ID's check digit and birth date, phone numbers, dates), then IntakeService.Register.
// The window registers for any agency of the county (the clerk's own chosen at first); the
// chosen agency's units and the words that route a request to each are shown. The result shows
// the case number with the agency's own number (〔2026〕第000123号), the due date with its
// derivation in Chinese, and the button that prints the receipt. The same applicant's requests
// of the last 12 months, those that read like this one marked, are pointed out (similar.js)
// before and after registering: a hint, never a reason to refuse the registration.
//
// #/register/referral/<case>: an Art. 36(5) referral — the case's reply named another agency as
// the one holding the information; the form comes filled with the case's applicant and request
// and that agency, and the new case is registered as referred from it.

import {h, replace, facts, clearErrors} from '../dom.js';
import * as api from '../api.js';
import {field, checkbox, select, addOptions, setFieldError, showError, busy} from '../forms.js';
import {showMessage, hideMessage} from '../ui.js';
import {
  APPLICANT_TYPES, ID_TYPES, PERSONAL_ID_TYPES, ORGANIZATION_ID_TYPES, FORMS, DELIVERY_METHODS,
  CHANNELS, ON_THE_SPOT_OUTCOMES, outcomeWithArticle,
} from '../labels.js';
import {idNumberProblem, phoneProblem, emailProblem, dateProblem} from '../checks.js';
import {todayInChina, chineseDate, chineseDateWithWeekday, calendarDaysBetween} from '../dates.js';
import {caseLink, stateLabel, deadlineBlock} from '../caseparts.js';
import {findEarlierRequests, earlierRequestsHeadline, excluding} from '../similar.js';
import {agencyNumber, agencyChoiceLabel, referralTarget} from '../agencies.js';

// Art. 31 by channel: which date counts and which extra date field the clerk fills in.
const CHANNEL_RULES = {
  CHANNEL_IN_PERSON: {
    hint: '当面提交的，以提交之日为收到申请之日（条例第三十一条第（一）项）。',
  },
  CHANNEL_REGISTERED_POST: {
    signed: true,
    hint: '以挂号信、EMS等需签收的邮寄方式提交的，以本机关签收之日为收到申请之日（条例第三十一条第（二）项）。签收日晚于到达日的，请填写签收日期；不填则以到达日期为准。',
  },
  CHANNEL_ORDINARY_LETTER: {
    confirmed: true, confirmedRequired: true,
    hint: '以平常信函等无需签收的方式提交的，以本机关与申请人确认之日为收到申请之日（条例第三十一条第（二）项），必须填写确认日期。',
  },
  CHANNEL_ONLINE: {
    confirmed: true,
    hint: '通过互联网渠道提交的，以双方确认之日为收到申请之日（条例第三十一条第（三）项）。确认日晚于到达日的，请填写确认日期；不填则以到达日期为准。',
  },
  CHANNEL_FAX: {
    confirmed: true,
    hint: '通过本机关传真提交的，以双方确认之日为收到申请之日（条例第三十一条第（三）项）。确认日晚于到达日的，请填写确认日期；不填则以到达日期为准。',
  },
  CHANNEL_OTHER: {
    hint: '以其他方式提交的，以申请送达本机关之日为收到申请之日。',
  },
};

// Where the service's field paths land on this form.
const FIELD_MAP = {
  'applicant.type': 'f-applicant_type',
  'applicant.name': 'f-name',
  'applicant.id_type': 'f-id_type',
  'applicant.id_number': 'f-id_number',
  'applicant.phone': 'f-phone',
  'applicant.address': 'f-address',
  'applicant.email': 'f-email',
  'request.description': 'f-description',
  'request.form': 'f-form',
  'request.delivery': 'f-delivery',
  'request.channel': 'f-channel',
  'request.received_date': 'f-received_date',
  'request.signed_for_date': 'f-signed_for_date',
  'request.confirmed_date': 'f-confirmed_date',
  'on_the_spot.outcome': 'f-on_the_spot_outcome',
  'on_the_spot.text': 'f-on_the_spot_text',
  'on_the_spot.responsible_agency': 'f-on_the_spot_agency',
  'on_the_spot.responsible_contact': 'f-on_the_spot_contact',
  'agency': 'f-agency',
  'referred_from': 'f-agency',
};

function newRequestId() {
  if (crypto.randomUUID) return `web-${crypto.randomUUID()}`;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export async function render(root, params, ctx) {
  root.appendChild(h('h1', null, '窗口登记'));
  const area = h('div');
  root.appendChild(area);
  const agencies = await ctx.agencies();
  let referral = null;
  if (params[0] === 'referral' && params[1]) {
    try {
      referral = await api.rpc('IntakeService', 'GetCase', {case_number: params[1]});
    } catch (err) {
      root.insertBefore(h('p', {class: 'load-error', role: 'alert', id: 'referral-error'},
        `无法读取原案件 ${params[1]}：${api.describeError(err)}`), area);
    }
  }
  showForm(area, ctx, agencies, referral);
}

function showForm(area, ctx, agencies, referral) {
  const today = todayInChina();
  let lastAttempt = null;  // {body, id}: a retry of the same content reuses its request id
  const names = Object.fromEntries(agencies.map((a) => [a.code, a.name]));
  const target = referral ? referralTarget(referral, agencies) : null;

  // The agency the request is made to: the clerk's own unless chosen otherwise.
  const agency = select(agencies.map((a) => [a.code, `${agencyChoiceLabel(a)}${a.code === ctx.agency ? '［本机关］' : ''}`]),
    {placeholder: agencies.length ? null : '（机关名录暂不可用）', value: target ? target.code : ctx.agency});
  const unitsBox = h('div', {id: 'agency-units', class: 'agency-units', 'aria-live': 'polite'});

  // Applicant.
  const applicantType = select(APPLICANT_TYPES, {placeholder: '请选择申请人类型'});
  const name = h('input', {type: 'text', maxlength: '100', autocomplete: 'off'});
  const idType = select([], {placeholder: '请选择证件类型'});
  const idNumber = h('input', {type: 'text', maxlength: '50', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters'});
  const phone = h('input', {type: 'tel', maxlength: '20', autocomplete: 'off'});
  const address = h('input', {type: 'text', maxlength: '200', autocomplete: 'off'});
  const email = h('input', {type: 'email', maxlength: '254', autocomplete: 'off'});
  const contactNote = h('p', {class: 'hint', id: 'contact-note'}, '电话、通信地址、电子邮箱至少填写一项。');

  // Request.
  const description = h('textarea', {rows: '4', maxlength: '2000'});
  const form = select(FORMS, {placeholder: '请选择'});
  const delivery = select(DELIVERY_METHODS, {placeholder: '请选择'});
  const channel = select(CHANNELS, {placeholder: '请选择提交方式'});
  const received = h('input', {type: 'date', max: today, value: today});
  const signedFor = h('input', {type: 'date', max: today});
  const confirmed = h('input', {type: 'date', max: today});
  const channelHint = h('p', {class: 'hint channel-hint', id: 'channel-rule', 'aria-live': 'polite'});
  const receiptPreview = h('p', {class: 'receipt-preview', id: 'receipt-preview', 'aria-live': 'polite'});

  const signedField = field('signed_for_date', '本机关签收日期', signedFor, {hint: '挂号信、EMS由本机关签收的日期'});
  const confirmedField = field('confirmed_date', '确认日期', confirmed, {hint: '本机关与申请人确认申请的日期'});
  signedField.hidden = true;
  confirmedField.hidden = true;

  // Answer on the spot (Art. 33: reply at once where possible).
  const spot = checkbox('on_the_spot', '当场答复（窗口即时答复，不转部门办理）');
  const spotOutcome = select(ON_THE_SPOT_OUTCOMES.map((o) => [o, outcomeWithArticle(o)]), {placeholder: '请选择答复类型'});
  const spotText = h('textarea', {rows: '3', maxlength: '2000'});
  const spotAgency = h('input', {type: 'text', maxlength: '100', list: 'agency-names'});
  const agencyList = h('datalist', {id: 'agency-names'}, agencies.map((a) => h('option', {value: a.name})));
  const spotContact = h('input', {type: 'text', maxlength: '200'});
  const spotAgencyField = field('on_the_spot_agency', '负责公开的行政机关', spotAgency, {hint: '不属于本机关负责公开的，告知申请人负责公开的机关（已知时填写）'});
  const spotContactField = field('on_the_spot_contact', '该机关联系方式', spotContact);
  const spotTextField = field('on_the_spot_text', '答复内容', spotText, {required: true, hint: '已主动公开的，写明获取的方式和途径；其他情形写明理由'});
  const spotBox = h('div', {class: 'spot-box', id: 'on-the-spot-fields'},
    field('on_the_spot_outcome', '当场答复类型', spotOutcome, {required: true}),
    spotTextField, spotAgencyField, spotContactField);
  spotBox.hidden = true;
  spotAgencyField.hidden = true;
  spotContactField.hidden = true;

  const submit = h('button', {type: 'submit', class: 'primary', id: 'register-submit'}, '登记');
  const similarBox = h('div', {id: 'similar-warning', 'aria-live': 'polite'});
  const referralNote = referral ? h('div', {class: target ? 'notice' : 'warning', id: 'referral-note', role: 'status'},
    h('p', null, '本件为依照条例第三十六条第（五）项转来的申请：原案件 ', caseLink(referral.case_number),
      `（${names[referral.agency] || referral.agency || ''}）答复该信息由“${(referral.draft || {}).responsible_agency || ''}”负责公开。`),
    h('p', null, target ? '已带入申请人和申请内容，受理机关已选为该机关；收到申请之日按申请人向该机关提出之日确定，请核对后登记。'
      : '该答复所指的机关不在本县机关名录中，请核对后选择受理机关，或告知申请人向该机关提出申请。')) : null;
  const formEl = h('form', {class: 'register-form', novalidate: true, id: 'register-form'},
    referralNote,
    h('fieldset', {class: 'agency-choice'}, h('legend', null, '受理机关'),
      field('agency', '申请向哪个机关提出', agency, {required: true,
        hint: '窗口可为本县各机关登记申请；括号内为该机关的受理窗口'}),
      unitsBox),
    h('div', {class: 'columns'},
      h('fieldset', null, h('legend', null, '申请人'),
        field('applicant_type', '申请人类型', applicantType, {required: true}),
        field('name', '姓名或名称', name, {required: true}),
        field('id_type', '证件类型', idType, {required: true}),
        field('id_number', '证件号码', idNumber, {required: true}),
        contactNote,
        field('phone', '联系电话', phone, {hint: '手机11位；固定电话含区号'}),
        field('address', '通信地址', address),
        field('email', '电子邮箱', email)),
      h('fieldset', null, h('legend', null, '申请内容'),
        field('description', '所需政府信息的名称、文号或便于查询的其他特征', description, {required: true}),
        field('form', '信息形式', form, {required: true}),
        field('delivery', '获取方式', delivery, {required: true}),
        field('channel', '提交方式', channel, {required: true}),
        channelHint,
        field('received_date', '到达日期', received, {required: true, hint: '申请送达本机关的日期（中国时间）'}),
        signedField,
        confirmedField,
        receiptPreview)),
    h('fieldset', {class: 'spot'}, h('legend', null, '当场答复'), spot, spotBox),
    similarBox,
    agencyList,
    h('div', {class: 'actions'}, submit));
  replace(area, formEl);

  // --- Behaviour ---------------------------------------------------------------------------

  const isPerson = () => applicantType.value === 'APPLICANT_TYPE_NATURAL_PERSON';

  function fillIdTypes() {
    const keep = idType.value;
    replace(idType, h('option', {value: ''}, '请选择证件类型'));
    const types = applicantType.value === '' ? [] : (isPerson() ? PERSONAL_ID_TYPES : ORGANIZATION_ID_TYPES);
    addOptions(idType, types.map((t) => [t, ID_TYPES[t]]));
    if (types.includes(keep)) idType.value = keep;
    else if (types.length > 0) idType.value = types[0];
    idNumber.maxLength = idType.value === 'ID_TYPE_OTHER_ORGANIZATION' ? 50 : 32;
    document.querySelector('label[for="f-name"]').firstChild.textContent = isPerson() || applicantType.value === '' ? '姓名或名称' : '单位名称';
  }

  function checkId(whileTyping) {
    const value = idNumber.value;
    if (!idType.value) {
      setFieldError('f-id_number', value && !whileTyping ? '请先选择证件类型' : '');
      return false;
    }
    // While typing, a number still too short is not an error yet.
    const short = idType.value === 'ID_TYPE_RESIDENT_ID_CARD' || idType.value === 'ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE'
      ? value.trim().length < 18 : false;
    if (whileTyping && short) {
      setFieldError('f-id_number', '');
      return false;
    }
    const problem = idNumberProblem(idType.value, value);
    setFieldError('f-id_number', value === '' && whileTyping ? '' : problem);
    return problem === '';
  }

  function checkPhone(whileTyping) {
    const digits = phone.value.replace(/\D/g, '');
    if (whileTyping && digits.length < 11) {
      setFieldError('f-phone', '');
      return true;
    }
    const problem = phoneProblem(phone.value);
    setFieldError('f-phone', problem);
    return problem === '';
  }

  function checkEmail() {
    const problem = emailProblem(email.value);
    setFieldError('f-email', problem);
    return problem === '';
  }

  function rule() {
    return CHANNEL_RULES[channel.value] || null;
  }

  function checkDates() {
    const r = rule() || {};
    let ok = true;
    let p = dateProblem(received.value, {required: true});
    // More than a year back is a typing error, not a late registration (the service refuses it).
    if (!p && calendarDaysBetween(received.value, todayInChina()) > 366) p = '到达日期不能早于366天前，请核对';
    setFieldError('f-received_date', p);
    ok = ok && !p;
    if (r.signed) {
      const q = dateProblem(signedFor.value, {notBefore: received.value, notBeforeLabel: '到达日期'});
      setFieldError('f-signed_for_date', q);
      ok = ok && !q;
    }
    if (r.confirmed) {
      const q = dateProblem(confirmed.value, {required: Boolean(r.confirmedRequired), notBefore: received.value, notBeforeLabel: '到达日期'});
      setFieldError('f-confirmed_date', q === '请填写日期' ? '平常信函必须填写与申请人确认的日期' : q);
      ok = ok && !q;
    }
    return ok;
  }

  function updateChannel() {
    const r = rule();
    channelHint.textContent = r ? r.hint : '请选择提交方式，收到申请之日按提交方式确定。';
    signedField.hidden = !(r && r.signed);
    confirmedField.hidden = !(r && r.confirmed);
    const label = confirmedField.querySelector('label');
    label.firstChild.textContent = channel.value === 'CHANNEL_ORDINARY_LETTER' ? '与申请人确认日期' : '双方确认日期';
    confirmed.required = Boolean(r && r.confirmedRequired);
    label.classList.toggle('is-required', Boolean(r && r.confirmedRequired));
    updateReceiptPreview();
  }

  // Which day will count as the receipt date, as the service will decide it.
  function updateReceiptPreview() {
    const r = rule();
    let day = received.value;
    if (r && r.signed && signedFor.value) day = signedFor.value;
    if (r && r.confirmed && confirmed.value) day = confirmed.value;
    if (r && r.confirmedRequired && !confirmed.value) {
      receiptPreview.textContent = '收到申请之日：待填写确认日期';
      return;
    }
    receiptPreview.textContent = r && day ? `收到申请之日将为：${chineseDate(day)}，答复期限自次日起计算20个工作日` : '';
  }

  function updateContactNote() {
    const need = {
      DELIVERY_METHOD_POST: '选择邮寄的，须填写通信地址。',
      DELIVERY_METHOD_EMAIL: '选择电子邮件的，须填写电子邮箱。',
      DELIVERY_METHOD_FAX: '选择传真的，须填写联系电话（传真号码）。',
    }[delivery.value] || '';
    contactNote.textContent = `电话、通信地址、电子邮箱至少填写一项。${need}`;
  }

  function updateSpot() {
    spotBox.hidden = !spot.querySelector('input').checked;
    const notThisAgency = spotOutcome.value === 'OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY';
    spotAgencyField.hidden = !notThisAgency;
    spotContactField.hidden = !notThisAgency;
    spotTextField.querySelector('label').firstChild.textContent =
      spotOutcome.value === 'OUTCOME_ALREADY_PUBLIC' ? '获取的方式和途径' : '答复内容';
    submit.textContent = spot.querySelector('input').checked ? '登记并当场答复' : '登记';
  }

  applicantType.addEventListener('change', () => {
    setFieldError('f-applicant_type', '');
    fillIdTypes();
    if (idNumber.value) checkId(false);
  });
  idType.addEventListener('change', () => {
    setFieldError('f-id_type', '');
    idNumber.maxLength = idType.value === 'ID_TYPE_OTHER_ORGANIZATION' ? 50 : 32;
    if (idNumber.value) checkId(false);
  });
  idNumber.addEventListener('input', () => checkId(true));
  idNumber.addEventListener('blur', () => {
    if (idNumber.value) checkId(false);
  });
  phone.addEventListener('input', () => checkPhone(true));
  phone.addEventListener('blur', () => checkPhone(false));
  email.addEventListener('blur', checkEmail);
  email.addEventListener('input', () => {
    if (document.getElementById('err-f-email').textContent) checkEmail();
  });
  channel.addEventListener('change', () => {
    setFieldError('f-channel', '');
    updateChannel();
    checkDates();
  });
  for (const d of [received, signedFor, confirmed]) {
    d.addEventListener('change', () => {
      checkDates();
      updateReceiptPreview();
    });
  }
  delivery.addEventListener('change', () => {
    setFieldError('f-delivery', '');
    updateContactNote();
  });
  spot.querySelector('input').addEventListener('change', updateSpot);
  spotOutcome.addEventListener('change', updateSpot);
  for (const el of [name, description, form, spotText]) {
    el.addEventListener('input', () => setFieldError(el.id, ''));
  }
  for (const el of [phone, address, email]) {
    el.addEventListener('input', () => {
      if (el !== phone) setFieldError(el.id, '');
    });
  }
  // The chosen agency's units, each with the words in a request that send it there.
  let unitsAsked = '';
  async function showUnits() {
    const code = agency.value;
    unitsAsked = code;
    const units = code ? await ctx.departmentsOf(code) : [];
    if (unitsAsked !== code || !document.contains(unitsBox)) return;
    const a = agencies.find((x) => x.code === code);
    replace(unitsBox, units.length === 0 ? null : h('details', {open: true},
      h('summary', null, `${a ? a.name : code}的承办单位（按申请内容中的关键词自动分派，无法判断的由分办人员分派）`),
      h('ul', {class: 'unit-hints', id: 'agency-unit-list'}, units.map((u) => h('li', null,
        h('strong', null, u.name), (u.keywords || []).length ? `：${u.keywords.join('、')}` : '')))));
  }
  agency.addEventListener('change', () => {
    setFieldError('f-agency', '');
    showUnits();
  });
  showUnits();

  fillIdTypes();
  updateChannel();
  updateContactNote();

  // The referred case's applicant and request; the dates are the new agency's, so today's.
  function prefill(c) {
    const a = c.applicant || {};
    const r = c.request || {};
    applicantType.value = a.type || '';
    fillIdTypes();
    if (a.id_type) idType.value = a.id_type;
    idNumber.value = a.id_number || '';
    name.value = a.name || '';
    phone.value = a.phone || '';
    address.value = a.address || '';
    email.value = a.email || '';
    description.value = r.description || '';
    form.value = r.form || '';
    delivery.value = r.delivery || '';
    channel.value = r.channel || '';
    fillIdTypes();
    updateChannel();
    updateContactNote();
    checkEarlierSoon();
  }

  // The applicant's requests of the last 12 months, looked up while the applicant is still at
  // the window: once the document number is valid and the description written, and again a
  // moment after either stops changing (not on every key).
  // The last lookup is kept ({key, found: a promise}): registering the same applicant and
  // description shows its answer again rather than asking once more.
  let earlierAsked = '';
  let earlierTimer = 0;
  let earlierLookup = null;
  const earlierKey = (type, number, text) => `${type}\n${number}\n${text}`;
  async function checkEarlier() {
    const number = idNumber.value.trim().toUpperCase();
    const text = description.value.trim();
    const complete = idType.value && number && idNumberProblem(idType.value, number) === '' && text;
    const key = complete ? earlierKey(idType.value, number, text) : '';
    if (key === earlierAsked) return;
    earlierAsked = key;
    if (!key) {
      replace(similarBox, null);
      return;
    }
    earlierLookup = {key, found: findEarlierRequests(idType.value, number, text)};
    const found = await earlierLookup.found;
    if (earlierAsked !== key || !document.contains(similarBox)) return;  // typed on meanwhile
    replace(similarBox, found && found.requests.length ? earlierWarning(found, 'similar-list') : null);
  }
  // The applicant's earlier requests after registering case `number`: the lookup made while
  // typing when it was for the same applicant and description, otherwise asked now.
  function earlierAfterRegistering(applicant, request, number) {
    const key = earlierKey(applicant.id_type, applicant.id_number, request.description);
    if (earlierLookup && earlierLookup.key === key) {
      return earlierLookup.found.then((found) => found && excluding(found, number));
    }
    return findEarlierRequests(applicant.id_type, applicant.id_number, request.description, number);
  }
  function checkEarlierSoon() {
    clearTimeout(earlierTimer);
    earlierTimer = setTimeout(checkEarlier, 600);
  }
  for (const el of [idNumber, description]) el.addEventListener('input', checkEarlierSoon);
  for (const el of [applicantType, idType]) el.addEventListener('change', checkEarlierSoon);

  if (referral) prefill(referral);

  // Everything the service would refuse that the page can see, marked at the fields.
  function validate() {
    clearErrors(formEl);
    const problems = [];
    const mark = (id, text) => {
      setFieldError(id, text);
      problems.push(id);
    };
    if (!agency.value) mark('f-agency', '请选择受理机关');
    if (!applicantType.value) mark('f-applicant_type', '请选择申请人类型');
    if (!name.value.trim()) mark('f-name', isPerson() ? '请填写申请人姓名' : '请填写申请人名称');
    if (!idType.value) mark('f-id_type', '请选择证件类型');
    else if (!checkId(false)) problems.push('f-id_number');
    if (!checkPhone(false)) problems.push('f-phone');
    if (!checkEmail()) problems.push('f-email');
    if (!phone.value.trim() && !address.value.trim() && !email.value.trim()) {
      mark('f-phone', '电话、通信地址、电子邮箱至少填写一项');
    }
    if (delivery.value === 'DELIVERY_METHOD_POST' && !address.value.trim()) mark('f-address', '选择邮寄的，须填写通信地址');
    if (delivery.value === 'DELIVERY_METHOD_EMAIL' && !email.value.trim()) mark('f-email', '选择电子邮件的，须填写电子邮箱');
    if (delivery.value === 'DELIVERY_METHOD_FAX' && !phone.value.trim()) mark('f-phone', '选择传真的，须填写联系电话（传真号码）');
    if (!description.value.trim()) mark('f-description', '请填写所需政府信息的名称、文号或其他特征');
    if (!form.value) mark('f-form', '请选择信息形式');
    if (!delivery.value) mark('f-delivery', '请选择获取方式');
    if (!channel.value) mark('f-channel', '请选择提交方式');
    if (!checkDates()) {
      for (const id of ['f-received_date', 'f-signed_for_date', 'f-confirmed_date']) {
        if (document.getElementById(`err-${id}`).textContent) problems.push(id);
      }
    }
    if (spot.querySelector('input').checked) {
      if (!spotOutcome.value) mark('f-on_the_spot_outcome', '请选择当场答复类型');
      if (!spotText.value.trim()) mark('f-on_the_spot_text', '请填写答复内容');
      if (!spotAgency.value.trim() && spotContact.value.trim()) mark('f-on_the_spot_agency', '填写联系方式的，须同时填写负责公开的机关');
    }
    return problems;
  }

  function body() {
    const r = rule() || {};
    const request = {
      description: description.value.trim(),
      form: form.value,
      delivery: delivery.value,
      channel: channel.value,
      received_date: received.value,
    };
    if (r.signed && signedFor.value) request.signed_for_date = signedFor.value;
    if (r.confirmed && confirmed.value) request.confirmed_date = confirmed.value;
    const b = {
      agency: agency.value,
      applicant: {
        type: applicantType.value,
        name: name.value.trim(),
        id_type: idType.value,
        id_number: idNumber.value.trim().toUpperCase(),
        phone: phone.value.trim(),
        address: address.value.trim(),
        email: email.value.trim(),
      },
      request,
    };
    if (referral) b.referred_from = referral.case_number;
    if (spot.querySelector('input').checked) {
      b.on_the_spot = {outcome: spotOutcome.value, text: spotText.value.trim()};
      if (spotOutcome.value === 'OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY') {
        b.on_the_spot.responsible_agency = spotAgency.value.trim();
        b.on_the_spot.responsible_contact = spotContact.value.trim();
      }
    }
    return b;
  }

  formEl.addEventListener('submit', async (e) => {
    e.preventDefault();
    hideMessage();
    const problems = validate();
    if (problems.length > 0) {
      showMessage('请先更正标出的项目', 'error');
      const first = document.getElementById(problems[0]);
      if (first) first.focus();
      return;
    }
    const content = body();
    const key = JSON.stringify(content);
    if (!lastAttempt || lastAttempt.body !== key) lastAttempt = {body: key, id: newRequestId()};
    const restore = busy(submit);
    try {
      const response = await api.rpc('IntakeService', 'Register', Object.assign({request_id: lastAttempt.id}, content));
      lastAttempt = null;
      const c = response.case || {};
      const earlier = response.replayed ? null
        : await earlierAfterRegistering(content.applicant, content.request, c.case_number);
      showResult(area, response, earlier, ctx, agencies);
    } catch (err) {
      // Refused content will be changed before it is sent again: it gets a new request id then.
      showError(err, FIELD_MAP);
    } finally {
      restore();
    }
  });
}

// The applicant's earlier requests (similar.js), those that read like this one marked. A
// warning when some do; otherwise a plain notice.
function earlierWarning(found, listId) {
  const similar = found.similarCount > 0;
  return h('div', {class: similar ? 'warning' : 'notice', id: listId === 'similar-list' ? 'similar-box' : 'register-similar', role: 'status'},
    h('p', null, h('strong', null, `${earlierRequestsHeadline(found)}。`),
      similar ? '请核对是否属于重复申请（条例第三十六条第（六）项）。仍应登记，由承办部门依法处理。' : ''),
    h('ul', {id: listId}, found.requests.map((x) => {
      const c = x.summary || {};
      return h('li', {class: x.similar ? 'earlier-similar' : null},
        caseLink(c.case_number),
        `（${chineseDate(c.received_date)}收到，${stateLabel(c.state)}）`,
        x.similar ? h('strong', null, '［内容相近］') : null,
        c.description || '');
    })));
}

function showResult(area, response, earlier, ctx, agencies) {
  const c = response.case || {};
  const d = c.deadline || {};
  const number = c.case_number || '';
  const printReceipt = h('button', {type: 'button', class: 'primary', id: 'print-receipt', on: {click: () => {
    window.open(`/print/document?case=${encodeURIComponent(number)}&kind=DOCUMENT_KIND_RECEIPT`, '_blank', 'noopener');
  }}}, '打印登记回执');
  const next = h('button', {type: 'button', id: 'register-next', on: {click: () => {
    if (location.hash.startsWith('#/register/')) ctx.navigate('#/register');
    else showForm(area, ctx, agencies, null);
  }}}, '登记下一件');
  const a = agencies.find((x) => x.code === c.agency);
  const ownNumber = agencyNumber(number, c.agency_sequence);
  const closedOnSpot = c.state === 'CASE_STATE_CLOSED';
  const panel = h('div', {class: 'result-panel', id: 'register-result'},
    h('h2', null, closedOnSpot ? '已登记并当场答复' : '登记成功'),
    response.replayed ? h('p', {class: 'notice'}, '此申请此前已经登记（重复提交），以下为原登记结果。') : null,
    earlier && earlier.requests.length > 0 ? earlierWarning(earlier, 'register-similar-list') : null,
    facts([
      ['受理机关', h('span', {id: 'result-agency'}, a ? a.name : c.agency || '')],
      ['登记编号', h('span', {id: 'result-case-number', class: 'case-number'}, number)],
      ['机关编号', ownNumber ? h('span', {id: 'result-agency-number', class: 'agency-number'}, ownNumber) : ''],
      ['转自案件', c.referred_from ? caseLink(c.referred_from) : ''],
      ['状态', stateLabel(c.state)],
      ['答复期限', closedOnSpot ? '' : h('span', {id: 'result-due-date', class: 'due-date'},
        chineseDateWithWeekday(d.due_date), d.provisional ? '（暂定）' : '')],
    ]),
    closedOnSpot ? null : h('div', {class: 'derivation'},
      h('h3', null, '答复期限的计算'),
      deadlineBlock(d, 'result-deadline')),
    h('div', {class: 'actions'}, printReceipt,
      number ? h('a', {href: `#/case/${number}`, class: 'button-link', id: 'result-open-case'}, '查看案件') : null,
      next));
  replace(area, panel);
  showMessage(`已登记：${number}${a ? `（${a.name}${ownNumber}）` : ''}`, 'success');
  printReceipt.focus();
}
