import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { FigureRenderError } from './chart/figure-render-error.ts';
import type { RenderedFigure } from './chart/render-figure.ts';
import { createFigureRenderer, type FigureRenderer } from './chart/create-figure-renderer.ts';
import { reportFigureSpec } from './chart/report-figure-spec.ts';
import { DEJAVU_SANS_FILES, resvgOptions, type RenderPngOptions } from './chart/resvg-options.ts';
import { tableToCsv } from './csv/table-to-csv.ts';
import { contentSecurityPolicy } from './html/content-security-policy.ts';
import { escapeHtml } from './html/escape-html.ts';
import { xmlSafeText } from './html/xml-safe-text.ts';
import { FIGURE_INIT_SCRIPT } from './html/figure-init-script.ts';
import { fileSafeId } from './html/file-safe-id.ts';
import { jsonForScript } from './html/json-for-script.ts';
import { readVegaBundles } from './html/read-vega-bundles.ts';
import { renderCitedText } from './html/render-cited-text.ts';
import { renderAppendixHtml } from './html/render-appendix-html.ts';
import { renderFigureHtml } from './html/render-figure-html.ts';
import { renderLedgerHtml } from './html/render-ledger-html.ts';
import { renderTableHtml } from './html/render-table-html.ts';
import { REPORT_CSS } from './html/report-css.ts';
import { withTitleEdits } from './chart/with-title-edits.ts';
import { ReportError } from './report-error.ts';
import { formatCount } from './format/index.ts';
import type { ReportBlock, ReportDocument, VegaLiteSpec } from './types.ts';

export interface RenderReportOptions {
  /** Bundle vega, vega-lite and vega-embed so figures are interactive (default true). */
  interactive?: boolean;
  /** Resolution of the PNG exports (default 300). */
  dpi?: number;
  /** Font files for the PNG exports (default DejaVu Sans regular and bold). */
  fontFiles?: readonly string[];
  /** Export every figure as a PNG too (default true); PNG rasterizing is the slowest part of rendering. */
  png?: boolean;
  /**
   * Worker threads that render figures; 0 renders them on the calling thread (SVGs one at a time,
   * PNGs rasterized on libuv's pool meanwhile). Default: on four or more cores, cores − 1 (at most
   * 4); otherwise 0, because on two cores a pool of two costs about 2.3 s more CPU at 100,000
   * patients (each worker loads tsx, vega and vega-lite and warms its own JIT) for no gain in wall
   * time. A pool is used only for two or more distinct figures. On two cores the way to take figures
   * off the report's critical path is `figures`: a one-worker renderer fed while the stages run.
   */
  threads?: number;
  /**
   * A renderer the caller started earlier and fed figures as they were made (see
   * createFigureRenderer, reportFigureSpec): figures it has rendered are reused, the others are
   * rendered on it. It must have the same PNG options; the caller closes it.
   */
  figures?: FigureRenderer;
}

export interface RenderReportResult {
  /** Absolute or outDir-relative path of index.html, as joined from outDir. */
  indexHtml: string;
  /** Size of index.html in bytes. */
  bytes: number;
  /** Every file written, relative to outDir, in writing order. */
  files: string[];
  /** Vega-Lite / Vega warnings, prefixed with the figure id. */
  warnings: string[];
}

type Figure = Extract<ReportBlock, { kind: 'figure' }>;
type Table = Extract<ReportBlock, { kind: 'table' }>;
type Prepared =
  | { kind: 'text'; text: string }
  | { kind: 'table'; block: Table; fileId: string; label: string }
  | { kind: 'figure'; block: Figure; fileId: string; label: string; specIndex: number; /** the figure's HTML, filled in when it is rendered */ html: string };

/** Above this many inline rows a figure gets a warning: sample or aggregate it (see sampleForFigure). */
export const FIGURE_ROW_WARNING = 10_000;
/** Above this size index.html gets a warning (issue 8: a 100,000-patient report stays under 10 MB). */
export const HTML_BYTES_WARNING = 10 * 1024 * 1024;

/**
 * Renders a {@link ReportDocument} into `outDir`: a self-contained `index.html` (inline CSS,
 * every figure as static SVG readable without scripts, an interactive Vega view built from
 * bundled vega/vega-lite/vega-embed, table of contents, methods and references, APA tables and
 * figures, the data-quality ledger and the reproducibility appendix), plus
 * `figures/<id>.svg|.png|.vl.json` (PNG at 300 dpi with DejaVu Sans) and `tables/<id>.csv`
 * (RFC 4180). Ids are made file-safe and unique; every string from data or spec is escaped;
 * a Content-Security-Policy forbids every fetch and every script but the page's own. Everything
 * is rendered in memory before the first file is written, so a failing figure leaves no
 * half-written report. Output is deterministic: same document, same bytes.
 * Phases: prepare (ids, numbering, config) → render figures (SVG, PNG) → assemble HTML → write.
 * @example const { bytes } = await renderReport(doc, 'reports/demo'); // writes reports/demo/index.html
 */
