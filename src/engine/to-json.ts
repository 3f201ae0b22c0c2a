/**
 * JSON for results files and the quick commands: typed arrays become arrays, non-finite numbers
 * become null (JSON has no NaN), Maps become objects, bigints numbers; otherwise the values
 * JSON.stringify gives (toJSON honoured, undefined and functions left out of objects and null
 * in arrays).
 *
 * Laid out for reading and diffing: objects one key per line, indented by two spaces as
 * `JSON.stringify(v, null, 2)` does, but an array of plain values on one line (`[0.21,0.35]`)
 * and an array of flat records (objects whose values are all plain values) one record per line,
 * each as compact JSON (JSON Lines style; written by JSON.stringify itself where it can).
 * A list of 10,000 per-patient rows then takes 10,000 lines instead of ten times as many, and
 * the file about half the bytes.
 * @example toJson({ ci: [0.1, 0.3], rows: [{ id: 'a', n: 1 }] }) // '{\n  "ci": [0.1,0.3],\n  "rows": [\n    {"id":"a","n":1}\n  ]\n}\n'
 */
export function toJson(value: unknown): string {
  const out: string[] = [];
  const v = prepare(value, '');
  if (v === undefined) return 'undefined\n'; // as JSON.stringify(undefined) + '\n' gave
  write(v, '', out);
  out.push('\n');
  return out.join('');
}

/** A value after toJSON and the conversions above; undefined where JSON.stringify skips it. */
function prepare(v: unknown, key: string): unknown {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(k: string): unknown }).toJSON(key);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'function' || typeof v === 'symbol' || v === undefined) return undefined;
  if (v instanceof Map) return Object.fromEntries(v);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? Number(x) : null));
  if (v instanceof Number || v instanceof String || v instanceof Boolean) return v.valueOf();
  return v;
}

function isPlain(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

const NOT_FLAT = 0;
const NATIVE = 1;
const CONVERT = 2;

/**
 * NOT_FLAT when a value is an object (a nested object, array, Map or Date); else NATIVE when
 * JSON.stringify writes the record as toJson would, or CONVERT when a value needs prepare
 * (a non-finite number, a bigint).
 */
function recordKind(o: object): number {
  let kind = NATIVE;
  for (const k in o) {
    if (!Object.hasOwn(o, k)) continue;
    const v = (o as Record<string, unknown>)[k];
    if (typeof v === 'number') {
      if (v - v !== 0) kind = CONVERT; // NaN or ±Infinity
    } else if (typeof v === 'object') {
      if (v !== null) return NOT_FLAT;
    } else if (typeof v === 'bigint') kind = CONVERT;
  }
  return kind;
}

/** A flat record on one line, `{"id":"P1","n":3}`. */
function inlineRecord(o: object, kind: number): string {
  if (kind === NATIVE) return JSON.stringify(o);
  const parts: string[] = [];
  for (const k of Object.keys(o)) {
    const v = prepare((o as Record<string, unknown>)[k], k);
    if (v !== undefined) parts.push(`${JSON.stringify(k)}:${JSON.stringify(v)}`);
  }
  return `{${parts.join(',')}}`;
}

function write(v: unknown, indent: string, out: string[]): void {
  if (isPlain(v)) {
    out.push(JSON.stringify(v));
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push('[]');
      return;
    }
    const items = Array.from(v, (x, i) => prepare(x, String(i)) ?? null);
    if (items.every(isPlain)) {
      out.push(JSON.stringify(items));
      return;
    }
    let kinds: Uint8Array | undefined = new Uint8Array(items.length);
    for (let i = 0; i < items.length && kinds; i++) {
      const x = items[i];
      const kind = x !== null && typeof x === 'object' && !Array.isArray(x) ? recordKind(x) : NOT_FLAT;
      if (kind === NOT_FLAT) kinds = undefined;
      else kinds[i] = kind;
    }
    out.push('[\n');
    items.forEach((x, i) => {
      out.push(inner);
      if (kinds) out.push(inlineRecord(x as object, kinds[i]!));
      else write(x, inner, out);
      out.push(i < items.length - 1 ? ',\n' : '\n');
    });
    out.push(indent, ']');
    return;
  }
  const entries: [string, unknown][] = [];
  for (const k of Object.keys(v as object)) {
    const x = prepare((v as Record<string, unknown>)[k], k);
    if (x !== undefined) entries.push([k, x]);
  }
  if (entries.length === 0) {
    out.push('{}');
    return;
  }
  out.push('{\n');
  entries.forEach(([k, x], i) => {
    out.push(inner, JSON.stringify(k), ': ');
    write(x, inner, out);
    out.push(i < entries.length - 1 ? ',\n' : '\n');
  });
  out.push(indent, '}');
}
