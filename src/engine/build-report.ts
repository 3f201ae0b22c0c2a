import { stringify } from 'yaml';
import { LEDGER_ACTIONS, type Ledger } from './ledger.ts';
import type { OutputFolder } from './output-folder.ts';
import type { StageRecord } from './run-pipeline.ts';
import type { PipelineSpec } from '../spec/pipeline-types.ts';
import { dataQualityChart } from '../report/figures/data-quality.ts';
import type { Citation, ReportDocument, ReportSection } from '../report/types.ts';
import type { FigureRenderer } from '../report/chart/create-figure-renderer.ts';

export interface BuildReportArgs {
  spec: PipelineSpec;
  reportOptions: { title?: string; subtitle?: string; identifiers?: boolean; interactive?: boolean; png?: boolean };
  stages: StageRecord[];
  ledger: Ledger;
  inputs: { path: string; sha256: string; bytes: number }[];
  versions: Record<string, string>;
  timings: { stage: string; seconds: number }[];
  out: OutputFolder;
  /** Warnings (too many figure rows, page size, Vega-Lite) for stderr. */
  warn: (message: string) => void;
  /** A figure renderer fed with the stages' figures while they ran (see runPipeline), if any. */
  figures?: FigureRenderer;
}

/**
 * Phase "render": assembles the ReportDocument from what the stages returned (sections,
 * methods sentences, citations), the ledger and the reproducibility record, then hands it to
 * the renderer. Nothing is computed here.
 */
export async function buildReport(a: BuildReportArgs): Promise<void> {
  const citations = new Map<string, Citation>();
  const methods: string[] = [];
  const sections: ReportSection[] = [];
  for (const s of a.stages) {
    methods.push(...(s.output.methods ?? []));
    for (const c of s.output.citations ?? []) if (!citations.has(c.key)) citations.set(c.key, c);
    sections.push(...(s.output.sections ?? []));
  }
  const entries = a.ledger.entries;
  // arquero is loaded only when there is a ledger to summarize (it is not needed to start the CLI)
  const summary = entries.length ? (await import('../report/ledger/index.ts')).ledgerSummary(entries, a.spec.stages.map((s) => s.id)) : [];
  sections.push({
    id: 'data-quality-overview',
    title: 'Data quality at a glance',
    blocks: entries.length
      ? [
          { kind: 'text', text: `Every row or value that a stage excluded, prorated, set missing or altered, and every unit an analysis could not use by its design (not applicable), is listed in the ledger below (${entries.length} entries).` },
          { kind: 'figure', id: 'data-quality', title: 'Data-quality ledger', description: `Counts of excluded, set-missing, not-applicable, prorated, altered and flagged data by stage and reason (${entries.length} ledger entries).`, spec: dataQualityChart(entries) },
          {
            kind: 'table',
            id: 'data-quality-summary',
            caption: 'Data-quality summary by stage',
            columns: [
              { key: 'stage', label: 'Stage' },
              { key: 'unit', label: 'Unit' },
              // 'set-missing' → 'Set missing'
              ...LEDGER_ACTIONS.map((a) => ({ key: a, label: a[0].toUpperCase() + a.slice(1).replace('-', ' '), format: 'int' as const })),
            ],
            rows: summary,
            note: 'Summed ledger counts per stage and unit, in pipeline order; each entry with its reason is listed in the ledger below.',
          },
        ]
      : [{ kind: 'text', text: 'No row or value was excluded, prorated or altered.' }],
  });
  const doc: ReportDocument = {
    title: a.reportOptions.title ?? a.spec.title ?? a.spec.name,
    subtitle: a.reportOptions.subtitle ?? a.spec.description,
    methods,
    citations: [...citations.values()],
    sections,
    ledger: entries,
    appendix: {
      spec: stringify({ name: a.spec.name, params: a.spec.params, seed: a.spec.seed, stages: a.spec.stages.map((s) => ({ id: s.id, type: s.type, ...s.options })) }),
      inputs: a.inputs,
      packages: a.versions,
      seed: a.spec.seed,
      timings: a.timings,
    },
  };
  const { renderReport } = await import('../report/render-report.ts');
  const rendered = await renderReport(doc, a.out.tmp, { interactive: a.reportOptions.interactive ?? true, png: a.reportOptions.png ?? true, figures: a.figures });
  for (const w of rendered.warnings) a.warn(`report: ${w}`);
}