export async function renderReport(doc: ReportDocument, outDir: string, options: RenderReportOptions = {}): Promise<RenderReportResult> {
  const interactive = options.interactive ?? true;
  const withPng = options.png ?? true;
  const warnings: string[] = [];
  const figureIds = new Set<string>();
  const tableIds = new Set<string>();
  const sectionIds = new Set<string>();
  const out = new Map<string, string | Uint8Array>();
  const specs: VegaLiteSpec[] = [];
  const figures: PreparedFigure[] = [];
  let tableNo = 0;
  let figureNo = 0;

  // Phase 1, prepare: ids, numbers, themed specs, CSV; every file gets its place in the writing order.
  const sections: { htmlId: string; title: string; items: Prepared[] }[] = [];
  for (const section of doc.sections) {
    const items: Prepared[] = [];
    for (const block of section.blocks) {
      if (block.kind === 'text') items.push(block);
      else if (block.kind === 'table') {
        const fileId = fileSafeId(block.id, tableIds, 'table');
        out.set(`tables/${fileId}.csv`, tableToCsv(block.columns, block.rows));
        items.push({ kind: 'table', block, fileId, label: `Table ${++tableNo}` });
      } else {
        const fileId = fileSafeId(block.id, figureIds, 'figure');
        const { spec, vlJson } = reportFigureSpec(block);
        const nRows = countInlineRows(spec);
        out.set(`figures/${fileId}.vl.json`, vlJson);
        out.set(`figures/${fileId}.svg`, '');
        if (withPng) out.set(`figures/${fileId}.png`, EMPTY);
        specs.push(spec);
        const item: Extract<Prepared, { kind: 'figure' }> = { kind: 'figure', block, fileId, label: `Figure ${++figureNo}`, html: '', specIndex: specs.length - 1 };
        figures.push({ item, spec, vlJson, rowWarning: nRows > FIGURE_ROW_WARNING ? `figure ${fileId}: ${nRows} inline data rows; sample or aggregate them (sampleForFigure) to keep the report light` : undefined });
        items.push(item);
      }
    }
    sections.push({ htmlId: `sec-${fileSafeId(section.id, sectionIds, 'section')}`, title: section.title, items });
  }

  // Phase 2, figures: rendered (heaviest first; on worker threads on a larger machine), each post-processed as soon as it is done.
  await renderAllFigures(figures, specs, out, warnings, interactive, withPng, options);

  // Phase 3, the page; phase 4, write.
  const html = assemblePage(doc, sections, interactive ? specs : null, tableNo, figureNo);
  out.set('index.html', html);
  const bytes = Buffer.byteLength(html, 'utf8');
  if (bytes > HTML_BYTES_WARNING) warnings.push(`index.html is ${(bytes / 1048576).toFixed(1)} MB; sample or aggregate the largest figures`);

  await mkdir(join(outDir, 'figures'), { recursive: true });
  await mkdir(join(outDir, 'tables'), { recursive: true });
  for (const [rel, content] of out) await writeFile(join(outDir, rel), content);
  return { indexHtml: join(outDir, 'index.html'), bytes, files: [...out.keys()], warnings };
}

const EMPTY = new Uint8Array(0);

function pngKey(png: RenderPngOptions | null): string {
  return png === null ? 'none' : JSON.stringify([png.dpi ?? 300, png.fontFiles ?? DEJAVU_SANS_FILES, png.defaultFontFamily ?? 'DejaVu Sans']);
}

interface PreparedFigure {
  item: Extract<Prepared, { kind: 'figure' }>;
  spec: VegaLiteSpec;
  /** The exported .vl.json text; figures with the same text render to the same SVG and PNG, so they are rendered once. */
  vlJson: string;
  rowWarning: string | undefined;
}

