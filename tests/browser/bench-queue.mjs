// The department queue page in headless Chromium, measured (deploy/local.sh bench-console runs it
// after loading 1,000 open cases into 县财政局's queue): the officer, signed in, opens 部门待办
// afresh — a full navigation, the app's modules, the session check and the queue's first page
// (200 cases) — and the time is from the navigation's start to the end of its last request, once
// the rows are on screen. Ten loads; the figures go to docs/performance.md.
//
//   GONGKAI_CONSOLE_URL=http://127.0.0.1:7180/ GONGKAI_ACCOUNTS=.run/bench-console/accounts.txt \
//     node tests/browser/bench-queue.mjs
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

process.env.GONGKAI_SCREENSHOT_DIR ||= mkdtempSync(path.join(tmpdir(), 'gongkai-bench-'));
const {launch, newPage, signIn, CONSOLE_URL} = await import('./lib.mjs');

const LOADS = Number(process.env.GONGKAI_BENCH_LOADS || 10);
const OFFICER = process.env.GONGKAI_BENCH_OFFICER || 'czj-officer';

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

const browser = await launch();
try {
  const page = await newPage(browser);
  await signIn(page, OFFICER);
  const lastRequest = [];
  let rows = 0;
  // One load that is not counted: Chromium's own first start of the network stack and caches.
  for (let i = 0; i <= LOADS; ++i) {
    await page.goto('about:blank');
    await page.goto(`${CONSOLE_URL}#/queue`);
    await page.locator('#queue-department-table tbody tr').first().waitFor();
    // Not 'networkidle': the reminders' event stream stays open as long as the page.
    await page.waitForTimeout(300);
    const timing = await page.evaluate(() => {
      const resources = performance.getEntriesByType('resource');
      return {
        last: Math.max(...resources.map((r) => r.responseEnd)),
        rows: document.querySelectorAll('#queue-department-table tbody tr').length,
      };
    });
    if (i === 0) continue;
    lastRequest.push(timing.last);
    rows = timing.rows;
  }
  const result = {
    loads: LOADS,
    rows_on_page: rows,
    last_request_p50_ms: Math.round(percentile(lastRequest, 0.5)),
    last_request_max_ms: Math.round(Math.max(...lastRequest)),
  };
  console.log(`queue page (${rows} rows shown): navigation to last request p50 ` +
      `${result.last_request_p50_ms} ms, max ${result.last_request_max_ms} ms over ${LOADS} loads`);
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
