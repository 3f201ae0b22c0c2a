// README facts checked against the code and the data rather than memory:
// - the custom-instrument table (between the instruments markers) is generated from the spec type
//   (CustomInstrument in src/spec/pipeline-types.ts); regenerate it with
//   `npx tsx -e "import('./src/spec/stage-docs.ts').then((m) => console.log(m.customInstrumentDocs()))"`;
// - "How to cite the methods" gives the full reference (its title) for every source the stages
//   cite in their `citations:` (the texts in src/), as listed in the audit;
// - the Performance table's rom-small row states the file's patients and rows (counted from the
//   CSV here) and the demo report's size (measured by running the demo, ±25%);
// - the change-stage default: with instrument phq-9 and no method the demo's change stage uses
//   the Jacobson–Truax RCI 1.96·√2·SD·√(1 − .89) with the sample SD, not PHQ-9's fixed 6 points.
// - the "One row per patient" pipeline runs as printed on a file with the columns its comment lists.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customInstrumentDocs } from '../../src/spec/stage-docs.ts';
import { cli, REPO } from '../helpers/temp-project.ts';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const between = (a: string, b: string) => readme.slice(readme.indexOf(a) + a.length, readme.indexOf(b));

/** Every citation text carried by the sources under src/ (`text: '…'`). */
function sourceCitations(dir = join(REPO, 'src')): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceCitations(p));
    else if (p.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/text: '([^']+\(\d{4}\)\. [^']+)'/g)) out.push(m[1].replace(/\\u2019/g, '\u2019'));
  }
  return out;
}

describe('README reference sections', () => {
  it('custom-instrument table equals the one generated from the spec type', () => {
    expect(readme).toContain('<!-- instruments:begin -->');
    expect(between('<!-- instruments:begin -->', '<!-- instruments:end -->').trim()).toBe(customInstrumentDocs().trim());
    for (const k of ['key', 'name', 'items', 'min', 'max', 'higherIsBetter']) expect(customInstrumentDocs()).toMatch(new RegExp(`\\| \`${k}\` \\| [^|]+ \\| yes \\|`));
  });

  it('"How to cite the methods" gives the full reference of every source the stages cite', () => {
    const cite = readme.slice(readme.indexOf('## How to cite the methods'));
    const plain = cite.replace(/\*/g, ''); // titles of books are in italics
    const wanted = [
      'Baldwin, S. A.', 'Curran, P. J.', 'Falkenström, F.', 'Cronbach, L. J.', 'Feldt, L. S.', 'McDonald, R. P.', 'Efron, B. (1979)', 'Efron, B. (1987)',
      'Holm, S.', 'Benjamini, Y.', 'Welch, B. L.', 'Hedges, L. V. (1981)', 'Lutz, W.', 'Wiedemann, M.', 'Begg, C. B.', 'Rosenthal, R.', 'Higgins, J. P. T.',
      'Viechtbauer, W. (2005)', 'Viechtbauer, W. (2007)', 'Viechtbauer, W., & Cheung', 'Sidik, K.', 'Paule, R. C.', 'Morris, C. N.', 'Hunter, J. E.',
      'Stiles, W. B.', 'Strauss, J. L.', 'Larsson, M. H.', 'Gumz, A.', 'Hedges, L. V. (1983)', 'Hedges, L. V., & Olkin, I. (1985)',
    ];
    const texts = sourceCitations();
    for (const w of wanted) {
      const text = texts.find((t) => t.startsWith(w));
      expect(text, `citation in src/ starting with ${w}`).toBeDefined();
      const title = /\(\d{4}\)\. (.+?[.?])( |$)/.exec(text!)![1].replace(/[.?]$/, '');
      expect(plain, w).toContain(title.replace(/\u2019/g, "'"));
      const doi = /https:\/\/doi\.org\/\S+/.exec(text!)?.[0];
      if (doi) expect(cite, `${w} DOI`).toContain(doi);
    }
  });
});

describe('README facts about the demo', () => {
  const out = join(REPO, 'test/output/readme-facts-demo');
  beforeAll(() => {
    const r = cli(['run', 'pipelines/demo.yaml', '--out', out, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('Performance: the rom-small row states its patients, rows and report size', () => {
    const lines = readFileSync(join(REPO, 'data-samples/rom-small.csv'), 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    const patients = new Set(lines.slice(1).map((l) => l.split(',')[header.indexOf('patient')])).size;
    const row = readme.split('\n').find((l) => l.includes('`data-samples/rom-small.csv`') && l.startsWith('|'))!;
    expect(row).toContain(`${patients.toLocaleString('en-US')} patients (${(lines.length - 1).toLocaleString('en-US')} session rows`);
    const mb = Number(/\| ([\d.]+) MB \|$/.exec(row)![1]);
    const size = statSync(join(out, 'index.html')).size / 1e6;
    expect(Math.abs(mb - size) / size, `README ${mb} MB, measured ${size.toFixed(2)} MB`).toBeLessThan(0.25);
    const stages = (readFileSync(join(REPO, 'pipelines/demo.yaml'), 'utf8').match(/^\s+type: /gm) ?? []).length;
    expect(readme).toContain(`demo pipeline (${stages} stages, the report included)`);
  });

  it('change: instrument phq-9 without method gives the RCI from .89 and the sample SD, as README says', () => {
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const norms = (results.stages?.change ?? results.change).norms as { sd: number; reliability: number; rcValue: number; sdSource: string };
    expect(norms.reliability).toBe(0.89);
    expect(norms.sdSource).toBe('SD of the baseline scores in this sample');
    expect(norms.rcValue).toBeCloseTo(1.96 * Math.SQRT2 * norms.sd * Math.sqrt(1 - 0.89), 12);
    expect(norms.rcValue).not.toBe(6);
    expect(readme).toContain('without `method:`, the `change` stage uses the Jacobson–Truax\nRCI whenever a reliability is known');
  });
});

// The "One row per patient" example runs as printed, on a file with the columns its comment lists.
describe('README: the one-row-per-patient example', () => {
  it('runs on a per-patient file and reads it with grain: patient', async () => {
    const { runSpecText, tempProject } = await import('../helpers/temp-project.ts');
    const section = between('### One row per patient', '### The reference data layout');
    const yaml = /```yaml\n([\s\S]+?)```/.exec(section)![1]!;
    const columns = /file: trial\.csv\s+# (.+)/.exec(yaml)![1]!.replace('wai1..wai12', Array.from({ length: 12 }, (_, i) => `wai${i + 1}`).join(', '));
    const names = columns.split(',').map((c) => c.trim());
    const rows = Array.from({ length: 40 }, (_, i) =>
      names.map((c) => (c === 'patient' ? `P${i}` : c === 'therapist' ? `T${i % 5}` : c === 'modality' ? ['CBT', 'PDT'][i % 2] : c.startsWith('wai') ? 1 + ((i * 7 + c.length * 3) % 5) : c === 'phq_baseline' ? 10 + (i % 11) : 3 + ((i * 5) % 13))).join(','),
    );
    const p = tempProject({ 'trial.csv': [names.join(','), ...rows].join('\n') + '\n' });
    try {
      const outcome = await runSpecText(p.dir, yaml);
      expect((outcome.results.trial as { grain: string; patients: number }).grain).toBe('patient');
      expect(Object.keys(outcome.results)).toEqual(['trial', 'scored', 'change', 'alliance_outcome', 'improvement', 'modalities']);
      expect((outcome.results.alliance_outcome as { correlations: { n: number }[] }).correlations[0]!.n).toBe(40);
    } finally {
      p.dispose();
    }
  });
});
