// The console as a demanding user tries it: keyboard only, two widths, three languages, a
// second service, jobs that move while a dialog is open (issue "The console, tried by a
// demanding user").

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { advance, detailPath, eventually, freePort, jobIn, launchBrowser, scenario, startService } from './harness.mjs';

let browser;
let service;
before(async () => {
  browser = await launchBrowser();
  service = await startService();
});
after(async () => {
  await browser?.close();
  await service?.stop();
});

const button = (scope, name) => scope.getByRole('button', { name, exact: true });
const open = (page, path) => page.goto(`${service.base}${path}#token=${service.token}`);
const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return { tag: a?.tagName, id: a?.id, text: a?.textContent?.trim().slice(0, 60), inDialog: !!a?.closest('[role=dialog]') };
});

describe('keyboard and focus', () => {
  test('bulk cancel by keyboard: focus stays in the dialog, the outcome has one way out, focus comes back', async () => {
    const rg = 'e2e-focus';
    await jobIn(service, rg, 'e2e-focus-a', 'Creating');
    await jobIn(service, rg, 'e2e-focus-b', 'Transferring');
    await scenario(browser, 'keyboard bulk', async (page, step) => {
      await step('select two jobs', async () => {
        await page.goto(service.url);
        await page.getByRole('searchbox', { name: 'Search by name' }).fill('e2e-focus-');
        for (const name of ['e2e-focus-a', 'e2e-focus-b']) await page.getByRole('checkbox', { name: `Select ${name}` }).check();
      });
      await step('open the dialog with the keyboard and confirm', async () => {
        await button(page, 'Cancel selected').focus();
        await page.keyboard.press('Enter');
        await page.getByRole('dialog').waitFor();
        await page.keyboard.press('Tab');
        assert.equal((await focused(page)).text, 'Cancel 2 jobs');
        await page.keyboard.press('Enter');
      });
      await step('while it works and after, focus is inside the dialog', async () => {
        await page.getByText('e2e-focus-a: done').waitFor();
        assert.ok((await focused(page)).inDialog, JSON.stringify(await focused(page)));
        await page.keyboard.press('Tab');
        assert.ok((await focused(page)).inDialog, 'Tab stays in the dialog');
      });
      await step('the outcome is titled as one and offers only Done', async () => {
        const dialog = page.getByRole('dialog');
        assert.equal(await dialog.getByRole('heading').innerText(), 'Outcome');
        assert.equal(await button(dialog, 'Go back').count(), 0);
        await button(dialog, 'Done').waitFor();
      });
      await step('Escape closes it and focus lands on a control or the heading, not the body', async () => {
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'detached' });
        await eventually('focus placed', async () => (await focused(page)).tag !== 'BODY');
        const f = await focused(page);
        assert.ok(f.id === 'jobs-title' || f.text === 'Cancel selected', JSON.stringify(f));
      });
    });
  });

  test('a single cancel returns focus to the page, and a navigation moves it to the new heading', async () => {
    const [rg, name] = ['e2e-focus', 'e2e-focus-single'];
    await jobIn(service, rg, name, 'Transferring');
    await scenario(browser, 'keyboard single', async (page, step) => {
      await step('from the list, open the job by keyboard', async () => {
        await page.goto(service.url);
        await page.getByRole('link', { name }).focus();
        await page.keyboard.press('Enter');
        await page.getByRole('heading', { name, level: 1 }).waitFor();
        await eventually('focus on the heading', async () => (await focused(page)).id === 'job-title');
      });
      await step('cancel by keyboard', async () => {
        await button(page, 'Cancel job').focus();
        await page.keyboard.press('Enter');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        await page.locator('.detail-header .badge', { hasText: 'Cancel requested' }).waitFor();
      });
      await step('focus is on the heading (Cancel job is now disabled), not the body', async () => {
        await eventually('focus placed', async () => (await focused(page)).id === 'job-title');
      });
    });
  });
});

