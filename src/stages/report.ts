import { Type } from '@sinclair/typebox';
import type { StageDefinition } from './stage-definition.ts';

const options = Type.Object(
  {
    title: Type.Optional(Type.String({ description: 'Report title (defaults to the pipeline title or name)' })),
    subtitle: Type.Optional(Type.String()),
    identifiers: Type.Optional(
      Type.Boolean({ default: false, description: 'Show patient/therapist identifiers in the report (off: stable pseudonyms only)' }),
    ),
    interactive: Type.Optional(Type.Boolean({ default: true, description: 'Bundle vega-embed so figures have tooltips (the static SVG is always included)' })),
    png: Type.Optional(Type.Boolean({ default: true, description: 'Export every figure as a 300-dpi PNG' })),
  },
  { additionalProperties: false },
);

/**
 * Stage `report`: marks the pipeline as producing a report and holds its options. The report is
 * rendered after every stage ran (src/engine/build-report.ts), from the sections, methods
 * sentences, citations and ledger entries the stages returned.
 */
export const report: StageDefinition<typeof options> = {
  type: 'report',
  summary: 'Render the self-contained HTML report, figures (SVG, PNG, Vega-Lite) and tables (CSV)',
  options,
  plan() {
    return {};
  },
  async run() {
    return {};
  },
};
