// The stage reference (README, `alliance schema --markdown`) must list the nested fields of an
// option even when the option has its own description: README promises that it documents every
// option, and e.g. change.norms needs mDys and sdDys, compare.margin needs r and smd.
import type { TSchema } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { stageDocs } from '../../src/spec/stage-docs.ts';
import { stageRegistry } from '../../src/stages/registry.ts';

const docs = stageDocs();
/** The table row of option `key` in the section of stage `type`. */
function row(type: string, key: string): string {
  const section = docs.slice(docs.indexOf(`### \`${type}\``)).split('\n### ')[0];
  const line = section.split('\n').find((l) => l.startsWith(`| \`${key}\` |`));
  if (!line) throw new Error(`no row for ${type}.${key}`);
  return line;
}

/** Every nested property name of an option (objects, list items, forms of a choice), recursively. */
function nestedKeys(s: TSchema): string[] {
  const forms: TSchema[] = s.anyOf ? (s.anyOf as TSchema[]) : s.type === 'array' && s.items && !Array.isArray(s.items) ? [s.items as TSchema] : [s];
  return forms.flatMap((f) => (f.type === 'object' && f.properties ? Object.entries(f.properties as Record<string, TSchema>).flatMap(([k, v]) => [k, ...nestedKeys(v)]) : []));
}

describe('stage reference: nested fields', () => {
  it('every nested field of every option appears in its row, described options included', () => {
    for (const def of stageRegistry.values()) {
      for (const [key, schema] of Object.entries(def.options.properties as Record<string, TSchema>)) {
        const line = row(def.type, key);
        for (const k of nestedKeys(schema)) expect(line, `${def.type}.${key}.${k}`).toContain(`\`${k}\``);
      }
    }
  });

  it('states required-ness and defaults of nested fields (README promise: every option documented)', () => {
    expect(row('ingest', 'columns')).toContain('`patient` (string)');
    expect(row('ingest', 'columns')).toContain('`rater` (string: Rater column');
    expect(row('ingest', 'wide')).toContain('`separator` (string, required');
    expect(row('change', 'norms')).toContain('`mDys` (number, required)');
    expect(row('change', 'norms')).toContain('`sdDys` (number, required)');
    expect(row('change', 'norms')).toContain('`mFunc` (number)');
    expect(row('compare', 'margin')).toContain('`r` (number, required');
    expect(row('compare', 'margin')).toContain('`smd` (number, required');
    expect(row('correlate', 'bootstrap')).toContain('`reps` (integer, default `2000`');
    expect(row('correlate', 'bootstrap')).toContain('`intervals` ((`percentile` \\| `bca`)[], default `["percentile","bca"]`');
    expect(row('meta', 'threeLevel')).toContain('`study` (string, required');
    expect(row('sudden', 'crit1')).toContain('an object (Reliable-change cut-off');
    expect(row('sudden', 'crit1')).toContain('`reliability` (number, required: Reliability of the score, below 1 (at 1 the cut-off would be 0))');
    expect(row('ruptures', 'rules')).toContain('`threshold` (object, required');
    expect(row('ruptures', 'rules')).toContain('`window` (integer, default `3`');
    expect(row('export-summary', 'where')).toContain('`equals` (string \\| number, required)');
    expect(row('export-summary', 'differences')).toContain('`groups` ([string, string], required)');
  });
});
