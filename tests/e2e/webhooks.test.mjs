// Webhooks end to end: a receiver on a loopback port (the service runs with
// --allow-private-webhooks, as the demo does) passes Event Grid's handshake, gets each change
// signed with the shared secret, and the job list's "Webhooks" panel shows how the deliveries
// stand — delivered, and given up on after the receiver refused one with 400.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';

import { SUB, api, eventually, freePort, jobIn, launchBrowser, scenario, startService } from './harness.mjs';

let service;
let browser;
let receiver;
const received = [];
const SECRET = 'e2e-webhook-secret';

before(async () => {
  const port = await freePort();
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => { raw += d; });
    req.on('end', () => {
      const events = JSON.parse(raw);
      if (req.headers['aeg-event-type'] === 'SubscriptionValidation') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ validationResponse: events[0].data.validationCode }));
        return;
      }
      received.push({ path: req.url, headers: req.headers, raw, event: events[0] });
      res.writeHead(req.url.startsWith('/refuse') ? 400 : 200);
      res.end();
    });
  });
  await new Promise((r) => receiver.listen(port, '127.0.0.1', r));
  receiver.url = `http://127.0.0.1:${port}`;
  service = await startService({ args: ['--allow-private-webhooks'] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await service?.stop();
  receiver?.close();
});

const hooks = `/_waybill/subscriptions/${SUB}/eventSubscriptions`;

describe('webhooks', () => {
  test('a receiver gets each change signed; the list shows what was delivered and what was given up on', async () => {
    let r = await api(service, 'PUT', `${hooks}/e2e-orders`, { body: { properties: {
      endpointUrl: `${receiver.url}/ok?code=e2e-query-key`, secret: SECRET } } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    r = await api(service, 'PUT', `${hooks}/e2e-refusing`, { body: { properties: {
      endpointUrl: `${receiver.url}/refuse`, filter: { includedEventTypes: ['Microsoft.ImportExport.JobCreated'] } } } });
    assert.equal(r.status, 201, JSON.stringify(r.body));

    await jobIn(service, 'e2e-hooks', 'e2e-hooked', 'Shipping');
    await eventually('the created and the shipped job reach the receiver', () =>
      received.filter((d) => d.path.startsWith('/ok') && d.event.data.jobName === 'e2e-hooked').length >= 2);
    for (const d of received.filter((x) => x.path.startsWith('/ok'))) {
      const [t, mac] = d.headers['waybill-signature'].split(',sha256=');
      const expected = createHmac('sha256', SECRET).update(`${t.slice(2)}.${d.raw}`).digest('hex');
      assert.equal(mac, expected, 'the signature verifies with the shared secret');
      assert.equal(d.event.topic, `/subscriptions/${SUB}`);
    }
    const types = received.filter((d) => d.path.startsWith('/ok')).map((d) => d.event.eventType);
    assert.ok(types.includes('Microsoft.ImportExport.JobCreated'), types.join());
    assert.ok(types.includes('Microsoft.ImportExport.JobStateChanged'), types.join());
    let refusing;
    await eventually('the refused delivery is given up on', async () => {
      refusing = await api(service, 'GET', `${hooks}/e2e-refusing/deliveries`);
      return refusing.body.value.some((d) => d.status === 'DeadLettered');
    }).catch((e) => { throw new Error(`${e.message}: ${JSON.stringify(refusing?.body)}`); });

    await scenario(browser, 'webhooks panel', async (page, step) => {
      await step('the list offers the webhooks, closed', async () => {
        await page.goto(`${service.base}/#token=${service.token}`);
        await page.getByText('Webhooks', { exact: true }).waitFor();
      });
      await step('opened, each webhook with its deliveries', async () => {
        await page.getByText('Webhooks', { exact: true }).click();
        const table = page.locator('table.webhooks');
        await table.waitFor();
        const orders = table.locator('tr', { hasText: 'e2e-orders' });
        const ordersText = await orders.innerText();
        assert.match(ordersText, /127\.0\.0\.1:\d+\/ok/);
        assert.doesNotMatch(ordersText, /e2e-query-key/, 'the endpoint query (a key) is not shown');
        assert.match(ordersText, /All job events/);
        const refusing = table.locator('tr', { hasText: 'e2e-refusing' });
        assert.match(await refusing.innerText(), /JobCreated/);
        assert.match(await refusing.innerText(), /400/);
        assert.equal(await refusing.getAttribute('class'), 'refused');
      });
    });
  });
});
