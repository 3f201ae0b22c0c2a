import { asObject, isPlainObject } from './spec-values.ts';

/**
 * A `repeat` by row, column or a list of fields written out as the concatenation Vega-Lite draws it
 * (its normalizer's: one cell per repeated value, row by row, each the repeated `spec` with its
 * `{ repeat: 'row' | 'column' | 'repeat' }` fields and datums filled in and named
 * `child__row_<row>column_<column>` or `child__<value>`; the data moved up; `align: 'all'`;
 * `columns` as many as the repeated columns), so each cell can carry titles of its own (a cell's
 * axis title comes from its field). A row or column repeat of layers (`repeat: { row, layer }`)
 * makes each cell a view of layers, named as Vega-Lite names them. Undefined for a layer repeat, any other view, or a repeated spec that repeats
 * again by row, column or list (whose cells Vega-Lite names and fills from both).
 * @example expandRepeat({ repeat: { row: ['a', 'b'] }, spec: { mark: 'point', encoding: { y: { field: { repeat: 'row' }, type: 'quantitative' } } } })
 * // { align: 'all', columns: 1, concat: [{ mark: 'point', encoding: { y: { field: 'a', … } }, name: 'child__row_a' }, { …'b'…, name: 'child__row_b' }] }
 */
export function expandRepeat(view: Record<string, unknown>): Record<string, unknown> | undefined {
  const { repeat, spec, data, ...rest } = view;
  if (!isPlainObject(spec) || repeatsAgain(spec)) return undefined;
  const list = Array.isArray(repeat) ? (repeat as unknown[]) : undefined;
  const byRow = asObject(repeat);
  const rows = Array.isArray(byRow.row) ? (byRow.row as unknown[]) : undefined;
  const columns = Array.isArray(byRow.column) ? (byRow.column as unknown[]) : undefined;
  if (list === undefined && rows === undefined && columns === undefined) return undefined;
  const layers = Array.isArray(byRow.layer) ? (byRow.layer as unknown[]) : undefined;
  const named = (value: unknown): string => (typeof spec.name === 'string' ? `${spec.name}_` : '') + value;
  const concat: Record<string, unknown>[] = [];
  for (const value of list ?? [undefined]) {
    for (const row of rows ?? [undefined]) {
      for (const column of columns ?? [undefined]) {
        const repeater = { repeat: value, row, column };
        const suffix = list !== undefined ? identifier(value) : `${rows ? `row_${identifier(row)}` : ''}${columns ? `column_${identifier(column)}` : ''}`;
        if (layers === undefined) {
          const { data: _, ...cell } = asObject(filled(spec, repeater));
          concat.push({ ...cell, name: named(`child__${suffix}`) });
          continue;
        }
        const layer = layers.map((l) => ({ ...asObject(filled(spec, { ...repeater, layer: l })), name: named(`child__${suffix}child__layer_${identifier(l)}`) }));
        concat.push({ layer, name: `child__${suffix}` });
      }
    }
  }
  const { columns: listColumns, ...others } = rest;
  const count = list !== undefined ? listColumns : (columns?.length ?? 1);
  const moved = layers === undefined ? (spec.data ?? data) : data;
  return { ...(moved === undefined ? {} : { data: moved }), align: 'all', ...others, ...(count === undefined ? {} : { columns: count }), concat };
}

/** Whether a repeated spec holds a repeat by row, column or list of its own. */
function repeatsAgain(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(repeatsAgain);
  if (!isPlainObject(node)) return false;
  const { repeat, data: _, ...rest } = node;
  if (Array.isArray(repeat) || (isPlainObject(repeat) && ('row' in repeat || 'column' in repeat))) return true;
  return Object.values(rest).some(repeatsAgain);
}

/** A copy of `node` whose `field`, `datum` (then nominal unless typed) and sort `field` references to a repeater set are replaced by its value. */
function filled(node: unknown, repeater: Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((n) => filled(n, repeater));
  if (!isPlainObject(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const ref = isPlainObject(value) && typeof value.repeat === 'string' && Object.keys(value).length === 1 ? repeater[value.repeat] : undefined;
    out[key] = key === 'data' ? value : (key === 'field' || key === 'datum') && ref !== undefined ? ref : filled(value, repeater);
  }
  if (isPlainObject(node.datum) && out.datum !== node.datum && out.type === undefined) out.type = 'nominal';
  return out;
}

/** A repeated value as part of a Vega name: each character other than a letter, digit or `_` as `_`, and `_` before a leading digit. */
function identifier(value: unknown): string {
  const text = String(value);
  return `${/^[0-9]/.test(text) ? '_' : ''}${text.replace(/[^A-Za-z0-9_]/g, '_')}`;
}
