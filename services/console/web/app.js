// The console's shell: the session, the navigation a person's roles allow, the hash router
// (#/<screen>/<parameter>) and the reminders badge. Each screen is a module in screens/ with
// render(root, params, ctx), which may return a function the router calls when the screen is
// left (to close its live updates). The server enforces every permission; hiding what a role
// may not use only keeps the page uncluttered.
//
// Nothing of one person is left for the next at a shared window PC: signing out reloads the page
// (no module keeps anything), and a session found ended closes every dialog, empties what the
// screens kept (a module's `forget()`), and keeps the page the person was on only for that same
// person signing in again.

import {h, clear, replace} from './dom.js';
import * as api from './api.js';
import {ROLES} from './labels.js';
import {showMessage, hideMessage, closeAllDialogs} from './ui.js';
import {shareNotices, announceSessionEnded, onSessionEnded} from './tabs.js';

import * as login from './screens/login.js';
import * as register from './screens/register.js';
import * as cases from './screens/cases.js';
import * as caseView from './screens/case.js';
import * as queue from './screens/queue.js';
import * as draft from './screens/draft.js';
import * as review from './screens/review.js';
import * as signoff from './screens/signoff.js';
import * as delivery from './screens/delivery.js';
import * as board from './screens/board.js';
import * as reminders from './screens/reminders.js';
import * as admin from './screens/admin.js';
import * as county from './screens/county.js';
import * as bulletin from './screens/bulletin.js';

const CASE_ROLES = ['clerk', 'dispatcher', 'officer', 'reviewer', 'head', 'manager'];
const ALL_ROLES = Object.keys(ROLES).filter((r) => r !== 'service');

// The screens, in the order of the navigation; `nav: false` ones are reached from others;
// `countyWide` ones only for a manager of the county's disclosure office.
const SCREENS = [
  {name: 'register', title: '窗口登记', roles: ['clerk'], module: register},
  {name: 'cases', title: '案件', roles: CASE_ROLES, module: cases},
  {name: 'queue', title: '部门待办', roles: ['officer', 'dispatcher', 'manager'], module: queue},
  {name: 'review', title: '保密审查', roles: ['reviewer'], module: review},
  {name: 'signoff', title: '主任签发', roles: ['head'], module: signoff},
  {name: 'delivery', title: '送达', roles: ['clerk'], module: delivery},
  {name: 'board', title: '督办', roles: ['manager', 'head'], module: board},
  {name: 'county', title: '全县概览', roles: ['manager'], countyWide: true, module: county},
  {name: 'bulletin', title: '通报', roles: ['manager'], countyWide: true, module: bulletin},
  {name: 'reminders', title: '提醒', roles: ALL_ROLES, module: reminders},
  {name: 'admin', title: '系统管理', roles: ['admin'], module: admin},
  {name: 'case', title: '案件详情', roles: CASE_ROLES, module: caseView, nav: false},
  {name: 'draft', title: '答复拟稿', roles: ['officer'], module: draft, nav: false},
  {name: 'login', title: '登录', roles: [], module: login, nav: false},
];

const state = {
  session: null,
  cleanup: null,
  // ListDepartments answers per agency ({agency, departments, agencies}), read once a session.
  catalogues: new Map(),
  ownAgency: '',
  noticeListeners: new Set(),
  missedListeners: new Set(),
  stopNotices: null,
  unreadTimer: 0,
  renderToken: 0,
  // Where a signed-out person was going {hash, userId}: shown once they have signed in — if the
  // session ended, only to the same person (userId); '' when not known (a link opened signed out).
  afterLogin: null,
};

const SIGNED_OUT_HASH = '#/login/signed-out';

function roles() {
  return state.session && state.session.user ? state.session.user.roles || [] : [];
}

// A manager of the county's disclosure office (TokenClaims.county_wide): the services answer
// them for every agency, and only in the manager role.
function countyWide() {
  return Boolean(state.session && state.session.user && state.session.user.county_wide) &&
      roles().includes('manager');
}

