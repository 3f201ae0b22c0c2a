import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIGURE_ROW_WARNING, renderReport, renderSvgToPng, renderVegaLiteToSvg, ReportError, type RenderReportResult } from '../../src/report/index.ts';
import { demoDocument, EVIL, EVIL_CLOSE } from './demo-document.ts';
import { htmlTags } from './html-tags.ts';
import { vegaLiteValidator } from './vega-lite-schema.ts';

const OUT = resolve('test/output/report-unit');
let result: RenderReportResult;
let html: string;
/** The page without the bodies of its inline scripts (the vendored Vega builds contain markup-like strings). */
let markup: string;

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  result = await renderReport(demoDocument(), OUT);
  html = readFileSync(join(OUT, 'index.html'), 'utf8');
  markup = html.replace(/(<script>)[\s\S]*?(<\/script>)/g, '$1$2');
});

describe('renderReport output files', () => {
  it('writes index.html, every figure as SVG/PNG/Vega-Lite and every table as CSV, with file-safe names', () => {
    expect(result.files).toContain('index.html');
    const figures = result.files.filter((f) => f.startsWith('figures/'));
    expect(figures).toHaveLength(9);
    for (const f of result.files) {
      expect(f).toMatch(/^(index\.html|figures\/[a-z0-9_-]+\.(svg|png|vl\.json)|tables\/[a-z0-9_-]+\.csv)$/);
      expect(existsSync(join(OUT, f))).toBe(true);
    }
    expect(result.files).toContain('tables/descriptives.csv');
    expect(result.bytes).toBe(Buffer.byteLength(html));
  });

  it('is deterministic: the same document gives the same bytes', async () => {
    const again = resolve('test/output/report-unit-again');
    rmSync(again, { recursive: true, force: true });
    await renderReport(demoDocument(), again);
    for (const f of result.files) expect(readFileSync(join(again, f)).equals(readFileSync(join(OUT, f))), f).toBe(true);
  });

  it('writes Vega-Lite specs that validate against the Vega-Lite schema and carry the theme', () => {
    const validate = vegaLiteValidator();
    for (const f of result.files.filter((x) => x.endsWith('.vl.json'))) {
      const spec = JSON.parse(readFileSync(join(OUT, f), 'utf8')) as { config: { range: { category: string[] } } };
      const ok = validate(spec);
      expect(ok, `${f}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
      expect(spec.config.range.category[0]).toBe('#0072B2');
    }
  });

  it('rejects a spec that is not Vega-Lite', () => {
    expect(vegaLiteValidator()({ mark: 'pointy', encoding: {} })).toBe(false);
  });

  it('writes PNGs at 300 dpi: size × 300/96 and a pHYs chunk of 11,811 px/m', () => {
    for (const f of result.files.filter((x) => x.endsWith('.png'))) {
      const png = readFileSync(join(OUT, f));
      expect(png.length).toBeGreaterThan(10_000);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      const svg = readFileSync(join(OUT, f.replace(/\.png$/, '.svg')), 'utf8');
      const w = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)![1]);
      const h = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)![1]);
      expect(Math.abs(png.readUInt32BE(16) - (w * 300) / 96)).toBeLessThanOrEqual(1);
      expect(Math.abs(png.readUInt32BE(20) - (h * 300) / 96)).toBeLessThanOrEqual(1);
      const at = png.indexOf('pHYs', 0, 'latin1');
      expect(at).toBeGreaterThan(0);
      expect(png.readUInt32BE(at + 4)).toBe(11811); // 300 / 0.0254
      expect(png.readUInt8(at + 12)).toBe(1);
      expect(png.indexOf('pHYs', at + 4, 'latin1')).toBe(-1);
    }
  });

  it('gives the exported SVG files an escaped <title> and <desc>', () => {
    const svg = readFileSync(join(OUT, 'figures/alliance-vs-change.svg'), 'utf8');
    expect(svg).toMatch(/^<svg [^>]*><title>Alliance at session 3 and symptom change &lt;script&gt;window.__pwned = 1&lt;\/script&gt;&quot;&#39;&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;<\/title><desc>Scatter plot /);
    expect(htmlTags(svg).map((t) => t.name)).not.toContain('script');
  });

  it('writes RFC 4180 CSV with raw values, quoting and formula neutralisation', () => {
    const csv = readFileSync(join(OUT, 'tables/descriptives.csv'), 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(`variable,n,mean,sd,r,p,"${EVIL.replace(/"/g, '""')}"`);
    expect(lines[1]).toBe(`WAI-SR (session 3),150,3.98,0.79,0.2834,0.00044,${EVIL_CLOSE}`);
    expect(lines[3]).toBe(`PHQ-9 change,148,-6.31,5.02,,,"'=HYPERLINK(""http://x"")"`);
    expect(lines[4]).toBe('');
    expect(lines).toHaveLength(5);
  });
});

