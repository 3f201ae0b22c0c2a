/**
 * The REAL demo report in a real browser: pipelines/demo.yaml is run through the spawned CLI
 * into test/output/demo-browser, and its index.html is opened from file:// in Debian's Chromium
 * (playwright-core). It must load with zero console errors and no request other than the file
 * itself, and every figure's interactive Vega view (`.figure-interactive`, marked
 * `data-rendered="true"` by the page script once vega-embed resolves) must render with a
 * non-zero size. A full-page screenshot goes to test/output/demo-report.png for a human to look at.
 * The same report is then served by `alliance open` (spawned on a free loopback port): it serves
 * index.html and the exported files, and refuses paths that leave the report folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cli } from '../../helpers/temp-project.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve('test/output/demo-browser');
const SCREENSHOT = resolve('test/output/demo-report.png');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Skipping the demo-report browser test: ${CHROMIUM} is absent (apt-get install chromium).`);

let nFigureFiles = 0;
beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  const run = cli(['run', 'pipelines/demo.yaml', '--out', OUT, '--quiet']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  nFigureFiles = readdirSync(join(OUT, 'figures')).filter((f) => f.endsWith('.vl.json')).length;
});

describe.skipIf(!hasChromium)('demo report in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
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

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

/** A raw GET (node:http keeps the path as written, so `/../x` reaches the server un-normalised). */
function get(port: number, path: string): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('alliance open', () => {
  let child: ChildProcess | undefined;
  let port = 0;
  beforeAll(async () => {
    port = await freePort();
    const proc = spawn(process.execPath, [CLI, 'open', OUT, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let out = '';
    let err = '';
    proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`alliance open did not start: ${out} ${err}`)), 30_000);
      proc.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('Serving')) {
          clearTimeout(timer);
          ok();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`alliance open exited with ${code}: ${err}`));
      });
    });
    expect(out).toContain(`http://127.0.0.1:${port}/`);
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((ok) => child?.once('exit', ok));
      child.kill('SIGINT');
      await exited;
    }
  });

  it('serves index.html and the exported files on 127.0.0.1', async () => {
    const index = await get(port, '/');
    expect(index.status).toBe(200);
    expect(index.type).toMatch(/^text\/html/);
    expect(index.body.equals(readFileSync(join(OUT, 'index.html')))).toBe(true);
    expect((await get(port, '/index.html')).status).toBe(200);
    const svg = readdirSync(join(OUT, 'figures')).find((f) => f.endsWith('.svg'));
    const fig = await get(port, `/figures/${svg}`);
    expect(fig.status).toBe(200);
    expect(fig.type).toBe('image/svg+xml');
    expect((await get(port, '/no-such-file.html')).status).toBe(404);
  });

  it('refuses paths outside the report folder', async () => {
    const secret = readFileSync(resolve('package.json'));
    for (const path of ['/../package.json', '/..%2fpackage.json', '/%2e%2e/package.json', '/figures/../../package.json', `/${encodeURIComponent(resolve('package.json'))}`]) {
      const r = await get(port, path);
      expect([400, 404], `${path} answered ${r.status}`).toContain(r.status);
      expect(r.body.includes(secret.subarray(0, 40))).toBe(false);
    }
  });
});
