// An answer that could not read every partition of the data (the database node holding some
// was down: missing_partitions) is shown under a warning that names them, above the figures or
// the list it holds: the board and its overdue list, the annual report, 全县概览, a queue. This
// stack runs on one Redis node, which never misses a partition, so the answers are marked so on
// their way to the page; the services' side is tested on a cluster with a shard down
// (ClusterFailover.ManagersViewsGoOnWithoutAShardAndNameItsPartitions).

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {launch, newPage, signIn, openNav, goHash, shot, stepper, checkNoProblems} from './lib.mjs';

const MISSING = [3, 7];
const WARNING = /^数据不完整：共16个数据分区中有2个（p03、p07）所在的数据库节点暂时无法连接，/;

// Every answer of `method` reaches the page naming MISSING as missing.
async function markIncomplete(page, service, method) {
  await page.route(`**/api/rpc/gongkai.v1.${service}/${method}`, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    await route.fulfill({response, json: {...body, missing_partitions: MISSING}});
  });
}

async function expectWarning(page, id, what) {
  const note = page.locator(`#${id}`);
  await note.waitFor();
  const text = await note.innerText();
  assert.match(text, WARNING);
  assert.ok(text.includes(`${what}未计入这些分区的案件`), text);
}

test('incomplete answers: a warning names the missing partitions', async (t) => {
  const browser = await launch();
  const pages = [];
  const step = stepper(t, 'incomplete', pages);
  try {
    const manager = await newPage(browser);
    pages.push(manager);
    await markIncomplete(manager, 'TrackerService', 'DepartmentBoard');
    await markIncomplete(manager, 'TrackerService', 'ListOverdue');
    await markIncomplete(manager, 'ReportService', 'GetAnnualReport');
    await signIn(manager, 'manager01');

    await step('the board and its overdue list say what they lack', async () => {
      await openNav(manager, 'board');
      await expectWarning(manager, 'board-incomplete', '以下统计数字');
      await expectWarning(manager, 'overdue-table-incomplete', '以下列表');
      // The list due soon came whole: no warning over it.
      await manager.locator('#duesoon-table, #duesoon-list .empty').first().waitFor();
      assert.equal(await manager.locator('#duesoon-table-incomplete').count(), 0);
      await shot(manager, '34-board-incomplete');
    });

    await step('so does the annual report, which cannot be published so', async () => {
      await manager.locator('#f-year').selectOption(String(Number(await manager.locator('#f-year').inputValue()) - 1));
      await manager.locator('#report-load').click();
      await expectWarning(manager, 'report-incomplete', '表三、表四的数字');
      await manager.locator('#report-publish-waits').waitFor();
      assert.equal(await manager.locator('#report-publish').count(), 0);
    });

    const county = await newPage(browser);
    pages.push(county);
    await markIncomplete(county, 'ReportService', 'GetCountyOverview');
    await markIncomplete(county, 'RoutingService', 'ListDepartmentQueue');
    await signIn(county, 'gongkai01');

    await step('全县概览 and a queue say what they lack', async () => {
      await goHash(county, '#/county', 'county');
      await expectWarning(county, 'county-incomplete', '以下统计数字');
      await goHash(county, '#/queue/jyj', 'queue');
      await expectWarning(county, 'queue-manager-list-incomplete', '以下待办');
    });

    checkNoProblems(...pages);
  } finally {
    await browser.close();
  }
});
