// The end-to-end harness: starts waybill-server on a free loopback port with a fresh data
// folder, the built console and demo data; launches headless Chromium; stops both afterwards,
// also on failure. Every failure names its scenario, step and screenshot.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const OPERATOR = 'e2e-operator-token';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AUDIT = process.env.E2E_AUDIT !== '0';
const SERVER = process.env.WAYBILL_SERVER;
const DIST = process.env.WAYBILL_DIST;
export const OUT = process.env.E2E_OUT ?? join(process.cwd(), 'e2e-out');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the service; resolves once it printed the console URL. Pending cancellations wait an
 * hour unless `args` says otherwise (`--cancel-after`), so a scenario sees a job's cancellation
 * requested before the data center carries it out; `args` also takes e.g. `--policy FILE`;
 * `port` fixes the port (for services that must name each other).
 */
export async function startService({ args = [], port: wanted } = {}) {
  if (!SERVER || !DIST) throw new Error('set WAYBILL_SERVER and WAYBILL_DIST (scripts/e2e.sh does)');
  const dir = mkdtempSync(join(tmpdir(), 'waybill-e2e-'));
  const port = wanted ?? await freePort();
  const cancelAfter = args.includes('--cancel-after') ? [] : ['--cancel-after', '3600'];
  const child = spawn(SERVER, ['--listen', `127.0.0.1:${port}`, '--data-dir', dir, '--ui', DIST, '--demo',
    '--operator-token', OPERATOR, ...cancelAfter, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the service printed no console URL:\n${out}\n${stderr}`)), 15000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Open the console: (http:\/\/\S+#token=[0-9a-f]+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => reject(new Error(`the service exited (${code}):\n${stderr}`)));
  });
  const base = url.split('#')[0].replace(/\/$/, '');
  const token = url.split('#token=')[1];
  return {
    url, base, token, dir,
    async stop() {
      // One refused request, so the log check below always has a request line to look at.
      await fetch(`${base}/subscriptions?api-version=2020-01-01`).catch(() => {});
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
      rmSync(dir, { recursive: true, force: true });
      // Tokens never reach the log, whatever the scenarios did.
      for (const secret of [token, OPERATOR]) {
        if (stderr.includes(secret)) throw new Error('a token was written to the service log');
      }
      if (!stderr.includes('request refused')) throw new Error('the log check saw no request log at all');
    },
  };
}

export async function launchBrowser() {
  mkdirSync(OUT, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    chromiumSandbox: false,
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/** Calls the service's REST API. */
export async function api(service, method, path, { body, token } = {}) {
  const response = await fetch(`${service.base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token ?? service.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export const SUB = '6d1f0c2e-5b8a-4f3e-9c7d-2a4b6e8f0a1c';
const V = 'api-version=2021-01-01';
export const jobPath = (rg, name) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.ImportExport/jobs/${name}?${V}`;
export const detailPath = (rg, name) => `/subscriptions/${SUB}/resourceGroups/${rg}/jobs/${name}`;

const address = (overrides = {}) => ({ recipientName: 'E2E', streetAddress1: '1 Test Way', city: 'Redmond', postalCode: '98052',
  countryOrRegion: 'USA', phone: '4255550100', email: 'e2e@contoso.example', ...overrides });

/** Creates an import job and brings it to `state` (customer ships, operator advances). */
export async function jobIn(service, rg, name, state, { returnAddress, deliveryPackage } = {}) {
  const body = { location: 'West US', properties: {
    storageAccountId: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/e2e`,
    jobType: 'Import', returnAddress: address(returnAddress),
    driveList: [{ driveId: `${name.slice(-6).toUpperCase()}01`, bitLockerKey: '000000-111111', manifestFile: '\\m.xml', manifestHash: 'AB' }] } };
  let r = await api(service, 'PUT', jobPath(rg, name), { body });
  if (r.status !== 201) throw new Error(`create ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  if (state === 'Creating') return r.body;
  r = await api(service, 'PATCH', jobPath(rg, name), { body: { properties: { state: 'Shipping',
    deliveryPackage: { carrierName: 'FedEx', trackingNumber: '123456', driveCount: 1, shipDate: '2026-11-01', ...deliveryPackage } } } });
  if (r.status !== 200) throw new Error(`ship ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  if (state === 'Shipping') return r.body;
  return advance(service, rg, name, state);
}

/** The simulated data center moves the job (to `state`, or one step). */
export async function advance(service, rg, name, state) {
  const r = await api(service, 'POST', `/_emulator/subscriptions/${SUB}/resourceGroups/${rg}/jobs/${name}/advance`,
    { body: state ? { to: state } : undefined, token: OPERATOR });
  if (r.status !== 200) throw new Error(`advance ${name} to ${state}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/**
 * Audits the page as it is with axe-core: WCAG 2.1 A and AA, and best practices of serious or
 * critical impact, in the light and the dark colour scheme, and at phone width. Throws naming
 * each violation, its rule and its elements. The page's Content-Security-Policy stays on:
 * axe is evaluated through the browser's debugging protocol, which the policy does not govern.
 */
export async function audit(page) {
  const found = [];
  const run = async (where) => {
    await page.evaluate(`window.axe || (() => { ${AXE_SOURCE}\n })()`);
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
        resultTypes: ['violations'],
      });
      return result.violations.map((v) => ({
        id: v.id, impact: v.impact, wcag: v.tags.some((t) => /^wcag\d/.test(t)), help: v.help,
        nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').split('\n').slice(1).join(' ').trim()}`),
      }));
    });
    for (const v of violations) {
      if (v.wcag || v.impact === 'serious' || v.impact === 'critical') found.push(`[${where}] ${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.join('\n      ')}`);
    }
  };
  const viewport = page.viewportSize();
  try {
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      await run(colorScheme);
    }
    if (viewport && viewport.width > 480) {
      // The phone layout changes what scrolls: keep every scroll position to put back after.
      await page.evaluate(() => {
        window.__auditScrolls = [...document.querySelectorAll('*'), document.scrollingElement]
          .filter((e) => e && (e.scrollTop || e.scrollLeft)).map((e) => [e, e.scrollTop, e.scrollLeft]);
        const a = document.activeElement;
        window.__auditFocus = a && a !== document.body ? { el: a, id: a.id, label: a.getAttribute('aria-label') } : null;
      });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await run('phone, dark');
      await page.emulateMedia({ colorScheme: 'light' });
      await run('phone, light');
    }
  } finally {
    await page.emulateMedia({ colorScheme: null });
    if (viewport) {
      await page.setViewportSize(viewport);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => {
        for (const [e, top, left] of window.__auditScrolls ?? []) { e.scrollTop = top; e.scrollLeft = left; }
        // A list that renders only the rows in view may have rendered the focused row anew.
        const f = window.__auditFocus;
        if (f && document.activeElement !== f.el) {
          const again = (f.el.isConnected && f.el)
            || (f.id && document.getElementById(f.id))
            || (f.label && document.querySelector(`[aria-label="${CSS.escape(f.label)}"]`));
          again?.focus();
        }
        delete window.__auditScrolls;
        delete window.__auditFocus;
        requestAnimationFrame(r);
      })));
    }
  }
  if (found.length) throw new Error(`accessibility audit (axe-core):\n  ${found.join('\n  ')}`);
}

