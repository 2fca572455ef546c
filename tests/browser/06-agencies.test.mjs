// The county's agencies on one platform: the header names each person's agency; the window of
// the county government registers a request to 县教育局, and the result, the printed receipt and
// the case page name that agency and the case's number there (〔2026〕第000001号); the officers
// of the county government's units are refused it, 县教育局's own officer has it in 部门待办. A
// reply 不属于本机关负责公开 naming 县教育局 is registered there from the closed case (在该机关登记),
// and the two cases link to each other. The manager of the county's disclosure office
// (gongkai01, 县人民政府办公室) sees 全县概览 and 通报 with every agency, and any agency's 督办; a
// manager of one agency has neither screen.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, signIn, openNav, goHash, shot, pageRpc, registration, stepper, until,
  checkNoProblems, todayInChina,
} from './lib.mjs';

const APPLICANT = '浏览器测试戊';
const DESCRIPTION = '2025年县城区义务教育学区划分方案及招生计划';
const REFERRED = '浏览器测试己';
const AGENCY_NUMBER = /^〔\d{4}〕第\d{6}号$/;

// The header names the person's agency (filled in once the agencies are read).
async function headerAgency(page, expected) {
  await page.locator('#user-agency', {hasText: expected}).waitFor();
  assert.equal(await page.locator('#user-agency').innerText(), expected);
}

// 〔2026〕第000001号 from a case number and its agency_sequence, as the page writes it.
function agencyNumber(caseNumber, sequence) {
  return `〔${caseNumber.slice(0, 4)}〕第${String(sequence).padStart(6, '0')}号`;
}

