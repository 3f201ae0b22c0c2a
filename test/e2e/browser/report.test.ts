/**
 * The rendered report in a real browser (Debian's Chromium driven by playwright-core): it loads
 * from file:// with zero console errors and no request other than the file itself, every
 * figure's interactive view renders with a non-zero size, hostile strings stay inert, and a
 * screenshot is written to test/output/.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/report/index.ts';
import { demoDocument } from '../../report/demo-document.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve('test/output/browser-report');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Skipping the browser report test: ${CHROMIUM} is absent (apt-get install chromium).`);

describe.skipIf(!hasChromium)('report in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    await renderReport(demoDocument(), OUT);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads offline, renders every figure interactively, runs no injected script', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(join(OUT, 'index.html')).href;
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(
      `(() => { const c = [...document.querySelectorAll('.figure-interactive')];
        return c.length > 0 && c.every((e) => e.getAttribute('data-rendered') === 'true'); })()`,
      undefined,
      { timeout: 20_000 },
    );

    const sizes = await page.$$eval('.figure-interactive', (els) =>
      els.map((e) => {
        const svg = e.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return { w: box?.width ?? 0, h: box?.height ?? 0 };
      }),
    );
    expect(sizes).toHaveLength(3);
    for (const s of sizes) {
      expect(s.w).toBeGreaterThan(100);
      expect(s.h).toBeGreaterThan(100);
    }
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.$$eval('script', (s) => s.length)).toBe(5); // figure specs (JSON) + vega, vega-lite, vega-embed, init
    expect(await page.$$eval('img, iframe, object, embed', (s) => s.length)).toBe(0);
    const handlers = await page.$$eval('*', (els) => els.flatMap((e) => e.getAttributeNames().filter((n: string) => n.startsWith('on'))));
    expect(handlers).toEqual([]);
    expect(await page.locator('h1').innerText()).toContain('<script>window.__pwned = 1</script>');
    // The tooltip of the point whose pseudonym field carries "</script><script>…" shows it as text.
    const evilPoint = page.locator('#fig-alliance-vs-change .figure-interactive path[aria-label*="__pwned = 3"]').first();
    await evilPoint.hover({ force: true });
    const tooltip = page.locator('#vg-tooltip-element');
    await tooltip.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await tooltip.innerText()).toContain('</script><script>window.__pwned = 3</script>');
    expect(await tooltip.locator('script, img').count()).toBe(0);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');

    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);

    await page.screenshot({ path: 'test/output/browser-report.png', fullPage: true });
    await page.close();
  });

  it('shows the static figures when scripts are off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(OUT, 'index.html')).href);
    const sizes = await page.$$eval('.figure-static svg', (els) => els.map((e) => e.getBoundingClientRect().width));
    expect(sizes).toHaveLength(3);
    for (const w of sizes) expect(w).toBeGreaterThan(100);
    await context.close();
  });
});
