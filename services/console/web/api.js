// Talking to the console gateway (services/console): the session routes and the generic
// /api/rpc/<service>/<method> call. The CSRF token lives in this module's memory only — never in
// storage a script of another page could read — and is fetched again with GET /api/session
// after every page load. Every failure becomes an ApiError {status, code, message,
// field_violations}; a 401 sends the person to the sign-in view.
//
// The page also remembers whose session it shows (`sessionUser`): the cookie is shared by every
// tab of the browser, so another tab may have signed someone else in meanwhile. This page then
// never carries on with the other person's session — it goes to the sign-in view instead.

import {ERROR_CODES} from './labels.js';

let csrfToken = '';
let sessionUser = '';
let onUnauthenticated = () => {};

export class ApiError extends Error {
  constructor(status, code, message, fieldViolations) {
    super(message || ERROR_CODES[code] || code);
    this.status = status;
    this.code = code;
    this.field_violations = fieldViolations || [];
  }

  // The method is not there yet (an older gateway or service): the screen says the feature is
  // not available instead of showing an error. The gateway answers a method its protos lack
  // with 404 "没有这项操作：…"; a service answers a method it does not serve UNIMPLEMENTED.
  get unimplemented() {
    return this.code === 'UNIMPLEMENTED' || this.status === 501 ||
        (this.status === 404 && (this.code !== 'NOT_FOUND' || /^没有这(项操作|个接口)/.test(this.message)));
  }
}

// What a person reads for an error: the Chinese name of its kind, then the service's message.
// A message already in Chinese is the services' explanation; one in English (a refusal the
// services word for developers) is kept as technical detail after the Chinese kind.
export function describeError(err) {
  if (!(err instanceof ApiError)) return `操作失败：${err && err.message ? err.message : err}`;
  const kind = ERROR_CODES[err.code] || '操作失败';
  const message = err.message || '';
  if (!message || message === kind) return kind;
  if (!/[\u3400-\u9fff]/.test(message)) return `${kind}（技术信息：${message}）`;
  if (message.includes(kind)) return message;
  return `${kind}：${message}`;
}

export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

const CODE_BY_STATUS = {
  400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND',
  409: 'FAILED_PRECONDITION', 429: 'RESOURCE_EXHAUSTED', 501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED',
};

async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  const e = body && body.error ? body.error : null;
  // A 404 without the gateway's error body is a route the gateway does not have.
  const code = e && e.code ? e.code : (response.status === 404 ? 'UNIMPLEMENTED'
      : CODE_BY_STATUS[response.status] || 'INTERNAL');
  return new ApiError(response.status, code, e ? e.message : '', e ? e.field_violations : []);
}

async function send(method, url, body, {csrf = true, quiet401 = false} = {}) {
  const headers = {'Accept': 'application/json'};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrf && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', '请检查网络连接后重试');
  }
  if (!response.ok) {
    const err = await errorOf(response);
    if (response.status === 401 && !quiet401) sessionGone(err);
    throw err;
  }
  if (response.status === 204) return {};
  try {
    return await response.json();
  } catch (e) {
    throw new ApiError(response.status, 'INTERNAL', '服务器的答复无法读取');
  }
}

function userOf(session) {
  return session && session.user ? session.user.user_id || '' : '';
}

function adopt(session) {
  csrfToken = session.csrf_token || '';
  sessionUser = userOf(session);
  return session;
}

// The session this page showed has ended (or the cookie now belongs to someone else): forget its
// token and let the app go to the sign-in view.
function sessionGone(err) {
  csrfToken = '';
  sessionUser = '';
  onUnauthenticated(err || new ApiError(401, 'UNAUTHENTICATED', ''));
}

// The cookie's session {user, csrf_token, expires_at}, or null when there is none; adopts nothing.
async function fetchSession() {
  try {
    return await send('GET', '/api/session', undefined, {csrf: false, quiet401: true});
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

// The current session {user, csrf_token, expires_at}, or null when signed out (page load).
export async function loadSession() {
  const s = await fetchSession();
  return s ? adopt(s) : null;
}

// Asked after an event stream was refused, or when another tab says a session ended: is this
// page's session still the cookie's? When not (401, or another person's session), the app's
// unauthenticated handler runs and false is returned. A failure to ask (network, services down)
// counts as still valid: the caller tries again later.
export async function sessionStillValid() {
  if (!sessionUser) return false;
  let s;
  try {
    s = await fetchSession();
  } catch (e) {
    return true;
  }
  if (!sessionUser) return false;  // ended meanwhile by another call
  if (s && userOf(s) === sessionUser) return true;
  sessionGone();
  return false;
}

export async function login(userId, password) {
  const s = await send('POST', '/api/session', {user_id: userId, password},
                       {csrf: false, quiet401: true});
  return adopt(s);
}

// Ends the session everywhere. A 401 means it had ended already, which is what was wanted.
export async function logout() {
  try {
    await withCurrentCsrf(() => send('DELETE', '/api/session', undefined, {quiet401: true}));
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) throw e;
  }
  csrfToken = '';
  sessionUser = '';
}

// Runs `call` (a POST or DELETE); refused for its CSRF token, runs it once more with the token of
// the cookie's session — if that session is this page's person's.
async function withCurrentCsrf(call) {
  try {
    return await call();
  } catch (err) {
    // Signed in again in another tab: the cookie is a new session, whose CSRF token this page
    // does not hold yet. Fetch it and try once more; the call was refused, so nothing happened.
    // Only the same person's new session is taken over: another person's is theirs, not this
    // page's, and this page goes to the sign-in view instead.
    if (err instanceof ApiError && err.status === 403 && /X-CSRF-Token/.test(err.message)) {
      const session = await fetchSession();
      if (session && sessionUser && userOf(session) === sessionUser) {
        adopt(session);
        return call();
      }
      const gone = new ApiError(401, 'UNAUTHENTICATED', '');
      if (sessionUser) sessionGone(gone);
      throw gone;
    }
    throw err;
  }
}

// rpc('IntakeService', 'GetCase', {case_number: '2026-000001'})
export async function rpc(service, method, request) {
  const url = `/api/rpc/gongkai.v1.${service}/${method}`;
  return withCurrentCsrf(() => send('POST', url, request || {}));
}

// int64 fields arrive as strings ("version": "3").
export function num(value) {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}
