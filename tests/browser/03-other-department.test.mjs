// An officer sees only their own department's cases, and only their own agency's: the officer of
// 县教育局 (an agency of its own) opening a case of the county government's 财政局 gets a refusal
// on the screen (属于其他机关), and the API refuses the same read (403 PERMISSION_DENIED) even
// with a valid session and CSRF token. The case's own officer reads it; without the CSRF header
// even they are refused.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, signIn, openNav, goHash, shot, pageRpc, registration, stepper, until,
  checkNoProblems,
} from './lib.mjs';

const APPLICANT = '浏览器测试丁';

test('an officer of another department cannot open the case', async (t) => {
  const browser = await launch();
  const pages = [];
  const step = stepper(t, 'other-department', pages);
  try {
    const clerk = await newPage(browser);
    pages.push(clerk);
    await signIn(clerk, 'chuangkou01');
    const number = await step('the clerk registers a 财政局 case, routed there', async () => {
      const r = await pageRpc(clerk, 'IntakeService', 'Register',
        registration(APPLICANT, '县财政局2024年部门预算和三公经费预算'));
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const n = r.body.case.case_number;
      await until(`case ${n} routed to czj`, async () => {
        const c = await pageRpc(clerk, 'IntakeService', 'GetCase', {case_number: n});
        assert.equal(c.status, 200, JSON.stringify(c.body));
        return c.body.department === 'czj' && c.body.state === 'CASE_STATE_ASSIGNED';
      });
      return n;
    });

    const stranger = await newPage(browser);
    pages.push(stranger);
    await step('the 教育局 officer gets a refusal on the case screen', async () => {
      await signIn(stranger, 'jyj-officer');
      await goHash(stranger, `#/case/${number}`, 'case');
      const refusal = stranger.locator('#case-body .load-error');
      await refusal.waitFor();
      assert.match(await refusal.innerText(), /无权进行此操作.*属于其他机关/);
      assert.equal(await refusal.getAttribute('role'), 'alert');
      assert.equal(await stranger.locator('#case-summary').count(), 0, 'nothing of the case is shown');
      const page = await stranger.locator('#main').innerText();
      assert.ok(!page.includes(APPLICANT), 'the applicant is not shown');
      await shot(stranger, '21-case-refused');
    });

    await step('the draft screen refuses too, and the queue does not list it', async () => {
      await goHash(stranger, `#/draft/${number}`, 'draft');
      const refusal = stranger.locator('#screen-draft .load-error');
      await refusal.waitFor();
      assert.match(await refusal.innerText(), /无权进行此操作/);
      assert.equal(await stranger.locator('#draft-form').count(), 0);
      await openNav(stranger, 'queue');
      await stranger.locator('#queue-department-table, #queue-department-list .empty').first().waitFor();
      assert.equal(await stranger.locator(`#queue-department [data-case="${number}"]`).count(), 0);
    });

    await step('the API refuses the read with 403 PERMISSION_DENIED', async () => {
      const r = await pageRpc(stranger, 'IntakeService', 'GetCase', {case_number: number});
      assert.equal(r.status, 403, JSON.stringify(r.body));
      assert.equal(r.body.error.code, 'PERMISSION_DENIED');
      assert.ok(!JSON.stringify(r.body).includes(APPLICANT), 'the refusal carries nothing of the case');
      const accept = await pageRpc(stranger, 'RoutingService', 'Accept', {case_number: number, expected_version: 0});
      assert.equal(accept.status, 403, JSON.stringify(accept.body));
      const search = await pageRpc(stranger, 'IntakeService', 'SearchCases', {query: number, page_size: 20});
      assert.equal(search.status, 200, JSON.stringify(search.body));
      assert.deepEqual(search.body.cases, [], 'a search does not show the case either');
    });

    const owner = await newPage(browser);
    pages.push(owner);
    await step('the 财政局 officer reads it, but not without the CSRF header', async () => {
      await signIn(owner, 'czj-officer');
      const r = await pageRpc(owner, 'IntakeService', 'GetCase', {case_number: number});
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.case_number, number);
      const noCsrf = await pageRpc(owner, 'IntakeService', 'GetCase', {case_number: number}, {csrf: false});
      assert.equal(noCsrf.status, 403, JSON.stringify(noCsrf.body));
      assert.ok(!JSON.stringify(noCsrf.body).includes(APPLICANT));
    });

    checkNoProblems(...pages);
  } finally {
    await browser.close();
  }
});