describe('the job moves while a dialog is open', () => {
  test('the open detail page stays current and Confirm stops being offered when the rules say no', async () => {
    const [rg, name] = ['e2e-moving', 'e2e-moves-under-dialog'];
    await jobIn(service, rg, name, 'Transferring');
    await scenario(browser, 'moving job', async (page, step) => {
      await step('open the cancel dialog', async () => {
        await open(page, detailPath(rg, name));
        await button(page, 'Cancel job').click();
        await page.getByRole('dialog').waitFor();
      });
      await step('the data center packages the job', () => advance(service, rg, name, 'Packaging'));
      await step('within a refresh, the page shows Packaging and the dialog says why it cannot go on', async () => {
        await page.locator('.detail-header .badge', { hasText: 'Packaging' }).waitFor({ timeout: 12000 });
        const dialog = page.getByRole('dialog');
        await dialog.getByText(/Packaging state and can no longer be canceled/).waitFor();
        assert.equal(await button(dialog, 'Cancel job').isDisabled(), true);
      });
    });
  });

  test('nothing to do means no confirm: "Cancel 0 jobs" is disabled', async () => {
    const [rg, name] = ['e2e-moving', 'e2e-only-packaging'];
    await jobIn(service, rg, name, 'Packaging');
    await scenario(browser, 'nothing to cancel', async (page, step) => {
      await step('select only a packaging job and bulk cancel', async () => {
        await page.goto(service.url);
        await page.getByRole('searchbox', { name: 'Search by name' }).fill(name);
        await page.getByRole('checkbox', { name: `Select ${name}` }).check();
        await button(page, 'Cancel selected').click();
      });
      await step('the confirm button is disabled', async () => {
        assert.equal(await button(page.getByRole('dialog'), 'Cancel 0 jobs').isDisabled(), true);
      });
    });
  });
});

describe('the list keeps its state', () => {
  test('filters, search and order live in the address: back, All jobs and reload keep them; Clear filters resets', async () => {
    await scenario(browser, 'list state', async (page, step) => {
      await step('filter, search and sort', async () => {
        await page.goto(service.url);
        await page.getByRole('combobox', { name: 'State' }).selectOption('Transferring');
        await page.getByRole('searchbox', { name: 'Search by name' }).fill('camera');
        await page.getByRole('button', { name: /^Name/ }).click();
        await eventually('the address names the view', async () => /state=Transferring/.test(page.url()) && /q=camera/.test(page.url()) && /sort=name/.test(page.url()));
      });
      const kept = async () => {
        await page.getByRole('link', { name: 'camera-cards-0415' }).waitFor();
        assert.equal(await page.getByRole('combobox', { name: 'State' }).inputValue(), 'Transferring');
        assert.equal(await page.getByRole('searchbox', { name: 'Search by name' }).inputValue(), 'camera');
      };
      await step('open a job, then All jobs', async () => {
        await page.getByRole('link', { name: 'camera-cards-0415' }).click();
        await page.getByRole('heading', { name: 'camera-cards-0415' }).waitFor();
        await page.getByRole('link', { name: 'All jobs' }).click();
        await kept();
      });
      await step('open it again, then Back', async () => {
        await page.getByRole('link', { name: 'camera-cards-0415' }).click();
        await page.getByRole('heading', { name: 'camera-cards-0415' }).waitFor();
        await page.goBack();
        await kept();
      });
      await step('reload', async () => {
        await page.reload();
        await kept();
      });
      await step('a search that matches nothing offers Clear filters', async () => {
        await page.getByRole('searchbox', { name: 'Search by name' }).fill('no-such-job-anywhere');
        await page.getByText('No jobs match the filters.').waitFor();
        await button(page, 'Clear filters').click();
        // The whole list is back: a job in Creating, which the state filter and the search had
        // hidden, shows again.
        await page.getByRole('link', { name: 'footage-raw-draft' }).waitFor();
        assert.equal(await page.getByRole('combobox', { name: 'State' }).inputValue(), '');
        assert.equal(await page.getByRole('searchbox', { name: 'Search by name' }).inputValue(), '');
        assert.ok(!/state=|q=/.test(page.url()), page.url());
      });
    });
  });

  test('selected jobs hidden by the filters are counted in the bar', async () => {
    const rg = 'e2e-hidden';
    await jobIn(service, rg, 'e2e-hidden-one', 'Creating');
    await jobIn(service, rg, 'e2e-hidden-two', 'Creating');
    await scenario(browser, 'hidden selection', async (page, step) => {
      await step('select two, then search for one', async () => {
        await page.goto(service.url);
        await page.getByRole('searchbox', { name: 'Search by name' }).fill('e2e-hidden-');
        await page.getByRole('checkbox', { name: 'Select e2e-hidden-one' }).check();
        await page.getByRole('checkbox', { name: 'Select e2e-hidden-two' }).check();
        await page.getByRole('searchbox', { name: 'Search by name' }).fill('e2e-hidden-one');
      });
      await step('the bar says one of the selected is hidden', async () => {
        await page.locator('.toolbar .count', { hasText: '2 selected · 1 of them hidden by filters' }).waitFor();
      });
    });
  });
});

