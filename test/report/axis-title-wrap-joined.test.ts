/**
 * Two kinds of axis title still ran past their axis after 4d50897:
 * 1. a title Vega-Lite joins from several layers ("a, b": the layers' fields or titles, or the
 *    fields of a layer repeat): no single layer gives it, so axisTitleEdits broke none of it, or
 *    broke one layer's part, which Vega-Lite then joined back into one line ("Working alliance at,
 *    the third session, PHQ-9");
 * 2. the title of a field repeated by row, column or list (`{ repeat: 'row' }`), known only once
 *    Vega-Lite fills in each cell's field, and different in every cell.
 * Reference: Vega-Lite's own compile of the spec gives the titles it draws (vl.compile, axes[].title
 * on each side); the audit's expectation, by the rule of 4d50897: in the compiled spec of the drawn
 * figure each of those titles is broken into lines of at most floor(axis length / (0.8 × font
 * size)) characters (Vega's estimate of text width without a canvas, vega-scenegraph
 * estimateWidth), which together say the same words, and the figure draws the same axes.
 */
import { describe, expect, it } from 'vitest';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { axisTitleEdits } from '../../src/report/chart/axis-title-edits.ts';
import { expandRepeat } from '../../src/report/chart/expand-repeat.ts';
import { withTitleEdits } from '../../src/report/chart/with-title-edits.ts';
import type { VegaLiteSpec } from '../../src/report/types.ts';

const FONT = 10; // axis title font size of every spec here: 0.8 × 10 = 8 px a character
const SIDE = 120; // plot width and height: 15 characters a line
const A = 'alliance_at_session_three';
const B = 'symptom_score_at_intake';

/** The titles of the compiled spec's axes on one side (Vega-Lite's own compile), in the order of its views. */
function vegaAxisTitles(spec: VegaLiteSpec, orient: 'bottom' | 'left'): unknown[] {
  const titles: unknown[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const { axes, marks } = node as { axes?: { orient: string; title?: unknown }[]; marks?: unknown };
    for (const a of axes ?? []) if (a.orient === orient && a.title !== undefined) titles.push(a.title);
    visit(marks);
  };
  visit(vl.compile(spec as unknown as TopLevelSpec, { logger: vega.logger(vega.None) }).spec);
  return titles;
}

/** The spec as layOutFigure draws it: its axis titles broken by axisTitleEdits. */
const drawn = (spec: VegaLiteSpec): VegaLiteSpec => withTitleEdits(spec, axisTitleEdits(spec).edits);

/** Every title on that side is one line longer than the axis as Vega-Lite compiles the spec, and lines that fit the axis, saying the same, as drawn. */
function expectWrapped(spec: VegaLiteSpec, orient: 'bottom' | 'left', count = 1): void {
  const titles = vegaAxisTitles(spec, orient);
  const wrapped = vegaAxisTitles(drawn(spec), orient);
  expect(titles).toHaveLength(count);
  expect(wrapped).toHaveLength(count);
  titles.forEach((title, i) => {
    // without the fix each title is drawn as one line longer than the axis
    expect(typeof title).toBe('string');
    expect((title as string).length * 0.8 * FONT).toBeGreaterThan(SIDE);
    const lines = wrapped[i] as string[];
    expect(Array.isArray(lines), JSON.stringify(lines)).toBe(true);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(Math.floor(SIDE / (0.8 * FONT)));
    expect(lines.join('').replace(/\s/g, '')).toBe((title as string).replace(/\s/g, ''));
  });
}

const base = { width: SIDE, height: SIDE, data: { values: [{ m: 1, [A]: 2, [B]: 3 }] }, config: { axis: { titleFontSize: FONT } } };
const y = (field: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ field, type: 'quantitative', ...extra });
const x = { field: 'm', type: 'quantitative' };