function allowed(screen) {
  if (screen.name === 'login') return true;
  if (screen.countyWide && !countyWide()) return false;
  return screen.roles.some((r) => roles().includes(r));
}

function homeHash() {
  const first = SCREENS.find((s) => s.nav !== false && allowed(s));
  return first ? `#/${first.name}` : '#/reminders';
}

function parseHash() {
  const raw = (location.hash || '').replace(/^#\/?/, '');
  const parts = raw.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch (e) {
      return p;
    }
  });
  return {name: parts[0] || '', params: parts.slice(1)};
}

export function navigate(hash) {
  if (location.hash === hash) {
    route();
  } else {
    location.hash = hash;
  }
}

// An agency's units and the county's agencies (ListDepartments), read once per session and
// agency ('' the person's own): {agency, departments, agencies}. A failed read is asked again
// next time.
function catalogue(agency = '') {
  const key = agency || '';
  if (!state.catalogues.has(key)) {
    const request = key ? {agency: key} : {};
    state.catalogues.set(key, api.rpc('RoutingService', 'ListDepartments', request)
      .then((r) => {
        // The person's own agency as the services resolve it (a token of an account without an
        // agency is the deployment's default agency's).
        if (!key && r.agency) state.ownAgency = r.agency;
        return {agency: r.agency || key, departments: r.departments || [], agencies: r.agencies || []};
      })
      .catch(() => {
        state.catalogues.delete(key);
        return {agency: key, departments: [], agencies: []};
      }));
  }
  return state.catalogues.get(key);
}

// The person's own agency's units: code → name for every screen.
function departments() {
  return catalogue('').then((c) => c.departments);
}

// Every agency of the county, in the catalogue's order: [{code, name, kind, window}].
function agencies() {
  return catalogue('').then((c) => c.agencies);
}

// code → name of every agency; '*' is 全县.
async function agencyNames() {
  const map = {'*': '全县'};
  for (const a of await agencies()) map[a.code] = a.name;
  return map;
}

function makeContext() {
  const user = state.session ? state.session.user : null;
  return {
    user,
    hasRole: (r) => roles().includes(r),
    // The person's agency (its code) and whether they see every agency's.
    agency: user ? user.agency || state.ownAgency : '',
    countyWide: countyWide(),
    navigate,
    reload: route,
    departments,
    departmentsOf: (agency) => catalogue(agency).then((c) => c.departments),
    agencies,
    agencyNames,
    // fn(notice) for each new reminder; onMissed() when some may have been missed (read them
    // again). Returns the function that stops both.
    onNotice(fn, onMissed) {
      state.noticeListeners.add(fn);
      if (onMissed) state.missedListeners.add(onMissed);
      return () => {
        state.noticeListeners.delete(fn);
        if (onMissed) state.missedListeners.delete(onMissed);
      };
    },
    refreshUnread,
    setSession,
    // After signing in: the page the person was going to, or their first screen. A page kept
    // from an ended session is only for the person whose session it was.
    afterLoginHash() {
      const target = state.afterLogin;
      state.afterLogin = null;
      const me = state.session && state.session.user ? state.session.user.user_id : '';
      if (target && target.hash && (!target.userId || target.userId === me)) return target.hash;
      return '#/';
    },
  };
}

function renderNav() {
  const nav = document.getElementById('nav');
  const list = h('ul');
  for (const s of SCREENS) {
    if (s.nav === false || !allowed(s)) continue;
    list.appendChild(h('li', null, h('a', {href: `#/${s.name}`, id: `nav-${s.name}`}, s.title)));
  }
  replace(nav, list);
}

