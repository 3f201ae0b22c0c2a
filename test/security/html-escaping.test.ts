// Issue 9: "Every value placed in the HTML report is escaped; a test injects <script> and quote
// characters through IDs, modality names and column names and checks the page stays inert in
// the browser test." A real pipeline (through the CLI) runs on data whose patient and therapist
// ids, modality names, a column name, a pair label and the report title are hostile.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/temp-project.ts';
import { quote } from '../robustness/harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const inj = (n: number) => `<script>window.__pwned=${n}</script>`;
const PATIENTS = [`${inj(1)}P1"'`, `</script><script>window.__pwned=2</script>P2`, `"'><img src=x onerror="window.__pwned=3">P3`, `P4</script>'"`, 'P5 &amp; <b>bold</b>', 'pid-Kq7zX1', 'pid-Wm3vR8', 'pid-Jt5nB2'];
const MODALITIES = [`</script><script>window.__pwned=4</script>`, `CBT"'<b>x</b>`];
const THERAPIST = `${inj(5)}"T'`;
const COLUMN = `x${inj(6)}"'`;
const LABEL = `</script>${inj(7)}"label'`;
const TITLE = `${inj(8)}"Title'`;
const HOSTILE = [...PATIENTS.slice(0, 5), ...MODALITIES, THERAPIST, COLUMN, LABEL, TITLE];

function data(): string {
  const header = ['therapist', 'patient', 'modality', 'session', ...Array.from({ length: 12 }, (_, i) => `wai${i + 1}`), ...Array.from({ length: 9 }, (_, i) => `phq${i + 1}`), COLUMN];
  const lines = [header.map((f) => quote(f)).join(',')];
  PATIENTS.forEach((p, i) => {
    for (let s = 1; s <= 4; s++) {
      const wai = 1 + ((i * 3 + s * 2) % 5);
      const phq = Math.max(0, 3 - Math.floor((s + (i % 3)) / 2));
      lines.push([THERAPIST, p, MODALITIES[i % 2], String(s), ...Array(12).fill(String(wai)), ...Array(9).fill(String(phq)), String((i * 7 + s) % 11)].map((f) => quote(f)).join(','));
    }
  });
  return `${lines.join('\n')}\n`;
}

const spec = `name: hostile
title: ${JSON.stringify(TITLE)}
stages:
  - id: sessions
    type: ingest
    file: data.csv
  - id: scored
    type: score
    from: sessions
    instruments:
      - { instrument: wai-sr, prefix: wai }
      - { instrument: phq-9, prefix: phq }
  - id: sample
    type: trajectories
    from: scored
    variables: [wai_total, phq_total]
    by: modality
  - id: patients
    type: patients
    from: scored
    outcome: phq_total
    alliance: [wai_total]
  - id: change
    type: change
    from: patients
    outcome: phq_total
    instrument: phq-9
  - id: assoc
    type: within-patient
    from: scored
    pairs:
      - { x: ${JSON.stringify(COLUMN)}, y: phq_total, label: ${JSON.stringify(LABEL)} }
  - id: report
    type: report
`;

const project = tempProject({ 'pipeline.yaml': spec, 'data.csv': data() });
const out = join(project.dir, 'out');
let html = '';
beforeAll(() => {
  const r = cli(['run', join(project.dir, 'pipeline.yaml'), '--out', out, '--quiet']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  html = readFileSync(join(out, 'index.html'), 'utf8');
}, 180_000);
afterAll(() => project.dispose());

describe('hostile strings in the data and the spec', () => {
  it('reach the report (escaped), so the checks below are not vacuous', () => {
    expect(html).toContain('&lt;script&gt;window.__pwned=8&lt;/script&gt;');
    const results = readFileSync(join(out, 'results.json'), 'utf8');
    expect(results).toContain(JSON.stringify(COLUMN).slice(1, -1));
    // the modality names label the trajectory figure; the column name and label the within-patient association
    expect(html).toMatch(/window\.__pwned=4/);
    expect(html).toMatch(/window\.__pwned=6/);
    expect(html).toMatch(/window\.__pwned=7/);
  });

  it('never appear unescaped in index.html or the SVG figures', () => {
    const figures = readdirSync(join(out, 'figures')).filter((f) => f.endsWith('.svg')).map((f) => readFileSync(join(out, 'figures', f), 'utf8'));
    for (const page of [html, ...figures]) {
      for (const s of HOSTILE) expect(page.includes(s), s).toBe(false);
      expect(page).not.toMatch(/<script>window\.__pwned/);
      expect(page).not.toMatch(/<img src=x/);
      expect(page).not.toMatch(/<b>x<\/b>|<b>bold<\/b>/);
    }
    // every <script> element is one of the report's own: no script tag opened by the data
    const opened = html.match(/<script\b[^>]*>/g) ?? [];
    for (const tag of opened) expect(tag).toMatch(/^<script( type="application\/json"[^>]*| id="[^"]*"[^>]*)?>$/);
  });

  it('shows no patient id without the identifiers opt-in', () => {
    for (const p of PATIENTS) expect(html.includes(p), p).toBe(false);
    expect(html).not.toMatch(/pid-[A-Za-z0-9]{6}/);
  });

  it.skipIf(!existsSync(CHROMIUM))('stays inert in Chromium: no injected script runs, no console error', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      await page.goto(pathToFileURL(join(out, 'index.html')).href, { waitUntil: 'load' });
      await page.waitForFunction(
        `(() => { const c = [...document.querySelectorAll('.figure-interactive')];
          return c.length > 0 && c.every((e) => e.getAttribute('data-rendered') === 'true'); })()`,
        undefined,
        { timeout: 30_000 },
      );
      expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
      expect(await page.$$eval('img, iframe, object, embed', (s) => s.length)).toBe(0);
      const handlers = await page.$$eval('*', (els) => els.flatMap((e) => e.getAttributeNames().filter((n: string) => n.startsWith('on'))));
      expect(handlers).toEqual([]);
      expect(await page.locator('h1').innerText()).toContain(TITLE);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