describe('an axis title Vega-Lite joins from several layers', () => {
  it('joined from the fields of the layers ("a, b") is broken into lines that fit the axis', () => {
    expectWrapped({ ...base, layer: [{ mark: 'point', encoding: { x, y: y(A) } }, { mark: 'line', encoding: { x, y: y(B) } }] }, 'left');
  });

  it('joined from the layers\' titles is broken as a whole, not one layer\'s part that Vega-Lite joins back into one line', () => {
    const layer = [
      { mark: 'point', encoding: { x, y: y(A, { title: 'Working alliance at the third session' }) } },
      { mark: 'line', encoding: { x, y: y(B, { title: 'PHQ-9' }) } },
    ];
    expectWrapped({ ...base, layer }, 'left');
    // the layers' x titles are one and the same: left to the rule for a single title
    expect(vegaAxisTitles(drawn({ ...base, layer }), 'bottom')).toEqual(['m']);
  });

  it('joined from a layer inheriting the view\'s field and a layer with its own axis options', () => {
    const spec = {
      ...base,
      encoding: { x, y: y(A) },
      layer: [{ mark: 'point' }, { mark: 'line', encoding: { y: y(B, { axis: { grid: false } }) } }],
    };
    expectWrapped(spec, 'left');
    // the layer keeps its own axis options
    expect((drawn(spec).layer as { encoding?: { y: { axis: Record<string, unknown> } } }[])[1]!.encoding!.y.axis.grid).toBe(false);
  });

  it('joined from the fields of a layer repeat is broken in the repeated spec', () => {
    expectWrapped({ ...base, repeat: { layer: [A, B] }, spec: { mark: 'line', encoding: { x, y: y({ repeat: 'layer' }) } } }, 'left');
  });
});

describe('the axis title of a field a repeat fills in', () => {
  const { width: _, height: __, ...top } = base;
  const cell = { width: SIDE, height: SIDE, mark: 'point' };

  it('is written out as the very concatenation Vega-Lite compiles the repeat to', () => {
    // reference: Vega-Lite's compile of the repeat itself (its normalizer writes a repeat out as a concatenation)
    const compiled = (spec: unknown): string => JSON.stringify(vl.compile(spec as TopLevelSpec, { logger: vega.logger(vega.None) }).spec);
    const repeats = [
      { ...top, repeat: { row: [A, B], column: ['m', '1 x'] }, spec: { ...cell, params: [{ name: 'brush', select: 'interval' }], encoding: { x: y({ repeat: 'column' }), y: y({ repeat: 'row' }, { sort: { field: { repeat: 'column' } } }) } } },
      { ...top, columns: 2, repeat: [A, B, 'm'], spec: { ...cell, name: 'v', mark: 'bar', encoding: { x: y({ repeat: 'repeat' }, { aggregate: 'mean' }), y: { datum: { repeat: 'repeat' } } } } },
      { repeat: { row: [A, B], layer: ['m', 'n'] }, spec: { ...cell, ...top, mark: 'line', encoding: { x: y({ repeat: 'row' }), y: y({ repeat: 'layer' }) } } },
    ];
    for (const spec of repeats) expect(compiled(expandRepeat(spec))).toBe(compiled(spec));
  });

  it('by row: each cell\'s title, from its own field, is broken into lines that fit its axis', () => {
    const spec = { ...top, repeat: { row: [A, B] }, spec: { ...cell, encoding: { x, y: y({ repeat: 'row' }) } } };
    expectWrapped(spec, 'left', 2);
    // written out as the concatenation Vega-Lite draws, whose x titles stay as they were
    expect(vegaAxisTitles(drawn(spec), 'bottom')).toEqual(['m', 'm']);
  });

  it('by column and by list of fields', () => {
    expectWrapped({ ...top, repeat: { column: [A, B] }, spec: { ...cell, encoding: { x: y({ repeat: 'column' }), y: x } } }, 'bottom', 2);
    expectWrapped({ ...top, columns: 2, repeat: [A, B, 'symptom_score_at_session_three'], spec: { ...cell, encoding: { x: y({ repeat: 'repeat' }), y: x } } }, 'bottom', 3);
  });

  it('by row and layer: each row\'s title and the title the layers join', () => {
    // the x titles differ from row to row (the repeat is written out), the joined y titles do not
    const rows = { ...top, repeat: { row: [A, B], layer: ['alliance_task', 'alliance_bond'] }, spec: { ...cell, mark: 'line', encoding: { x: y({ repeat: 'row' }), y: y({ repeat: 'layer' }) } } };
    expectWrapped(rows, 'bottom', 2);
    expectWrapped(rows, 'left', 2);
    // the rows' x titles fit: the joined y titles are broken in the repeated spec
    const joined = { ...rows, repeat: { row: ['m', 'n'], layer: [A, B] } };
    expectWrapped(joined, 'left', 2);
    expect(vegaAxisTitles(drawn(joined), 'bottom')).toEqual(['m', 'n']);
    expect(drawn(joined).repeat).toEqual(joined.repeat);
  });
});
