// The checks the window makes while the clerk types, before anything is sent: the same rules
// the intake service applies (rules/identity_numbers.cc, rules/registration_validation.cc),
// so that a typing error is seen at the field, not after a round trip. The service checks
// again whatever the browser says. Each returns a Chinese problem, or '' when the value is fine.

import {todayInChina} from './dates.js';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

// GB 11643: 18 characters, the birth date (positions 7-14) a real date not in the future, and
// the check character of ISO 7064 MOD 11-2.
export function residentIdProblem(raw) {
  const number = raw.trim().toUpperCase();
  if (number === '') return '请填写证件号码';
  if (!/^\d{17}[\dX]$/.test(number)) {
    return `居民身份证号码应为18位（前17位为数字，最后一位为数字或X），当前${[...number].length}位`;
  }
  const y = Number(number.slice(6, 10));
  const m = Number(number.slice(10, 12));
  const d = Number(number.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 ||
      birth.getUTCDate() !== d) {
    return '居民身份证号码中的出生日期（第7至14位）不是有效日期';
  }
  const born = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  if (born > todayInChina()) return '居民身份证号码中的出生日期晚于今天';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(number[i]) * ID_WEIGHTS[i];
  if (ID_CHECK[sum % 11] !== number[17]) {
    return '居民身份证号码校验位不正确，请核对';
  }
  return '';
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

// GB 32100: 18 characters of the code's alphabet, the last a check character (MOD 31).
export function creditCodeProblem(raw) {
  const code = raw.trim().toUpperCase();
  if (code === '') return '请填写统一社会信用代码';
  if (code.length !== 18 || [...code].some((c) => !USCC_ALPHABET.includes(c))) {
    return '统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）';
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(code[i]) * USCC_WEIGHTS[i];
  if (USCC_ALPHABET[(31 - (sum % 31)) % 31] !== code[17]) {
    return '统一社会信用代码校验位不正确，请核对';
  }
  return '';
}

export function otherOrganizationIdProblem(raw) {
  const v = raw.trim();
  if (v === '') return '请填写证件号码';
  if (v.length < 2 || v.length > 50 || !/^[A-Za-z0-9 \-/.]+$/.test(v)) {
    return '须为2至50个字符，只含字母、数字、空格和 - / .';
  }
  return '';
}

export function idNumberProblem(idType, raw) {
  switch (idType) {
    case 'ID_TYPE_RESIDENT_ID_CARD':
      return residentIdProblem(raw);
    case 'ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE':
      return creditCodeProblem(raw);
    case 'ID_TYPE_OTHER_ORGANIZATION':
      return otherOrganizationIdProblem(raw);
    default: {
      const v = raw.trim();
      if (v === '') return '请填写证件号码';
      if (!/^[A-Za-z0-9]+$/.test(v)) return '证件号码只能包含字母和数字';
      if (v.length > 32) return '证件号码不能超过32个字符';
      return '';
    }
  }
}

// A mobile number is 11 digits starting 13-19; a landline starts with 0 (area code). Spaces,
// hyphens and a leading +86 are allowed as people write them.
export function phoneProblem(raw) {
  const v = raw.trim();
  if (v === '') return '';
  if (!/^[0-9+\-() ]+$/.test(v)) return '电话号码只能包含数字和 + - ( )';
  if (v.length > 20) return '电话号码不能超过20个字符';
  let digits = v.replace(/[^0-9+]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  if (digits.includes('+')) return '电话号码格式不正确';
  if (digits.startsWith('1')) {
    if (!/^1[3-9]\d{9}$/.test(digits)) {
      return '手机号码应为11位数字，以13至19开头';
    }
    return '';
  }
  if (digits.startsWith('0')) {
    if (digits.length < 10 || digits.length > 12) return '固定电话应为区号加号码（10至12位数字）';
    return '';
  }
  return '请填写11位手机号码，或带区号的固定电话';
}

export function emailProblem(raw) {
  const v = raw.trim();
  if (v === '') return '';
  if (!/^[^@\s]+@[^@\s]+$/.test(v)) return '电子邮箱地址格式不正确';
  return '';
}

// A YYYY-MM-DD not after today (with `future`: after today) and not before `notBefore` (when
// given); `what` names the date in the problem.
export function dateProblem(text, {required = false, future = false, what = '日期', notBefore = '', notBeforeLabel = ''} = {}) {
  if (!text) return required ? `请填写${what}` : '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return `${what}格式应为YYYY-MM-DD`;
  if (future && text <= todayInChina()) return `${what}须晚于今天`;
  if (!future && text > todayInChina()) return `${what}不能晚于今天`;
  if (notBefore && text < notBefore) return `不能早于${notBeforeLabel || notBefore}`;
  return '';
}

// A case number as the services give them: 2026-000123.
export const CASE_NUMBER = /^\d{4}-\d{6}$/;

// Length in characters as the services count them (Unicode code points).
export function charCount(text) {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
