// A reliability cannot exceed 1, so the report prints it without the leading zero (APA Publication
// Manual, 7th ed., §6.36), with the digits it was given. change already did (".89"); the sudden
// stage's crit1 sentence ("the reliable-change value for reliability 0.89 and SD …") and the
// ruptures stage's description of a custom rci rule ("(reliability 0.8, SD …)") printed "0.".
// Expectations: PHQ-9's reliability .89 (src/instruments/phq9.ts) and the .8 given in the spec.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpecText, tempProject } from '../helpers/temp-project.ts';
import { ROM_SMALL_SCORED } from '../helpers/rom-small-scored.ts';
import type { RunOutcome } from '../../src/engine/run-pipeline.ts';
import type { ReportBlock } from '../../src/report/types.ts';
import { formatReliability } from '../../src/report/format/index.ts';

const p = tempProject();
let run: RunOutcome;
beforeAll(async () => {
  run = await runSpecText(
    p.dir,
    `${ROM_SMALL_SCORED}  - { id: sg, type: sudden, from: scored, score: phq_total }
  - id: rup
    type: ruptures
    from: scored
    score: wai_total
    presets: [stiles2004]
    rules: [{ name: reliable_drop, threshold: { type: rci, reliability: 0.8, sd: first } }]
`,
  );
}, 120_000);
afterAll(() => p.dispose());

/** Every text of a stage's report section: paragraphs, captions and notes. */
function prose(id: string): string {
  const blocks = run.stages.find((s) => s.id === id)!.output.sections!.flatMap((s) => s.blocks as ReportBlock[]);
  return blocks.map((b) => JSON.stringify(b)).join('\n');
}

describe('reliability without a leading zero', () => {
  it('sudden: crit1 from the instrument’s reliability', () => {
    expect(prose('sg')).toContain('the reliable-change value for reliability .89 and SD ');
    expect(prose('sg')).not.toMatch(/reliability 0\./);
  });
  it('ruptures: a custom rci rule', () => {
    expect(prose('rup')).toContain('(reliability .8, SD ');
    expect(prose('rup')).not.toMatch(/reliability 0\./);
  });
  it('formatReliability keeps the digits given and refuses values outside [0, 1]', () => {
    expect([formatReliability(0.905), formatReliability(0.89), formatReliability(1), formatReliability(0)]).toEqual(['.905', '.89', '1', '0']);
    expect(() => formatReliability(1.2)).toThrow(RangeError);
    expect(() => formatReliability(Number.NaN)).toThrow(RangeError);
  });
});
