/**
 * The REAL demo report in a real browser: pipelines/demo.yaml is run through the spawned CLI
 * into test/output/demo-browser, and its index.html is opened from file:// in Debian's Chromium
 * (playwright-core). It must load with zero console errors and no request other than the file
 * itself, and every figure's interactive Vega view (`.figure-interactive`, marked
 * `data-rendered="true"` by the page script once vega-embed resolves) must render with a
 * non-zero size. A full-page screenshot goes to test/output/demo-report.png for a human to look at.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../helpers/temp-project.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve('test/output/demo-browser');
const SCREENSHOT = resolve('test/output/demo-report.png');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Skipping the demo-report browser test: ${CHROMIUM} is absent (apt-get install chromium).`);

describe.skipIf(!hasChromium)('demo report in Chromium', () => {
  let browser: Browser;
  let nFigureFiles = 0;
  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    const run = cli(['run', 'pipelines/demo.yaml', '--out', OUT, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    nFigureFiles = readdirSync(join(OUT, 'figures')).filter((f) => f.endsWith('.vl.json')).length;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads offline with no console error and renders every figure interactively', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(join(OUT, 'index.html')).href;
    await page.goto(url, { waitUntil: 'load' });

    const nContainers = await page.$$eval('.figure-interactive', (els) => els.length);
    expect(nFigureFiles).toBeGreaterThan(10);
    expect(nContainers).toBe(nFigureFiles);
    // A failed view never gets data-rendered (the page script warns instead), so wait for all,
    // and on timeout say which ones are missing.
    try {
      await page.waitForFunction(
        `[...document.querySelectorAll('.figure-interactive')].every((e) => e.getAttribute('data-rendered') === 'true')`,
        undefined,
        { timeout: 30_000 },
      );
    } catch {
      const missing = await page.$$eval('.figure-interactive:not([data-rendered="true"])', (els) => els.map((e) => e.closest('figure')?.id));
      expect.fail(`figures without an interactive view: ${missing.join(', ')}; console: ${problems.join(' | ')}`);
    }

    const views = await page.$$eval('.figure-interactive', (els) =>
      els.map((e) => {
        const svg = e.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        const marks = svg ? svg.querySelectorAll('path, rect, line, circle, text').length : 0;
        return { id: e.closest('figure')?.id ?? '?', w: box?.width ?? 0, h: box?.height ?? 0, marks, staticHidden: (e.closest('figure')?.querySelector('.figure-static') as HTMLElement | null)?.hidden ?? false };
      }),
    );
    for (const v of views) {
      expect({ id: v.id, wide: v.w > 100, tall: v.h > 100, hasMarks: v.marks > 5, staticHidden: v.staticHidden }).toEqual({
        id: v.id,
        wide: true,
        tall: true,
        hasMarks: true,
        staticHidden: true,
      });
    }

    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    await page.close();
  });
});
