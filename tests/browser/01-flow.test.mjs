// The whole life of a request through the web console, one person at a time, each in their own
// browser context: the window registers it (case number, due date and its derivation, printed
// receipt), the 财政局 officer accepts it and drafts a partial disclosure (a span of the text
// marked 不予公开), the reviewer resolves the screener's finding and clears it, the head signs it
// off, the window records the delivery, and the manager sees it closed and counted in the annual
// report. Every screen on the way is saved as a screenshot. The office has other work on record
// too (older post, two requests overdue and one due within days, this week's requests across
// departments and kinds of applicant), so that the queues, the board, the report and the
// reminders are those of a working office.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, signIn, openNav, goHash, shot, screenshotPath, checkNoProblems,
  until, todayInChina, daysAgoInChina, stepper, pageRpc,
} from './lib.mjs';

const APPLICANT = '浏览器测试甲';
const DESCRIPTION = '县财政局2025年三公经费决算';
const WITHHELD = '某投资公司董事长李某';
const PHONE_IN_TEXT = '13912345678';
const DISCLOSED = '2025年度县财政局“三公”经费决算支出合计125.60万元，其中公务用车购置及运行费78.30万元，' +
  `公务接待费47.30万元。公务接待对象包括${WITHHELD}。如有疑问请联系经办人，电话${PHONE_IN_TEXT}。`;
const GROUNDS = '所申请信息中的公务接待对象涉及第三方个人信息，公开会损害第三方合法权益，该部分不予公开，其余部分予以公开。';

// The office's other requests: [days since it arrived, applicant, description (its keywords route
// it)]. Older ones came by registered post and were signed for the next day.
const PERSON = {type: 'APPLICANT_TYPE_NATURAL_PERSON', id_type: 'ID_TYPE_RESIDENT_ID_CARD'};
const ENTERPRISE = {
  type: 'APPLICANT_TYPE_COMMERCIAL_ENTERPRISE', id_type: 'ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE',
  id_number: '91340100MA2MWXKC55',
};
const CHARITY = {
  type: 'APPLICANT_TYPE_SOCIAL_WELFARE_ORGANIZATION', id_type: 'ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE',
  id_number: '53341523MJ0000001D',
};
const EARLIER_REQUESTS = [
  [45, {...PERSON, name: '钱十一', id_number: '341523198001010014'}, '2024年县级国有土地出让收入及使用情况'],
  [40, {...PERSON, name: '孙十五', id_number: '11010519491231002X'}, '2024年县级转移支付资金分配情况'],
  [26, {...ENTERPRISE, name: '某建材有限公司'}, '2025年县城区义务教育学区划分及招生计划'],
  [24, {...PERSON, name: '李十六', id_number: '341523198001010014'}, '2025年县级专项资金分配明细'],
  [2, {...PERSON, name: '周十七', id_number: '11010519491231002X'}, '县人民医院2025年医疗服务收费标准'],
  [1, {...ENTERPRISE, name: '某工程咨询有限公司'}, '2025年县级政府采购项目中标结果'],
  [0, {...CHARITY, name: '某助残服务中心'}, '城关镇2025年残疾人两项补贴发放情况'],
  [0, {...PERSON, name: '吴十八', id_number: '341523198001010014'}, '本人2025年养老保险缴费基数核定依据'],
  [0, {...PERSON, name: '郑十九', id_number: '11010519491231002X'}, '2025年农村公路建设计划'],
];

function earlierRequest([days, applicant, description], index) {
  const post = days > 0;
  return {
    request_id: `browser-earlier-${Date.now()}-${index}`,
    applicant: {...applicant, phone: '13800138000', ...(post ? {address: '县城关镇梅河路1号'} : {})},
    request: {
      description, form: 'INFORMATION_FORM_PAPER', delivery: post ? 'DELIVERY_METHOD_POST' : 'DELIVERY_METHOD_PICKUP',
      channel: post ? 'CHANNEL_REGISTERED_POST' : 'CHANNEL_IN_PERSON',
      received_date: daysAgoInChina(days),
      ...(post ? {signed_for_date: daysAgoInChina(days - 1)} : {}),
    },
  };
}

const CHINESE_DATE = /\d{4}年\d{1,2}月\d{1,2}日/;
const CHINESE_DATE_WEEKDAY = /\d{4}年\d{1,2}月\d{1,2}日（星期[一二三四五六日]）/;

