// The list at scale, measured in headless Chromium (issue "The console at 10,000 jobs"): time to
// the first rows and to the whole list with 100, 1,000 and 10,000 jobs (the first rows with
// 10,000 against the same with 100: the baseline); list requests and bytes a minute of an idle
// tab with 10,000 jobs, with the live stream and without it, against the way the console read
// before (every page again every 5 s, measured in the same browser for 20 s); and the first load
// of 10,000 jobs against a service answering 429 now and then. Run by scripts/bench-list.sh.

import { chromium } from 'playwright-core';

const urls = { 100: process.env.URL_100, 1000: process.env.URL_1000, 10000: process.env.URL_10000 };
const token = process.env.TOKEN;
const sub = process.env.SUB;
const IDLE_MS = Number(process.env.IDLE_SECONDS ?? 60) * 1000;
const LIST = /\/providers\/Microsoft\.ImportExport\/jobs\?/;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', chromiumSandbox: false,
  args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const fresh = async () => {
  const context = await browser.newContext({ viewport: { width: 1300, height: 900 }, locale: 'en-US' });
  return [context, await context.newPage()];
};
const markAt = (page, name) => page.waitForFunction(
  (n) => performance.getEntriesByName(n, 'mark')[0]?.startTime, name, { timeout: 180000 },
).then((h) => h.jsonValue());

/** Counts a page's list requests and the bytes of their answers (headers and body). */
function countLists(page) {
  const tally = { requests: 0, bytes: 0, statuses: {} };
  page.on('requestfinished', async (request) => {
    if (!LIST.test(request.url())) return;
    tally.requests += 1;
    const sizes = await request.sizes().catch(() => null);
    if (sizes) tally.bytes += sizes.responseBodySize + sizes.responseHeadersSize;
    const status = (await request.response())?.status();
    tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
  });
  return tally;
}

// 1. Time to first rows and to the whole list (navigation start to the marks), 5 fresh loads each.
const load = {};
for (const n of [100, 1000, 10000]) {
  const first = [];
  const whole = [];
  for (let i = 0; i < 5; i++) {
    const [context, page] = await fresh();
    await page.goto(`${urls[n]}/#token=${token}`);
    first.push(await markAt(page, 'waybill:first-rows'));
    whole.push(await markAt(page, 'waybill:all-rows'));
    await context.close();
  }
  load[n] = { first: median(first), whole: median(whole) };
}

// 2. An idle tab with 10,000 jobs, after its first load: with the live stream, and without one
// (the stream refused, as Azure has none).
async function idle({ stream }) {
  const [context, page] = await fresh();
  if (!stream) await page.route('**/_waybill/subscriptions/*/events*', (route) => route.abort());
  await page.goto(`${urls[10000]}/#token=${token}`);
  await markAt(page, 'waybill:all-rows');
  await page.waitForTimeout(5000);
  const tally = countLists(page);
  await page.waitForTimeout(IDLE_MS);
  const shown = await page.locator('.toolbar .count').textContent();
  await context.close();
  const perMinute = 60000 / IDLE_MS;
  return { requests: tally.requests * perMinute, bytes: tally.bytes * perMinute, statuses: tally.statuses, shown };
}
const withStream = await idle({ stream: true });
const withoutStream = await idle({ stream: false });

// The baseline: the way the console read before, every page again every 5 s, in the same browser.
const baseline = await (async () => {
  const [context, page] = await fresh();
  await page.goto(`${urls[10000]}/#token=${token}`);
  await markAt(page, 'waybill:all-rows');
  const tally = countLists(page);
  const seconds = 20;
  await page.evaluate(async ({ sub: s, token: t, seconds: run }) => {
    const end = performance.now() + run * 1000;
    while (performance.now() < end) {
      let next = `/subscriptions/${s}/providers/Microsoft.ImportExport/jobs?api-version=2021-01-01`;
      while (next && performance.now() < end) {
        const page = await (await fetch(next, { headers: { Authorization: `Bearer ${t}` } })).json();
        next = page.nextLink;
      }
      await new Promise((r) => setTimeout(r, 5000));
    }
  }, { sub, token, seconds });
  // The console's own (stream-following) requests are none; the tally is the loop's.
  await context.close();
  return { requests: tally.requests * (60 / seconds), bytes: tally.bytes * (60 / seconds) };
})();

// 3. The first load of 10,000 jobs with every tenth list read answered 429 (Retry-After: 1).
const throttled = await (async () => {
  const [context, page] = await fresh();
  let reads = 0;
  let refused = 0;
  await page.route(LIST, async (route) => {
    reads += 1;
    if (reads % 10 === 0) {
      refused += 1;
      await route.fulfill({ status: 429, headers: { 'Retry-After': '1', 'Content-Type': 'application/json' },
        body: JSON.stringify({ error: { code: 'SubscriptionRequestsThrottled', message: 'Try again after 1 second.' } }) });
    } else {
      await route.continue();
    }
  });
  await page.goto(`${urls[10000]}/#token=${token}`);
  const whole = await markAt(page, 'waybill:all-rows');
  // The stream's opening reads the list once more (throttled too): the count once it is done.
  await page.locator('.toolbar .count', { hasText: /^[^·]*·[^·]*$/ }).waitFor({ timeout: 60000 }).catch(() => {});
  const shown = await page.locator('.toolbar .count').textContent();
  await context.close();
  return { whole, refused, shown };
})();
await browser.close();

const out = { load, withStream, withoutStream, baseline, throttled };
console.log(JSON.stringify(out));
const ms = (x) => `${x.toFixed(0)} ms`;
const kb = (x) => `${(x / 1024).toFixed(0)} KiB`;
console.log('\n| measure | 100 jobs | 1,000 jobs | 10,000 jobs | ratio 10,000 / 100 | target |\n|---|---:|---:|---:|---:|---|');
console.log(`| time to first rows (navigation start to the first rows set) | ${ms(load[100].first)} | ${ms(load[1000].first)} | ${ms(load[10000].first)} | ${(load[10000].first / load[100].first).toFixed(2)}× | ≤ 1.2× |`);
console.log(`| time to the whole list | ${ms(load[100].whole)} | ${ms(load[1000].whole)} | ${ms(load[10000].whole)} | ${(load[10000].whole / load[100].whole).toFixed(2)}× | |`);
console.log('\n| an idle tab with 10,000 jobs, a minute | list requests | bytes | ratio to reading every page every 5 s (requests) | target |\n|---|---:|---:|---:|---|');
console.log(`| with the live stream | ${withStream.requests.toFixed(0)} | ${kb(withStream.bytes)} | ${(withStream.requests / baseline.requests).toFixed(3)}× | no list request |`);
console.log(`| without a stream (conditional, paced refresh) | ${withoutStream.requests.toFixed(0)} (${JSON.stringify(withoutStream.statuses)}) | ${kb(withoutStream.bytes)} | ${(withoutStream.requests / baseline.requests).toFixed(3)}× | ≤ 60 (1 a second) |`);
console.log(`| baseline: every page again every 5 s (the console before; 20 s, scaled) | ${baseline.requests.toFixed(0)} | ${kb(baseline.bytes)} | 1× | |`);
console.log(`\n| first load of 10,000 jobs, every tenth list read answered 429 (Retry-After: 1) | ${ms(throttled.whole)} (${throttled.refused} refused) | without: ${ms(load[10000].whole)} | shown: "${throttled.shown.trim()}" |`);