/**
 * Runs one scenario in a fresh browser context. `step(name, fn)` names each step; a failure
 * is reported with the scenario, the step and a screenshot of the failing page.
 */
export async function scenario(browser, name, body, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1300, height: 1000 }, ...contextOptions });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // The console must work under the service's Content-Security-Policy: any violation fails.
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) errors.push(m.text()); });
  let current = 'start';
  // After every step, the page as it then is passes the accessibility audit (once per state:
  // a step that changed nothing on the page is not audited again).
  let audited = '';
  const step = async (what, fn) => {
    current = what;
    const value = await fn();
    if (AUDIT && !page.isClosed()) {
      const state = await page.evaluate(() => location.href + document.body.innerHTML.length).catch(() => '');
      if (state && state !== audited) {
        current = `${what} (accessibility audit)`;
        await audit(page);
        audited = state;
      }
    }
    return value;
  };
  try {
    await body(page, step);
    if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
  } catch (error) {
    const shot = join(OUT, `failure-${name.replace(/\W+/g, '-')}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    error.message = `scenario "${name}", step "${current}": ${error.message}\n  screenshot: ${shot}`;
    throw error;
  } finally {
    await context.close();
  }
}

/** Waits until `check` returns true (polling), or fails with `what`. */
export async function eventually(what, check, timeout = 12000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try { if (await check()) return; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}
