import type { StageDefinition } from './stage-definition.ts';
import { change } from './change.ts';
import { compare } from './compare.ts';
import { correlate } from './correlate.ts';
import { derive } from './derive.ts';
import { growth } from './growth.ts';
import { mixed } from './mixed.ts';
import { therapistEffects } from './therapist-effects.ts';
import { withinBetween } from './within-between.ts';
import { ingest } from './ingest.ts';
import { exportSummary } from './export-summary.ts';
import { importSummaries } from './import-summaries.ts';
import { meta } from './meta.ts';
import { importStudies } from './import-studies.ts';
import { patients } from './patients.ts';
import { reliability } from './reliability.ts';
import { report } from './report.ts';
import { score } from './score.ts';
import { sudden } from './sudden.ts';
import { ruptures } from './ruptures.ts';
import { trajectories } from './trajectories.ts';
import { withinPatient } from './within-patient.ts';

/**
 * The one stage registry: stage type → definition. The pipeline JSON Schema, `alliance
 * validate`, the planner and the README's stage list all read from here.
 */
export const stageRegistry: ReadonlyMap<string, StageDefinition> = buildRegistry([ingest, score, derive, trajectories, patients, change, correlate, withinPatient, reliability, compare, importStudies, meta, mixed, withinBetween, therapistEffects, growth, sudden, ruptures, importSummaries, exportSummary, report] as unknown as StageDefinition[]);

function buildRegistry(defs: StageDefinition[]): Map<string, StageDefinition> {
  const m = new Map<string, StageDefinition>();
  for (const d of defs) {
    if (m.has(d.type)) throw new Error(`stage type '${d.type}' registered twice`);
    m.set(d.type, d);
  }
  return m;
}
