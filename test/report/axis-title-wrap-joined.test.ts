/**
 * After 4d50897 an axis title Vega-Lite joins from several layers ("a, b": the layers' fields or
 * titles, or the fields of a layer repeat) still ran past its axis: no single layer gives that
 * title, so axisTitleEdits broke none of it, or broke one layer's part, which Vega-Lite then joined
 * back into one line ("Working alliance at, the third session, PHQ-9").
 * Reference: Vega-Lite's own compile of the spec gives the title it draws (vl.compile, axes[].title
 * of the shared axis); the audit's expectation, by the rule of 4d50897: in the compiled spec of the
 * drawn figure that title is broken into lines of at most floor(axis length / (0.8 × font size))
 * characters (Vega's estimate of text width without a canvas, vega-scenegraph estimateWidth), which
 * together say the same words, and every layer draws it once.
 */
import { describe, expect, it } from 'vitest';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { axisTitleEdits } from '../../src/report/chart/axis-title-edits.ts';
import { withTitleEdits } from '../../src/report/chart/with-title-edits.ts';
import type { VegaLiteSpec } from '../../src/report/types.ts';

const FONT = 10; // axis title font size of every spec here: 0.8 × 10 = 8 px a character
const SIDE = 120; // plot width and height: 15 characters a line
const A = 'alliance_at_session_three';
const B = 'symptom_score_at_intake';

/** The titles of the compiled spec's axes on `scale` (Vega-Lite's own compile). */
function vegaAxisTitles(spec: VegaLiteSpec, scale: string): unknown[] {
  const compiled = vl.compile(spec as unknown as TopLevelSpec, { logger: vega.logger(vega.None) }).spec as { axes?: { scale: string; title?: unknown }[] };
  return (compiled.axes ?? []).filter((a) => a.scale === scale && a.title !== undefined).map((a) => a.title);
}

/** The spec as layOutFigure draws it: its axis titles broken by axisTitleEdits. */
const drawn = (spec: VegaLiteSpec): VegaLiteSpec => withTitleEdits(spec, axisTitleEdits(spec).edits);

function expectWrapped(spec: VegaLiteSpec, scale: string): void {
  const [joined] = vegaAxisTitles(spec, scale);
  // without the fix the joined title is drawn as one line longer than the axis
  expect(typeof joined).toBe('string');
  expect((joined as string).length * 0.8 * FONT).toBeGreaterThan(SIDE);
  const titles = vegaAxisTitles(drawn(spec), scale);
  expect(titles).toHaveLength(1);
  const lines = titles[0] as string[];
  expect(Array.isArray(lines), JSON.stringify(lines)).toBe(true);
  expect(lines.length).toBeGreaterThan(1);
  for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(Math.floor(SIDE / (0.8 * FONT)));
  expect(lines.join('').replace(/\s/g, '')).toBe((joined as string).replace(/\s/g, ''));
}

const base = { width: SIDE, height: SIDE, data: { values: [{ m: 1, [A]: 2, [B]: 3 }] }, config: { axis: { titleFontSize: FONT } } };
const y = (field: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ field, type: 'quantitative', ...extra });
const x = { field: 'm', type: 'quantitative' };

describe('an axis title Vega-Lite joins from several layers', () => {
  it('joined from the fields of the layers ("a, b") is broken into lines that fit the axis', () => {
    expectWrapped({ ...base, layer: [{ mark: 'point', encoding: { x, y: y(A) } }, { mark: 'line', encoding: { x, y: y(B) } }] }, 'y');
  });

  it('joined from the layers\' titles is broken as a whole, not one layer\'s part that Vega-Lite joins back into one line', () => {
    const layer = [
      { mark: 'point', encoding: { x, y: y(A, { title: 'Working alliance at the third session' }) } },
      { mark: 'line', encoding: { x, y: y(B, { title: 'PHQ-9' }) } },
    ];
    expectWrapped({ ...base, layer }, 'y');
    // the layers' x titles are one and the same: left to the rule for a single title
    expect(vegaAxisTitles(drawn({ ...base, layer }), 'x')).toEqual(['m']);
  });

  it('joined from a layer inheriting the view\'s field and a layer with its own axis options', () => {
    const spec = {
      ...base,
      encoding: { x, y: y(A) },
      layer: [{ mark: 'point' }, { mark: 'line', encoding: { y: y(B, { axis: { grid: false } }) } }],
    };
    expectWrapped(spec, 'y');
    // the layer keeps its own axis options
    expect((drawn(spec).layer as { encoding?: { y: { axis: Record<string, unknown> } } }[])[1]!.encoding!.y.axis.grid).toBe(false);
  });

  it('joined from the fields of a layer repeat is broken in the repeated spec', () => {
    expectWrapped({ ...base, repeat: { layer: [A, B] }, spec: { mark: 'line', encoding: { x, y: y({ repeat: 'layer' }) } } }, 'y');
  });
});
