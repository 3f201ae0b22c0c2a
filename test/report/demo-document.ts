/**
 * A report document for the renderer tests: three sections with a text block, two tables, three
 * figures (scatter with pseudonymized tooltips, trajectories with zoom, forest plot), a ledger,
 * and hostile strings in titles, cells, ids, figure data and the spec text.
 */
import { chartConfig } from '../../src/report/chart/chart-config.ts';
import { pseudonymize } from '../../src/report/privacy/pseudonymize.ts';
import type { ReportDocument } from '../../src/report/types.ts';
import { createRng } from '../../src/stats/random/index.ts';

export const EVIL = `<script>window.__pwned = 1</script>"'><img src=x onerror="window.__pwned=2">`;
export const EVIL_CLOSE = `</script><script>window.__pwned = 3</script>`;

export function demoDocument(): ReportDocument {
  const rng = createRng(20261122);
  const ids = Array.from({ length: 150 }, (_, i) => `patient-${String(i + 1).padStart(3, '0')}`);
  const pseudo = pseudonymize(ids, 'demo-salt');
  const scatter = ids.map((_, i) => {
    const alliance = 4 + 0.8 * rng.normal();
    return {
      id: i === 0 ? EVIL_CLOSE : pseudo[i]!,
      alliance: Math.round(alliance * 100) / 100,
      change: Math.round((0.6 * alliance + rng.normal()) * 100) / 100,
      site: i % 3 === 0 ? EVIL : i % 3 === 1 ? 'Site B' : 'Site C',
    };
  });
  const trajectories: { patient: string; session: number; phq9: number }[] = [];
  for (let p = 0; p < 12; p++) {
    let y = 14 + 4 * rng.normal();
    for (let s = 1; s <= 12; s++) {
      y = Math.max(0, y - 0.6 + 1.5 * rng.normal());
      trajectories.push({ patient: pseudo[p]!, session: s, phq9: Math.round(y * 10) / 10 });
    }
  }
  const studies = ['Study A (2015)', 'Study B (2018)', `Study ${EVIL}`, 'Study D (2021)', 'Pooled (RE)'].map((study, i) => {
    const r = 0.15 + 0.05 * i;
    return { study, r, lower: r - 0.12, upper: r + 0.12 };
  });

  return {
    title: `Alliance and outcome: demonstration report ${EVIL}`,
    subtitle: 'Session-by-session WAI-SR and PHQ-9, 150 patients (simulated)',
    methods: [
      'Alliance was measured with the WAI-SR (Hatcher & Gillaspy, 2006) after each session. Pearson correlations were computed with Fisher z confidence intervals (Fisher, 1921).',
      `Reliable change was assessed following Jacobson and Truax [jacobson1991]. ${EVIL} [${EVIL}] [unknown-key]`,
    ],
    citations: [
      { key: 'jacobson1991', text: 'Jacobson, N. S., & Truax, P. (1991). Clinical significance: A statistical approach to defining meaningful change in psychotherapy research. Journal of Consulting and Clinical Psychology, 59(1), 12–19. https://doi.org/10.1037/0022-006X.59.1.12' },
      { key: 'fisher1921', text: 'Fisher, R. A. (1921). On the "probable error" of a coefficient of correlation deduced from a small sample. Metron, 1, 3–32.' },
      { key: 'hatcher2006', text: 'Hatcher, R. L., & Gillaspy, J. A. (2006). Development and validation of a revised short version of the Working Alliance Inventory. Psychotherapy Research, 16(1), 12–25. https://doi.org/10.1080/10503300500352500' },
      { key: EVIL, text: `A hostile citation ${EVIL}` },
    ],
    sections: [
      {
        id: 'descriptives',
        title: 'Descriptive statistics',
        blocks: [
          { kind: 'text', text: `Table 1 summarizes the measures.\n\nA second paragraph with ${EVIL}.` },
          {
            kind: 'table',
            id: 'descriptives',
            caption: `Means, standard deviations and correlations ${EVIL}`,
            columns: [
              { key: 'variable', label: 'Variable' },
              { key: 'n', label: 'n', format: 'int' },
              { key: 'mean', label: 'M', format: 'num2' },
              { key: 'sd', label: 'SD', format: 'num2' },
              { key: 'r', label: 'r with change', format: 'r' },
              { key: 'p', label: 'p', format: 'p' },
              { key: EVIL, label: EVIL, format: 'text' },
            ],
            rows: [
              { variable: 'WAI-SR (session 3)', n: 150, mean: 3.98, sd: 0.79, r: 0.2834, p: 0.00044, [EVIL]: EVIL_CLOSE },
              { variable: 'PHQ-9 (intake)', n: 1234, mean: 14.2, sd: 4.1, r: -0.051, p: 0.5321, [EVIL]: 'plain' },
              { variable: 'PHQ-9 change', n: 148, mean: -6.31, sd: 5.02, r: null, p: null, [EVIL]: '=HYPERLINK("http://x")' },
            ],
            note: `Correlations are Pearson r. ${EVIL}`,
          },
        ],
      },
      {
        id: `alliance-outcome ${EVIL}`,
        title: `Alliance and outcome ${EVIL}`,
        blocks: [
          {
            kind: 'figure',
            id: 'alliance-vs-change',
            title: `Alliance at session 3 and symptom change ${EVIL}`,
            description: `Scatter plot of WAI-SR mean at session 3 (x) against PHQ-9 change (y), one point per patient, colour by site, with a least-squares line. ${EVIL}`,
            spec: {
              width: 480,
              height: 300,
              data: { values: scatter },
              layer: [
                {
                  mark: { type: 'point', tooltip: true },
                  params: [{ name: 'zoom', select: 'interval', bind: 'scales' }],
                  encoding: {
                    x: { field: 'alliance', type: 'quantitative', title: 'WAI-SR mean (session 3)', scale: { zero: false } },
                    y: { field: 'change', type: 'quantitative', title: 'PHQ-9 change' },
                    color: { field: 'site', type: 'nominal', title: 'Site' },
                    tooltip: [
                      { field: 'id', title: 'Patient' },
                      { field: 'alliance', title: 'WAI-SR', format: '.2f' },
                      { field: 'change', title: 'Change', format: '.2f' },
                    ],
                  },
                },
                {
                  mark: { type: 'line', color: '#333333' },
                  transform: [{ regression: 'change', on: 'alliance' }],
                  encoding: { x: { field: 'alliance', type: 'quantitative' }, y: { field: 'change', type: 'quantitative' } },
                },
              ],
              config: chartConfig,
            },
          },
          {
            kind: 'figure',
            id: 'trajectories',
            title: 'PHQ-9 trajectories over 12 sessions',
            description: 'Line chart of PHQ-9 totals by session for 12 patients, shown by pseudonym.',
            spec: {
              width: 480,
              height: 260,
              data: { values: trajectories },
              mark: { type: 'line', point: true, tooltip: true },
              encoding: {
                x: { field: 'session', type: 'quantitative', title: 'Session' },
                y: { field: 'phq9', type: 'quantitative', title: 'PHQ-9 total' },
                detail: { field: 'patient', type: 'nominal' },
                color: { value: '#0072B2' },
                opacity: { value: 0.6 },
              },
            },
          },
        ],
      },
      {
        id: 'meta',
        title: 'Meta-analysis',
        blocks: [
          {
            kind: 'figure',
            id: `forest/../../${EVIL}`,
            title: 'Forest plot of alliance–outcome correlations',
            description: `Correlation and 95% confidence interval per study; the last row is the random-effects estimate. ${EVIL}`,
            spec: {
              width: 420,
              data: { values: studies },
              encoding: { y: { field: 'study', type: 'nominal', sort: null, title: null } },
              layer: [
                { mark: 'rule', encoding: { x: { field: 'lower', type: 'quantitative', title: 'Correlation r' }, x2: { field: 'upper' } } },
                { mark: { type: 'point', filled: true, size: 60, tooltip: true }, encoding: { x: { field: 'r', type: 'quantitative' } } },
              ],
            },
          },
          {
            kind: 'table',
            id: 'meta',
            caption: 'Random-effects meta-analysis',
            columns: [
              { key: 'k', label: 'k', format: 'int' },
              { key: 'r', label: 'r', format: 'r' },
              { key: 'i2', label: 'I²', format: 'pct' },
              { key: 'p', label: 'p', format: 'p' },
            ],
            rows: [{ k: 5, r: 0.25, i2: 0.412, p: 0.0001 }],
          },
        ],
      },
    ],
    ledger: [
      { stage: 'ingest', action: 'excluded', unit: 'rows', count: 3, reason: 'duplicate-session', detail: `Rows 17, 18 and 240 repeat patient × session. ${EVIL}` },
      { stage: 'score', action: 'prorated', unit: 'values', count: 12, reason: 'missing-item', detail: 'PHQ-9 totals prorated when at most one item was missing.' },
    ],
    appendix: {
      spec: `name: demo\nstages:\n  - type: ingest\n    path: data.csv # ${EVIL}\n`,
      inputs: [{ path: `data-samples/demo.csv${EVIL}`, sha256: 'a'.repeat(64), bytes: 123456 }],
      packages: { alliance: '0.1.0', vega: '6.4.0', 'vega-lite': '6.4.3', duckdb: '1.5.6' },
      seed: 42,
      timings: [
        { stage: 'ingest', seconds: 0.412 },
        { stage: 'report', seconds: 1.73 },
      ],
    },
  };
}
