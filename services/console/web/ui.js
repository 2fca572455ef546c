// The page-wide banner (#message) and the dialog that asks for a reason, a date or a choice
// before an action. The dialog is a native <dialog> opened with showModal(): it keeps the focus
// inside, closes with Esc and returns the focus to the button that opened it.

import {h, clear, clearErrors} from './dom.js';

let hideTimer = 0;
// The dialogs open now, each by the function that closes it as cancelled.
const openDialogs = new Set();

// kind: 'info' | 'success' | 'error'. Errors stay until closed or replaced; others fade.
export function showMessage(text, kind = 'info') {
  const box = document.getElementById('message');
  if (!box) return;
  clearTimeout(hideTimer);
  clear(box);
  box.className = `message message-${kind}`;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  box.appendChild(h('span', {class: 'message-text'}, text));
  box.appendChild(h('button', {type: 'button', class: 'message-close', 'aria-label': '关闭提示',
    on: {click: hideMessage}}, '×'));
  box.hidden = false;
  if (kind !== 'error') hideTimer = setTimeout(hideMessage, 8000);
}

export function hideMessage() {
  const box = document.getElementById('message');
  if (!box) return;
  box.hidden = true;
  clear(box);
}

// Opens a dialog with the given fields (already built with forms.field) and runs `onSubmit`
// when confirmed; the dialog stays open, its button busy, until onSubmit resolves. onSubmit
// returns true to close, false to stay (it showed the errors itself).
// Resolves with onSubmit's result, or null when cancelled.
export function openDialog({title, intro = '', body = [], submitLabel = '确定', danger = false, onSubmit}) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const titleId = 'dialog-title';
    const submit = h('button', {type: 'submit', class: danger ? 'danger' : 'primary', id: 'dialog-submit'}, submitLabel);
    const cancel = h('button', {type: 'button', id: 'dialog-cancel'}, '取消');
    const form = h('form', {method: 'dialog', class: 'dialog-form', novalidate: true},
      h('h2', {id: titleId}, title),
      intro ? h('p', {class: 'dialog-intro'}, intro) : null,
      body,
      h('p', {class: 'dialog-error', id: 'dialog-error', role: 'alert'}),
      h('div', {class: 'actions'}, submit, cancel));
    const dialog = h('dialog', {class: 'dialog', 'aria-labelledby': titleId}, form);
    let settled = false;
    const finish = (value) => {
      if (settled) return;
      settled = true;
      openDialogs.delete(cancelDialog);
      dialog.close();
      dialog.remove();
      if (opener && typeof opener.focus === 'function' && document.contains(opener)) opener.focus();
      resolve(value);
    };
    const cancelDialog = () => finish(null);
    cancel.addEventListener('click', cancelDialog);
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      if (!submit.disabled) finish(null);
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (submit.disabled) return;
      clearErrors(form);
      form.querySelector('.dialog-error').textContent = '';
      const label = submit.textContent;
      submit.disabled = true;
      cancel.disabled = true;
      submit.textContent = '正在提交…';
      let result;
      try {
        result = await onSubmit(form);
      } finally {
        submit.disabled = false;
        cancel.disabled = false;
        submit.textContent = label;
      }
      if (result) finish(result);
    });
    openDialogs.add(cancelDialog);
    document.body.appendChild(dialog);
    dialog.showModal();
    const first = form.querySelector('input, select, textarea');
    if (first) first.focus();
  });
}

// A yes/no question; resolves true when confirmed.
export async function confirmAction(title, text, submitLabel = '确定', danger = false) {
  const result = await openDialog({title, intro: text, submitLabel, danger, onSubmit: async () => true});
  return result === true;
}

// When the session ends (expired, signed out elsewhere): every dialog goes, as if cancelled, with
// whatever a person had typed into it; so does any other <dialog> on the page.
export function closeAllDialogs() {
  for (const cancelDialog of [...openDialogs]) cancelDialog();
  for (const dialog of document.querySelectorAll('dialog')) {
    if (dialog.open) dialog.close();
    dialog.remove();
  }
}