async function renderAllFigures(
  figures: PreparedFigure[],
  specs: VegaLiteSpec[],
  out: Map<string, string | Uint8Array>,
  warnings: string[],
  interactive: boolean,
  withPng: boolean,
  options: RenderReportOptions,
): Promise<void> {
  if (figures.length === 0) return;
  const png = withPng ? { dpi: options.dpi, fontFiles: options.fontFiles } : null;
  if (png) resvgOptions(png); // a bad dpi or a missing font fails here, before any worker starts
  // one job per distinct spec, the largest (slowest) first so the workers finish together
  const unique = new Map<string, PreparedFigure>();
  for (const f of figures) if (!unique.has(f.vlJson)) unique.set(f.vlJson, f);
  const byWeight = [...unique.values()].sort((x, y) => y.vlJson.length - x.vlJson.length);
  const given = options.figures;
  if (given && pngKey(given.png) !== pngKey(png)) throw new ReportError('renderReport: the figures renderer was made with other PNG options than the report');
  const cores = availableParallelism();
  const threads = options.threads ?? (cores >= 4 ? Math.min(4, cores - 1) : 0);
  const renderer = given ?? createFigureRenderer({ threads: Math.min(threads, unique.size) >= 2 ? Math.min(threads, unique.size) : 0, png });
  for (const f of byWeight) void renderer.render(f.vlJson, f.spec);
  renderer.widen(); // the stages have ended: the figures left may use every core
  // No renderer.help() here: at 100,000 patients, helping the prerendering worker loaded vega on this
  // thread for a few figures: 0.6 s slower and ~120 MB more at the peak than waiting (measured).
  try {
    for (const f of figures) {
      const { fileId } = f.item;
      if (f.rowWarning !== undefined) warnings.push(f.rowWarning);
      let r: RenderedFigure;
      try {
        r = await renderer.render(f.vlJson, f.spec);
      } catch (e) {
        if (e instanceof FigureRenderError && e.phase === 'png') throw new Error(e.message);
        throw new ReportError(`figure "${f.item.block.id}": ${(e as Error).message}`);
      }
      for (const m of r.warnings) warnings.push(`figure ${fileId}: ${m}`);
      if (r.titles !== undefined) {
        // titles were broken into lines to fit the chart: the exported and interactive specs show the lines drawn
        const drawn = withTitleEdits(f.spec, r.titles);
        specs[f.item.specIndex] = drawn;
        out.set(`figures/${fileId}.vl.json`, `${JSON.stringify(drawn, null, 2)}\n`);
      }
      out.set(`figures/${fileId}.svg`, withTitle(r.svg, f.item.block.title, f.item.block.description));
      if (withPng) out.set(`figures/${fileId}.png`, r.png!);
      f.item.html = renderFigureHtml({
        htmlId: itemHtmlId(f.item),
        label: f.item.label,
        title: f.item.block.title,
        description: f.item.block.description,
        svg: r.svg,
        specIndex: interactive ? f.item.specIndex : undefined,
        files: { svg: `figures/${fileId}.svg`, png: withPng ? { href: `figures/${fileId}.png`, dpi: r.pngDpi! } : undefined, vl: `figures/${fileId}.vl.json` },
      });
    }
  } finally {
    if (renderer !== given) await renderer.close();
  }
}

