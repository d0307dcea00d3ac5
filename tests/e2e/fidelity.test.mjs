// Fidelity in the browser: sentences that state a rule follow the policy in force, a
// cancellation is carried out by itself, ARM answers with values the console does not know,
// and the first-visit defects (a pasted link, labels, counts, phone width, subscription names).

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { OUT, advance, detailPath, eventually, jobIn, launchBrowser, scenario, startService } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const button = (scope, name) => scope.getByRole('button', { name, exact: true });
const open = (service, page, path) => page.goto(`${service.base}${path}#token=${service.token}`);

describe('a policy other than the default', () => {
  let service;
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'policy-30-days.json');
    writeFileSync(file, JSON.stringify({ retentionDays: 30, deletableStates: ['Creating', 'Completed', 'Closed'] }));
    service = await startService({ args: ['--policy', file] });
  });
  after(async () => { await service?.stop(); });

  test('every page and dialog states 30 days and offers delete in Closed', async () => {
    const rg = 'e2e-policy';
    await jobIn(service, rg, 'e2e-policy-closed', 'Closed');
    await jobIn(service, rg, 'e2e-policy-running', 'Transferring');
    await scenario(browser, 'policy 30 days', async (page, step) => {
      await step('a Closed job offers Delete job', async () => {
        await open(service, page, detailPath(rg, 'e2e-policy-closed'));
        await button(page, 'Delete job').waitFor();
        assert.equal(await button(page, 'Delete job').isDisabled(), false);
        assert.equal(await page.locator('#delete-reason').innerText(), '');
      });
      await step('a running job says it is kept 30 days after it completes', async () => {
        await open(service, page, detailPath(rg, 'e2e-policy-running'));
        await page.locator('.retention', { hasText: '30 days after it reaches Completed' }).waitFor();
      });
      await step('the cancel dialog states 30 days and where the job goes', async () => {
        await button(page, 'Cancel job').click();
        const text = await page.getByRole('dialog').innerText();
        assert.match(text, /moves to the Completed state and is kept for 30 days/);
        assert.doesNotMatch(text, /90/);
        await page.keyboard.press('Escape');
      });
      await step('the bulk cancel dialog states 30 days', async () => {
        await page.goto(`${service.base}/`);
        await page.getByRole('searchbox', { name: 'Search by name' }).fill('e2e-policy-running');
        await page.getByRole('checkbox', { name: 'Select e2e-policy-running' }).check();
        await button(page, 'Cancel selected').click();
        const text = await page.getByRole('dialog').innerText();
        assert.match(text, /kept for 30 days/);
        assert.doesNotMatch(text, /90/);
        await page.keyboard.press('Escape');
        await page.getByRole('checkbox', { name: 'Select e2e-policy-running' }).uncheck();
      });
      await step('bulk delete offers the Closed job', async () => {
        await page.getByRole('searchbox', { name: 'Search by name' }).fill('e2e-policy-closed');
        await page.getByRole('checkbox', { name: 'Select e2e-policy-closed' }).check();
        await button(page, 'Delete selected').click();
        const text = await page.getByRole('dialog').innerText();
        assert.match(text, /e2e-policy-closed/);
        assert.doesNotMatch(text, /Will be skipped/);
        await page.keyboard.press('Escape');
      });
    });
  });
});

