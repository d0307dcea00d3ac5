// The whole product as a user drives it: list → detail → cancel → delete, and the rules'
// edges, in headless Chromium against the real service. One behaviour per test.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { OUT, advance, api, detailPath, eventually, jobIn, jobPath, launchBrowser, scenario, startService } from './harness.mjs';

const STATES = ['Creating', 'Shipping', 'Received', 'Transferring', 'Packaging', 'Completed', 'Closed'];
let service;
let browser;

before(async () => {
  service = await startService();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await service?.stop();
});

const open = (page, path) => page.goto(`${service.base}${path}#token=${service.token}`);
const button = (scope, name) => scope.getByRole('button', { name, exact: true });
const badge = (page, text) => page.locator('.detail-header .badge', { hasText: text });

describe('Waybill console', () => {
  test('1. the printed URL opens the list with the demo jobs in every state, and the token leaves the address bar', async () => {
    await scenario(browser, 'open printed URL', async (page, step) => {
      await step('open the URL the service printed', () => page.goto(service.url));
      await step('the demo jobs are listed', () => page.getByRole('link', { name: 'camera-cards-0415' }).waitFor());
      await step('every state is present', async () => {
        const table = page.locator('table.jobs tbody');
        for (const state of STATES) {
          assert.ok(await table.locator('.badge', { hasText: state }).count() > 0, `no job in ${state}`);
        }
      });
      await step('the token is no longer in the address bar', () => assert.ok(!page.url().includes('token'), page.url()));
      await step('the token is kept in sessionStorage only', async () => {
        const where = await page.evaluate((t) => ({
          session: Object.values(sessionStorage).includes(t),
          local: Object.values(localStorage).some((v) => v.includes(t)),
          cookie: document.cookie.includes(t),
        }), service.token);
        assert.deepEqual(where, { session: true, local: false, cookie: false });
      });
      await page.screenshot({ path: join(OUT, 'list.png') });
    });
  });

  test('2. cancel a transferring job, let it complete, delete it: it is gone everywhere', async () => {
    const [rg, name] = ['e2e-flow', 'e2e-cancel-then-delete'];
    await jobIn(service, rg, name, 'Transferring');
    await scenario(browser, 'cancel then delete', async (page, step) => {
      await step('open the job', () => open(page, detailPath(rg, name)));
      await step('Cancel job is enabled, Delete job disabled with its reason', async () => {
        await button(page, 'Cancel job').waitFor();
        assert.equal(await button(page, 'Cancel job').isDisabled(), false);
        assert.equal(await button(page, 'Delete job').isDisabled(), true);
        assert.match(await page.locator('#delete-reason').innerText(), /Transferring state and cannot be deleted/);
      });
      await step('the dialog states best effort', async () => {
        await button(page, 'Cancel job').click();
        const dialog = page.getByRole('dialog');
        assert.match(await dialog.innerText(), /best effort/);
        assert.match(await dialog.innerText(), /kept for 90 days/);
      });
      await step('confirm: cancel requested shows', async () => {
        await button(page.getByRole('dialog'), 'Cancel job').click();
        await badge(page, 'Cancel requested').waitFor();
        await page.getByRole('status').filter({ hasText: 'was requested' }).waitFor();
        await page.locator('.timeline').getByText('Completed (next: canceled)').waitFor();
      });
      await page.screenshot({ path: join(OUT, 'detail.png'), fullPage: true });
      await step('the data center completes the cancelled job', () => advance(service, rg, name));
      await step('the page shows Completed and enables Delete job', async () => {
        await badge(page, 'Completed').waitFor({ timeout: 15000 });
        await eventually('Delete job enabled', async () => !(await button(page, 'Delete job').isDisabled()));
      });
      await step('delete: back on the list, the job is gone', async () => {
        await button(page, 'Delete job').click();
        assert.match(await page.getByRole('dialog').innerText(), /permanent/);
        await page.getByRole('dialog').getByLabel(`Type the job's name, ${name}, to confirm.`).fill(name);
        await button(page.getByRole('dialog'), 'Delete job').click();
        await page.getByText(`Job ${name} was deleted.`).waitFor();
        await page.getByRole('link', { name: 'camera-cards-0415' }).waitFor();
        assert.equal(await page.getByRole('link', { name }).count(), 0);
      });
      await step('its URL, reloaded, says it no longer exists', async () => {
        await open(page, detailPath(rg, name));
        await page.getByText('This job no longer exists').waitFor();
      });
      await step('the API answers 404', async () => {
        const r = await api(service, 'GET', jobPath(rg, name));
        assert.equal(r.status, 404);
        assert.equal(r.body.error.code, 'ResourceNotFound');
      });
    });
  });

  test('3. a packaging job: both buttons disabled, each with its reason', async () => {
    const [rg, name] = ['e2e-rules', 'e2e-packaging'];
    await jobIn(service, rg, name, 'Packaging');
    await scenario(browser, 'packaging', async (page, step) => {
      await step('open the job', () => open(page, detailPath(rg, name)));
      await step('both disabled with reasons', async () => {
        await button(page, 'Cancel job').waitFor();
        assert.equal(await button(page, 'Cancel job').isDisabled(), true);
        assert.equal(await button(page, 'Delete job').isDisabled(), true);
        assert.match(await page.locator('#cancel-reason').innerText(), /Packaging state and can no longer be canceled/);
        assert.match(await page.locator('#delete-reason').innerText(), /Packaging state and cannot be deleted/);
      });
    });
  });

  test('4. a stale view: the job moved to Packaging meanwhile, the service refuses and the console says so', async () => {
    const [rg, name] = ['e2e-rules', 'e2e-stale'];
    await jobIn(service, rg, name, 'Transferring');
    await scenario(browser, 'stale view', async (page, step) => {
      // No live stream (as against Azure), so the page is as stale as a polling one can be.
      await page.route('**/_waybill/subscriptions/*/events*', (route) => route.abort());
      await step('open the job and start cancelling', async () => {
        await open(page, detailPath(rg, name));
        await button(page, 'Cancel job').click();
        await page.getByRole('dialog').waitFor();
      });
      await step('meanwhile the data center packages it', () => advance(service, rg, name, 'Packaging'));
      await step('confirm: the service refuses, its message and the new state show', async () => {
        await button(page.getByRole('dialog'), 'Cancel job').click();
        const alert = page.getByRole('alert');
        await alert.waitFor();
        assert.match(await alert.innerText(), /Packaging state and can no longer be canceled/);
        await badge(page, 'Packaging').waitFor();
        assert.equal(await button(page, 'Cancel job').isDisabled(), true);
      });
    });
  });

  test('5. bulk cancel: the dialog names the skipped job and why; two show cancel requested', async () => {
    const rg = 'e2e-bulk';
    await jobIn(service, rg, 'e2e-bulk-creating', 'Creating');
    await jobIn(service, rg, 'e2e-bulk-transferring', 'Transferring');
    await jobIn(service, rg, 'e2e-bulk-packaging', 'Packaging');
    await scenario(browser, 'bulk cancel', async (page, step) => {
      await step('open the list and find the three jobs', async () => {
        await page.goto(service.url);
        await page.getByRole('searchbox', { name: 'Search by name' }).fill('e2e-bulk');
        await eventually('three rows', async () => (await page.locator('table.jobs tbody tr:not(.spacer)').count()) === 3);
      });
      await step('select them and bulk cancel', async () => {
        for (const name of ['e2e-bulk-creating', 'e2e-bulk-transferring', 'e2e-bulk-packaging']) {
          await page.getByRole('checkbox', { name: `Select ${name}` }).check();
        }
        await button(page, 'Cancel selected').click();
      });
      await step('the dialog says one is skipped and why', async () => {
        const text = await page.getByRole('dialog').innerText();
        assert.match(text, /Will be skipped \(1\)/);
        assert.match(text, /e2e-bulk-packaging: The job is in the Packaging state/);
        assert.match(text, /Will be affected \(2\)/);
      });
      await step('confirm: each outcome is shown', async () => {
        await button(page.getByRole('dialog'), 'Cancel 2 jobs').click();
        await page.getByText('e2e-bulk-creating: done').waitFor();
        await page.getByText('e2e-bulk-transferring: done').waitFor();
        await button(page.getByRole('dialog'), 'Done').click();
      });
      await step('two rows show cancel requested', async () => {
        await eventually('two badges', async () => (await page.locator('table.jobs tbody .cancel-flag').count()) === 2);
        const packaging = page.locator('tr', { has: page.getByRole('link', { name: 'e2e-bulk-packaging' }) });
        assert.equal(await packaging.locator('.cancel-flag').count(), 0);
      });
    });
  });

  test('6. filter by state and search by name narrow the list; a deep link reloads to the same view', async () => {
    await scenario(browser, 'filter and deep link', async (page, step) => {
      await step('open the list', async () => {
        await page.goto(service.url);
        await page.getByRole('link', { name: 'camera-cards-0415' }).waitFor();
      });
      await step('filter by Transferring', async () => {
        await page.getByRole('combobox', { name: 'State' }).selectOption('Transferring');
        await eventually('only transferring rows', async () => {
          const states = await page.locator('table.jobs tbody .badge:not(.cancel-flag)').allInnerTexts();
          return states.length > 0 && states.every((s) => s.includes('Transferring'));
        });
      });
      await step('search by name', async () => {
        await page.getByRole('searchbox', { name: 'Search by name' }).fill('camera');
        await eventually('one row', async () => (await page.locator('table.jobs tbody tr:not(.spacer)').count()) === 1);
      });
      await step('open it and reload the deep link', async () => {
        await page.getByRole('link', { name: 'camera-cards-0415' }).click();
        await page.getByRole('heading', { name: 'camera-cards-0415' }).waitFor();
        await page.reload();
        await page.getByRole('heading', { name: 'camera-cards-0415' }).waitFor();
        assert.ok(page.url().endsWith(detailPath('rg-media-archive', 'camera-cards-0415')), page.url());
      });
    });
  });

  test('7. text fields holding HTML and script show as plain text and nothing runs', async () => {
    const [rg, name] = ['e2e-xss', 'e2e-hostile-text'];
    const script = '<script>window.__xss=1</script>';
    const img = '<img src=x onerror="window.__xss=2">';
    await jobIn(service, rg, name, 'Shipping', {
      returnAddress: { recipientName: script, streetAddress1: img },
      deliveryPackage: { carrierName: '<b onmouseover=alert(1)>carrier</b>', trackingNumber: img },
    });
    await scenario(browser, 'hostile text', async (page, step) => {
      await step('open the job', () => open(page, detailPath(rg, name)));
      await step('the text shows as typed', async () => {
        await page.getByText(script, { exact: false }).first().waitFor();
        await page.getByText('<b onmouseover=alert(1)>carrier</b>', { exact: false }).waitFor();
      });
      await step('no element was made from it and nothing ran', async () => {
        assert.equal(await page.locator('.job-detail img, .job-detail script, .job-detail b').count(), 0);
        assert.equal(await page.evaluate(() => window.__xss), undefined);
      });
    });
  });

  for (const [n, tag, words] of [
    [9, 'zh-TW', { cancel: '取消作業', bestEffort: '盡力', outcome: '已要求取消', badge: '已要求取消', lifecycle: '生命週期' }],
    [10, 'cs-CZ', { cancel: 'Zrušit úlohu', bestEffort: 'podle možností', outcome: 'bylo vyžádáno', badge: 'Zrušení vyžádáno', lifecycle: 'Životní cyklus' }],
  ]) {
    test(`${n}. in ${tag}: cancel a job, the confirmation and the outcome are in that language, and a reload keeps it`, async () => {
      const [rg, name] = ['e2e-lang', `e2e-lang-${tag.toLowerCase()}`];
      await jobIn(service, rg, name, 'Transferring');
      await scenario(browser, `language ${tag}`, async (page, step) => {
        await step('choose the language', async () => {
          await page.goto(service.url);
          await page.getByRole('link', { name: 'camera-cards-0415' }).waitFor();
          await page.locator('header select').selectOption(tag);
          await eventually('<html lang> follows', async () => (await page.evaluate(() => document.documentElement.lang)) === tag);
        });
        await step('open the job and cancel it', async () => {
          await open(page, detailPath(rg, name));
          await page.getByRole('heading', { name: words.lifecycle }).waitFor();
          await button(page, words.cancel).click();
        });
        await step('the confirmation is in that language', async () => {
          assert.match(await page.getByRole('dialog').innerText(), new RegExp(words.bestEffort));
          await button(page.getByRole('dialog'), words.cancel).click();
        });
        await step('the outcome is in that language', async () => {
          await page.getByRole('status').filter({ hasText: words.outcome }).waitFor();
          await badge(page, words.badge).waitFor();
        });
        await page.screenshot({ path: join(OUT, `detail-${tag}.png`) });
        await step('a reload keeps the language', async () => {
          await page.reload();
          await page.getByRole('heading', { name: words.lifecycle }).waitFor();
          assert.equal(await page.evaluate(() => document.documentElement.lang), tag);
        });
      });
    });
  }

  test('11. a first visit follows the browser\'s language', async () => {
    await scenario(browser, 'browser language', async (page, step) => {
      await step('open the console in a Hungarian browser', () => page.goto(service.url));
      await step('it speaks Hungarian', async () => {
        await page.getByRole('heading', { name: 'Feladatok' }).waitFor();
        assert.equal(await page.evaluate(() => document.documentElement.lang), 'hu-HU');
        await page.getByRole('button', { name: 'Kijelöltek megszakítása' }).waitFor();
      });
    }, { locale: 'hu-HU' });
  });

  test('8. without a token the console asks for one', async () => {
    await scenario(browser, 'no token', async (page, step) => {
      await step('open the console without the token', () => page.goto(`${service.base}/`));
      await step('it asks for a token', async () => {
        await page.getByRole('heading', { name: 'Connect to the service' }).waitFor();
        await page.getByLabel('Access token').waitFor();
      });
      await step('pasting the token shows the jobs', async () => {
        await page.getByLabel('Access token').fill(service.token);
        await button(page, 'Connect').click();
        await page.getByRole('link', { name: 'camera-cards-0415' }).waitFor();
      });
    });
  });
});
