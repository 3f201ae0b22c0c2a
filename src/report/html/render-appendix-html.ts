import type { CellValue, ReportAppendix } from '../types.ts';
import { escapeHtml } from './escape-html.ts';
import { renderTableHtml } from './render-table-html.ts';

/**
 * The reproducibility appendix: the pipeline spec as run (YAML), the input files with size and
 * SHA-256, the package versions, the random seed and the time each stage took — what a reader
 * needs to re-run the analysis and check that the inputs are the same.
 * @example renderAppendixHtml({ spec: 'stages: []', inputs: [], packages: { alliance: '0.1.0' }, seed: 42, timings: [] })
 */
export function renderAppendixHtml(a: ReportAppendix, htmlIdPrefix = 'appendix'): string {
  const total = a.timings.reduce((s, t) => s + t.seconds, 0);
  const timingRows: Record<string, CellValue>[] = a.timings.map((t) => ({ stage: t.stage, seconds: t.seconds }));
  if (a.timings.length > 1) timingRows.push({ stage: 'Total', seconds: total });
  const parts = [
    `<h3 id="${htmlIdPrefix}-seed">Random seed</h3>`,
    `<p>All resampling and simulation used the seed <code>${escapeHtml(a.seed)}</code>.</p>`,
    `<h3 id="${htmlIdPrefix}-inputs">Input files</h3>`,
    a.inputs.length === 0
      ? '<p>No input files were recorded.</p>'
      : renderTableHtml({
          htmlId: `${htmlIdPrefix}-inputs-table`,
          caption: 'Input files and their SHA-256 hashes',
          className: 'compact hashes',
          columns: [
            { key: 'path', label: 'File' },
            { key: 'bytes', label: 'Bytes', format: 'int' },
            { key: 'sha256', label: 'SHA-256' },
          ],
          rows: a.inputs.map((i) => ({ ...i })),
        }),
    `<h3 id="${htmlIdPrefix}-packages">Software</h3>`,
    renderTableHtml({
      htmlId: `${htmlIdPrefix}-packages-table`,
      caption: 'Package versions',
      className: 'compact',
      columns: [
        { key: 'name', label: 'Package' },
        { key: 'version', label: 'Version' },
      ],
      rows: Object.entries(a.packages)
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
        .map(([name, version]) => ({ name, version })),
    }),
    `<h3 id="${htmlIdPrefix}-timings">Timings</h3>`,
    timingRows.length === 0
      ? '<p>No timings were recorded.</p>'
      : renderTableHtml({
          htmlId: `${htmlIdPrefix}-timings-table`,
          caption: 'Wall-clock time per stage (seconds)',
          className: 'compact',
          columns: [
            { key: 'stage', label: 'Stage' },
            { key: 'seconds', label: 'Seconds', format: 'num2' },
          ],
          rows: timingRows,
        }),
    `<h3 id="${htmlIdPrefix}-spec">Pipeline specification</h3>`,
    `<pre class="spec"><code>${escapeHtml(a.spec)}</code></pre>`,
  ];
  return parts.join('\n');
}
