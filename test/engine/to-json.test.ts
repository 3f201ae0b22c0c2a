// toJson must give the same data as JSON.stringify with its conversions (NaN → null, typed arrays,
// Maps, bigints), laid out with plain-value arrays on one line and flat records one per line.
import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/engine/to-json.ts';

/** The previous implementation: JSON.stringify with the conversions as a replacer. */
function reference(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) => {
      if (typeof v === 'number' && !Number.isFinite(v)) return null;
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? x : null));
      if (v instanceof Map) return Object.fromEntries(v);
      if (typeof v === 'bigint') return Number(v);
      return v;
    },
    2,
  );
}

/** A seeded mix of everything results hold: nested objects, rows, typed arrays, odd values. */
function randomValue(seed: number, depth = 0): unknown {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const leaf = (): unknown => {
    const r = rnd();
    if (r < 0.15) return Math.round(rnd() * 1000) / 7;
    if (r < 0.25) return [NaN, Infinity, -Infinity, -0, 1e-300, 123456789012][Math.floor(rnd() * 6)];
    if (r < 0.4) return ['a', 'quote " and \\ backslash', 'line\nbreak', 'é ✓', '\u2028', ''][Math.floor(rnd() * 6)];
    if (r < 0.5) return rnd() < 0.5;
    if (r < 0.6) return null;
    if (r < 0.65) return undefined;
    if (r < 0.7) return 12n;
    return Math.floor(rnd() * 100);
  };
  const make = (d: number): unknown => {
    const r = rnd();
    if (d > 3 || r < 0.3) return leaf();
    if (r < 0.45) return Array.from({ length: Math.floor(rnd() * 5) }, () => leaf());
    if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 4) }, () => ({ id: `P${Math.floor(rnd() * 99)}`, x: leaf(), y: leaf() }));
    if (r < 0.68) return Float64Array.from({ length: Math.floor(rnd() * 4) }, () => (rnd() < 0.2 ? NaN : rnd()));
    if (r < 0.72) return new Map([['k', make(d + 1)], ['m', leaf()]]);
    if (r < 0.76) {
      const converted = { converted: true, v: leaf() };
      return { toJSON: () => converted };
    }
    if (r < 0.8) return Array.from({ length: Math.floor(rnd() * 4) }, () => make(d + 1));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(rnd() * 5); i > 0; i--) o[`k${Math.floor(rnd() * 20)}`] = make(d + 1);
    return o;
  };
  return make(depth);
}

describe('toJson', () => {
  it('parses to the same data as JSON.stringify with the conversions, for 500 seeded random values', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const v = { stages: randomValue(seed), more: [randomValue(seed + 1000), randomValue(seed + 2000)] };
      const text = toJson(v);
      expect(text.endsWith('\n')).toBe(true);
      expect(JSON.parse(text), `seed ${seed}`).toEqual(JSON.parse(reference(v)));
    }
  });

  it('puts plain-value arrays on one line and flat records one per line as compact JSON, and indents the rest as JSON.stringify(v, null, 2)', () => {
    const text = toJson({ r: 0.31, ci: [0.2, NaN, 0.4], empty: [], none: {}, rows: [{ id: 'a', n: 1, skip: undefined }, { id: 'b', n: Float64Array.of(2)[0], bad: NaN }], nested: [{ a: [1] }], typed: Int32Array.of(1, 2) });
    expect(text).toBe(
      [
        '{',
        '  "r": 0.31,',
        '  "ci": [0.2,null,0.4],',
        '  "empty": [],',
        '  "none": {},',
        '  "rows": [',
        '    {"id":"a","n":1},',
        '    {"id":"b","n":2,"bad":null}',
        '  ],',
        '  "nested": [',
        '    {',
        '      "a": [1]',
        '    }',
        '  ],',
        '  "typed": [1,2]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('a hole or an undefined array element is null, a function or undefined property is left out, as in JSON.stringify', () => {
    // eslint-disable-next-line no-sparse-arrays
    const v = { a: [1, , undefined, () => 1], f: () => 1, u: undefined, d: new Date(Date.UTC(2026, 10, 22)) };
    expect(JSON.parse(toJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
    expect(toJson('x')).toBe('"x"\n');
  });
});