describe('layout', () => {
  for (const locale of ['en', 'hu-HU', 'cs-CZ']) {
    test(`the detail page at 390 px does not scroll sideways (${locale}), and its timeline stays in its card`, async () => {
      await scenario(browser, `detail phone ${locale}`, async (page, step) => {
        await step('open a job with drives', async () => {
          await open(page, detailPath('rg-media-archive', 'camera-cards-0415'));
          await page.locator('.drive').first().waitFor();
        });
        await step('nothing is wider than the screen', async () => {
          const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(scroll <= 390, `${scroll} px wide`);
        });
        await step('the timeline is inside its section', async () => {
          const [line, card] = await Promise.all([page.locator('.timeline').boundingBox(), page.locator('.timeline').locator('xpath=..').boundingBox()]);
          assert.ok(line.x >= card.x && line.x + line.width <= card.x + card.width, JSON.stringify({ line, card }));
        });
      }, { viewport: { width: 390, height: 844 }, locale });
    });
  }

  test('a 64-character name fits the list at 1366 px', async () => {
    const name = `e2e-${'x'.repeat(58)}ab`;
    assert.equal(name.length, 64);
    await jobIn(service, 'e2e-long', name, 'Creating');
    await scenario(browser, 'long name', async (page, step) => {
      await step('open the list', async () => {
        await page.goto(service.url);
        await page.getByRole('link', { name }).waitFor();
      });
      await step('no horizontal scrollbar, the Created column is visible', async () => {
        const widths = await page.evaluate(() => {
          const scroller = document.querySelector('.table-scroll');
          return { doc: document.documentElement.scrollWidth, inner: scroller.scrollWidth, outer: scroller.clientWidth };
        });
        assert.ok(widths.doc <= 1366 && widths.inner <= widths.outer, JSON.stringify(widths));
      });
    }, { viewport: { width: 1366, height: 800 } });
  });
});

describe('connection', () => {
  test('a detail link opened without a token asks for one in the user\'s language', async () => {
    await scenario(browser, 'detail without token', async (page, step) => {
      await step('open a deep link with no token in a Czech browser', () => page.goto(`${service.base}${detailPath('rg-media-archive', 'camera-cards-0415')}`));
      await step('the prompt is the friendly one, in Czech', async () => {
        await page.getByRole('heading', { name: 'Připojit ke službě' }).waitFor();
        assert.doesNotMatch(await page.locator('main').innerText(), /Authentication failed/);
      });
    }, { locale: 'cs-CZ' });
  });

  test('Settings refuses an address with a path, names the service in effect, and errors link to Settings', async () => {
    await scenario(browser, 'settings', async (page, step) => {
      await step('open Settings', async () => {
        await page.goto(service.url);
        await page.getByRole('link', { name: 'camera-cards-0415' }).waitFor();
        await page.getByRole('link', { name: 'Settings' }).click();
        await page.getByText(`Connected to ${service.base}.`).waitFor();
      });
      await step('an address ending in /subscriptions is refused, nothing is kept', async () => {
        await page.getByLabel('Service URL').fill(`${service.base}/subscriptions`);
        await button(page, 'Save').click();
        await page.getByText(/without a path/).waitFor();
        assert.equal(await page.getByLabel('Service URL').getAttribute('aria-invalid'), 'true');
        assert.equal(await page.evaluate(() => localStorage.getItem('waybill.service')), null);
      });
      await step('a service the page may not reach is refused with the reason', async () => {
        await page.getByLabel('Service URL').fill('http://127.0.0.1:9');
        await button(page, 'Save').click();
        await page.getByText(/may not reach http:\/\/127\.0\.0\.1:9/).waitFor();
        assert.equal(await page.evaluate(() => localStorage.getItem('waybill.service')), null);
      });
      await step('a service URL stored by an older console, with a path, is explained on the list', async () => {
        await page.evaluate((base) => localStorage.setItem('waybill.service', `${base}/subscriptions`), service.base);
        await page.goto(`${service.base}/`);
        await page.getByText(/no jobs list at this address/).waitFor();
        await page.getByRole('link', { name: 'Check the service and token in Settings' }).waitFor();
      });
      await step('a freshly printed link in a new tab goes back to this service', async () => {
        const tab = await page.context().newPage();
        await tab.goto(service.url);
        await tab.getByRole('link', { name: 'camera-cards-0415' }).waitFor();
        await tab.close();
      });
    });
  });

  test('a second Waybill, allowed by the operator, is reachable from Settings with its token', async () => {
    // Two services that name each other: the console's host may call the second one
    // (--console-connect), and the second one lets the host's pages call it (--cors-origin).
    const hostPort = await freePort();
    const second = await startService({ args: ['--cors-origin', `http://127.0.0.1:${hostPort}`] });
    const host = await startService({ port: hostPort, args: ['--console-connect', second.base] });
    try {
      await jobIn(second, 'e2e-second', 'e2e-on-the-second-service', 'Creating');
      await scenario(browser, 'second service', async (page, step) => {
        await step('connect to the second service from Settings', async () => {
          await page.goto(host.url);
          await page.getByRole('link', { name: 'camera-cards-0415' }).waitFor();
          await page.getByRole('link', { name: 'Settings' }).click();
          await page.getByLabel('Service URL').fill(second.base);
          await page.getByLabel('Access token').fill(second.token);
          await button(page, 'Save').click();
        });
        await step('its jobs are listed', async () => {
          await page.getByRole('link', { name: 'e2e-on-the-second-service' }).waitFor();
        });
        await step('Settings names it as the service in effect', async () => {
          await page.getByRole('link', { name: 'Settings' }).click();
          await page.getByText(`Connected to ${second.base}.`).waitFor();
        });
      });
    } finally {
      await host.stop();
      await second.stop();
    }
  });
});

