/**
 * The report's stylesheet, inlined in every index.html. Local fonts only (nothing is fetched):
 * a serif text face for reading, a sans-serif face for headings, captions and tables, tabular
 * figures in tables, APA rules, and print rules (static SVG printed, interactive views,
 * navigation chrome and download links hidden, no page breaks inside tables and figures).
 */
export const REPORT_CSS = `
:root {
  --text: #1d1d1f; --muted: #5b5b66; --rule: #1d1d1f; --faint: #e3e3e8; --accent: #0b5c9e; --bg: #ffffff; --panel: #f6f7f9;
  --serif: Charter, "Bitstream Charter", "Sitka Text", Cambria, "DejaVu Serif", Georgia, serif;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif;
  --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--text); font: 17px/1.6 var(--serif); }
.page { max-width: 58rem; margin: 0 auto; padding: 3rem 2rem 5rem; }
.prose, main p, ul.references, .page > header, nav.toc { max-width: 44rem; }
header.report-header { border-bottom: 1px solid var(--faint); padding-bottom: 1.5rem; margin-bottom: 2rem; }
h1, h2, h3, h4 { font-family: var(--sans); line-height: 1.25; color: #111; }
h1 { font-size: 2rem; font-weight: 700; margin: 0 0 .4rem; letter-spacing: -0.01em; }
.subtitle { font-family: var(--sans); font-size: 1.15rem; color: var(--muted); margin: 0 0 .8rem; }
.meta { font-family: var(--sans); font-size: .85rem; color: var(--muted); margin: 0; }
h2 { font-size: 1.45rem; font-weight: 650; margin: 3rem 0 1rem; padding-top: .5rem; border-top: 2px solid var(--text); }
h3 { font-size: 1.1rem; font-weight: 650; margin: 2rem 0 .6rem; }
p { margin: 0 0 1rem; }
a { color: var(--accent); text-decoration-thickness: 1px; text-underline-offset: 2px; }
code, pre { font-family: var(--mono); font-size: .85em; }
nav.toc { font-family: var(--sans); background: var(--panel); border-radius: 6px; padding: 1rem 1.5rem; margin: 0 0 2.5rem; font-size: .92rem; }
nav.toc h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); border: 0; margin: 0 0 .5rem; padding: 0; }
nav.toc ol { margin: 0; padding-left: 1.2rem; }
nav.toc ol ol { padding-left: 1rem; font-size: .88rem; }
nav.toc li { margin: .15rem 0; }
nav.toc a { text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
.table-block, figure.figure { margin: 2rem 0 2.5rem; break-inside: avoid; page-break-inside: avoid; }
.table-block { overflow-x: auto; }
table.apa { border-collapse: collapse; font-family: var(--sans); font-size: .88rem; line-height: 1.4; min-width: 50%; max-width: 100%; font-variant-numeric: tabular-nums; }
p.table-caption { margin: 0 0 .6rem; max-width: 52rem; }
p.table-caption .label, figcaption .label { display: block; font-family: var(--sans); font-weight: 700; font-size: .95rem; }
p.table-caption .title, figcaption .title { display: block; font-family: var(--serif); font-style: italic; font-size: 1rem; }
table.apa thead th { border-top: 1.5px solid var(--rule); border-bottom: 1px solid var(--rule); font-weight: 600; vertical-align: bottom; }
table.apa tbody tr:last-child td { border-bottom: 1.5px solid var(--rule); }
table.apa th, table.apa td { padding: .35rem .8rem; text-align: left; }
table.apa th:first-child, table.apa td:first-child { padding-left: 0; }
table.apa .num { text-align: right; white-space: nowrap; }
table.apa td:first-child:not(.num) { min-width: 7rem; }
table.apa td { vertical-align: top; }
table.ledger td:not(:last-child) { white-space: nowrap; }
table.apa tbody tr:hover td { background: var(--panel); }
table.compact { font-size: .8rem; }
table.hashes td:last-child { font-family: var(--mono); font-size: .75rem; word-break: break-all; }
table.ledger td:last-child { min-width: 16rem; }
.note { font-family: var(--sans); font-size: .85rem; color: #333; margin: .6rem 0 0; max-width: 44rem; }
.downloads { font-family: var(--sans); font-size: .78rem; color: var(--muted); margin: .35rem 0 0; }
.downloads a { color: var(--muted); }
figure.figure { margin-left: 0; margin-right: 0; }
figure.figure figcaption { margin-bottom: .6rem; }
.figure-static svg, .figure-interactive svg { display: block; max-width: 100%; height: auto; }
.figure-interactive { min-height: 2rem; }
[hidden] { display: none !important; }
ul.references { list-style: none; padding: 0; margin: 0; }
ul.references li { padding-left: 2em; text-indent: -2em; margin: 0 0 .6rem; }
pre.spec { background: var(--panel); border: 1px solid var(--faint); border-radius: 6px; padding: 1rem 1.2rem; overflow-x: auto; line-height: 1.45; white-space: pre; }
footer.report-footer { margin-top: 4rem; padding-top: 1rem; border-top: 1px solid var(--faint); font-family: var(--sans); font-size: .8rem; color: var(--muted); }
.skip-link { position: absolute; left: -999px; top: 0; }
.skip-link:focus { left: 1rem; top: 1rem; background: #fff; padding: .4rem .8rem; z-index: 10; }
.vega-embed { width: auto; }
@media (max-width: 640px) { body { font-size: 16px; } .page { padding: 1.5rem 1rem 3rem; } h1 { font-size: 1.6rem; } }
@media print {
  @page { margin: 2cm; }
  body { font-size: 10.5pt; background: #fff; }
  .page { max-width: none; padding: 0; }
  nav.toc { background: none; padding: 0; }
  nav.toc a, a { color: inherit; text-decoration: none; }
  .downloads, .skip-link, .figure-interactive, #vg-tooltip-element { display: none !important; }
  .figure-static, .figure-static[hidden] { display: block !important; }
  h2 { break-before: auto; break-after: avoid; }
  h3 { break-after: avoid; }
  table.apa tbody tr:hover td { background: none; }
  pre.spec { white-space: pre-wrap; border: 0; background: none; padding: 0; }
  .table-block { overflow: visible; }
  table.apa { width: 100%; }
  table.apa td, table.apa th { overflow-wrap: break-word; }
  table.apa td:first-child:not(.num) { min-width: 0; }
  .figure-static svg { max-height: 60vh; width: auto; }
}
`;