test('agencies: a window registers for another agency, referrals, the county office', async (t) => {
  const browser = await launch();
  const pages = [];
  const step = stepper(t, 'agencies', pages);
  const personPage = async () => {
    const p = await newPage(browser);
    pages.push(p);
    return p;
  };
  try {
    const clerk = await personPage();
    await step('the header names the clerk\'s agency', async () => {
      await signIn(clerk, 'chuangkou01');
      await headerAgency(clerk, '县人民政府');
    });

    let number = '';
    let ownNumber = '';
    await step('the clerk registers a request to 县教育局, which the result names with its number', async () => {
      await openNav(clerk, 'register');
      // The clerk's own agency is chosen at first; every agency is listed with its window.
      const agency = clerk.locator('#f-agency');
      assert.equal(await agency.inputValue(), 'xzf');
      const options = await agency.locator('option').allInnerTexts();
      assert.ok(options.some((o) => o.startsWith('县教育局（窗口：县政务服务中心二楼教育窗口）')), options.join(' | '));
      assert.ok(options.some((o) => o.startsWith('县发展和改革委员会（无单独窗口）')), options.join(' | '));
      await agency.selectOption('jyj');
      await clerk.locator('#agency-unit-list', {hasText: '基础教育股'}).waitFor();
      assert.match(await clerk.locator('#agency-unit-list').innerText(), /基础教育股：义务教育、学区/);
      await clerk.locator('#f-applicant_type').selectOption('APPLICANT_TYPE_NATURAL_PERSON');
      await clerk.locator('#f-name').fill(APPLICANT);
      await clerk.locator('#f-id_number').fill('11010519491231002X');
      await clerk.locator('#f-phone').fill('13800138000');
      await clerk.locator('#f-description').fill(DESCRIPTION);
      await clerk.locator('#f-form').selectOption('INFORMATION_FORM_PAPER');
      await clerk.locator('#f-delivery').selectOption('DELIVERY_METHOD_PICKUP');
      await clerk.locator('#f-channel').selectOption('CHANNEL_IN_PERSON');
      await clerk.locator('#register-submit').click();
      await clerk.locator('#register-result').waitFor();
      number = (await clerk.locator('#result-case-number').innerText()).trim();
      assert.equal(await clerk.locator('#result-agency').innerText(), '县教育局');
      ownNumber = (await clerk.locator('#result-agency-number').innerText()).trim();
      assert.match(ownNumber, AGENCY_NUMBER);
      assert.equal(ownNumber.slice(1, 5), number.slice(0, 4), 'the year is the case number\'s');
      const c = await pageRpc(clerk, 'IntakeService', 'GetCase', {case_number: number});
      assert.equal(c.status, 200, JSON.stringify(c.body));
      assert.equal(c.body.agency, 'jyj');
      assert.equal(ownNumber, agencyNumber(number, c.body.agency_sequence));
      assert.match(await clerk.locator('#message').innerText(), new RegExp(`已登记：${number}（县教育局${ownNumber}）`));
      await shot(clerk, '24-register-agency');
    });

    await step('the printed receipt is 县教育局\'s', async () => {
      const [receipt] = await Promise.all([
        clerk.context().waitForEvent('page'),
        clerk.locator('#print-receipt').click(),
      ]);
      await receipt.waitForLoadState('load');
      const text = await receipt.locator('body').innerText();
      assert.match(text, /县教育局/, text.slice(0, 300));
      assert.match(text, /回执/);
      checkNoProblems(receipt);
      await receipt.close();
    });

    await step('the case page shows the agency and its number', async () => {
      await goHash(clerk, `#/case/${number}`, 'case');
      await clerk.locator('#case-agency').waitFor();
      assert.equal(await clerk.locator('#case-agency').innerText(), '县教育局');
      assert.equal(await clerk.locator('#case-agency-number').innerText(), ownNumber);
    });

    const stranger = await personPage();
    await step('an officer of the county government\'s units is refused the 县教育局 case', async () => {
      await signIn(stranger, 'czj-officer');
      await goHash(stranger, `#/case/${number}`, 'case');
      const refusal = stranger.locator('#case-body .load-error');
      await refusal.waitFor();
      assert.match(await refusal.innerText(), /无权进行此操作.*属于其他机关/);
      assert.equal(await stranger.locator('#case-summary').count(), 0, 'nothing of the case is shown');
      assert.ok(!(await stranger.locator('#main').innerText()).includes(APPLICANT));
      await shot(stranger, '31-case-other-agency');
    });

    const jyjOfficer = await personPage();
    await step('县教育局\'s officer has it in 部门待办', async () => {
      await signIn(jyjOfficer, 'jyj-officer');
      await headerAgency(jyjOfficer, '县教育局');
      await until(`case ${number} routed to 基础教育股`, async () => {
        const c = await pageRpc(jyjOfficer, 'IntakeService', 'GetCase', {case_number: number});
        assert.equal(c.status, 200, JSON.stringify(c.body));
        return c.body.department === 'jck' && c.body.state === 'CASE_STATE_ASSIGNED';
      });
      await openNav(jyjOfficer, 'queue');
      const row = jyjOfficer.locator(`#queue-department-table tr[data-case="${number}"]`);
      await row.waitFor();
      assert.match(await row.innerText(), new RegExp(`县教育局${ownNumber.replace(/[〔〕]/g, '.')}`));
    });

    let first = '';
    let referred = '';
    await step('a reply naming 县教育局 is registered there from the closed case', async () => {
      // Answered at the window on the spot: not this agency's to disclose, 县教育局's.
      const spot = registration(REFERRED, '县城区2025年新建学校的选址和建设计划');
      spot.on_the_spot = {
        outcome: 'OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY', text: '该信息由县教育局制作并保存。',
        responsible_agency: '县教育局', responsible_contact: '0564-8621234',
      };
      const r = await pageRpc(clerk, 'IntakeService', 'Register', spot);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      first = r.body.case.case_number;
      assert.equal(r.body.case.state, 'CASE_STATE_CLOSED');
      await goHash(clerk, `#/case/${first}`, 'case');
      const button = clerk.locator('#action-referral');
      await button.waitFor();
      assert.equal(await button.innerText(), '在该机关登记');
      await shot(clerk, '25-case-referral');
      await button.click();
      await clerk.locator('#screen-register #referral-note').waitFor();
      assert.match(await clerk.locator('#referral-note').innerText(), new RegExp(`原案件 ${first}`));
      assert.equal(await clerk.locator('#f-agency').inputValue(), 'jyj');
      assert.equal(await clerk.locator('#f-name').inputValue(), REFERRED);
      assert.equal(await clerk.locator('#f-id_number').inputValue(), '11010519491231002X');
      assert.equal(await clerk.locator('#f-description').inputValue(), '县城区2025年新建学校的选址和建设计划');
      assert.equal(await clerk.locator('#f-received_date').inputValue(), todayInChina());
      await shot(clerk, '26-register-referral');
      await clerk.locator('#register-submit').click();
      await clerk.locator('#register-result').waitFor();
      referred = (await clerk.locator('#result-case-number').innerText()).trim();
      assert.equal(await clerk.locator('#result-agency').innerText(), '县教育局');
      assert.match(await clerk.locator('#result-agency-number').innerText(), AGENCY_NUMBER);
      assert.notEqual(await clerk.locator('#result-agency-number').innerText(), ownNumber);
      assert.equal(await clerk.locator('#register-result dt:text-is("转自案件") + dd').innerText(), first);
    });

    await step('the two cases link to each other', async () => {
      await goHash(clerk, `#/case/${referred}`, 'case');
      await clerk.locator('#case-referred-from').waitFor();
      assert.equal(await clerk.locator('#case-referred-from').innerText(), first);
      await clerk.locator('#case-referred-from a').click();
      await clerk.locator('#case-referred-to').waitFor();
      assert.match(await clerk.locator('#case-referred-to').innerText(), new RegExp(referred));
      assert.equal(await clerk.locator('#action-referral').count(), 0, 'registered once: no second button');
    });

    const county = await personPage();
    await step('the county office\'s manager has 全县概览 and 通报', async () => {
      await signIn(county, 'gongkai01');
      await headerAgency(county, '县人民政府办公室（全县督办）');
      await county.locator('#nav-county').waitFor();
      await county.locator('#nav-bulletin').waitFor();
    });

    const lastYear = String(Number(todayInChina().slice(0, 4)) - 1);
    await step('the county office publishes 县教育局\'s annual report on last year', async () => {
      await goHash(county, '#/board/jyj', 'board');
      await county.locator('#f-year').selectOption(lastYear);
      await county.locator('#report-load').click();
      const status = county.locator('#report-publication');
      await status.waitFor();
      assert.match(await status.innerText(), new RegExp(`县教育局${lastYear}年度政府信息公开工作年度报告：未发布`));
      await county.locator('#report-publish').click();
      await county.locator('dialog #dialog-submit').click();
      await county.locator('#report-publication', {hasText: '已发布'}).waitFor();
      assert.match(await county.locator('#report-publication').innerText(), /发布人 gongkai01/);
      assert.equal(await county.locator('#report-publish').count(), 0, 'published once');
      assert.match(await county.locator('#report-status').innerText(), /发布后的变更（0项）/);
      await county.locator('#annual-report').scrollIntoViewIfNeeded();
      await shot(county, '32-report-published');
    });

    await step('全县概览 lists every agency side by side', async () => {
      await openNav(county, 'county');
      await county.locator('#county-table').waitFor();
      const jyj = county.locator('#county-table tr[data-agency="jyj"]');
      assert.match(await jyj.innerText(), /县教育局/);
      const headings = await county.locator('#county-table thead th').allInnerTexts();
      const cells = await jyj.locator('th, td').allInnerTexts();
      const received = Number(cells[headings.indexOf('新收')]);
      assert.ok(received >= 2, `县教育局 received the two requests: ${cells.join(' | ')}`);
      assert.equal(await county.locator('#county-table tr[data-agency="xzf"] th').innerText(), '县人民政府');
      // Its report on last year is published: not among the late ones.
      assert.match(cells[headings.indexOf(`${lastYear}年度报告`)], /^已发布/);
      assert.equal(await jyj.getAttribute('class'), null);
      assert.match(await county.locator('#county-table tr.totals-row').innerText(), /全县合计/);
      await county.locator('#county-report-table-3').waitFor();
      assert.equal(await county.locator('#county-html').getAttribute('href'),
        `/print/county?year=${todayInChina().slice(0, 4)}&format=html`);
      await shot(county, '27-county-overview');
    });

    let printHref = '';
    await step('通报 ranks the agencies over the last full quarter', async () => {
      await openNav(county, 'bulletin');
      await county.locator('#bulletin-title').waitFor();
      assert.match(await county.locator('#bulletin-title').innerText(), /通报/);
      const from = await county.locator('#f-from_month').inputValue();
      const to = await county.locator('#f-to_month').inputValue();
      assert.match(from, /^\d{4}-(01|04|07|10)$/, 'a quarter starts the period');
      assert.equal(Number(to.slice(5)) - Number(from.slice(5)), 2, 'three months');
      assert.match(await county.locator('#bulletin-result').innerText(), /县教育局/);
      printHref = await county.locator('#bulletin-html').getAttribute('href');
      assert.equal(printHref, `/print/bulletin?from=${from}&to=${to}&format=html`);
      await shot(county, '28-bulletin');
    });

    await step('the printed 通报 is an A4 page', async () => {
      const [printed] = await Promise.all([
        county.context().waitForEvent('page'),
        county.locator('#bulletin-html').click(),
      ]);
      await printed.waitForLoadState('load');
      assert.ok(printed.url().endsWith(printHref), printed.url());
      assert.match(await printed.locator('body').innerText(), /通报/);
      await shot(printed, '29-bulletin-print');
      checkNoProblems(printed);
      await printed.close();
    });

    await step('督办 shows any agency to the county office', async () => {
      await goHash(county, '#/board', 'board');
      const picker = county.locator('#f-board_agency');
      assert.equal(await picker.inputValue(), 'zfb');
      await picker.selectOption('jyj');
      await county.waitForFunction(() => location.hash === '#/board/jyj');
      await county.locator('#board-table, #board-content .empty').first().waitFor();
      await county.locator('#overdue-list table, #overdue-list .empty').first().waitFor();
      assert.equal(await county.locator('#f-board_agency').inputValue(), 'jyj');
      await shot(county, '30-board-agency');
    });

    await step('部门待办 shows the county office any agency\'s queues, read only', async () => {
      await goHash(county, '#/queue/jyj', 'queue');
      assert.equal(await county.locator('#f-queue_agency').inputValue(), 'jyj');
      assert.equal(await county.locator('#f-queue_step').inputValue(), 'department');
      assert.equal(await county.locator('#f-queue_unit').inputValue(), 'jck');
      const row = county.locator(`#queue-manager-table tr[data-case="${number}"]`);
      await row.waitFor();
      assert.match(await row.innerText(), new RegExp(`基础教育股`));
      assert.equal(await row.locator('button').count(), 0, 'nothing to do from here but open the case');
      await shot(county, '33-queue-manager');
    });

    const manager = await personPage();
    await step('a manager of one agency has neither screen', async () => {
      await signIn(manager, 'manager01');
      await headerAgency(manager, '县人民政府');
      assert.equal(await manager.locator('#nav-county').count(), 0);
      assert.equal(await manager.locator('#nav-bulletin').count(), 0);
      await goHash(manager, '#/county', 'forbidden');
      const r = await pageRpc(manager, 'ReportService', 'GetCountyOverview', {year: Number(todayInChina().slice(0, 4))});
      assert.equal(r.status, 403, JSON.stringify(r.body));
    });

    checkNoProblems(...pages);
  } finally {
    await browser.close();
  }
});
