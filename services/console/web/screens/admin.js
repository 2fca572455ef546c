// 系统管理 #/admin (admin): staff accounts (AccountService.ListUsers, AddUser, DisableUser and
// UpdateUser for roles, agency and department, display name, enabling and a new password; a
// department is one of its agency's units), and reloading
// the holiday calendar (TrackerService.ReloadCalendar). A gateway without UpdateUser answers
// 404/501: the page says the change is not available yet.

import {h, replace, table, empty, clearErrors} from '../dom.js';
import * as api from '../api.js';
import {field, checkbox, select, setFieldError, showError, submitting} from '../forms.js';
import {openDialog, confirmAction, showMessage} from '../ui.js';
import {ROLES} from '../labels.js';
import {chinaTime} from '../dates.js';
import {charCount} from '../checks.js';

const ROLE_NAMES = ['clerk', 'dispatcher', 'officer', 'reviewer', 'head', 'manager', 'admin'];

export async function render(root, params, ctx) {
  root.appendChild(h('h1', null, '系统管理'));
  const usersBox = h('div', {id: 'users'});
  const addBox = h('div', {id: 'add-user'});
  const calendarBox = h('div', {id: 'calendar'});
  root.append(
    h('section', {class: 'panel', 'aria-labelledby': 'h-users'}, h('h2', {id: 'h-users'}, '用户'), usersBox),
    h('section', {class: 'panel', 'aria-labelledby': 'h-add-user'}, h('h2', {id: 'h-add-user'}, '新增用户'), addBox),
    h('section', {class: 'panel', 'aria-labelledby': 'h-calendar'}, h('h2', {id: 'h-calendar'}, '节假日日历'), calendarBox));
  // Every agency, and each one's units as they are needed (ctx keeps them for the session).
  const agencies = await ctx.agencies();
  const agencyNames = Object.fromEntries(agencies.map((a) => [a.code, a.name]));
  const units = {};
  async function unitsOf(code) {
    if (!units[code]) units[code] = await ctx.departmentsOf(code);
    return units[code];
  }
  const unitName = (agency, dept) => ((units[agency] || []).find((d) => d.code === dept) || {}).name || dept;

  async function loadUsers() {
    let r;
    try {
      r = await api.rpc('AccountService', 'ListUsers', {});
    } catch (err) {
      replace(usersBox, h('p', {class: 'load-error', role: 'alert'}, api.describeError(err)));
      return;
    }
    const users = (r.users || []).slice().sort((a, b) => (a.user_id < b.user_id ? -1 : 1));
    // An account without an agency is the deployment's default agency's: the administrator's own.
    const agencyOf = (u) => u.agency || ctx.agency;
    await Promise.all([...new Set(users.map(agencyOf))].filter(Boolean).map(unitsOf));
    replace(usersBox, users.length === 0 ? empty('尚无用户。') : table(
      ['用户名', '姓名', '角色', '机关', '部门', '状态', '创建时间', '创建人', '操作'],
      users.map((u) => [
        u.user_id, u.display_name || '', (u.roles || []).map((x) => ROLES[x] || x).join('、'),
        agencyNames[agencyOf(u)] || agencyOf(u) || '',
        u.department ? unitName(agencyOf(u), u.department) : '',
        h('span', {class: u.disabled ? 'state-disabled' : 'state-enabled'}, u.disabled ? '已停用' : '正常'),
        chinaTime(u.created_at), u.created_by || '',
        h('div', {class: 'row-actions'},
          h('button', {type: 'button', id: `edit-${u.user_id}`, on: {click: () => editUser(u)}}, '编辑'),
          u.disabled ? null : h('button', {type: 'button', class: 'danger', id: `disable-${u.user_id}`, on: {click: () => disableUser(u)}}, '停用')),
      ]), {id: 'users-table'}));
  }

  function roleBoxes(prefix, selected) {
    return h('fieldset', {class: 'roles', id: `f-${prefix}roles`, 'aria-describedby': `err-f-${prefix}roles`},
      h('legend', null, '角色'),
      ROLE_NAMES.map((r) => checkbox(`${prefix}role_${r}`, ROLES[r], {checked: selected.includes(r), value: r})),
      h('p', {class: 'field-error', id: `err-f-${prefix}roles`, 'aria-live': 'polite'}));
  }

  function chosenRoles(container) {
    return [...container.querySelectorAll('fieldset.roles input[type=checkbox]:checked')].map((i) => i.value);
  }

  function agencySelect(value) {
    return select(agencies.map((a) => [a.code, a.name]), {placeholder: agencies.length ? null : '（默认机关）', value: value || ctx.agency});
  }

  // The department choice follows the agency's: its units, the current one kept when it is one.
  function deptSelect(agency, value) {
    const el = select([], {placeholder: '（无）'});
    async function fill() {
      const keep = el.value || value;
      value = '';
      const list = agency.value ? await unitsOf(agency.value) : [];
      replace(el, h('option', {value: ''}, '（无）'));
      for (const d of list) el.appendChild(h('option', {value: d.code}, `${d.name}（${d.code}）`));
      el.value = list.some((d) => d.code === keep) ? keep : '';
    }
    agency.addEventListener('change', fill);
    fill();
    return el;
  }

  // Roles and department must agree: an officer works for a department.
  function checkAccount(prefix, roles, dept, {password, password2, passwordRequired}) {
    let ok = true;
    if (roles.length === 0) {
      setFieldError(`f-${prefix}roles`, '请至少选择一个角色');
      ok = false;
    }
    if (roles.includes('officer') && !dept) {
      setFieldError(`f-${prefix}department`, '部门经办人员须选择所属部门');
      ok = false;
    }
    if (passwordRequired || password) {
      const n = charCount(password || '');
      if (n < 12 || n > 128) {
        setFieldError(`f-${prefix}password`, '密码须为12至128个字符');
        ok = false;
      } else if (password !== password2) {
        setFieldError(`f-${prefix}password2`, '两次输入的密码不一致');
        ok = false;
      }
    }
    return ok;
  }

  function buildAddForm() {
    const userId = h('input', {type: 'text', maxlength: '64', autocomplete: 'off', spellcheck: 'false'});
    const name = h('input', {type: 'text', maxlength: '100', autocomplete: 'off'});
    const agency = agencySelect('');
    const dept = deptSelect(agency, '');
    const password = h('input', {type: 'password', autocomplete: 'new-password', maxlength: '128'});
    const password2 = h('input', {type: 'password', autocomplete: 'new-password', maxlength: '128'});
    const submit = h('button', {type: 'submit', class: 'primary', id: 'add-user-submit'}, '新增用户');
    const form = h('form', {class: 'add-user-form', novalidate: true},
      h('div', {class: 'columns'},
        h('div', null,
          field('new_user_id', '用户名', userId, {required: true, hint: '登录用，字母、数字'}),
          field('new_display_name', '姓名', name, {required: true}),
          field('new_agency', '所属机关', agency, {required: true}),
          field('new_department', '所属部门', dept, {hint: '部门经办人员必填；为所属机关的承办单位'})),
        h('div', null,
          roleBoxes('new_', []),
          field('new_password', '初始密码', password, {required: true, hint: '12至128个字符'}),
          field('new_password2', '再次输入密码', password2, {required: true}))),
      h('div', {class: 'actions'}, submit));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      const roles = chosenRoles(form);
      let ok = checkAccount('new_', roles, dept.value, {password: password.value, password2: password2.value, passwordRequired: true});
      if (!userId.value.trim()) {
        setFieldError('f-new_user_id', '请填写用户名');
        ok = false;
      }
      if (!name.value.trim()) {
        setFieldError('f-new_display_name', '请填写姓名');
        ok = false;
      }
      if (!ok) {
        form.querySelector('[aria-invalid="true"], fieldset.roles input')?.focus();
        return;
      }
      const added = await submitting(submit, () => api.rpc('AccountService', 'AddUser', {
        account: {user_id: userId.value.trim(), display_name: name.value.trim(), roles, department: dept.value, agency: agency.value},
        password: password.value,
      }), {
        'account.user_id': 'f-new_user_id', 'account.display_name': 'f-new_display_name',
        'account.roles': 'f-new_roles', 'account.department': 'f-new_department', password: 'f-new_password',
        'account.agency': 'f-new_agency', agency: 'f-new_agency',
        user_id: 'f-new_user_id', display_name: 'f-new_display_name', roles: 'f-new_roles', department: 'f-new_department',
      });
      if (!added) {
        password.value = '';
        password2.value = '';
        return;
      }
      showMessage(`已新增用户 ${userId.value.trim()}`, 'success');
      buildAddForm();
      loadUsers();
    });
    replace(addBox, form);
  }

  async function disableUser(u) {
    const ok = await confirmAction(`停用用户 ${u.user_id}`,
      `停用后 ${u.display_name || u.user_id} 立即退出所有登录，且不能再登录。`, '停用', true);
    if (!ok) return;
    try {
      await api.rpc('AccountService', 'DisableUser', {user_id: u.user_id});
      showMessage(`已停用用户 ${u.user_id}`, 'success');
      loadUsers();
    } catch (err) {
      showError(err);
    }
  }

  function editUser(u) {
    const name = h('input', {type: 'text', maxlength: '100', value: u.display_name || ''});
    const agency = agencySelect(u.agency || '');
    const dept = deptSelect(agency, u.department || '');
    const enabled = checkbox('edit_enabled', '账号可用（取消勾选即停用）', {checked: !u.disabled});
    const password = h('input', {type: 'password', autocomplete: 'new-password', maxlength: '128'});
    const password2 = h('input', {type: 'password', autocomplete: 'new-password', maxlength: '128'});
    const body = [
      field('edit_display_name', '姓名', name, {required: true}),
      roleBoxes('edit_', u.roles || []),
      field('edit_agency', '所属机关', agency, {required: true}),
      field('edit_department', '所属部门', dept, {hint: '部门经办人员必填；为所属机关的承办单位'}),
      enabled,
      field('edit_password', '新密码', password, {hint: '不修改密码请留空；12至128个字符'}),
      field('edit_password2', '再次输入新密码', password2),
    ];
    return openDialog({
      title: `编辑用户 ${u.user_id}`,
      body,
      submitLabel: '保存',
      onSubmit: async (form) => {
        const roles = chosenRoles(form);
        let ok = checkAccount('edit_', roles, dept.value, {password: password.value, password2: password2.value, passwordRequired: false});
        if (!name.value.trim()) {
          setFieldError('f-edit_display_name', '请填写姓名');
          ok = false;
        }
        if (!ok) return false;
        const request = {
          user_id: u.user_id,
          display_name: name.value.trim(),
          roles,
          department: dept.value,
          agency: agency.value,
          disabled: !enabled.querySelector('input').checked,
        };
        if (password.value) request.password = password.value;
        try {
          await api.rpc('AccountService', 'UpdateUser', request);
        } catch (err) {
          if (err instanceof api.ApiError && err.unimplemented) {
            document.getElementById('dialog-error').textContent = '修改用户功能尚未开通。停用账号可使用“停用”按钮。';
            return false;
          }
          showError(err, {
            display_name: 'f-edit_display_name', roles: 'f-edit_roles', department: 'f-edit_department', agency: 'f-edit_agency',
            password: 'f-edit_password', disabled: 'f-edit_enabled',
            'account.display_name': 'f-edit_display_name', 'account.roles': 'f-edit_roles', 'account.department': 'f-edit_department',
          });
          return false;
        }
        showMessage(`已保存用户 ${u.user_id}`, 'success');
        loadUsers();
        return true;
      },
    });
  }

  function buildCalendar() {
    const go = h('button', {type: 'button', id: 'reload-calendar'}, '重新加载日历');
    const out = h('div', {id: 'calendar-result', 'aria-live': 'polite'});
    go.addEventListener('click', async () => {
      const ok = await confirmAction('重新加载日历',
        '重新读取节假日安排文件，并重新计算所有正在计时案件的答复期限；期限有变化的，记入该案件的办理过程。', '重新加载');
      if (!ok) return;
      const r = await submitting(go, () => api.rpc('TrackerService', 'ReloadCalendar', {}), {}, '正在重新计算…');
      if (!r) return;
      replace(out, h('p', {class: 'ok'},
        `已加载年度：${(r.years || []).join('、') || '无'}；核对案件 ${r.cases_checked || 0} 件，答复期限变化 ${r.cases_changed || 0} 件。`));
      showMessage('日历已重新加载', 'success');
    });
    replace(calendarBox, h('p', {class: 'hint'}, '国务院办公厅公布新一年节假日安排后，更新日历文件并重新加载。'),
      h('div', {class: 'actions'}, go), out);
  }

  buildAddForm();
  buildCalendar();
  await loadUsers();
}
