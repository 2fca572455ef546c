// A session that is no longer valid lands the person on the sign-in screen: a session cookie
// the gateway does not know (expired, forged) at the next page load, and a session ended from
// another browser (退出登录 ends all of a person's sessions) at the next call the page makes.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {CONSOLE_URL, launch, newPage, signIn, shot, stepper, until, checkNoProblems} from './lib.mjs';

test('an expired or ended session lands on the sign-in screen', async (t) => {
  const browser = await launch();
  const pages = [];
  const step = stepper(t, 'session', pages);
  try {
    const page = await newPage(browser);
    pages.push(page);

    await step('a session cookie the gateway does not know shows the sign-in screen', async () => {
      await signIn(page, 'chuangkou01');
      await page.locator('#screen-register').waitFor();
      const cookies = await page.context().cookies(CONSOLE_URL);
      const session = cookies.find((c) => c.name === 'gk_session');
      assert.ok(session, 'signing in set gk_session');
      assert.equal(session.httpOnly, true, 'the session cookie is HttpOnly');
      assert.equal(session.sameSite, 'Strict', 'the session cookie is SameSite=Strict');
      await page.context().addCookies([{
        name: 'gk_session', value: 'v1.expired-or-forged-session-token', domain: session.domain,
        path: session.path, httpOnly: true, sameSite: 'Strict', secure: session.secure,
      }]);
      await page.reload();
      await page.locator('#screen-login').waitFor();
      assert.ok(await page.locator('#header').isHidden(), 'no header without a session');
      assert.match(page.url(), /#\/login$/);
      const r = await page.evaluate(async () => (await fetch('/api/session', {cache: 'no-store'})).status);
      assert.equal(r, 401);
      await shot(page, '22-session-expired');
    });

    const other = await newPage(browser);
    pages.push(other);
    await step('signing out in another browser ends this session at its next call', async () => {
      await signIn(page, 'chuangkou01');
      await page.locator('#screen-register').waitFor();
      const csrf = await page.evaluate(async () => (await (await fetch('/api/session')).json()).csrf_token);
      await signIn(other, 'chuangkou01');
      await other.locator('#logout').click();
      await other.locator('#screen-login').waitFor();
      await other.locator('#message', {hasText: '已退出登录'}).waitFor();
      // The first browser still shows the console. Every service learns of the ended sessions
      // within about a second (they refresh the list from Redis); then the call the next
      // screen makes is refused.
      assert.ok(await page.locator('#header').isVisible());
      await until('the reply service to refuse the ended session', async () => page.evaluate(async (token) => {
        const r = await fetch('/api/rpc/gongkai.v1.ReplyService/ListReplyQueue', {
          method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': token}, body: '{}',
        });
        return r.status === 401;
      }, csrf), {timeoutMs: 10000, everyMs: 200});
      await page.locator('#nav-delivery').click();
      await page.locator('#screen-login').waitFor();
      await page.locator('#message', {hasText: '登录已失效'}).waitFor();
      assert.ok(await page.locator('#header').isHidden());
      await shot(page, '23-signed-out-elsewhere');
    });

    await step('signing in again returns to the screen the person was opening', async () => {
      await signIn(page, 'chuangkou01');
      await page.locator('#screen-delivery').waitFor();
      assert.match(page.url(), /#\/delivery$/);
    });

    checkNoProblems(...pages);
  } finally {
    await browser.close();
  }
});
