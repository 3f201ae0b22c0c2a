import { describe, expect, it } from 'vitest';
import {
  assertInlineData,
  chartConfig,
  escapeHtml,
  fileSafeId,
  jsonForScript,
  OKABE_ITO,
  prefixSvgIds,
  renderCitedText,
  pseudonymize,
  ReportError,
  sampleForFigure,
  tableToCsv,
  withChartConfig,
} from '../../src/report/index.ts';
import { vegaLiteValidator } from './vega-lite-schema.ts';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters (OWASP rules 1–2)', () => {
    expect(escapeHtml(`<script>alert("x")</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeHtml(`a & b ' c`)).toBe('a &amp; b &#39; c');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml(null)).toBe('null');
  });
});

describe('renderCitedText', () => {
  const cites = [
    { key: 'hatcher2006', text: 'Hatcher, R. L., & Gillaspy, J. A. (2006). Development.' },
    { key: '<b>', text: '<script>x</script> (2020). Bad.' },
  ];
  it('links known [key]s with the author–date form and escapes everything else', () => {
    expect(renderCitedText('WAI-SR [hatcher2006] & <i>x</i> [other]', cites, (k) => `ref-${k}`)).toBe(
      'WAI-SR [<a class="cite" href="#ref-hatcher2006">Hatcher &amp; Gillaspy, 2006</a>] &amp; &lt;i&gt;x&lt;/i&gt; [other]',
    );
    expect(renderCitedText('see [<b>]', cites, () => 'ref-b')).toBe('see [<a class="cite" href="#ref-b">&lt;script&gt;x&lt;/script&gt;, 2020</a>]');
  });
});

describe('jsonForScript', () => {
  it('cannot close the script element and round-trips through JSON.parse', () => {
    const value = { a: '</script><script>alert(1)</script>', b: '<!-- x -->', c: 'a\u2028b\u2029c & d', d: [1.5, null, true] };
    const s = jsonForScript(value);
    expect(s).not.toMatch(/[<>&\u2028\u2029]/);
    expect(s.toLowerCase()).not.toContain('</script');
    expect(JSON.parse(s)).toEqual(value);
  });
  it('refuses what JSON cannot carry', () => {
    expect(() => jsonForScript(undefined)).toThrow(TypeError);
  });
});

describe('fileSafeId', () => {
  it('keeps ASCII letters, digits, - and _ only', () => {
    expect(fileSafeId('Alliance → Outcome (WAI-SR)')).toBe('alliance-outcome-wai-sr');
    expect(fileSafeId('../../etc/passwd')).toBe('etc-passwd');
    expect(fileSafeId('Ärger_über_Café')).toBe('arger_uber_cafe');
    expect(fileSafeId('<script>')).toBe('script');
    expect(fileSafeId('日本語')).toBe('item');
    expect(fileSafeId('...', undefined, 'figure')).toBe('figure');
    expect(fileSafeId('CON')).toBe('con-file');
    expect(fileSafeId('x'.repeat(200))).toHaveLength(64);
  });
  it('makes names unique within a set', () => {
    const taken = new Set<string>();
    expect(['a b', 'a-b', 'A/B', 'c'].map((id) => fileSafeId(id, taken))).toEqual(['a-b', 'a-b-2', 'a-b-3', 'c']);
  });
});

describe('tableToCsv (RFC 4180)', () => {
  const cols = [
    { key: 'name', label: 'Name' },
    { key: 'x', label: 'X' },
  ];
  it('quotes commas, quotes and line breaks; CRLF line ends; raw numbers; empty for missing', () => {
    const csv = tableToCsv(cols, [
      { name: 'a,b', x: 0.1 + 0.2 },
      { name: 'say "hi"', x: null },
      { name: 'two\nlines', x: NaN },
      { name: 'ok', x: true },
    ]);
    expect(csv).toBe('name,x\r\n"a,b",0.30000000000000004\r\n"say ""hi""",\r\n"two\nlines",\r\nok,TRUE\r\n');
  });
  it('neutralises spreadsheet formulas but not numbers written as text', () => {
    const csv = tableToCsv(cols, [{ name: '=1+1', x: '-0.5' }, { name: '@SUM(A1)', x: '+x' }]);
    expect(csv).toBe("name,x\r\n'=1+1,-0.5\r\n'@SUM(A1),'+x\r\n");
  });
});

