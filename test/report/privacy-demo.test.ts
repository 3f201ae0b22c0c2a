/**
 * Privacy of the REAL demo report (issue 8): by default none of the sample's patient or therapist
 * identifiers (data-samples/rom-small.csv: P000001…, T0001…) appears anywhere in index.html,
 * results.json, tables/*.csv or figures/* (the PNGs are checked through their SVG sources);
 * stages that label patients use stable pseudonyms instead. With a copy of the demo spec whose
 * report stage sets `identifiers: true`, the stages that show patients (growth trajectories,
 * rupture timelines, sudden-gain and rupture events) show the raw identifiers: the opt-in is honoured.
 */
import { hash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSpecText } from '../../src/spec/load-spec.ts';
import { runPipeline } from '../../src/engine/run-pipeline.ts';

const OUT = resolve('test/output/privacy-demo');
const DATA = resolve('data-samples/rom-small.csv');
const DEMO = resolve('pipelines/demo.yaml');
const ID_TOKEN = /(?<![A-Za-z0-9])(?:P\d{6}|T\d{4})(?![0-9])/g;

/** The distinct patient and therapist identifiers of the sample (columns `patient`, `therapist`). */
function sampleIds(): Set<string> {
  const lines = readFileSync(DATA, 'utf8').trim().split(/\r?\n/);
  const head = lines[0].split(',');
  const cols = [head.indexOf('patient'), head.indexOf('therapist')];
  const ids = new Set<string>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    for (const c of cols) ids.add(cells[c]);
  }
  return ids;
}