function markNav(name) {
  const active = name === 'case' ? 'cases' : name === 'draft' ? 'queue' : name;
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.id === `nav-${active}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function renderHeader() {
  const header = document.getElementById('header');
  const user = state.session ? state.session.user : null;
  header.hidden = !user;
  if (!user) {
    for (const id of ['user-name', 'user-roles', 'user-agency', 'user-department']) {
      document.getElementById(id).textContent = '';
    }
    clear(document.getElementById('nav'));
    setUnread(0);
    return;
  }
  document.getElementById('user-name').textContent = user.display_name || user.user_id;
  const labels = (user.roles || []).map((r) => ROLES[r] || r).join('、');
  document.getElementById('user-roles').textContent = labels;
  const agencyEl = document.getElementById('user-agency');
  const deptEl = document.getElementById('user-department');
  agencyEl.textContent = '';
  deptEl.textContent = '';
  renderNav();
  // 县人民政府 · 县财政局: the agency the person works for, then their unit; a manager of the
  // county's disclosure office is marked as overseeing every agency.
  const [names, units] = await Promise.all([agencyNames(), departments()]);
  if (state.session === null || state.session.user !== user) return;  // signed out meanwhile
  const agencyName = user.agency ? names[user.agency] || user.agency : '';
  agencyEl.textContent = `${agencyName}${countyWide() ? '（全县督办）' : ''}`;
  if (user.department) {
    const d = units.find((x) => x.code === user.department);
    deptEl.textContent = d ? d.name : user.department;
  }
}

function setUnread(count) {
  const badge = document.getElementById('unread-count');
  const link = document.getElementById('notice-badge');
  if (!badge || !link) return;
  const n = Number(count) || 0;
  badge.textContent = n > 99 ? '99+' : String(n);
  badge.hidden = n === 0;
  link.setAttribute('aria-label', n > 0 ? `提醒，${n}条未读` : '提醒，没有未读');
}

// A burst of reminders is counted once, 200 ms after the last; the first count at sign-in at once.
function refreshUnread(delayMs = 200) {
  clearTimeout(state.unreadTimer);
  state.unreadTimer = setTimeout(async () => {
    if (!state.session) return;
    try {
      const r = await api.rpc('TrackerService', 'ListNotices', {unread_only: true, page_size: 1});
      setUnread(r.unread);
    } catch (e) {
      // the badge simply stays as it was
    }
  }, delayMs);
}

// The reminders of the signed-in person, through the browser's one reminders stream (tabs.js).
function startNotices() {
  stopNotices();
  refreshUnread(0);
  state.stopNotices = shareNotices(state.session.user.user_id, {
    onNotice(notice) {
      refreshUnread();
      for (const fn of state.noticeListeners) fn(notice);
    },
    onMissed() {
      // At once: the stream just opened, nothing else is coming to batch with.
      refreshUnread(0);
      for (const fn of state.missedListeners) fn();
    },
  });
}

function stopNotices() {
  if (state.stopNotices) state.stopNotices();
  state.stopNotices = null;
}

// Called by the login screen with the new session, and with null when the session has ended.
function setSession(session) {
  state.session = session;
  state.catalogues = new Map();
  state.ownAgency = '';
  if (session) {
    renderHeader();
    startNotices();
  } else {
    stopNotices();
    forgetPerson();
    renderHeader();
  }
}

// Whatever the page kept of the person who was signed in: open dialogs (with what was typed in
// them), the screens' own memory, the unread count, the banner.
function forgetPerson() {
  clearTimeout(state.unreadTimer);
  closeAllDialogs();
  hideMessage();
  for (const s of SCREENS) {
    if (typeof s.module.forget === 'function') s.module.forget();
  }
}

async function route() {
  const token = ++state.renderToken;
  const {name, params} = parseHash();
  if (!state.session && name !== 'login') {
    if (name) state.afterLogin = {hash: location.hash, userId: ''};
    location.replace('#/login');
    return;
  }
  if (state.session && (name === 'login' || name === '')) {
    location.replace(homeHash());
    return;
  }
  const screen = SCREENS.find((s) => s.name === name);
  if (state.cleanup) {
    try {
      state.cleanup();
    } catch (e) {
      // a screen's cleanup must not keep the next one from rendering
    }
    state.cleanup = null;
  }
  const main = document.getElementById('main');
  clear(main);
  if (!screen) {
    main.appendChild(h('section', {id: 'screen-notfound', class: 'screen'},
      h('h1', {tabindex: '-1'}, '页面不存在'),
      h('p', null, h('a', {href: homeHash()}, '返回首页'))));
    return;
  }
  if (!allowed(screen)) {
    main.appendChild(h('section', {id: 'screen-forbidden', class: 'screen'},
      h('h1', {tabindex: '-1'}, '无权访问'),
      h('p', null, `“${screen.title}”不在您的角色可用范围内。`),
      h('p', null, h('a', {href: homeHash()}, '返回首页'))));
    markNav('');
    return;
  }
  // The agencies and the person's own units, which most screens name, are read before the first
  // screen (once a session).
  if (state.session) {
    await catalogue('');
    if (token !== state.renderToken) return;
  }
  document.title = `${screen.title} - 政府信息公开工作台`;
  markNav(name);
  const root = h('section', {id: `screen-${name}`, class: 'screen'});
  main.appendChild(root);
  try {
    const cleanup = await screen.module.render(root, params, makeContext());
    if (token !== state.renderToken) {
      if (typeof cleanup === 'function') cleanup();
      return;
    }
    state.cleanup = typeof cleanup === 'function' ? cleanup : null;
  } catch (err) {
    if (token !== state.renderToken) return;
    if (!(err instanceof api.ApiError && err.status === 401)) {
      root.appendChild(h('p', {class: 'load-error', role: 'alert'}, api.describeError(err)));
    }
  }
  if (token === state.renderToken) {
    const heading = root.querySelector('h1');
    if (heading && !root.contains(document.activeElement)) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }
}

// Signing out ends the session everywhere (DELETE /api/session), then loads the page afresh:
// no module keeps anything of the person. Should the sign-out fail, the person is told and stays
// signed in — better than believing they had signed out at a shared PC.
async function logout(e) {
  const button = e.currentTarget;
  const userId = state.session && state.session.user ? state.session.user.user_id : '';
  button.disabled = true;
  try {
    await api.logout();
  } catch (err) {
    button.disabled = false;
    showMessage(`退出登录未成功，请重试。${api.describeError(err)}`, 'error');
    return;
  }
  announceSessionEnded(userId);
  window.removeEventListener('hashchange', route);
  setSession(null);
  clear(document.getElementById('main'));
  location.replace(SIGNED_OUT_HASH);
  location.reload();
}

// The session has ended (a 401, or another tab's news confirmed): the sign-in view, nothing of
// the person left but the page they were on, for them alone.
function sessionEnded() {
  if (!state.session) return;
  const userId = state.session.user ? state.session.user.user_id : '';
  const hash = location.hash;
  setSession(null);
  clear(document.getElementById('main'));
  state.afterLogin = {hash, userId};
  announceSessionEnded(userId);
  location.hash = '#/login';
  showMessage('登录已失效，请重新登录', 'error');
}

async function start() {
  api.setUnauthenticatedHandler(sessionEnded);
  // Another tab signed out or found the session ended: check this one now (a 401 ends it here).
  onSessionEnded(() => {
    if (state.session) api.sessionStillValid();
  });
  // Just signed out (logout above reloaded the page): say so, on the plain sign-in address
  // (replaceState: no hashchange, so the sign-in view is drawn once).
  const signedOut = location.hash === SIGNED_OUT_HASH;
  if (signedOut) history.replaceState(null, '', '#/login');
  document.getElementById('logout').addEventListener('click', logout);
  document.getElementById('skip-link').addEventListener('click', () => {
    document.getElementById('main').focus();
  });
  window.addEventListener('hashchange', route);
  try {
    const session = await api.loadSession();
    if (session) setSession(session);
  } catch (err) {
    showMessage(api.describeError(err), 'error');
  }
  route();
  if (signedOut && !state.session) showMessage('已退出登录', 'success');
}

start();