describe('pseudonymize', () => {
  it('is SHA-256(salt ‖ NUL ‖ id), first hex digits, stable and repeatable', () => {
    // printf 'demo-salt\0A17' | sha256sum → 486cf887…; printf 'demo-salt\0B02' | sha256sum → 17b1ca8e…
    expect(pseudonymize(['A17', 'B02', 'A17'], 'demo-salt')).toEqual(['P-486c', 'P-17b1', 'P-486c']);
    expect(pseudonymize(['A17'], 'other-salt')[0]).not.toBe('P-486c');
  });
  it('lengthens pseudonyms until distinct ids get distinct pseudonyms', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `patient-${i}`);
    const p = pseudonymize(ids, 'salt');
    expect(new Set(p).size).toBe(ids.length);
    expect(p[0]).toMatch(/^P-[0-9a-f]{5,}$/);
    expect(pseudonymize(ids, 'salt')).toEqual(p);
  });
  it('requires a salt', () => {
    expect(() => pseudonymize(['a'], '')).toThrow(/salt/);
  });
});

describe('sampleForFigure', () => {
  it('keeps small data as it is, with no note', () => {
    const r = sampleForFigure([1, 2, 3], 5, 1);
    expect(r).toEqual({ rows: [1, 2, 3], sampled: false, note: '' });
  });
  it('draws a seeded sample without replacement, in the original order, and states the rule', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => i);
    const a = sampleForFigure(rows, 5000, 42);
    expect(a.rows).toHaveLength(5000);
    expect(new Set(a.rows).size).toBe(5000);
    for (let i = 1; i < a.rows.length; i++) expect(a.rows[i]!).toBeGreaterThan(a.rows[i - 1]!);
    expect(a.note).toBe('The figure shows a simple random sample of 5,000 of the 100,000 rows (seed 42).');
    expect(sampleForFigure(rows, 5000, 42).rows).toEqual(a.rows);
    expect(sampleForFigure(rows, 5000, 43).rows).not.toEqual(a.rows);
    // roughly uniform: the sample mean of indices is near the middle (SE ≈ 28,868/√5000 ≈ 408)
    const mean = a.rows.reduce((s, x) => s + x, 0) / a.rows.length;
    expect(Math.abs(mean - 49_999.5)).toBeLessThan(4 * 408);
  });
  it('rejects a non-positive limit', () => {
    expect(() => sampleForFigure([1], 0, 1)).toThrow(RangeError);
  });
});

describe('chart theme', () => {
  it('uses the Okabe–Ito palette and DejaVu Sans, and a spec using it validates against the Vega-Lite schema', () => {
    expect(OKABE_ITO).toHaveLength(8);
    expect(chartConfig.range.category).toEqual([...OKABE_ITO]);
    expect(chartConfig.font).toMatch(/^DejaVu Sans/);
    const spec = { data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } }, config: chartConfig };
    expect(vegaLiteValidator()(spec)).toBe(true);
  });
  it('withChartConfig merges the theme under the spec config without mutating either', () => {
    const spec = { mark: 'point', config: { axis: { labelFontSize: 9 } } };
    const merged = withChartConfig(spec) as { config: { axis: Record<string, unknown>; font: string } };
    expect(merged.config.axis.labelFontSize).toBe(9);
    expect(merged.config.axis.titleFontSize).toBe(12);
    expect(merged.config.font).toBe(chartConfig.font);
    expect(spec.config).toEqual({ axis: { labelFontSize: 9 } });
    expect(chartConfig.axis.labelFontSize).toBe(11);
  });
});

describe('SVG and data guards', () => {
  it('prefixes SVG ids and their references only', () => {
    const svg = '<svg><defs><clipPath id="clip1"/></defs><g clip-path="url(#clip1)"/><use href="#clip1"/><a href="#other"/></svg>';
    expect(prefixSvgIds(svg, 'f-')).toBe('<svg><defs><clipPath id="f-clip1"/></defs><g clip-path="url(#f-clip1)"/><use href="#f-clip1"/><a href="#other"/></svg>');
  });
  it('finds data URLs anywhere in a spec', () => {
    expect(() => assertInlineData({ data: { values: [] }, mark: 'point' })).not.toThrow();
    expect(() => assertInlineData({ vconcat: [{}, { transform: [{ lookup: 'a', from: { data: { url: 'x.csv' }, key: 'a' } }] }] })).toThrow(
      /\$\.vconcat\[1\]\.transform\[0\]\.from\.data\.url/,
    );
    expect(() => assertInlineData({ data: { url: 'x' } })).toThrow(ReportError);
  });
});
