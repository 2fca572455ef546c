// A resident ID number with a wrong check digit is refused at its field, both by the page while
// the clerk types and by the intake service behind it, and no case is written: the next case
// registered gets the very next number, and a search for the applicant finds nothing.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, signIn, openNav, shot, pageRpc, registration, stepper, checkNoProblems,
} from './lib.mjs';

const REFUSED_APPLICANT = '浏览器测试乙';
const OTHER_APPLICANT = '浏览器测试丙';
const BAD_ID = '110105194912310021';  // 11010519491231002X with a wrong check character
const CJK = /[\u4e00-\u9fff]/;

function sequenceOf(number) {
  const m = /^(\d{4})-(\d{6})$/.exec(number);
  assert.ok(m, `a case number: ${number}`);
  return {year: m[1], n: Number(m[2])};
}

test('a bad ID number is shown at its field and nothing is registered', async (t) => {
  const browser = await launch();
  const pages = [];
  const step = stepper(t, 'bad-id', pages);
  try {
    const clerk = await newPage(browser);
    pages.push(clerk);
    const registerCalls = [];
    clerk.on('request', (r) => {
      if (r.url().includes('/api/rpc/gongkai.v1.IntakeService/Register')) registerCalls.push(r.url());
    });
    await signIn(clerk, 'chuangkou01');
    await clerk.locator('#screen-register #register-form').waitFor();

    const before = await step('a first case is registered, for its number', async () => {
      const r = await pageRpc(clerk, 'IntakeService', 'Register',
        registration(OTHER_APPLICANT, '县教育局2025年义务教育学校招生计划'));
      assert.equal(r.status, 200, JSON.stringify(r.body));
      registerCalls.length = 0;
      return sequenceOf(r.body.case.case_number);
    });

    await step('the page marks the ID number at its field while the clerk types', async () => {
      await clerk.locator('#f-applicant_type').selectOption('APPLICANT_TYPE_NATURAL_PERSON');
      await clerk.locator('#f-name').fill(REFUSED_APPLICANT);
      await clerk.locator('#f-id_number').fill(BAD_ID);
      await clerk.locator('#f-phone').fill('13800138000');
      await clerk.locator('#f-description').fill('县财政局2025年部门预算');
      await clerk.locator('#f-form').selectOption('INFORMATION_FORM_PAPER');
      await clerk.locator('#f-delivery').selectOption('DELIVERY_METHOD_PICKUP');
      await clerk.locator('#f-channel').selectOption('CHANNEL_IN_PERSON');
      const error = clerk.locator('#field-f-id_number #err-f-id_number.field-error');
      await error.waitFor({state: 'visible'});
      const text = await error.innerText();
      assert.match(text, CJK, `the error is in Chinese: ${text}`);
      assert.match(text, /校验位/, `the error names the check digit: ${text}`);
      assert.equal(await clerk.locator('#f-id_number').getAttribute('aria-invalid'), 'true');
      const describedBy = await clerk.locator('#f-id_number').getAttribute('aria-describedby');
      assert.ok(describedBy.split(' ').includes('err-f-id_number'), 'the field names its error for screen readers');
    });

    await step('submitting keeps the form, says why, and sends nothing', async () => {
      await clerk.locator('#register-submit').click();
      await clerk.locator('#message', {hasText: '请先更正标出的项目'}).waitFor();
      assert.ok(await clerk.locator('#err-f-id_number').isVisible());
      assert.match(await clerk.locator('#err-f-id_number').innerText(), /校验位/);
      assert.equal(await clerk.locator('#register-result').count(), 0);
      assert.equal(await clerk.evaluate(() => document.activeElement && document.activeElement.id), 'f-id_number',
        'the focus goes to the field to correct');
      assert.deepEqual(registerCalls, [], 'no Register call left the page');
      await shot(clerk, '20-register-bad-id');
    });

    await step('the intake service refuses the same number at applicant.id_number', async () => {
      const body = registration(REFUSED_APPLICANT, '县财政局2025年部门预算', BAD_ID);
      const r = await pageRpc(clerk, 'IntakeService', 'Register', body);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error.code, 'INVALID_ARGUMENT');
      const v = (r.body.error.field_violations || []).find((x) => x.field === 'applicant.id_number');
      assert.ok(v, `the refusal names applicant.id_number in field_violations: ${JSON.stringify(r.body.error)}`);
      assert.match(v.description, CJK, `the service says what is wrong in Chinese: ${JSON.stringify(r.body.error)}`);
    });

    await step('no case was written', async () => {
      const r = await pageRpc(clerk, 'IntakeService', 'Register',
        registration(OTHER_APPLICANT, '县教育局2025年教师招聘公告'));
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const after = sequenceOf(r.body.case.case_number);
      assert.equal(after.year, before.year);
      assert.equal(after.n, before.n + 1, 'the refused request took no case number');

      const search = await pageRpc(clerk, 'IntakeService', 'SearchCases', {query: REFUSED_APPLICANT, page_size: 20});
      assert.equal(search.status, 200, JSON.stringify(search.body));
      assert.deepEqual(search.body.cases, [], 'no case of the refused applicant');
      await openNav(clerk, 'cases');
      await clerk.locator('#f-query').fill(REFUSED_APPLICANT);
      await clerk.locator('#search-submit').click();
      await clerk.locator('#search-results .empty', {hasText: '没有找到符合条件的案件'}).waitFor();
      assert.equal(await clerk.locator('#search-table').count(), 0);
    });

    checkNoProblems(clerk);
  } finally {
    await browser.close();
  }
});
