// Several tabs of one browser: one reminders stream for all of them, case streams only while
// visible, sign-out ending every tab, a 401 closing dialogs and forgetting the person.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {CONSOLE_URL, launch, newPage, signIn, goHash, pageRpc, sessionCsrf, registration, stepper, until, checkNoProblems, password} from './lib.mjs';

const COUNT_SOURCES = () => {
  const Orig = window.EventSource;
  window.__es = [];
  window.EventSource = class extends Orig {
    constructor(url, o) { super(url, o); window.__es.push(this); }
  };
};
const openStreams = (page) => page.evaluate(() => (window.__es || []).filter((e) => e.readyState !== 2).map((e) => new URL(e.url).pathname + new URL(e.url).search));
const setHidden = (page, hidden) => page.evaluate((h) => {
  Object.defineProperty(document, 'hidden', {value: h, configurable: true});
  Object.defineProperty(document, 'visibilityState', {value: h ? 'hidden' : 'visible', configurable: true});
  document.dispatchEvent(new Event('visibilitychange'));
}, hidden);

test('tabs share one reminders stream; hidden tabs hold no case stream; sessions end everywhere', async (t) => {
  const browser = await launch();
  const pages = [];
  const step = stepper(t, 'tabs', pages);
  try {
    const clerk = await newPage(browser);
    await clerk.context().addInitScript(COUNT_SOURCES);
    pages.push(clerk);
    await signIn(clerk, 'chuangkou01');
    const number = await step('a case routed to 财政局', async () => {
      const r = await pageRpc(clerk, 'IntakeService', 'Register', registration('浏览器测试多标签', '县财政局2024年部门预算和三公经费预算'));
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const n = r.body.case.case_number;
      await until('routed', async () => (await pageRpc(clerk, 'IntakeService', 'GetCase', {case_number: n})).body.state === 'CASE_STATE_ASSIGNED');
      return n;
    });
    const tabs = [clerk];
    await step('four case tabs: one notices stream in all, one case stream per visible tab', async () => {
      await goHash(clerk, `#/case/${number}`, 'case');
      for (let i = 0; i < 3; i++) {
        const p = await clerk.context().newPage();
        pages.push(p); tabs.push(p);
        await p.goto(`${CONSOLE_URL}#/case/${number}`);
        await p.locator('#case-summary').waitFor();
      }
      await until('streams settle', async () => {
        const all = (await Promise.all(tabs.map(openStreams))).flat();
        return all.filter((u) => u === '/api/events/notices').length === 1 && all.filter((u) => u.startsWith('/api/events/case/')).length === 4;
      }, {timeoutMs: 10000, everyMs: 200});
    });
    await step('hidden tabs close their case stream; shown again they catch up', async () => {
      for (const p of tabs.slice(1)) await setHidden(p, true);
      await until('hidden closed', async () => (await Promise.all(tabs.slice(1).map(openStreams))).flat().filter((u) => u.startsWith('/api/events/case/')).length === 0, {timeoutMs: 5000, everyMs: 100});
      const officer = await newPage(browser);
      pages.push(officer);
      await signIn(officer, 'czj-officer');
      const c = await pageRpc(officer, 'IntakeService', 'GetCase', {case_number: number});
      const a = await pageRpc(officer, 'RoutingService', 'Accept', {case_number: number, expected_version: Number(c.body.version)});
      assert.equal(a.status, 200, JSON.stringify(a.body));
      // the visible tab hears it live
      await clerk.locator('#message', {hasText: '已更新'}).waitFor();
      const last = tabs[3];
      assert.equal(await last.locator('#message', {hasText: '已更新'}).count(), 0);
      await setHidden(last, false);
      await last.locator('#message', {hasText: '已更新'}).waitFor();
      const streams = await openStreams(last);
      assert.ok(streams.some((u) => u === `/api/events/case/${number}?after_version=${Number(c.body.version)}`), JSON.stringify(streams));
      await officer.close();
    });
    await step('the leader closes: another tab takes over and relays to the others', async () => {
      const leaderIndex = (await Promise.all(tabs.map(openStreams))).findIndex((s) => s.includes('/api/events/notices'));
      assert.ok(leaderIndex >= 0);
      const [leader] = tabs.splice(leaderIndex, 1);
      await leader.close();
      let newLeader = null;
      await until('a new leader', async () => {
        const s = await Promise.all(tabs.map(openStreams));
        const i = s.findIndex((x) => x.includes('/api/events/notices'));
        newLeader = i >= 0 ? tabs[i] : null;
        return s.flat().filter((u) => u === '/api/events/notices').length === 1;
      }, {timeoutMs: 10000, everyMs: 200});
      const follower = tabs.find((p) => p !== newLeader);
      await goHash(follower, '#/reminders', 'reminders');
      await follower.locator('#notices-summary').waitFor();
      await follower.waitForTimeout(500);
      await newLeader.evaluate(() => {
        const es = window.__es.find((e) => e.readyState !== 2 && e.url.endsWith('/api/events/notices'));
        es.dispatchEvent(new MessageEvent('notice', {data: JSON.stringify({id: '999999', kind: 'due_soon', title: '转发测试', case_numbers: [], count: 1, read: false, department_name: '', due_date: '', at: ''})}));
      });
      await follower.locator('#notice-999999').waitFor();
    });
    await step('signing out in one tab sends every tab to the sign-in view', async () => {
      const [first, ...rest] = tabs;
      await first.locator('#logout').click();
      await first.locator('#message', {hasText: '已退出登录'}).waitFor();
      await first.locator('#screen-login').waitFor();
      assert.match(first.url(), /#\/login$/);
      for (const p of rest) {
        await p.locator('#screen-login').waitFor({timeout: 5000});
        assert.ok(await p.locator('#header').isHidden());
      }
    });

    const officer = await newPage(browser);
    pages.push(officer);
    const other = await newPage(browser);
    pages.push(other);
    await step('a 401 closes the open dialog and forgets the person', async () => {
      await signIn(officer, 'czj-officer');
      await goHash(officer, '#/cases', 'cases');
      await officer.locator('#f-query').fill('浏览器测试多标签');
      await officer.locator('#search-submit').click();
      await officer.locator('#search-table').waitFor();
      await goHash(officer, `#/case/${number}`, 'case');
      await officer.locator('#action-handback').click();
      await officer.locator('dialog #f-reason').fill('不属于本部门');
      const csrfToken = await sessionCsrf(officer);
      assert.ok(csrfToken, 'the officer is signed in');
      await signIn(other, 'czj-officer');
      await other.locator('#logout').click();
      await other.locator('#screen-login').waitFor();
      // Signing out writes the ended session to Redis; every service, the tracker included,
      // reads that list again about once a second, each on its own timer. Without a session the
      // console answers for the tracker alone, so wait until routing itself refuses it: the
      // page's own CSRF token, kept from before, gets the call past the console to routing,
      // which also takes the dialog's hand-back.
      await until('routing refuses the session', async () => (await pageRpc(officer, 'RoutingService', 'ListDepartments', {}, {csrfToken})).status === 401, {timeoutMs: 10000, everyMs: 200});
      await officer.locator('#dialog-submit').click();
      await officer.locator('#screen-login').waitFor();
      await officer.locator('#message', {hasText: '登录已失效'}).waitFor();
      assert.equal(await officer.locator('dialog').count(), 0, 'no dialog left');
      assert.equal(await officer.locator('#user-name').innerText(), '');
    });
    await step('another person signing in goes to their own home, with nothing of the last search', async () => {
      await officer.locator('#f-user_id').fill('diaodu01');
      await officer.locator('#f-password').fill(password('diaodu01'));
      await officer.locator('#login-submit').click();
      await officer.waitForFunction(() => !location.hash.startsWith('#/login'));
      await officer.locator('#screen-cases').waitFor();
      assert.match(officer.url(), /#\/cases$/);
      assert.equal(await officer.locator('#f-query').inputValue(), '');
    });
    checkNoProblems(...pages.filter((p) => !p.isClosed()));
  } finally {
    await browser.close();
  }
});
