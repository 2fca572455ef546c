// 登录 #/login: user id and password → POST /api/session. A wrong password and an unknown user
// get the same answer; too many attempts get 429 with the service's 稍后再试.

import {h, clearErrors} from '../dom.js';
import * as api from '../api.js';
import {field, busy, setFieldError} from '../forms.js';
import {showMessage, hideMessage} from '../ui.js';

export function render(root, params, ctx) {
  const userId = h('input', {type: 'text', autocomplete: 'username', maxlength: '64', autocapitalize: 'off', spellcheck: 'false'});
  const password = h('input', {type: 'password', autocomplete: 'current-password', maxlength: '128'});
  const submit = h('button', {type: 'submit', class: 'primary', id: 'login-submit'}, '登录');
  const formError = h('p', {class: 'form-error', id: 'login-error', role: 'alert'});
  const form = h('form', {class: 'login-form', novalidate: true, 'aria-describedby': 'login-error'},
    field('user_id', '用户名', userId, {required: true}),
    field('password', '密码', password, {required: true}),
    formError,
    h('div', {class: 'actions'}, submit));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    formError.textContent = '';
    let missing = false;
    if (!userId.value.trim()) {
      setFieldError('f-user_id', '请输入用户名');
      missing = true;
    }
    if (!password.value) {
      setFieldError('f-password', '请输入密码');
      missing = true;
    }
    if (missing) return;
    const restore = busy(submit, '正在登录…');
    try {
      const session = await api.login(userId.value.trim(), password.value);
      password.value = '';
      hideMessage();
      ctx.setSession(session);
      ctx.navigate(ctx.afterLoginHash());
    } catch (err) {
      password.value = '';
      let text;
      if (err.status === 401) text = '用户名或密码不正确';
      else if (err.status === 429) text = err.message || '登录尝试过于频繁，请稍后再试';
      else text = api.describeError(err);
      if (err.status === 401 && err.message) text = err.message;
      formError.textContent = text;
      showMessage(text, 'error');
      password.focus();
    } finally {
      restore();
    }
  });

  root.appendChild(h('div', {class: 'login-panel'},
    h('h1', null, '政府信息公开工作台'),
    h('p', {class: 'lead'}, '请使用本人账号登录。'),
    form));
  setTimeout(() => userId.focus(), 0);
}
