// The console with many jobs, and what an open tab costs (issue "The console at 10,000 jobs"):
// the first rows show before the rest of the list arrived; an idle tab following the live stream
// sends no list request; without a stream its refresh sends each page's ETag back, gets 304 for
// what did not change, and keeps to one read a second; a 429 is waited out as Retry-After says.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { SUB, api, eventually, jobIn, launchBrowser, scenario, startService } from './harness.mjs';

const V = 'api-version=2021-01-01';
const LIST = /\/providers\/Microsoft\.ImportExport\/jobs\?/;
const MANY = 450;

let browser;
let service;
let throttled;
before(async () => {
  browser = await launchBrowser();
  service = await startService();
  // Buckets of 30 reads refilled at 5 a second: a first load of 5 pages and the reads around it
  // bring the remaining reads below 25, where the console slows down.
  throttled = await startService({ args: ['--read-quota', '30:5'] });
  for (const s of [service, throttled]) {
    const names = Array.from({ length: MANY }, (_, i) => `e2e-many-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < names.length; i += 10) {
      await Promise.all(names.slice(i, i + 10).map((name) => jobIn(s, 'e2e-many', name, 'Creating')));
    }
  }
});
after(async () => {
  await browser?.close();
  await service?.stop();
  await throttled?.stop();
});

/** How many jobs the subscription holds, read through the API (all pages). */
async function jobCount(s) {
  let path = `/subscriptions/${SUB}/providers/Microsoft.ImportExport/jobs?${V}`;
  let count = 0;
  for (;;) {
    let r = await api(s, 'GET', path);
    while (r.status === 429) {
      await new Promise((done) => setTimeout(done, 1000));
      r = await api(s, 'GET', path);
    }
    count += r.body.value.length;
    if (!r.body.nextLink) return count;
    path = r.body.nextLink.replace(s.base, '');
  }
}

/** Every list request and answer of the page: url, when, status, If-None-Match. */
function recordLists(page) {
  const seen = [];
  page.on('request', (r) => {
    if (LIST.test(r.url())) seen.push({ kind: 'request', url: r.url(), at: Date.now(), tag: r.headers()['if-none-match'] });
  });
  page.on('response', (r) => {
    if (LIST.test(r.url())) {
      seen.push({ kind: 'response', url: r.url(), at: Date.now(), status: r.status(), retryAfter: r.headers()['retry-after'] });
    }
  });
  return seen;
}

/** Records every text the list's count shows, from the page's first moment. */
const recordCountTexts = (page) => page.addInitScript(() => {
  window.countTexts = [];
  new MutationObserver(() => {
    const text = document.querySelector('.toolbar .count')?.textContent;
    if (text && window.countTexts.at(-1) !== text) window.countTexts.push(text);
  }).observe(document, { subtree: true, childList: true, characterData: true });
});

const total = (n) => new RegExp(`of ${n.toLocaleString('en-US')} jobs shown`);

describe('many jobs', () => {
  test('the first rows show at once and the rest stream in behind them, with the count saying so', async () => {
    const expected = await jobCount(service);
    assert.ok(expected > 400, `${expected} jobs`);
    await scenario(browser, 'first rows at once', async (page, step) => {
      await recordCountTexts(page);
      // Every page after the first is held back 1.5 s, so "before the rest arrived" is a
      // moment the test can look at.
      let held = 0;
      await page.route(LIST, async (route) => {
        if (route.request().url().includes('skiptoken')) {
          held += 1;
          await new Promise((r) => setTimeout(r, 1500));
        }
        await route.continue();
      });
      await step('open the list: rows are there while later pages are still on their way', async () => {
        await page.goto(`${service.base}/#token=${service.token}`);
        await page.locator('table.jobs tbody tr:not(.spacer)').first().waitFor({ timeout: 10000 });
        await page.locator('.toolbar .count', { hasText: /loading: 100 jobs so far/ }).waitFor({ timeout: 1000 });
        // Busy meanwhile: a screen reader says the count once it is whole.
        assert.equal(await page.locator('.toolbar .count').getAttribute('aria-busy'), 'true');
        assert.ok(held <= 1, 'only the second page has been asked for');
      });
      await step('the whole list arrives, in order, and the count says so', async () => {
        await page.locator('.toolbar .count', { hasText: total(expected) }).waitFor({ timeout: 30000 });
        const texts = await page.evaluate(() => window.countTexts);
        assert.ok(!texts.at(-1).includes('loading'), texts.at(-1));
        assert.equal(await page.locator('.toolbar .count').getAttribute('aria-busy'), 'false');
        // The count grew page by page: 100, 200, ... shown before the end.
        const partial = texts.filter((t) => /jobs so far/.test(t));
        assert.ok(partial.length >= 2, `partial counts: ${JSON.stringify(partial)}`);
      });
    });
  });

  test('an idle tab following the live stream sends no list request, and still shows every change', async () => {
    await scenario(browser, 'idle with the stream', async (page, step) => {
      const seen = recordLists(page);
      await step('open the list and let it load', async () => {
        await page.goto(`${service.base}/?q=e2e-many-0001#token=${service.token}`);
        await page.getByRole('link', { name: 'e2e-many-0001' }).waitFor();
        await page.locator('.toolbar .count', { hasText: /^1 of / }).waitFor();
      });
      // The stream's opening reads the list once more (each page answered 304): let it finish.
      await new Promise((r) => setTimeout(r, 3000));
      const loaded = seen.filter((s) => s.kind === 'request').length;
      await step('12 s idle, then a job changes: shown, with no list request', async () => {
        await new Promise((r) => setTimeout(r, 12000));
        await api(service, 'PATCH', `/subscriptions/${SUB}/resourceGroups/e2e-many/providers/Microsoft.ImportExport/jobs/e2e-many-0001?${V}`,
          { body: { tags: { seen: 'yes' } , properties: { state: 'Shipping', deliveryPackage: { carrierName: 'FedEx', trackingNumber: '1', driveCount: 1, shipDate: '2026-11-01' } } } });
        const row = page.locator('tr', { has: page.getByRole('link', { name: 'e2e-many-0001' }) });
        await row.locator('.badge', { hasText: 'Shipping' }).waitFor({ timeout: 5000 });
        assert.equal(seen.filter((s) => s.kind === 'request').length, loaded, 'no list request after the first load');
      });
    });
  });

  test('without a stream, a refresh sends each page\'s ETag back, is answered 304 for what did not change, and reads at most one page a second', async () => {
    await scenario(browser, 'conditional refresh', async (page, step) => {
      await page.route('**/_waybill/subscriptions/*/events*', (route) => route.abort());
      const seen = recordLists(page);
      const expected = await jobCount(service);
      await step('open the list', async () => {
        await page.goto(`${service.base}/#token=${service.token}`);
        await page.locator('.toolbar .count', { hasText: total(expected) }).waitFor({ timeout: 30000 });
      });
      const loadedAt = seen.length;
      await step('a whole refresh: every page asked with its tag, answered 304, one a second', async () => {
        const pages = Math.ceil(expected / 100);
        await eventually('a refresh of every page', () => seen.slice(loadedAt).filter((s) => s.kind === 'response').length >= pages, 30000);
        const requests = seen.slice(loadedAt).filter((s) => s.kind === 'request').slice(0, pages);
        const responses = seen.slice(loadedAt).filter((s) => s.kind === 'response').slice(0, pages);
        assert.ok(requests.every((r) => r.tag), 'every refresh read sends If-None-Match');
        assert.deepEqual(responses.map((r) => r.status), Array(pages).fill(304));
        for (let i = 1; i < requests.length; i += 1) {
          assert.ok(requests[i].at - requests[i - 1].at >= 900, `reads ${i - 1} and ${i} were ${requests[i].at - requests[i - 1].at} ms apart`);
        }
      });
      await step('a job on the third page moves: that page alone is read again (200), the row shows it', async () => {
        await page.getByRole('searchbox').fill('e2e-many-0250');
        await page.getByRole('link', { name: 'e2e-many-0250' }).waitFor();
        const from = seen.length;
        const r = await api(service, 'PATCH', `/subscriptions/${SUB}/resourceGroups/e2e-many/providers/Microsoft.ImportExport/jobs/e2e-many-0250?${V}`,
          { body: { properties: { state: 'Shipping', deliveryPackage: { carrierName: 'FedEx', trackingNumber: '2', driveCount: 1, shipDate: '2026-11-01' } } } });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const row = page.locator('tr', { has: page.getByRole('link', { name: 'e2e-many-0250' }) });
        await row.locator('.badge', { hasText: 'Shipping' }).waitFor({ timeout: 30000 });
        const statuses = seen.slice(from).filter((s) => s.kind === 'response').map((s) => s.status);
        assert.ok(statuses.includes(200), JSON.stringify(statuses));
        assert.ok(statuses.filter((s) => s === 200).length < statuses.length, `pages that did not change were not sent again: ${JSON.stringify(statuses)}`);
      });
    });
  });

  test('a service answering 429 now and then is waited out as Retry-After says, and the list still arrives whole', async () => {
    const expected = await jobCount(service);
    await scenario(browser, '429 honoured', async (page, step) => {
      await recordCountTexts(page);
      const seen = recordLists(page);
      // Every third list read is refused as ARM refuses it.
      let reads = 0;
      await page.route(LIST, async (route) => {
        reads += 1;
        if (reads % 3 === 0) {
          await route.fulfill({ status: 429, headers: { 'Retry-After': '2', 'Content-Type': 'application/json' },
            body: JSON.stringify({ error: { code: 'SubscriptionRequestsThrottled', message: 'Try again after 2 seconds.' } }) });
        } else {
          await route.continue();
        }
      });
      await step('open the list: refused now and then, it waits, says so, and gets every job', async () => {
        await page.goto(`${service.base}/#token=${service.token}`);
        await page.locator('.toolbar .count', { hasText: total(expected) }).waitFor({ timeout: 60000 });
      });
      await step('every 429 was followed by a wait of at least its Retry-After, then the same page', async () => {
        const refused = seen.filter((s) => s.kind === 'response' && s.status === 429);
        assert.ok(refused.length >= 1, 'the first load was throttled');
        for (const r of refused) {
          const next = seen.find((s) => s.kind === 'request' && s.at > r.at);
          if (!next) continue; // the last read of the test
          assert.equal(next.url, r.url, 'the same page was asked again');
          assert.ok(next.at - r.at >= 1950, `waited ${next.at - r.at} ms of 2 s`);
        }
        const texts = await page.evaluate(() => window.countTexts);
        assert.ok(texts.some((t) => /the service asked to wait: reading again in 2 s/.test(t)), JSON.stringify(texts));
        assert.match(texts.at(-1), total(expected));
      });
    });
  });

  test('a job\'s page without a stream waits out a 429 as Retry-After says, still showing the job', async () => {
    await scenario(browser, 'job page 429', async (page, step) => {
      await page.route('**/_waybill/subscriptions/*/events*', (route) => route.abort());
      const name = 'e2e-many-0002';
      const gets = [];
      await page.route(new RegExp(`/jobs/${name}\\?`), async (route) => {
        gets.push(Date.now());
        if (gets.length === 2) {
          await route.fulfill({ status: 429, headers: { 'Retry-After': '7', 'Content-Type': 'application/json' },
            body: JSON.stringify({ error: { code: 'SubscriptionRequestsThrottled', message: 'Try again after 7 seconds.' } }) });
        } else {
          await route.continue();
        }
      });
      await step('open the job; its refresh is refused once; the job stays shown', async () => {
        await page.goto(`${service.base}/subscriptions/${SUB}/resourceGroups/e2e-many/jobs/${name}#token=${service.token}`);
        await page.getByRole('heading', { name, level: 1 }).waitFor();
        await eventually('the refused refresh', async () => gets.length >= 2, 15000);
        await page.waitForTimeout(300);
        await page.getByRole('heading', { name, level: 1 }).waitFor();
        assert.equal(await page.getByText('Try again after 7 seconds.').count(), 0, 'a refused refresh is not shown as an error');
      });
      await step('the next read waits the 7 seconds asked for (the 5-second refresh in between skipped)', async () => {
        await eventually('the next read', async () => gets.length >= 3, 20000);
        assert.ok(gets[2] - gets[1] >= 6950, `${gets[2] - gets[1]} ms after the 429`);
        await page.getByRole('heading', { name, level: 1 }).waitFor();
      });
    });
  });

  test('reads slow down as the service says its remaining reads run low, before it throttles', async () => {
    const expected = await jobCount(throttled);
    await new Promise((r) => setTimeout(r, 7000)); // the bucket fills again
    await scenario(browser, 'remaining reads', async (page, step) => {
      // Every list read in the order sent, with what its answer said of the remaining reads.
      const reads = [];
      const byRequest = new Map();
      page.on('request', (r) => {
        if (!LIST.test(r.url())) return;
        const read = { url: r.url(), at: Date.now() };
        byRequest.set(r, read);
        reads.push(read);
      });
      page.on('response', (r) => {
        const read = byRequest.get(r.request());
        if (!read) return;
        read.status = r.status();
        const left = r.headers()['x-ms-ratelimit-remaining-subscription-reads'];
        if (left !== undefined) read.left = Number(left);
      });
      await step('open the list: every job arrives, and no read is refused', async () => {
        await page.goto(`${throttled.base}/#token=${throttled.token}`);
        await page.locator('.toolbar .count', { hasText: total(expected) }).waitFor({ timeout: 60000 });
        await new Promise((r) => setTimeout(r, 5000)); // the stream's opening read
        assert.deepEqual(reads.filter((r) => r.status === 429), []);
      });
      await step('a read answered with fewer than 25 reads left is followed by the next over a second later', async () => {
        const timeline = JSON.stringify(reads.map((r) => [r.at - reads[0].at, r.left]));
        const low = reads.filter((r) => r.left < 25);
        assert.ok(low.length >= 1, `no answer said fewer than 25 reads were left: ${timeline}`);
        for (const r of low) {
          const next = reads[reads.indexOf(r) + 1];
          if (next) assert.ok(next.at - r.at >= 1000, `${next.at - r.at} ms after a read answered with ${r.left} left: ${timeline}`);
        }
      });
    });
  });
});