describe('the default service', () => {
  let service;
  before(async () => { service = await startService({ args: ['--cancel-after', '1'] }); });
  after(async () => { await service?.stop(); });

  test('a cancellation is carried out by itself, and the timeline shows what it skipped', async () => {
    const [rg, name] = ['e2e-fidelity', 'e2e-carried-out'];
    await jobIn(service, rg, name, 'Transferring');
    await scenario(browser, 'cancel carried out', async (page, step) => {
      await step('cancel the job', async () => {
        await open(service, page, detailPath(rg, name));
        await button(page, 'Cancel job').click();
        await button(page.getByRole('dialog'), 'Cancel job').click();
      });
      await step('without the operator, the job reaches Completed', async () => {
        await page.locator('.detail-header .badge', { hasText: 'Completed' }).waitFor({ timeout: 15000 });
      });
      await step('the timeline marks Packaging as skipped', async () => {
        await page.locator('.timeline .skipped', { hasText: 'Packaging (skipped)' }).waitFor();
        await page.locator('.timeline .current', { hasText: 'Completed (canceled)' }).waitFor();
        assert.equal(await page.locator('.timeline .done').count(), 4);
      });
      await step('the drives were shipped back, their copy stopped by the cancellation', async () => {
        await page.locator('.drive', { hasText: 'Shipped back' }).first().waitFor();
        await page.locator('.copy-status', { hasText: 'Stopped by the cancellation' }).first().waitFor();
      });
      await step('the retention date is 90 days on', async () => {
        assert.match(await page.locator('.retention').innerText(), /will be removed on/);
      });
    });
  });

  test('a list from ARM holding a state, type and drive state the console does not know still loads', async () => {
    await scenario(browser, 'unknown values from ARM', async (page, step) => {
      await step('ARM answers the first page with a job from the future', async () => {
        // Azure itself cannot run here: its answer is the real service's with one job added.
        await page.route(/\/providers\/Microsoft\.ImportExport\/jobs\?/, async (route) => {
          const response = await route.fetch();
          const body = await response.json();
          const future = structuredClone(body.value[0]);
          future.name = 'e2e-from-the-future';
          future.id = future.id.replace(/jobs\/[^/]+$/, 'jobs/e2e-from-the-future');
          future.properties.state = 'Quarantined';
          future.properties.jobType = 'migrate';
          for (const d of future.properties.driveList ?? []) d.state = 'Teleported';
          body.value.unshift(future);
          // Azure's list pages carry no ETag (and this body is not the one the service tagged).
          const headers = { ...response.headers() };
          delete headers.etag;
          await route.fulfill({ response, headers, json: body });
        });
        await page.goto(service.url);
      });
      await step('the list loads with every job, the unknown state shown as sent', async () => {
        await page.getByRole('link', { name: 'camera-cards-0415' }).waitFor();
        const row = page.locator('tr', { has: page.getByRole('link', { name: 'e2e-from-the-future' }) });
        await row.locator('.badge', { hasText: 'Quarantined' }).waitFor();
        assert.match(await row.innerText(), /migrate/);
      });
      await step('bulk cancel skips it, naming the state', async () => {
        await page.getByRole('checkbox', { name: 'Select e2e-from-the-future' }).check();
        await button(page, 'Cancel selected').click();
        assert.match(await page.getByRole('dialog').innerText(), /e2e-from-the-future: The job is in the state “Quarantined”/);
      });
    });
  });

  test('the printed URL pasted into a tab that asks for a token connects it, and leaves the address bar', async () => {
    await scenario(browser, 'pasted link', async (page, step) => {
      await step('open the service without a token', async () => {
        await page.goto(`${service.base}/`);
        await page.getByRole('heading', { name: 'Connect to the service' }).waitFor();
      });
      await step('paste the printed URL into the same tab', () => page.goto(service.url));
      await step('the jobs show and the token left the address bar', async () => {
        await page.getByRole('link', { name: 'camera-cards-0415' }).waitFor();
        assert.ok(!page.url().includes('token'), page.url());
      });
    });
  });

  test('the subscription picker shows display names', async () => {
    await scenario(browser, 'subscription names', async (page, step) => {
      await step('open the list', () => page.goto(service.url));
      await step('the picker names the demo subscription', async () => {
        const picker = page.getByRole('combobox', { name: 'Subscription' });
        await eventually('a named option', async () => (await picker.locator('option').allInnerTexts()).includes('Waybill demo'));
      });
    });
  });

  test('mark as shipped: each label stands over its own input; counts agree with their nouns', async () => {
    const [rg, name] = ['e2e-fidelity', 'e2e-label-check'];
    await jobIn(service, rg, name, 'Creating');
    await scenario(browser, 'ship form labels', async (page, step) => {
      await step('open a job in Creating', () => open(service, page, detailPath(rg, name)));
      for (const label of ['Carrier', 'Tracking number']) {
        await step(`"${label}" stands over its input`, async () => {
          const l = await page.locator('.ship label', { hasText: label }).boundingBox();
          const input = await page.getByLabel(label, { exact: true }).boundingBox();
          assert.ok(Math.abs(l.x - input.x) < 2 && l.y < input.y && input.y - l.y < 60, JSON.stringify({ l, input }));
        });
      }
      await step('ship it: the package says "1 drive"', async () => {
        await page.getByLabel('Tracking number', { exact: true }).fill('555');
        await button(page, 'Mark as shipped').click();
        await page.getByText(/555 \(1 drive, shipped/).waitFor();
      });
    });
  });

  test('at phone width the list shows name, state and the cancel-requested mark', async () => {
    await scenario(browser, 'phone width', async (page, step) => {
      await step('open the list at 390 px', async () => {
        await page.goto(service.url);
        await page.getByRole('link', { name: 'camera-cards-0415' }).waitFor();
      });
      await step('state badges and the cancel mark are on screen', async () => {
        const width = page.viewportSize().width;
        const states = page.locator('table.jobs tbody td.state .badge');
        assert.ok(await states.count() > 0);
        const box = await states.first().boundingBox();
        assert.ok(box && box.x + box.width <= width, `state badge at ${JSON.stringify(box)} of ${width}`);
        const mark = await page.locator('table.jobs tbody .cancel-flag').first().boundingBox();
        assert.ok(mark && mark.x + mark.width <= width, `cancel mark at ${JSON.stringify(mark)}`);
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(scroll <= width, `the page scrolls sideways: ${scroll} > ${width}`);
      });
      await page.screenshot({ path: join(OUT, 'list-phone.png') });
    }, { viewport: { width: 390, height: 844 } });
  });

  test('the operator moves a job on: bytes copied and log blobs appear on the detail page', async () => {
    const [rg, name] = ['e2e-fidelity', 'e2e-every-field'];
    await jobIn(service, rg, name, 'Transferring');
    await advance(service, rg, name);
    await scenario(browser, 'every field', async (page, step) => {
      await step('open the job', () => open(service, page, detailPath(rg, name)));
      await step('the drive shows bytes, manifest and logs', async () => {
        const drive = page.locator('.drive').first();
        await drive.waitFor();
        const text = await drive.innerText();
        for (const what of ['Bytes copied', 'Manifest file', 'Manifest hash', 'Verbose log', 'Error log']) {
          assert.match(text, new RegExp(what), what);
        }
      });
      await step('BitLocker keys show only when asked, and hide again', async () => {
        assert.equal(await page.locator('code.secret').count(), 0);
        await button(page, 'Show BitLocker keys').click();
        await page.locator('code.secret', { hasText: '000000-111111' }).waitFor();
        await button(page, 'Hide BitLocker keys').click();
        assert.equal(await page.locator('code.secret').count(), 0);
        const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
        assert.ok(!stored.includes('000000-111111'), 'a key reached browser storage');
      });
    });
  });
});
