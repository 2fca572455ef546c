// The county's agencies (deploy/agencies.conf, as ListDepartments answers them): a case's agency
// and its number within the agency (〔2026〕第000123号), the agency choices of the window and of
// the county disclosure office's managers, and finding an agency by the name a reply gave
// (Art. 36(5) referrals).

import {select} from './forms.js';
import {AGENCY_KINDS} from './labels.js';

// 〔2026〕第000123号: the case's running number within its agency and year, the year being the
// case number's (2026-000042). '' when the case has none (registered before agencies had numbers).
export function agencyNumber(caseNumber, sequence) {
  const n = Number(sequence);
  const year = /^(\d{4})-/.exec(caseNumber || '');
  if (!Number.isInteger(n) || n <= 0 || !year) return '';
  return `〔${year[1]}〕第${String(n).padStart(6, '0')}号`;
}

// 县教育局（窗口：县政务服务中心二楼教育窗口）, or （无单独窗口）.
export function agencyChoiceLabel(a) {
  return `${a.name}（${a.window ? `窗口：${a.window}` : '无单独窗口'}）`;
}

export function agencyKindLabel(kind) {
  return AGENCY_KINDS[kind] || kind || '';
}

// The agency of the catalogue that `text` names (a reply's 负责公开的机关): the one whose name it
// is, else the one with the longest name it contains (县人民政府办公室 before 县人民政府); null.
export function agencyNamed(agencies, text) {
  const t = (text || '').trim();
  if (!t) return null;
  const exact = agencies.find((a) => a.name === t);
  if (exact) return exact;
  let best = null;
  for (const a of agencies) {
    if (a.name && t.includes(a.name) && (!best || a.name.length > best.name.length)) best = a;
  }
  return best;
}

// The agency picker of a county-wide manager's views: every agency by name, the manager's own
// marked, and 全县 ('*') first when the view has the county's totals. `value` chosen ('' → own).
export function agencyPicker(agencies, {value = '', own = '', county = false} = {}) {
  const options = [];
  if (county) options.push(['*', '全县（各机关合计）']);
  for (const a of agencies) {
    options.push([a.code, `${a.name}${a.code === own ? '（本机关）' : ''}`]);
  }
  return select(options, {placeholder: null, value: value || own});
}

// The request of an Art. 36(5) referral: the agency its reply named (matched in the catalogue by
// name), or null when the case is no such reply or names no agency of the county.
export function referralTarget(c, agencies) {
  const draft = c && c.draft ? c.draft : {};
  if (!c || c.state !== 'CASE_STATE_CLOSED' || draft.outcome !== 'OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY') return null;
  const target = agencyNamed(agencies, draft.responsible_agency);
  return target && target.code !== c.agency ? target : null;
}
