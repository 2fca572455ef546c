// What every browser test shares: the stack run.sh started (its console URL and staff accounts,
// from the environment), headless Chromium, signing a person in, screenshots, and calling the
// console's API from inside a signed-in page the way the web app does (cookie + CSRF header).

import assert from 'node:assert/strict';
import {mkdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {chromium} from 'playwright-core';

export const VIEWPORT = {width: 1366, height: 768};

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the browser tests through tests/browser/run.sh`);
  }
  return value;
}

export const CONSOLE_URL = required('GONGKAI_CONSOLE_URL').replace(/\/?$/, '/');
export const SCREENSHOT_DIR = required('GONGKAI_SCREENSHOT_DIR');

// user → {roles, dept, password}, from the lines "user roles dept password" of the stack's
// accounts.txt, which GONGKAI_ACCOUNTS names.
function readAccounts() {
  const text = readFileSync(required('GONGKAI_ACCOUNTS'), 'utf8');
  const accounts = {};
  for (const line of text.split('\n')) {
    const [user, roles, dept, password] = line.trim().split(/\s+/);
    if (user && password) accounts[user] = {roles: roles.split(','), dept, password};
  }
  return accounts;
}
export const ACCOUNTS = readAccounts();

export function password(user) {
  const a = ACCOUNTS[user];
  if (!a) throw new Error(`no account ${user} in accounts.txt`);
  return a.password;
}

// Chromium must not reach for the network (the machine refuses it) or a shared profile:
// Playwright's launch() gives every browser a fresh temporary --user-data-dir of its own.
export async function launch() {
  return chromium.launch({
    executablePath: process.env.GONGKAI_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

// A fresh browser context (its own cookies: one person) with the office's locale and time zone.
// The page's uncaught errors and Content-Security-Policy refusals are collected in
// page.problems; checkNoProblems asserts there were none.
export async function newPage(browser) {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: CONSOLE_URL,
    acceptDownloads: true,
  });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  watchProblems(page);
  context.on('page', watchProblems);
  return page;
}

function watchProblems(page) {
  if (page.problems) return;
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`uncaught error on ${page.url()}: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) {
      page.problems.push(`CSP refusal on ${page.url()}: ${msg.text()}`);
    }
  });
}

export function checkNoProblems(...pages) {
  const problems = pages.flatMap((p) => p.problems || []);
  assert.deepEqual(problems, [], 'the pages had uncaught errors or CSP refusals');
}

export function screenshotPath(name) {
  mkdirSync(SCREENSHOT_DIR, {recursive: true});
  return path.join(SCREENSHOT_DIR, name);
}

// A PNG of the viewport (1366×768) as the person sees it.
export async function shot(page, name) {
  // The success banner fades and buttons show 正在提交…: let the page settle its fonts first.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({path: screenshotPath(`${name}.png`)});
}

// Signs `user` in through the sign-in screen; returns once the header shows the person.
// A page already showing the sign-in screen (a session that lapsed) is used as it is, so that
// the app can return the person to where they were.
export async function signIn(page, user, {screenshot = ''} = {}) {
  if (!page.url().startsWith(CONSOLE_URL) || !(await page.locator('#screen-login').isVisible())) {
    await page.goto(`${CONSOLE_URL}#/login`);
  }
  await page.locator('#screen-login').waitFor();
  await page.locator('#f-user_id').fill(user);
  await page.locator('#f-password').fill(password(user));
  if (screenshot) await shot(page, screenshot);
  await page.locator('#login-submit').click();
  await page.locator('#header').waitFor({state: 'visible'});
  await page.locator('#nav a').first().waitFor();
  await page.waitForFunction(() => !location.hash.startsWith('#/login'));
}

// Goes to a screen by its navigation link and waits for the screen's root.
export async function openNav(page, name) {
  await page.locator(`#nav-${name}`).click();
  await page.locator(`#screen-${name}`).waitFor();
}

// Goes to a hash route and waits for the screen's root.
export async function goHash(page, hash, screen) {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await page.locator(`#screen-${screen}`).waitFor();
}

// POST /api/rpc/gongkai.v1.<service>/<method> from inside the page, with its session cookie and
// the CSRF token GET /api/session gives (or `csrfToken`, one kept from before): {status, body}.
export async function pageRpc(page, service, method, request, {csrf = true, csrfToken = ''} = {}) {
  const token = csrfToken || (csrf ? await sessionCsrf(page) : '');
  return page.evaluate(async ({service, method, request, token}) => {
    const headers = {'Content-Type': 'application/json', 'Accept': 'application/json'};
    if (token) headers['X-CSRF-Token'] = token;
    const r = await fetch(`/api/rpc/gongkai.v1.${service}/${method}`, {
      method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(request),
    });
    let body = null;
    try {
      body = await r.json();
    } catch (e) {
      body = null;
    }
    return {status: r.status, body};
  }, {service, method, request, token});
}

// The CSRF token of the page's session as GET /api/session gives it now ('' without a session).
export async function sessionCsrf(page) {
  return page.evaluate(async () => {
    const s = await fetch('/api/session', {credentials: 'same-origin', cache: 'no-store'});
    return s.ok ? (await s.json()).csrf_token : '';
  });
}

// A request the window registers (the form's content); `name` tells tests' cases apart.
export function registration(name, description, idNumber = '11010519491231002X') {
  return {
    request_id: `browser-${Date.now()}-${Math.floor(Math.random() * 1e9)}`,
    applicant: {
      type: 'APPLICANT_TYPE_NATURAL_PERSON', name, id_type: 'ID_TYPE_RESIDENT_ID_CARD',
      id_number: idNumber, phone: '13800138000',
    },
    request: {
      description, form: 'INFORMATION_FORM_PAPER', delivery: 'DELIVERY_METHOD_PICKUP',
      channel: 'CHANNEL_IN_PERSON', received_date: todayInChina(),
    },
  };
}

export function todayInChina() {
  return daysAgoInChina(0);
}

// The date `days` days before today, China time, YYYY-MM-DD.
export function daysAgoInChina(days) {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
  }).format(new Date(Date.now() - days * 86400000));
}

// Runs `fn` until it returns a truthy value, reloading nothing itself; short polls, bounded.
export async function until(what, fn, {timeoutMs = 30000, everyMs = 500} = {}) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// step(name, fn) runs one step of a test: its name goes to the test's diagnostics and into the
// message of an error it throws, and on failure every open page is saved as
// FAILED-<test>-<n>.png next to the screenshots, to see what the person saw.
export function stepper(t, label, pages) {
  return async (name, fn) => {
    t.diagnostic(`step: ${name}`);
    try {
      return await fn();
    } catch (err) {
      err.message = `[${name}] ${err.message}`;
      let n = 0;
      for (const p of pages.flatMap((page) => page.context().pages())) {
        n += 1;
        try {
          await p.screenshot({path: screenshotPath(`FAILED-${label}-${n}.png`), timeout: 5000});
        } catch (e) {
          // a closed or crashed page has no picture
        }
      }
      throw err;
    }
  };
}