describe('the HTML page', () => {
  it('escapes every hostile string: no injected tag, attribute or script survives', () => {
    expect(markup.includes('<script>window.__pwned')).toBe(false);
    const tags = htmlTags(markup);
    const names = new Set(tags.map((t) => t.name));
    for (const bad of ['img', 'iframe', 'object', 'embed', 'link', 'base', 'form', 'input']) expect(names.has(bad), bad).toBe(false);
    const attributes = new Set(tags.flatMap((t) => t.attributes));
    for (const a of attributes) expect(a, a).not.toMatch(/^(on|src$|srcdoc$|formaction$)/);
    expect(markup.match(/<script\b/g)).toHaveLength(5);
    expect(markup.match(/<\/script>/g)).toHaveLength(5);
    expect(markup).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;');
  });

  it('keeps figure specs inert inside <script type="application/json"> and round-trips their data', () => {
    const m = /<script type="application\/json" id="alliance-figure-specs">([\s\S]*?)<\/script>/.exec(html);
    expect(m).not.toBeNull();
    const json = m![1]!;
    expect(json).not.toMatch(/[<>]/);
    const specs = JSON.parse(json) as { data: { values: { id: string; site: string }[] } }[];
    expect(specs).toHaveLength(3);
    expect(specs[0]!.data.values[0]!.id).toBe(EVIL_CLOSE);
    expect(specs[0]!.data.values[0]!.site).toBe(EVIL);
  });

  it('loads nothing: a strict CSP, no external URL in any src or href', () => {
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-/);
    const hrefs = [...markup.matchAll(/\shref="([^"]*)"/g)].map((x) => x[1]!);
    expect(hrefs.length).toBeGreaterThan(10);
    for (const h of hrefs) expect(h).toMatch(/^(#[a-z0-9_-]+|figures\/[a-z0-9_-]+\.(svg|png|vl\.json)|tables\/[a-z0-9_-]+\.csv)$/);
    expect(html.includes('sourceMappingURL')).toBe(false);
  });

  it('has the parts of a report: contents, methods, APA tables and figures, ledger, appendix, references', () => {
    for (const id of ['toc-h', 'methods', 'data-quality', 'reproducibility', 'references', 'tab-descriptives', 'fig-trajectories', 'ledger']) {
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toContain('<span class="label">Table 2</span>');
    expect(html).toContain('<span class="label">Figure 3</span>');
    expect(html).toMatch(/<td class="num">\.28<\/td><td class="num">&lt; \.001<\/td>/);
    expect(html).toContain('<td class="num">41.2%</td>');
    expect(html).toContain('aa'.repeat(32));
    expect(html).toContain('duplicate-session');
    // [key] of a known citation becomes a link with the APA author–date form; unknown brackets stay text
    expect(html).toContain('following Jacobson and Truax [<a class="cite" href="#ref-jacobson1991">Jacobson &amp; Truax, 1991</a>].');
    expect(html).toContain('[unknown-key]');
    expect(html).toContain('<li id="ref-jacobson1991">Jacobson, N. S.');
    // references sorted alphabetically (APA)
    expect(html.indexOf('Fisher, R. A.')).toBeLessThan(html.indexOf('Jacobson, N. S.'));
    // every static SVG present, with ids prefixed per figure
    expect(html.match(/<div class="figure-static"[^>]*><svg/g)).toHaveLength(3);
  });

  it('renders a static-only page without scripts when interactive is false', async () => {
    const dir = resolve('test/output/report-unit-static');
    const r = await renderReport(demoDocument(), dir, { interactive: false });
    const page = readFileSync(r.indexHtml, 'utf8');
    expect(page).not.toMatch(/<script\b/);
    expect(page).toContain("script-src &#39;none&#39;");
    expect(r.bytes).toBeLessThan(result.bytes - 800_000);
  });
});

describe('renderer guards', () => {
  it('warns when a figure embeds more rows than FIGURE_ROW_WARNING, and not otherwise', async () => {
    expect(result.warnings).toEqual([]);
    const doc = demoDocument();
    const values = Array.from({ length: FIGURE_ROW_WARNING + 1 }, (_, i) => ({ x: i % 97, y: i % 89 }));
    doc.sections = [{ id: 's', title: 'S', blocks: [{ kind: 'figure', id: 'big', title: 't', description: 'd', spec: { data: { values }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } } }] }];
    const r = await renderReport(doc, resolve('test/output/report-unit-big'), { interactive: false });
    expect(r.warnings).toEqual([`figure big: ${FIGURE_ROW_WARNING + 1} inline data rows; sample or aggregate them (sampleForFigure) to keep the report light`]);
  });

  it('refuses figure data loaded from a URL or file', async () => {
    const doc = demoDocument();
    doc.sections = [{ id: 's', title: 'S', blocks: [{ kind: 'figure', id: 'f', title: 't', description: 'd', spec: { data: { url: '/etc/passwd' }, mark: 'point' } }] }];
    await expect(renderReport(doc, resolve('test/output/report-unit-bad'))).rejects.toThrow(/figure "f".*data\.url/);
    await expect(
      renderVegaLiteToSvg({ layer: [{ data: { url: 'https://example.org/x.csv' }, mark: 'point' }] }),
    ).rejects.toBeInstanceOf(ReportError);
  });

  it('reports a spec that does not compile, naming the figure', async () => {
    const doc = demoDocument();
    doc.sections = [{ id: 's', title: 'S', blocks: [{ kind: 'figure', id: 'broken', title: 't', description: 'd', spec: { mark: 'point', encoding: { x: { field: 'a', type: 'nope' } } } }] }];
    await expect(renderReport(doc, resolve('test/output/report-unit-bad'))).rejects.toThrow(/figure "broken"/);
  });

  it('names the table whose cell cannot be formatted', async () => {
    const doc = demoDocument();
    doc.sections = [{ id: 's', title: 'S', blocks: [{ kind: 'table', id: 'bad-p', caption: 'c', columns: [{ key: 'p', label: 'p', format: 'p' }], rows: [{ p: 1.5 }] }] }];
    const dir = resolve('test/output/report-unit-bad-table');
    rmSync(dir, { recursive: true, force: true });
    await expect(renderReport(doc, dir)).rejects.toThrow(/table "bad-p": formatP: p must lie in \[0, 1\], got 1\.5/);
    expect(existsSync(dir)).toBe(false); // nothing is written before everything has rendered
  });

  it('says which font is missing for the PNG export', () => {
    expect(() => renderSvgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', { fontFiles: ['/nonexistent/DejaVuSans.ttf'] })).toThrow(
      /\/nonexistent\/DejaVuSans\.ttf.*fonts-dejavu-core/,
    );
  });
});
