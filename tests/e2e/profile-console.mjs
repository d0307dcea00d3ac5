// A CPU profile of the console loading a list (DevTools protocol), summarised by function:
// self time of the top functions between navigation and the list's first render.
// Usage: URL=... TOKEN=... node tests/e2e/profile-console.mjs
import { chromium } from 'playwright-core';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', chromiumSandbox: false,
  args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({ viewport: { width: 1300, height: 900 }, locale: 'en-US' });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
const windowed = process.env.WINDOW === '1';
let consoleProfile = null;
cdp.on('Profiler.consoleProfileFinished', (e) => { consoleProfile = e.profile; });
if (windowed) {
  // Profile only from the rows being set to the list's first render.
  await page.addInitScript(() => {
    const mark = Performance.prototype.mark;
    Performance.prototype.mark = function (name, ...rest) {
      if (name === 'waybill:rows-set' && !window.__profiled) { window.__profiled = true; console.profile('render'); }
      return mark.call(this, name, ...rest);
    };
    const measure = Performance.prototype.measure;
    Performance.prototype.measure = function (name, ...rest) {
      const out = measure.call(this, name, ...rest);
      if (name === 'waybill:list-render') console.profileEnd('render');
      return out;
    };
  });
} else {
  await cdp.send('Profiler.start');
}
await page.goto(`${process.env.URL}/#token=${process.env.TOKEN}`);
await page.waitForFunction(() => performance.getEntriesByName('waybill:list-render', 'measure').length > 0, null, { timeout: 120000 });
let profile;
if (windowed) {
  while (!consoleProfile) await new Promise((r) => setTimeout(r, 50));
  profile = consoleProfile;
} else {
  ({ profile } = await cdp.send('Profiler.stop'));
}
const marks = await page.evaluate(() => [...performance.getEntriesByType('mark'), ...performance.getEntriesByType('measure')].map((e) => `${e.name} ${e.startTime.toFixed(1)} ${e.duration.toFixed(1)}`));
const nav = await page.evaluate(() => JSON.stringify(performance.getEntriesByType('navigation')[0].toJSON()));
const res = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => `${r.name.split('/').pop().slice(0, 40)} start ${r.startTime.toFixed(1)} end ${r.responseEnd.toFixed(1)}`));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
profile.samples.forEach((id, i) => {
  const n = byId.get(id);
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop().slice(0, 30)}`;
  self.set(key, (self.get(key) ?? 0) + (dt[i + 1] ?? 0) / 1000);
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(marks.join('\n'));
console.log(res.join('\n'));
console.log(nav);
console.log(`total sampled ${total.toFixed(1)} ms`);
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 40))) console.log(v.toFixed(1).padStart(8), k);
await browser.close();
if (process.env.BUCKETS) {
  // Per 20 ms of the profile: the three functions with the most self time.
  let t = 0;
  const buckets = new Map();
  profile.samples.forEach((id, i) => {
    t += (dt[i] ?? 0) / 1000;
    const n = byId.get(id);
    const key = `${n.callFrame.functionName || '(anon)'}`.slice(0, 70);
    const b = Math.floor(t / 20);
    if (!buckets.has(b)) buckets.set(b, new Map());
    const m = buckets.get(b);
    m.set(key, (m.get(key) ?? 0) + (dt[i + 1] ?? 0) / 1000);
  });
  for (const [b, m] of [...buckets.entries()].sort((a, c) => a[0] - c[0])) {
    const top = [...m.entries()].sort((a, c) => c[1] - a[1]).slice(0, 3).map(([k, v]) => `${v.toFixed(1)} ${k}`).join(' | ');
    console.log(`${String(b * 20).padStart(5)} ms: ${top}`);
  }
}