/** Report files that a reader or co-author gets, as text (PNG excluded: it is rendered from the SVG). */
function reportTexts(dir: string): Map<string, string> {
  const files = ['index.html', 'results.json', ...readdirSync(join(dir, 'tables')).map((f) => `tables/${f}`), ...readdirSync(join(dir, 'figures')).filter((f) => !f.endsWith('.png')).map((f) => `figures/${f}`)];
  return new Map(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/** Which sample identifiers occur in which file. */
function idsFound(texts: Map<string, string>, ids: Set<string>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [file, text] of texts) {
    const hits = [...new Set([...text.matchAll(ID_TOKEN)].map((m) => m[0]).filter((t) => ids.has(t)))];
    if (hits.length > 0) found.set(file, hits);
  }
  return found;
}

async function runDemo(name: string, identifiers: boolean): Promise<string> {
  let text = readFileSync(DEMO, 'utf8');
  if (identifiers) {
    const withOptIn = text.replace(/(\n\s*- id: report\n(\s*)type: report\n?)/, '$1$2identifiers: true\n');
    expect(withOptIn, 'the demo spec ends with a report stage').not.toBe(text);
    text = withOptIn;
  }
  const out = join(OUT, name);
  rmSync(out, { recursive: true, force: true });
  const spec = parseSpecText(text, join(OUT, `${name}.yaml`), { data: DATA });
  await runPipeline(spec, { outDir: out, quiet: true });
  return out;
}

describe('identifiers in the demo report', () => {
  const ids = sampleIds();
  let plain: Map<string, string>;
  let optIn: Map<string, string>;
  beforeAll(async () => {
    plain = reportTexts(await runDemo('default', false));
    optIn = reportTexts(await runDemo('identifiers', true));
  });

  it('reads 300 patients and their therapists from the sample', () => {
    expect([...ids].filter((i) => i.startsWith('P'))).toHaveLength(300);
    expect([...ids].filter((i) => i.startsWith('T')).length).toBeGreaterThan(5);
  });

  it('shows no patient or therapist identifier by default', () => {
    expect(plain.size).toBeGreaterThan(20);
    expect(Object.fromEntries(idsFound(plain, ids))).toEqual({});
  });

  it('labels patients with pseudonyms by default', () => {
    const html = plain.get('index.html') ?? '';
    expect(html).toMatch(/P-[0-9a-f]{5}/);
    expect(plain.get('results.json')).toMatch(/"identifiers": "pseudonymous"/);
  });

  // Regression test: the growth figures once salted their pseudonyms with `growth-<seed>`, and the
  // seed is printed in the report, so hashing candidate ids (P000001…) recovered every patient shown.
  // Pseudonyms must use a salt the report does not reveal (the run salts with a digest of all ids).
  it('uses pseudonyms that cannot be recomputed from the seed printed in the report', () => {
    const seed = /Seed (\d+)/.exec(plain.get('index.html') ?? '')?.[1];
    expect(seed).toBeDefined();
    const stageIds = [...readFileSync(DEMO, 'utf8').matchAll(/- id: (\S+)\n\s*type: (\S+)/g)].flatMap((m) => [m[1], m[2]]);
    const salts = [...new Set([String(seed), `alliance-${seed}`, ...stageIds.map((s) => `${s}-${seed}`)])];
    const patients = [...ids].filter((i) => i.startsWith('P'));
    const recovered: string[] = [];
    for (const [file, text] of plain) {
      const shown = new Set([...text.matchAll(/(?<![A-Za-z0-9])P-([0-9a-f]{4,})(?![0-9a-f])/g)].map((m) => m[1]));
      if (shown.size === 0) continue;
      for (const salt of salts) {
        const hits = patients.filter((id) => {
          const d = hash('sha256', `${salt}\u0000${id}`, 'hex');
          for (let w = 4; w <= 8; w++) if (shown.has(d.slice(0, w))) return true;
          return false;
        });
        if (hits.length >= Math.min(5, shown.size)) recovered.push(`${file}: ${hits.length} of ${shown.size} pseudonyms recomputed with salt "${salt}"`);
      }
    }
    expect(recovered).toEqual([]);
  });

  // Regression test: sudden gains and ruptures, the growth figures, and grouping levels each salted
  // their own pseudonyms, so one patient had different labels in different figures and tables and a
  // reader could not follow a patient from a growth curve to its rupture timeline.
  it('gives a patient the same pseudonym in every figure, table and result', () => {
    const pairs = new Map<string, Set<string>>();
    const zipped: string[] = [];
    for (const [file, text] of plain) {
      const pseudo = [...text.matchAll(/(?<![A-Za-z0-9])P-[0-9a-f]{4,}(?![0-9a-f])/g)].map((m) => m[0]);
      const raw = [...(optIn.get(file) ?? '').matchAll(/(?<![A-Za-z0-9])P\d{6}(?![0-9])/g)].map((m) => m[0]);
      // the two runs differ only in the labels, so their k-th patient labels name the same patient
      if (pseudo.length === 0 || pseudo.length !== raw.length) continue;
      zipped.push(file);
      raw.forEach((id, k) => pairs.set(id, (pairs.get(id) ?? new Set()).add(pseudo[k]!)));
    }
    expect(zipped).toEqual(expect.arrayContaining(['figures/growth-wai_total.vl.json', 'figures/ruptures-timelines.vl.json', 'tables/sudden_gains-events.csv']));
    const several = [...pairs].filter(([, labels]) => labels.size > 1).map(([id, labels]) => `${id}: ${[...labels].join(', ')}`);
    expect(several).toEqual([]);
    const labels = [...pairs.values()].map((l) => [...l][0]);
    expect(new Set(labels).size).toBe(labels.length);
    expect(pairs.size).toBeGreaterThan(40);
  });

  it('shows raw identifiers where stages label patients once the report opts in', () => {
    const found = idsFound(optIn, ids);
    const files = [...found.keys()];
    expect(files).toContain('index.html');
    expect(files).toContain('results.json');
    expect(files.some((f) => f.startsWith('figures/'))).toBe(true);
    expect(optIn.get('results.json')).toMatch(/"identifiers": "raw"/);
    expect(optIn.get('results.json')).not.toMatch(/"identifiers": "pseudonymous"/);
  });
});