describe('the list refreshes itself', () => {
  test('a refresh that changes rows keeps scroll, focus and selection; a hidden tab makes no requests', async () => {
    const rg = 'e2e-refresh';
    for (let i = 0; i < 40; i += 1) await jobIn(service, rg, `e2e-refresh-${String(i).padStart(2, '0')}`, 'Shipping');
    await scenario(browser, 'refresh keeps state', async (page, step) => {
      // The polling refresh, as against a service without a live stream (Azure itself).
      await page.route('**/_waybill/subscriptions/*/events*', (route) => route.abort());
      let listRequests = 0;
      page.on('request', (r) => { if (/\/providers\/Microsoft\.ImportExport\/jobs\?/.test(r.url())) listRequests += 1; });
      await step('open the list of this group, sorted by name', async () => {
        await page.goto(`${service.base}/?q=e2e-refresh-&sort=name&order=asc#token=${service.token}`);
        await page.getByRole('link', { name: 'e2e-refresh-00' }).waitFor();
      });
      const before = await step('scroll, select two jobs and leave focus on the second box', async () => {
        await page.locator('.table-scroll').evaluate((el) => { el.scrollTop = 600; });
        await page.getByRole('link', { name: 'e2e-refresh-20' }).waitFor();
        await page.getByRole('checkbox', { name: 'Select e2e-refresh-19' }).check();
        await page.getByRole('checkbox', { name: 'Select e2e-refresh-20' }).check();
        await page.getByRole('checkbox', { name: 'Select e2e-refresh-20' }).focus();
        return { scroll: await page.locator('.table-scroll').evaluate((el) => el.scrollTop), requests: listRequests };
      });
      await step('the data center moves a shown job; a refresh brings it', async () => {
        await advance(service, rg, 'e2e-refresh-20');
        const row = page.locator('tr', { has: page.getByRole('link', { name: 'e2e-refresh-20' }) });
        await row.locator('.badge', { hasText: 'Received' }).waitFor({ timeout: 12000 });
        assert.ok(listRequests > before.requests, 'the list was fetched again');
      });
      await step('scroll, focus and selection are as they were', async () => {
        assert.equal(await page.locator('.table-scroll').evaluate((el) => el.scrollTop), before.scroll);
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Select e2e-refresh-20');
        assert.equal(await page.getByRole('checkbox', { name: 'Select e2e-refresh-19' }).isChecked(), true);
        assert.equal(await page.getByRole('checkbox', { name: 'Select e2e-refresh-20' }).isChecked(), true);
        await page.locator('.toolbar .count', { hasText: '2 selected' }).waitFor();
      });
      await step('hidden, the tab asks for nothing; visible again, it refreshes', async () => {
        await page.evaluate(() => {
          Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
          document.dispatchEvent(new Event('visibilitychange'));
        });
        const hiddenFrom = listRequests;
        await new Promise((r) => setTimeout(r, 11000));
        assert.equal(listRequests, hiddenFrom, 'a hidden tab sent list requests');
        await page.evaluate(() => {
          delete document.visibilityState;
          document.dispatchEvent(new Event('visibilitychange'));
        });
        await eventually('a refresh once visible', async () => listRequests > hiddenFrom, 8000);
      });
    });
  });
});