function assemblePage(
  doc: ReportDocument,
  sections: { htmlId: string; title: string; items: Prepared[] }[],
  specs: VegaLiteSpec[] | null,
  nTables: number,
  nFigures: number,
): string {
  const scripts = specs && specs.length > 0 ? [...readVegaBundles().map((b) => b.code), FIGURE_INIT_SCRIPT] : [];
  const a = doc.appendix;
  const version = a.packages.alliance;
  const meta = [
    `Seed ${a.seed}`,
    formatCount(a.inputs.length, 'input file'),
    formatCount(nTables, 'table'),
    formatCount(nFigures, 'figure'),
    version ? `alliance ${version}` : 'alliance',
  ];

  const toc = [
    `<li><a href="#methods">Methods</a></li>`,
    ...sections.map((s) => {
      const sub = s.items
        .filter((i): i is Exclude<Prepared, { kind: 'text' }> => i.kind !== 'text')
        .map((i) => `<li><a href="#${itemHtmlId(i)}">${escapeHtml(i.label)}. ${escapeHtml(i.kind === 'table' ? i.block.caption : i.block.title)}</a></li>`);
      return `<li><a href="#${s.htmlId}">${escapeHtml(s.title)}</a>${sub.length ? `<ol>${sub.join('')}</ol>` : ''}</li>`;
    }),
    `<li><a href="#data-quality">Data quality</a></li>`,
    `<li><a href="#reproducibility">Reproducibility</a></li>`,
    `<li><a href="#references">References</a></li>`,
  ];

  const body = sections.map((s) =>
    [`<section id="${s.htmlId}" aria-labelledby="${s.htmlId}-h">`, `<h2 id="${s.htmlId}-h">${escapeHtml(s.title)}</h2>`, ...s.items.map((i) => renderItem(i, doc.citations)), `</section>`].join('\n'),
  );

  const references = [...doc.citations].sort((x, y) => x.text.localeCompare(y.text, 'en'));
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(scripts))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<meta name="generator" content="${escapeHtml(version ? `alliance ${version}` : 'alliance')}">`,
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<a class="skip-link" href="#main">Skip to the report</a>',
    '<div class="page">',
    '<header class="report-header">',
    `<h1>${escapeHtml(doc.title)}</h1>`,
    doc.subtitle ? `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>` : '',
    `<p class="meta">${meta.map(escapeHtml).join(' · ')}</p>`,
    '</header>',
    `<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">Contents</h2><ol>${toc.join('')}</ol></nav>`,
    '<main id="main">',
    '<section id="methods" aria-labelledby="methods-h">',
    '<h2 id="methods-h">Methods</h2>',
    ...(doc.methods.length ? doc.methods.map((m) => `<p>${renderCitedText(m, doc.citations, refId)}</p>`) : ['<p>No analysis stages ran.</p>']),
    '</section>',
    ...body,
    '<section id="data-quality" aria-labelledby="data-quality-h">',
    '<h2 id="data-quality-h">Data quality</h2>',
    '<p>Every row or value that a stage excluded, prorated, set missing, altered or flagged is listed here with its reason.</p>',
    renderLedgerHtml(doc.ledger),
    '</section>',
    '<section id="reproducibility" aria-labelledby="reproducibility-h">',
    '<h2 id="reproducibility-h">Reproducibility</h2>',
    renderAppendixHtml(a),
    '</section>',
    '<section id="references" aria-labelledby="references-h">',
    '<h2 id="references-h">References</h2>',
    references.length
      ? `<ul class="references">${references.map((c) => `<li id="${refId(c.key)}">${escapeHtml(c.text)}</li>`).join('\n')}</ul>`
      : '<p>No methods were cited.</p>',
    '</section>',
    '</main>',
    `<footer class="report-footer"><p>Generated by ${escapeHtml(version ? `alliance ${version}` : 'alliance')}. This file is self-contained: it loads nothing from the network. Figures and tables are also in the folders <code>figures/</code> and <code>tables/</code> next to it.</p></footer>`,
    '</div>',
    specs && specs.length > 0 ? `<script type="application/json" id="alliance-figure-specs">${jsonForScript(specs)}</script>` : '',
    ...scripts.map((s) => `<script>${s}</script>`),
    '</body>',
    '</html>',
    '',
  ];
  return parts.filter((p) => p !== '').join('\n') + '\n';
}

function renderItem(item: Prepared, citations: ReportDocument['citations']): string {
  if (item.kind === 'text') {
    return item.text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map((p) => `<p>${renderCitedText(p, citations, refId)}</p>`)
      .join('\n');
  }
  if (item.kind === 'table') {
    const b = item.block;
    try {
      return renderTableHtml({
        htmlId: itemHtmlId(item),
        label: item.label,
        caption: b.caption,
        columns: b.columns,
        rows: b.rows,
        note: b.note,
        csvHref: `tables/${item.fileId}.csv`,
      });
    } catch (e) {
      throw new ReportError(`table "${b.id}": ${(e as Error).message}`);
    }
  }
  return item.html;
}

function refId(key: string): string {
  return `ref-${fileSafeId(key)}`;
}

function itemHtmlId(item: Exclude<Prepared, { kind: 'text' }>): string {
  return `${item.kind === 'table' ? 'tab' : 'fig'}-${item.fileId}`;
}

/** The exported SVG file carries its title and description (<title>, <desc>) for screen readers, XML-safe. */
function withTitle(svg: string, title: string, description: string): string {
  return svg.replace(/^<svg\b[^>]*>/, (open) => `${open}<title>${escapeHtml(xmlSafeText(title))}</title><desc>${escapeHtml(xmlSafeText(description))}</desc>`);
}

function countInlineRows(spec: unknown): number {
  if (Array.isArray(spec)) return spec.reduce((s: number, v) => s + countInlineRows(v), 0);
  if (typeof spec !== 'object' || spec === null) return 0;
  let n = 0;
  for (const [k, v] of Object.entries(spec)) {
    if (k === 'data' && typeof v === 'object' && v !== null && Array.isArray((v as { values?: unknown }).values)) {
      n += (v as { values: unknown[] }).values.length;
    } else if (k !== 'config') n += countInlineRows(v);
  }
  return n;
}