test('a request goes from the window to a closed case counted in the annual report', async (t) => {
  const browser = await launch();
  const pages = [];
  const personPage = async () => {
    const p = await newPage(browser);
    pages.push(p);
    return p;
  };
  let number = '';
  const step = stepper(t, 'flow', pages);
  try {
    // --- 窗口登记 -----------------------------------------------------------------------------
    const clerk = await personPage();
    await step('the clerk signs in', async () => {
      await signIn(clerk, 'chuangkou01', {screenshot: '01-login'});
      await clerk.locator('#screen-register').waitFor();
      assert.match(await clerk.locator('#user-roles').innerText(), /窗口受理/);
    });

    let overdue = '';
    await step("the office's earlier requests are on record", async () => {
      for (const [index, request] of EARLIER_REQUESTS.entries()) {
        const answer = await pageRpc(clerk, 'IntakeService', 'Register', earlierRequest(request, index));
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        if (index === 0) overdue = answer.body.case.case_number;
      }
    });

    await step('the clerk registers the request', async () => {
      await clerk.locator('#f-applicant_type').selectOption('APPLICANT_TYPE_NATURAL_PERSON');
      assert.equal(await clerk.locator('#f-id_type').inputValue(), 'ID_TYPE_RESIDENT_ID_CARD');
      await clerk.locator('#f-name').fill(APPLICANT);
      await clerk.locator('#f-id_number').fill('11010519491231002X');
      await clerk.locator('#f-phone').fill('13800138000');
      await clerk.locator('#f-description').fill(DESCRIPTION);
      await clerk.locator('#f-form').selectOption('INFORMATION_FORM_PAPER');
      await clerk.locator('#f-delivery').selectOption('DELIVERY_METHOD_PICKUP');
      await clerk.locator('#f-channel').selectOption('CHANNEL_IN_PERSON');
      assert.equal(await clerk.locator('#f-received_date').inputValue(), todayInChina());
      assert.equal(await clerk.locator('#err-f-id_number').innerText(), '');
      assert.match(await clerk.locator('#receipt-preview').innerText(), /收到申请之日将为：/);
      await clerk.locator('#register-submit').click();
      await clerk.locator('#register-result').waitFor();
      number = (await clerk.locator('#result-case-number').innerText()).trim();
      assert.match(number, /^\d{4}-\d{6}$/, 'the result shows the case number');
      const due = await clerk.locator('#result-due-date').innerText();
      assert.match(due, CHINESE_DATE_WEEKDAY, 'the due date is shown as a Chinese date with weekday');
      const lines = await clerk.locator('#result-deadline li').allInnerTexts();
      assert.ok(lines.length >= 3, `the derivation has its steps: ${lines.join(' / ')}`);
      assert.match(lines[0], /^收到申请：.*当面提交.*条例第三十一条/);
      assert.ok(lines.some((l) => /次日起计算20个工作日（条例第三十三条）/.test(l)), lines.join(' / '));
      assert.equal(lines[lines.length - 1], `答复期限：${due.replace('（暂定）', '')}`);
      assert.match(await clerk.locator('#message').innerText(), new RegExp(`已登记：${number}`));
      await shot(clerk, '02-register');
    });

    await step('the clerk prints the receipt', async () => {
      const [receipt] = await Promise.all([
        clerk.context().waitForEvent('page'),
        clerk.locator('#print-receipt').click(),
      ]);
      await receipt.waitForLoadState('load');
      assert.match(receipt.url(), /\/print\/document\?case=[^&]+&kind=DOCUMENT_KIND_RECEIPT/);
      const text = await receipt.locator('body').innerText();
      assert.ok(text.includes(number) || text.includes(numberInLetters(number)),
        `the receipt names the case ${number}: ${text.slice(0, 300)}`);
      assert.match(text, /回执/);
      assert.ok(text.includes(APPLICANT), 'the receipt names the applicant');
      await shot(receipt, '03-receipt');
      await receipt.emulateMedia({media: 'print'});
      const pdf = await receipt.pdf({format: 'A4', path: screenshotPath('03-receipt.pdf'), printBackground: true});
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'page.pdf() made a PDF');
      assert.ok(pdf.length > 5000, `the PDF has content (${pdf.length} bytes)`);
      const pagesInPdf = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) || []).length;
      assert.ok(pagesInPdf >= 1, 'the PDF has at least one page');
      assert.ok(/\/Font/.test(pdf.toString('latin1')), 'the PDF carries text (fonts)');
      checkNoProblems(receipt);
      await receipt.close();
    });

    await step('the clerk finds the case in 案件 and opens it', async () => {
      await openNav(clerk, 'cases');
      await clerk.locator('#f-query').fill(APPLICANT);
      await clerk.locator('#search-submit').click();
      const row = clerk.locator(`#search-table tr[data-case="${number}"]`);
      await row.waitFor();
      assert.match(await row.innerText(), new RegExp(DESCRIPTION));
      await shot(clerk, '04-cases');
      await row.locator('a.case-number').click();
      await clerk.locator('#screen-case #case-summary').waitFor();
      // Routing places the case a moment after registration; the page follows it live.
      await clerk.locator('#case-state', {hasText: '已分派（待接收）'}).waitFor();
      assert.match(await clerk.locator('#case-summary').innerText(), /县财政局/);
      assert.match(await clerk.locator('#case-due-date').innerText(), CHINESE_DATE_WEEKDAY);
      await clerk.locator('#case-documents #doc-receipt').waitFor();
      await shot(clerk, '05-case');
    });

    // --- 部门待办, 拟稿 ---------------------------------------------------------------------
    const officer = await personPage();
    await step('the 财政局 officer accepts the case from 部门待办', async () => {
      await signIn(officer, 'czj-officer');
      await openNav(officer, 'queue');
      const row = officer.locator(`#queue-department-table tr[data-case="${number}"]`);
      await row.waitFor();
      assert.match(await row.innerText(), /已分派（待接收）/);
      await shot(officer, '06-queue');
      await officer.locator(`#accept-${number}`).click();
      await officer.locator(`#draft-${number}`).waitFor();
      assert.match(await officer.locator('#message').innerText(), new RegExp(`已接收 ${number}`));
      await officer.locator(`#draft-${number}`).click();
      await officer.locator('#screen-draft #draft-form').waitFor();
    });

    await step('the officer drafts a partial disclosure with a withheld span', async () => {
      await officer.locator('#f-outcome').selectOption('OUTCOME_PARTIALLY_DISCLOSED');
      assert.match(await officer.locator('#outcome-info').innerText(), /第三十七条/);
      await officer.locator('#f-grounds').fill(GROUNDS);
      await officer.locator('#f-disclosed_text').fill(DISCLOSED);
      await officer.locator('#f-withheld_ground').selectOption('OUTCOME_WITHHELD_THIRD_PARTY');
      // Select the words to withhold in the textarea, as a person would with the mouse.
      await officer.locator('#f-disclosed_text').evaluate((el, words) => {
        const begin = el.value.indexOf(words);
        el.focus();
        el.setSelectionRange(begin, begin + words.length);
      }, WITHHELD);
      await officer.locator('#mark-withheld').click();
      const marked = officer.locator('#withheld-table tbody tr');
      await marked.first().waitFor();
      assert.equal(await marked.count(), 1);
      assert.match(await marked.first().innerText(), new RegExp(WITHHELD));
      assert.match(await marked.first().innerText(), /保护第三方合法权益/);
      assert.equal(await officer.locator('#disclosed-preview mark.mark-withheld').innerText(), WITHHELD);
      await officer.locator('#preview-letter').click();
      const letter = officer.locator('#letter-preview');
      await letter.waitFor();
      const letterText = await letter.innerText();
      assert.match(letterText, /部分公开/);
      assert.ok(!letterText.includes(WITHHELD), 'the letter preview leaves the withheld words out');
      await officer.locator('#draft-form').scrollIntoViewIfNeeded();
      await officer.locator('#withheld-tools').scrollIntoViewIfNeeded();
      await shot(officer, '07-draft');
      await officer.locator('#submit-draft').click();
      await officer.locator('#screen-case #case-state').waitFor();
      assert.match(await officer.locator('#case-state').innerText(), /保密审查中/);
    });

    // --- 保密审查 ---------------------------------------------------------------------------
    const reviewer = await personPage();
    await step('the reviewer sees the screener finding highlighted', async () => {
      await signIn(reviewer, 'baomi01');
      await openNav(reviewer, 'review');
      await reviewer.locator(`#review-table tr[data-case="${number}"]`).waitFor();
      await shot(reviewer, '08-review-queue');
      await reviewer.locator(`#review-open-${number}`).click();
      await reviewer.locator('#review-case #findings-table').waitFor();
      const highlighted = reviewer.locator('#review-disclosed mark.mark-finding', {hasText: PHONE_IN_TEXT});
      await highlighted.waitFor();
      assert.match(await highlighted.getAttribute('class'), /mark-unresolved/);
      assert.match(await highlighted.getAttribute('title'), /手机号码/);
      assert.equal(await reviewer.locator('#review-disclosed mark.mark-withheld').innerText(), WITHHELD);
      assert.match(await reviewer.locator('#findings-table').innerText(), /手机号码/);
      assert.ok(await reviewer.locator('#review-unresolved').isVisible(), 'the unresolved findings are counted');
      await highlighted.scrollIntoViewIfNeeded();
      await shot(reviewer, '09-review');
    });

    await step('the reviewer resolves every finding and clears the draft', async () => {
      // The mobile number is redacted; anything else the screener flagged is released.
      for (let guard = 0; guard < 20; guard++) {
        const rows = reviewer.locator('#findings-table tbody tr');
        const count = await rows.count();
        let next = -1;
        for (let i = 0; i < count; i++) {
          if (/未处理/.test(await rows.nth(i).innerText())) {
            next = i;
            break;
          }
        }
        if (next < 0) break;
        const isPhone = /手机号码/.test(await rows.nth(next).innerText());
        await reviewer.locator(isPhone ? `#redact-${next}` : `#release-${next}`).click();
        await reviewer.locator('dialog[open]').waitFor();
        if (isPhone) {
          assert.equal(await reviewer.locator('#f-finding_ground').inputValue(), 'OUTCOME_WITHHELD_THIRD_PARTY');
        } else {
          await reviewer.locator('#f-finding_reason').fill('经核对不属于个人信息，可以公开。');
        }
        await reviewer.locator('#dialog-submit').click();
        await reviewer.locator('dialog[open]').waitFor({state: 'detached'});
        await reviewer.locator(`#finding-${next}`).filter({hasNotText: '未处理'}).waitFor();
      }
      const redacted = reviewer.locator('#review-disclosed mark.mark-finding', {hasText: PHONE_IN_TEXT});
      assert.match(await redacted.getAttribute('class'), /mark-redacted/);
      assert.equal(await reviewer.locator('#review-unresolved').count(), 0);
      await reviewer.locator('#review-clear').click();
      await reviewer.locator('#message', {hasText: '审查通过'}).waitFor();
      assert.match(await reviewer.locator('#message').innerText(), new RegExp(`${number} 审查通过，报主任签发`));
    });

    // --- 主任签发 ---------------------------------------------------------------------------
    const head = await personPage();
    await step('the head signs the partial disclosure off', async () => {
      await signIn(head, 'zhuren01');
      await openNav(head, 'signoff');
      await head.locator(`#signoff-table tr[data-case="${number}"]`).waitFor();
      await head.locator(`#signoff-open-${number}`).click();
      await head.locator('#signoff-case #signoff-sign').waitFor();
      assert.match(await head.locator('#signoff-case').innerText(), /部分公开/);
      assert.match(await head.locator('#signoff-case').innerText(), /保密审查人：baomi01/);
      await shot(head, '10-signoff');
      await head.locator('#signoff-sign').click();
      await head.locator('dialog[open]').waitFor();
      await head.locator('#f-comments').fill('同意。');
      await head.locator('#dialog-submit').click();
      await head.locator('#message', {hasText: '已签发'}).waitFor();
      await head.locator('#screen-signoff #signoff-queue').waitFor();
    });

    // --- 送达 -------------------------------------------------------------------------------
    await step('the clerk records the delivery', async () => {
      await openNav(clerk, 'delivery');
      // The reply letter is made after the sign-off; the case reaches 送达 when it is ready.
      await until(`case ${number} in the 送达 queue`, async () => {
        await clerk.locator('#delivery-queue table, #delivery-queue .empty, #delivery-queue .load-error').first().waitFor();
        if (await clerk.locator(`#deliver-${number}`).count()) return true;
        await clerk.reload();
        await clerk.locator('#screen-delivery').waitFor();
        return false;
      });
      await shot(clerk, '11-delivery-queue');
      await clerk.locator(`#deliver-${number}`).click();
      await clerk.locator('#delivery-case #delivery-form').waitFor();
      const letter = await clerk.locator('#reply-letter-text').innerText();
      assert.match(letter, /答复书/);
      assert.ok(!letter.includes(WITHHELD), 'the reply letter leaves out the withheld words');
      assert.ok(!letter.includes(PHONE_IN_TEXT), 'the reply letter leaves out the redacted number');
      assert.equal(await clerk.locator('#f-delivery_method').inputValue(), 'DELIVERY_METHOD_PICKUP');
      await clerk.locator('#f-reference').fill('申请人当面签收');
      await shot(clerk, '12-delivery');

      const [reply] = await Promise.all([
        clerk.context().waitForEvent('page'),
        clerk.locator('#print-reply').click(),
      ]);
      await reply.waitForLoadState('load');
      const replyText = await reply.locator('body').innerText();
      assert.match(replyText, /部分公开/);
      assert.ok(!replyText.includes(WITHHELD) && !replyText.includes(PHONE_IN_TEXT),
        'the printed reply leaves out what is withheld');
      await shot(reply, '13-reply');
      checkNoProblems(reply);
      await reply.close();

      await clerk.locator('#delivery-submit').click();
      await clerk.locator('#message', {hasText: '已登记送达'}).waitFor();
      assert.match(await clerk.locator('#message').innerText(), new RegExp(`${number} 已登记送达，案件办结`));
    });

    // --- 督办 -------------------------------------------------------------------------------
    const manager = await personPage();
    await step('the manager sees the case closed', async () => {
      await signIn(manager, 'manager01');
      await goHash(manager, `#/case/${number}`, 'case');
      await manager.locator('#case-state').waitFor();
      assert.match(await manager.locator('#case-state').innerText(), /已办结/);
      assert.match(await manager.locator('#case-delivery').innerText(), /当面领取/);
      assert.equal(await manager.locator('#case-summary dt:text-is("是否按时答复") + dd').innerText(), '按时');
      await shot(manager, '14-case-closed');
    });

    await step('the department board and the annual report count it', async () => {
      await openNav(manager, 'board');
      const czj = manager.locator('#board-table tbody tr', {hasText: '县财政局'});
      await czj.waitFor();
      const headings = await manager.locator('#board-table thead th').allInnerTexts();
      const cells = await czj.locator('td').allInnerTexts();
      const onTime = headings.indexOf('按时答复');
      assert.ok(onTime > 0, `the board has a column 按时答复: ${headings.join(' | ')}`);
      assert.ok(Number(cells[onTime]) >= 1, `县财政局 has a reply on time: ${cells.join(' | ')}`);
      const overdueColumn = headings.indexOf('已超期');
      assert.ok(Number(cells[overdueColumn]) >= 1, `县财政局 has the post of 40 days ago overdue: ${cells.join(' | ')}`);
      await shot(manager, '15-board');
      const year = todayInChina().slice(0, 4);
      assert.equal(await manager.locator('#f-year').inputValue(), year);
      await manager.locator('#report-load').click();
      const partial = manager.locator('#report-table-3 tr[data-key="3.2"]');
      await partial.waitFor();
      assert.match(await partial.locator('th').innerText(), /部分公开/);
      const figures = (await partial.locator('td').allInnerTexts()).map(Number);
      assert.equal(figures.length, 7);
      assert.ok(figures[0] >= 1, `部分公开 counts the natural person (自然人 ${figures[0]})`);
      assert.ok(figures[6] >= 1, `部分公开 total ${figures[6]} ≥ 1`);
      assert.match(await manager.locator('#report-table-3 caption').innerText(), new RegExp(`${year}年`));
      await manager.locator('#annual-report').scrollIntoViewIfNeeded();
      await shot(manager, '16-annual-report');

      const [printed] = await Promise.all([
        manager.context().waitForEvent('page'),
        manager.locator('#report-html').click(),
      ]);
      await printed.waitForLoadState('load');
      assert.match(await printed.locator('body').innerText(), /部分公开/);
      await shot(printed, '17-annual-report-print');
      await printed.close();
    });

    await step('the reminders and the administration screens show', async () => {
      // The sweeper tells the managers of every overdue case: the post of 45 days ago is one.
      await openNav(manager, 'reminders');
      await manager.locator('#notices-summary').waitFor();
      await until(`a reminder of the overdue ${overdue}`, async () => {
        if ((await manager.locator('#screen-reminders').innerText()).includes(overdue)) return true;
        await openNav(manager, 'reminders');
        return false;
      });
      assert.match(await manager.locator('#notices-summary').innerText(), /共 \d+\+? 条，未读 [1-9]\d* 条/);
      await shot(manager, '18-reminders');

      const admin = await personPage();
      await signIn(admin, 'admin');
      await openNav(admin, 'admin');
      const users = admin.locator('#users-table');
      await users.waitFor();
      assert.match(await users.innerText(), /czj-officer/);
      await shot(admin, '19-admin');
    });

    checkNoProblems(...pages);
  } finally {
    await browser.close();
  }
});

// 2026-000123 as a letter's number may print it: 〔2026〕第000123号.
function numberInLetters(n) {
  return `〔${n.slice(0, 4)}〕第${n.slice(5)}号`;
}
