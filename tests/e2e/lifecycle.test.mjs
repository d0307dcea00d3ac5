// The whole job lifecycle in the console: create (import with two drives, export with blob
// prefixes), blocked before any request when the rules say no, edit then ship, clone,
// typed-name delete, the list exported as CSV, and the simulated data center's panel.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { OPERATOR, OUT, SUB, advance, api, detailPath, eventually, jobIn, jobPath, launchBrowser, scenario, startService } from './harness.mjs';

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

const open = (page, path, { operator = false } = {}) =>
  page.goto(`${service.base}${path}#token=${service.token}${operator ? `&operator=${OPERATOR}` : ''}`);
const button = (scope, name) => scope.getByRole('button', { name, exact: true });
const badge = (page, text) => page.locator('.detail-header .badge', { hasText: text });
const account = (rg) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/e2estore`;

/** Fills the fields every job needs. */
async function basics(page, { name, rg, type = 'Import' }) {
  await page.getByLabel('Job name').fill(name);
  await page.getByLabel('Subscription').fill(SUB);
  await page.getByLabel('Resource group').fill(rg);
  await page.getByLabel('Location').selectOption('West US');
  await page.getByLabel('Storage account resource id').fill(account(rg));
  await page.getByLabel('Job type').selectOption(type);
}

async function returnAddress(page) {
  await page.getByLabel('Recipient').fill('Ada Lovelace');
  await page.getByLabel('Street address', { exact: true }).fill('1 Analytical Way');
  await page.getByLabel('City').fill('Redmond');
  await page.getByLabel('Postal code').fill('98052');
  await page.getByLabel('Country or region').fill('USA');
  await page.getByLabel('Phone').fill('4255550100');
  await page.getByLabel('Email').fill('ada@contoso.example');
}

describe('the job lifecycle', () => {
  test('1. create an import job with two drives (one typed, one pasted from the drive summary); a reload keeps the form', async () => {
    const [rg, name] = ['e2e-create', 'e2e-import-two'];
    await scenario(browser, 'create import', async (page, step) => {
      await step('the list offers New job', async () => {
        await open(page, '/');
        await page.getByRole('link', { name: 'New job' }).click();
        await page.getByRole('heading', { name: 'New job' }).waitFor();
        assert.match(page.url(), /\/new$/);
      });
      await step('fill the basics; the location shows its address and carriers', async () => {
        await basics(page, { name, rg });
        const info = page.locator('#location-info');
        await info.getByText('Ship the drives to:').waitFor();
        assert.match(await info.innerText(), /Carriers accepted here: .*FedEx/);
      });
      await step('the first drive, typed', async () => {
        await page.getByLabel('Drive id').fill('E2EDRIVE01');
        await page.getByLabel('BitLocker key').fill('111111-222222-333333');
        await page.getByLabel('Manifest file').fill('\\DriveManifest.xml');
        await page.getByLabel('Manifest hash').fill('AA11');
      });
      await step('a reload of the tab keeps what was typed', async () => {
        await page.reload();
        await page.getByRole('heading', { name: 'New job' }).waitFor();
        assert.equal(await page.getByLabel('Job name').inputValue(), name);
        assert.equal(await page.getByLabel('Drive id').inputValue(), 'E2EDRIVE01');
        assert.equal(await page.getByLabel('Location').inputValue(), 'West US');
      });
      await step('paste the drive summary: both drives are read', async () => {
        await page.getByLabel('Drive summary (CSV) from the WAImportExport tool').fill(
          'DriveLetter,FormatOption,DriveId,BitLockerKey,ManifestFile,ManifestHash,DriveHeaderHash\n'
          + 'G,Format,E2EDRIVE01,111111-222222-333333,\\DriveManifest.xml,AA11,\n'
          + 'H,Format,E2EDRIVE02,444444-555555-666666,\\DriveManifest.xml,BB22,CC33\n');
        await button(page, 'Read the drives').click();
        await page.getByRole('group', { name: 'Drive 2' }).waitFor();
        assert.equal(await page.locator('#properties-driveList-1--driveId').inputValue(), 'E2EDRIVE02');
      });
      await step('the return address and carrier', async () => {
        await returnAddress(page);
        await page.getByLabel('Carrier', { exact: true }).fill('FedEx');
        await page.getByLabel('Carrier account number').fill('987654321');
        await page.getByLabel('Tag 1 name').waitFor({ state: 'detached' });
        await button(page, 'Add a tag').click();
        await page.getByLabel('Tag 1 name').fill('team');
        await page.getByLabel('Tag 1 value').fill('media');
        assert.equal(await page.locator('#create-blocked').count(), 0, 'nothing blocks the create');
      });
      await page.screenshot({ path: join(OUT, 'new-job.png'), fullPage: true });
      await step('create: the job\'s page opens', async () => {
        await button(page, 'Create job').click();
        await page.getByText(`Job ${name} was created.`).waitFor();
        await page.getByRole('heading', { name, level: 1 }).waitFor();
        assert.ok(page.url().endsWith(detailPath(rg, name)), page.url());
      });
      await step('the API has the job with both drives, its keys and tags', async () => {
        const r = await api(service, 'GET', jobPath(rg, name));
        assert.equal(r.status, 200);
        assert.deepEqual(r.body.properties.driveList.map((d) => d.driveId), ['E2EDRIVE01', 'E2EDRIVE02']);
        assert.equal(r.body.properties.returnShipping.carrierAccountNumber, '987654321');
        assert.deepEqual(r.body.tags, { team: 'media' });
        const keys = await api(service, 'POST', jobPath(rg, name).replace('?', '/listBitLockerKeys?'));
        assert.deepEqual(keys.body.value.map((k) => k.bitLockerKey), ['111111-222222-333333', '444444-555555-666666']);
      });
      await step('the draft is gone: New job starts empty again', async () => {
        await open(page, '/new');
        await page.getByRole('heading', { name: 'New job' }).waitFor();
        assert.equal(await page.getByLabel('Job name').inputValue(), '');
      });
    });
  });

  test('2. create an export job with blob prefixes', async () => {
    const [rg, name] = ['e2e-create', 'e2e-export-prefixes'];
    await scenario(browser, 'create export', async (page, step) => {
      await step('open the form', () => open(page, '/new'));
      await step('an export job has blobs, not drives', async () => {
        await basics(page, { name, rg, type: 'Export' });
        assert.equal(await page.getByLabel('Drive id').count(), 0);
        await page.getByLabel('Blob path prefixes (one per line)').fill('/photos/\n/videos/2026/');
        await returnAddress(page);
      });
      await step('create', async () => {
        await button(page, 'Create job').click();
        await page.getByText(`Job ${name} was created.`).waitFor();
      });
      await step('the API has the prefixes and no drives', async () => {
        const r = await api(service, 'GET', jobPath(rg, name));
        assert.equal(r.body.properties.jobType, 'Export');
        assert.deepEqual(r.body.properties.export.blobList.blobPathPrefix, ['/photos/', '/videos/2026/']);
        assert.ok(!r.body.properties.driveList?.length);
      });
    });
  });

  test('3. an invalid name and an incomplete return address are blocked before any request is sent', async () => {
    await scenario(browser, 'blocked create', async (page, step) => {
      const jobRequests = [];
      page.on('request', (r) => { if (/\/providers\/Microsoft\.ImportExport\/jobs\//.test(r.url())) jobRequests.push(`${r.method()} ${r.url()}`); });
      await step('open the form', () => open(page, '/new'));
      await step('the name is checked as it is typed', async () => {
        await page.getByLabel('Job name').fill('x!');
        await page.locator('#jobName-error').getByText('Use 2 to 64 letters').waitFor();
        assert.equal(await page.getByLabel('Job name').getAttribute('aria-invalid'), 'true');
      });
      await step('a return address without its city and the rest', async () => {
        await basics(page, { name: 'x!', rg: 'e2e-create' });
        await page.getByLabel('Drive id').fill('E2EBLOCK01');
        await page.getByLabel('Recipient').fill('Ada Lovelace');
        await page.getByLabel('Street address', { exact: true }).fill('1 Analytical Way');
      });
      await step('create: nothing is sent, focus is on the name, the blockers are listed', async () => {
        await button(page, 'Create job').click();
        await eventually('focus on the name', async () => page.evaluate(() => document.activeElement?.id === 'jobName'));
        const blocked = await page.locator('#create-blocked').innerText();
        for (const label of ['Job name', 'City', 'Email', 'Drive 1: BitLocker key']) assert.match(blocked, new RegExp(label));
        assert.equal(await page.locator('#properties-returnAddress-city-error').innerText(), 'Required.');
        assert.deepEqual(jobRequests, []);
      });
    });
  });

  test('4. edit the return address, then mark as shipped', async () => {
    const [rg, name] = ['e2e-edit', 'e2e-edit-ship'];
    await jobIn(service, rg, name, 'Creating');
    await scenario(browser, 'edit then ship', async (page, step) => {
      await step('open the job and Edit', async () => {
        await open(page, detailPath(rg, name));
        await button(page, 'Edit').click();
        await page.getByRole('heading', { name: 'Edit job' }).waitFor();
      });
      await step('an emptied required field is flagged as typed', async () => {
        await page.locator('#edit-properties-returnAddress-city').fill('');
        await page.locator('#edit-properties-returnAddress-city-error').getByText('Required.').waitFor();
      });
      await step('save the new address', async () => {
        await page.locator('#edit-properties-returnAddress-city').fill('Seattle');
        await page.locator('#edit-properties-returnAddress-streetAddress1').fill('500 Pine Street');
        await button(page, 'Save changes').click();
        await page.getByText('The changes were saved.').waitFor();
        const r = await api(service, 'GET', jobPath(rg, name));
        assert.equal(r.body.properties.returnAddress.city, 'Seattle');
        assert.equal(r.body.properties.returnAddress.streetAddress1, '500 Pine Street');
      });
      await step('mark as shipped', async () => {
        await page.getByLabel('Tracking number').fill('TRACK-4');
        await button(page, 'Mark as shipped').click();
        await badge(page, 'Shipping').waitFor();
      });
      await step('while Shipping, the delivery package can still be corrected', async () => {
        await button(page, 'Edit').click();
        const tracking = page.locator('#edit-properties-deliveryPackage-trackingNumber');
        assert.equal(await tracking.inputValue(), 'TRACK-4');
        await tracking.fill('TRACK-42');
        await button(page, 'Save changes').click();
        await page.getByText('The changes were saved.').waitFor();
        const r = await api(service, 'GET', jobPath(rg, name));
        assert.equal(r.body.properties.deliveryPackage.trackingNumber, 'TRACK-42');
        assert.equal(r.body.properties.deliveryPackage.carrierName, 'FedEx');
      });
      await step('in Packaging the address is read-only, with the rule\'s reason', async () => {
        const r = await api(service, 'POST', `/_emulator/subscriptions/${SUB}/resourceGroups/${rg}/jobs/${name}/advance`, { body: { to: 'Packaging' }, token: OPERATOR });
        assert.equal(r.status, 200);
        await badge(page, 'Packaging').waitFor({ timeout: 15000 });
        await button(page, 'Edit').click();
        const group = page.getByRole('group', { name: 'Return address' });
        assert.equal(await page.locator('#edit-properties-returnAddress-city').isDisabled(), true);
        const tracking = page.locator('#edit-properties-deliveryPackage-trackingNumber');
        assert.equal(await tracking.inputValue(), 'TRACK-42');
        assert.equal(await tracking.isDisabled(), true);
        assert.match(await group.innerText(), /Packaging/);
        assert.equal(await page.locator('#tag-name-0').count(), 0);
        assert.equal(await button(page, 'Add a tag').isDisabled(), false, 'tags stay editable');
      });
    });
  });

  test('5. clone a job: its settings, a new name, no BitLocker keys', async () => {
    const [rg, name] = ['e2e-clone', 'e2e-clone-source'];
    await jobIn(service, rg, name, 'Shipping');
    await scenario(browser, 'clone', async (page, step) => {
      await step('open the job and Clone job', async () => {
        await open(page, detailPath(rg, name));
        await page.getByRole('link', { name: 'Clone job' }).click();
        await page.getByRole('heading', { name: 'New job' }).waitFor();
        assert.match(decodeURIComponent(page.url()), /\/new\?clone=\/subscriptions\/.*\/jobs\/e2e-clone-source$/);
      });
      await step('filled from the job, with a suggested name and no key', async () => {
        await eventually('the clone is filled', async () => (await page.getByLabel('Job name').inputValue()) === `${name}-copy`);
        assert.equal(await page.getByLabel('Resource group').inputValue(), rg);
        assert.equal(await page.getByLabel('City').inputValue(), 'Redmond');
        assert.equal(await page.getByLabel('Drive id').inputValue(), 'SOURCE01');
        assert.equal(await page.getByLabel('BitLocker key').inputValue(), '');
      });
      await step('the missing key blocks the create until it is typed', async () => {
        await button(page, 'Create job').click();
        await eventually('focus on the key', async () => page.evaluate(() => document.activeElement?.id === 'properties-driveList-0--bitLockerKey'));
        await page.getByLabel('BitLocker key').fill('777777-888888');
        await button(page, 'Create job').click();
        await page.getByText(`Job ${name}-copy was created.`).waitFor();
        const r = await api(service, 'GET', jobPath(rg, `${name}-copy`));
        assert.equal(r.body.properties.state, 'Creating');
        assert.equal(r.body.properties.driveList[0].driveId, 'SOURCE01');
      });
      await step('cloning under a name that exists says so, and sends no create', async () => {
        await open(page, `/new?clone=${encodeURIComponent(`/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.ImportExport/jobs/${name}`)}`);
        await eventually('the clone is filled', async () => (await page.getByLabel('Job name').inputValue()) === `${name}-copy`);
        await page.getByLabel('BitLocker key').fill('777777-888888');
        await button(page, 'Create job').click();
        await page.locator('#jobName-error').getByText(`A job named ${name}-copy already exists`).waitFor();
        const r = await api(service, 'GET', jobPath(rg, `${name}-copy`));
        assert.equal(r.body.properties.driveList.length, 1);
      });
    });
  });

  test('6. delete asks for the job\'s name, typed; bulk delete for the number of jobs', async () => {
    const rg = 'e2e-typed';
    await jobIn(service, rg, 'e2e-typed-one', 'Creating');
    await jobIn(service, rg, 'e2e-typed-two', 'Creating');
    await jobIn(service, rg, 'e2e-typed-three', 'Creating');
    await scenario(browser, 'typed delete', async (page, step) => {
      await step('open the job and Delete job', async () => {
        await open(page, detailPath(rg, 'e2e-typed-one'));
        await button(page, 'Delete job').click();
      });
      const dialog = page.getByRole('dialog');
      await step('the delete button waits for the exact name', async () => {
        assert.equal(await button(dialog, 'Delete job').isDisabled(), true);
        await dialog.getByLabel('Type the job\'s name, e2e-typed-one, to confirm.').fill('e2e-typed-on');
        assert.equal(await button(dialog, 'Delete job').isDisabled(), true);
        await dialog.getByLabel('Type the job\'s name, e2e-typed-one, to confirm.').fill('e2e-typed-one');
        assert.equal(await button(dialog, 'Delete job').isDisabled(), false);
      });
      await step('deleted', async () => {
        await button(dialog, 'Delete job').click();
        await page.getByText('Job e2e-typed-one was deleted.').waitFor();
        assert.equal((await api(service, 'GET', jobPath(rg, 'e2e-typed-one'))).status, 404);
      });
      await step('bulk delete of two asks for 2', async () => {
        await page.getByRole('searchbox', { name: 'Search by name' }).fill('e2e-typed-t');
        await page.getByRole('checkbox', { name: 'Select e2e-typed-two' }).check();
        await page.getByRole('checkbox', { name: 'Select e2e-typed-three' }).check();
        await button(page, 'Delete selected').click();
        const confirm = button(dialog, 'Delete 2 jobs');
        assert.equal(await confirm.isDisabled(), true);
        await dialog.getByLabel('Type the number of jobs that will be deleted, 2, to confirm.').fill('3');
        assert.equal(await confirm.isDisabled(), true);
        await dialog.getByLabel('Type the number of jobs that will be deleted, 2, to confirm.').fill('2');
        await confirm.click();
        await dialog.getByText('e2e-typed-two: done').waitFor();
        await button(dialog, 'Done').click();
        assert.equal((await api(service, 'GET', jobPath(rg, 'e2e-typed-three'))).status, 404);
      });
    });
  });

  test('7. the list exported as CSV and JSON: as shown, every column and the resource id', async () => {
    const rg = 'e2e-export';
    await jobIn(service, rg, 'e2e-csv-a', 'Creating');
    await jobIn(service, rg, 'e2e-csv-b', 'Transferring');
    await scenario(browser, 'csv export', async (page, step) => {
      await step('filter the list to the two jobs', async () => {
        await open(page, '/');
        await page.getByRole('searchbox', { name: 'Search by name' }).fill('e2e-csv-');
        await page.getByRole('link', { name: 'e2e-csv-b' }).waitFor();
      });
      const text = await step('export CSV', async () => {
        const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Export CSV').click()]);
        assert.match(download.suggestedFilename(), /^waybill-jobs-.*\.csv$/);
        return readFileSync(await download.path(), 'utf8');
      });
      await step('the file has the header, the two jobs as shown and their resource ids', async () => {
        const lines = text.trimEnd().split('\r\n');
        assert.equal(lines[0], 'Name,Type,State,Cancel requested,Storage account,Location,Drives,Created,Resource id');
        assert.equal(lines.length, 3);
        assert.match(lines.join('\n'), /e2e-csv-a,Import,Creating,,e2e,West US,1,/);
        assert.match(lines.join('\n'), /e2e-csv-b,Import,Transferring,/);
        assert.ok(lines.some((l) => l.endsWith(`/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.ImportExport/jobs/e2e-csv-a`)));
      });
      const json = await step('export JSON', async () => {
        const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Export JSON').click()]);
        return JSON.parse(readFileSync(await download.path(), 'utf8'));
      });
      await step('the JSON has the same jobs with the API\'s values', async () => {
        assert.deepEqual(json.map((j) => [j.name, j.state]).sort(), [['e2e-csv-a', 'Creating'], ['e2e-csv-b', 'Transferring']]);
      });
    });
  });

  test('8. the simulated data center panel brings a cancelled job to Completed; the clock runs retention', async () => {
    const [rg, name] = ['e2e-operator', 'e2e-operator-cancel'];
    await jobIn(service, rg, name, 'Received');
    await scenario(browser, 'operator panel', async (page, step) => {
      await step('without the operator token there is no panel', async () => {
        await open(page, detailPath(rg, name));
        await page.getByRole('heading', { name, level: 1 }).waitFor();
        assert.equal(await page.getByRole('heading', { name: 'Simulated data center' }).count(), 0);
      });
      await step('with it (the link the demo prints), the panel is there', async () => {
        await open(page, detailPath(rg, name), { operator: true });
        await page.getByRole('heading', { name: 'Simulated data center' }).waitFor();
        assert.ok(!page.url().includes(OPERATOR) && !page.url().includes('#'), 'the tokens left the address bar');
      });
      await step('cancel the job', async () => {
        await button(page, 'Cancel job').click();
        await button(page.getByRole('dialog'), 'Cancel job').click();
        await page.locator('.detail-header .badge', { hasText: 'Cancel requested' }).waitFor();
      });
      await step('the panel offers only where the rules lead: Completed', async () => {
        const options = await page.getByLabel('Target state').locator('option').allInnerTexts();
        assert.deepEqual(options, ['Completed']);
        await button(page, 'Advance one step').click();
        await badge(page, 'Completed').waitFor();
        assert.equal(await button(page, 'Delete job').isDisabled(), false);
      });
      await step('the list shows the service clock; 90 days later retention removed the job', async () => {
        await open(page, '/', { operator: true });
        await page.getByText(/^Service clock: /).waitFor();
        await page.getByLabel('Days').fill('91');
        await button(page, 'Move the clock forward').click();
        await page.getByText(/Jobs removed by retention: [1-9]/).waitFor();
        assert.equal((await api(service, 'GET', jobPath(rg, name))).status, 404);
      });
    });
  });

  test('9. a job\'s activity: who did what and when, the data center\'s moves, refusals with their code; kept after a delete', async () => {
    const [rg, name] = ['e2e-activity', 'e2e-activity-job'];
    await jobIn(service, rg, name, 'Transferring');
    const refused = await api(service, 'DELETE', jobPath(rg, name));
    assert.equal(refused.status, 409);
    await scenario(browser, 'activity', async (page, step) => {
      const table = page.locator('table.activity');
      await step('open the job: its history, newest first', async () => {
        await open(page, detailPath(rg, name));
        await table.waitFor();
        const rows = await table.locator('tbody tr').allInnerTexts();
        assert.equal(rows.length, 4, rows.join('\n'));
        assert.match(rows[0], /user\tDeleted\t\tRefused: JobCannotBeDeleted/);
        assert.match(rows[1], /operator\tMoved by the data center\tShipping → Transferring\tSucceeded/);
        assert.match(rows[2], /user\tMarked as shipped\tCreating → Shipping\tSucceeded/);
        assert.match(rows[3], /user\tCreated\t→ Creating\tSucceeded/);
      });
      await step('cancel in the console: the history shows it at once', async () => {
        await button(page, 'Cancel job').click();
        await button(page.getByRole('dialog'), 'Cancel job').click();
        await table.locator('tbody tr').first().filter({ hasText: 'Cancellation requested' }).waitFor();
        assert.match(await table.locator('tbody tr').first().innerText(), /Cancel requested\tSucceeded/);
      });
      await step('a deleted job\'s history stays readable', async () => {
        await advance(service, rg, name);
        assert.equal((await api(service, 'DELETE', jobPath(rg, name))).status, 200);
        await open(page, detailPath(rg, name));
        await page.getByText('This job no longer exists').waitFor();
        await table.locator('tbody tr').first().filter({ hasText: 'Deleted' }).waitFor();
        assert.match(await table.locator('tbody tr').first().innerText(), /Deleted\tCompleted → ∅\tSucceeded/);
      });
    });
  });

  test('9b. a cancelled job whose document does not say where it was cancelled (as Azure\'s do not): the timeline draws the path from its activity log', async () => {
    const [rg, name] = ['e2e-history', 'e2e-history-job'];
    await jobIn(service, rg, name, 'Received');
    assert.equal((await api(service, 'PATCH', jobPath(rg, name), { body: { properties: { cancelRequested: true } } })).status, 200);
    const done = await advance(service, rg, name);
    assert.equal(done.properties.state, 'Completed');
    assert.equal(done.properties.cancelledInState, 'Received');
    await scenario(browser, 'path from history', async (page, step) => {
      // The service's documents record where the cancellation took effect; Azure's do not:
      // the job is read without it, and no live stream brings it back.
      await page.route('**/_waybill/subscriptions/*/events*', (route) => route.abort());
      await page.route(new RegExp(`/jobs/${name}\\?`), async (route) => {
        const response = await route.fetch();
        const job = await response.json();
        delete job.properties.cancelledInState;
        await route.fulfill({ response, json: job });
      });
      await step('open the job: Received passed, the states after it skipped, none "not known"', async () => {
        await open(page, detailPath(rg, name));
        await page.locator('table.activity').waitFor();
        await page.locator('.timeline .skipped', { hasText: 'Transferring (skipped)' }).waitFor();
        await page.locator('.timeline .skipped', { hasText: 'Packaging (skipped)' }).waitFor();
        await page.locator('.timeline .current', { hasText: 'Completed (canceled)' }).waitFor();
        assert.equal(await page.locator('.timeline .unknown').count(), 0);
        assert.equal(await page.locator('.timeline .done').count(), 3, 'Creating, Shipping and Received');
      });
    });
  });

  for (const locale of ['hu-HU', 'cs-CZ']) {
    test(`10. at 390 px in ${locale} the new-job form and its problems do not scroll sideways; the form works by keyboard`, async () => {
      await scenario(browser, `new job phone ${locale}`, async (page, step) => {
        await step('open the form and press Enter in the name field: the problems show', async () => {
          await open(page, '/new');
          await page.locator('#jobName').waitFor();
          await page.locator('#jobName').focus();
          await page.keyboard.type('x!');
          await page.keyboard.press('Enter');
          await page.locator('#create-blocked').waitFor();
          await eventually('focus on the name', async () => page.evaluate(() => document.activeElement?.id === 'jobName'));
        });
        await step('Tab reaches the next field and the drive rows', async () => {
          await page.keyboard.press('Tab');
          assert.equal(await page.evaluate(() => document.activeElement?.id), 'subscriptionId');
        });
        await step('nothing is wider than the screen', async () => {
          const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(scroll <= 390, `${scroll} px wide`);
        });
      }, { viewport: { width: 390, height: 844 }, locale });
    });
  }

  test('11. live updates: the open list and detail page follow changes from the stream, with no list or job requests', async () => {
    const rg = 'e2e-live';
    await jobIn(service, rg, 'e2e-live-one', 'Transferring');
    await scenario(browser, 'live updates', async (page, step) => {
      const polls = [];
      page.on('request', (r) => {
        const url = r.url();
        if (r.method() === 'GET' && /\/providers\/Microsoft\.ImportExport\/jobs(\/[^/?]+)?\?/.test(url)) polls.push(url);
      });
      await step('open the list of the group; the stream opens', async () => {
        await open(page, `/?q=e2e-live`);
        await page.getByRole('link', { name: 'e2e-live-one' }).waitFor();
        // The stream opens and the list is read once more behind it.
        await new Promise((r) => setTimeout(r, 1500));
        polls.length = 0;
      });
      await step('the data center moves the job: its row follows', async () => {
        await advance(service, rg, 'e2e-live-one', 'Packaging');
        await page.locator('tr', { hasText: 'e2e-live-one' }).locator('.badge', { hasText: 'Packaging' }).waitFor({ timeout: 4000 });
      });
      await step('a new job appears, a deleted one goes', async () => {
        await jobIn(service, rg, 'e2e-live-two', 'Creating');
        await page.getByRole('link', { name: 'e2e-live-two' }).waitFor({ timeout: 4000 });
        assert.equal((await api(service, 'DELETE', jobPath(rg, 'e2e-live-two'))).status, 200);
        await page.getByRole('link', { name: 'e2e-live-two' }).waitFor({ state: 'detached', timeout: 4000 });
      });
      await step('none of it asked for the list', () => assert.deepEqual(polls, []));
      await step('the detail page follows too', async () => {
        await page.getByRole('link', { name: 'e2e-live-one' }).click();
        await badge(page, 'Packaging').waitFor();
        await new Promise((r) => setTimeout(r, 1500));
        polls.length = 0;
        await advance(service, rg, 'e2e-live-one');
        await badge(page, 'Completed').waitFor({ timeout: 4000 });
        assert.deepEqual(polls, [], 'the job was not asked for again');
      });
    });
  });
});
