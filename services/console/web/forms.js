// Form fields and their errors. Every field is a <label for> with its control (id f-<name>) and
// an error line (id err-f-<name>, class field-error) that the control names in
// aria-describedby, so a screen reader reads the error with the field. Errors come from the
// browser's own checks while typing, or from the service's field_violations after a submit:
// "applicant.id_number" is matched to the form's field through the form's map.

import {h} from './dom.js';
import {describeError} from './api.js';
import {showMessage} from './ui.js';

function describedBy(control, ids) {
  control.setAttribute('aria-describedby', ids.filter(Boolean).join(' '));
}

// field('id_number', '证件号码', h('input', {type: 'text'}), {hint: '…', required: true})
// → <div class="field"><label for="f-id_number">…</label>control<p hint><p err></div>
export function field(name, label, control, {hint = '', required = false, cls = ''} = {}) {
  const id = `f-${name}`;
  control.id = id;
  if (!control.name) control.name = name;
  if (required) control.required = true;
  const hintId = hint ? `hint-${id}` : '';
  const errId = `err-${id}`;
  describedBy(control, [hintId, errId]);
  const labelEl = h('label', {for: id}, label, required ? h('span', {class: 'required', 'aria-hidden': 'true'}, ' *') : null);
  const hintEl = hint ? h('p', {class: 'hint', id: hintId}, hint) : null;
  const errEl = h('p', {class: 'field-error', id: errId, 'aria-live': 'polite'});
  return h('div', {class: ['field', cls], id: `field-${id}`}, labelEl, control, hintEl, errEl);
}

// A checkbox with its label after it.
export function checkbox(name, label, {checked = false, value = ''} = {}) {
  const id = `f-${name}`;
  const input = h('input', {type: 'checkbox', id, name, checked, value: value || undefined});
  const errEl = h('p', {class: 'field-error', id: `err-${id}`, 'aria-live': 'polite'});
  describedBy(input, [`err-${id}`]);
  return h('div', {class: 'field checkbox'}, input, h('label', {for: id}, label), errEl);
}

// <select> from [value, label] pairs or {value: label}, with an optional empty first choice.
export function select(options, {placeholder = '', value = ''} = {}) {
  const el = h('select');
  if (placeholder !== null && placeholder !== undefined && placeholder !== false) {
    el.appendChild(h('option', {value: ''}, placeholder || '请选择'));
  }
  addOptions(el, options);
  if (value) el.value = value;
  return el;
}

export function addOptions(el, options) {
  const pairs = Array.isArray(options) ? options : Object.entries(options);
  for (const [v, label] of pairs) el.appendChild(h('option', {value: v}, label));
}

export function setFieldError(fieldId, message) {
  const control = document.getElementById(fieldId);
  const err = document.getElementById(`err-${fieldId}`);
  if (err) err.textContent = message || '';
  if (control) {
    if (message) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }
  return Boolean(err);
}

// "`applicant.id_number` 居民身份证号码校验位不正确" → {field, description}; a message the
// gateway could not split (an older one) is split here.
function violationsOf(err) {
  const list = (err && err.field_violations) ? err.field_violations.slice() : [];
  if (list.length === 0 && err && typeof err.message === 'string') {
    const m = /^`([^`]+)`\s*(.*)$/s.exec(err.message);
    if (m) list.push({field: m[1], description: m[2] || err.message});
  }
  return list;
}

// The form field of a violation's path: exact, then without indexes ("withheld[0].begin" →
// "withheld.begin"), then each shorter prefix, then the last segment.
function fieldFor(path, map) {
  if (map[path]) return map[path];
  const plain = path.replace(/\[\d+\]/g, '');
  if (map[plain]) return map[plain];
  const parts = plain.split('.');
  for (let n = parts.length - 1; n > 0; n--) {
    const prefix = parts.slice(0, n).join('.');
    if (map[prefix]) return map[prefix];
  }
  const last = parts[parts.length - 1];
  if (map[last]) return map[last];
  const guess = `f-${last}`;
  return document.getElementById(guess) ? guess : '';
}

// Shows an API error: each field violation under its field (the first such field gets the
// focus), and the whole error in the banner. Returns true when some field was marked.
export function showError(err, map = {}) {
  // A session that ended has sent the page to the sign-in view, which says so itself.
  if (err && err.status === 401) return false;
  let first = '';
  for (const v of violationsOf(err)) {
    const id = fieldFor(v.field || '', map);
    if (id && setFieldError(id, v.description || describeError(err))) {
      if (!first) first = id;
    }
  }
  // A modal dialog hides the banner: its own error line says it there.
  const inDialog = document.querySelector('dialog[open] .dialog-error');
  if (inDialog) inDialog.textContent = describeError(err);
  else showMessage(describeError(err), 'error');
  if (first) {
    const control = document.getElementById(first);
    if (control) control.focus();
  }
  return Boolean(first);
}

// Disables a button while a long action runs and says so on the button; returns the function
// that restores it.
export function busy(button, text = '正在提交…') {
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = text;
  return () => {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = label;
  };
}

// Runs `action` with the button busy; errors go to the form's fields and the banner.
export async function submitting(button, action, map, text) {
  const restore = busy(button, text);
  try {
    return await action();
  } catch (err) {
    showError(err, map);
    return undefined;
  } finally {
    restore();
  }
}
