// Two-stage multi-site pooling: export-summary at each site (data-samples/rom-small.csv split by its
// site column), import-summaries + meta centrally. Privacy: a summary holds only whitelisted keys and
// aggregates — no patient or therapist identifier, no row-level value. Pooling of the committed
// summaries (pipelines/multisite-central.yaml) against metafor 3.8-1: `multisite` in
// test/fixtures/meta-cli/metafor-cli.json (rma(yi, vi) after escalc ZCOR on the per-site r and n, and
// rma(yi, vi) on the mean differences), tolerance 1e-6.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetaAnalysis } from '../../src/stages/meta.ts';
import type { SiteSummary } from '../../src/stages/export-summary.ts';
import { REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const fx = JSON.parse(readFileSync(join(REPO, 'test/fixtures/meta-cli/metafor-cli.json'), 'utf8'));
const csv = readFileSync(join(REPO, 'data-samples/rom-small.csv'), 'utf8').trimEnd().split('\n');
const header = csv[0];
const bySite = new Map<string, string[]>();
for (const line of csv.slice(1)) {
  const site = line.slice(0, line.indexOf(','));
  if (!bySite.has(site)) bySite.set(site, []);
  bySite.get(site)!.push(line);
}

const siteSpec = (site: string) => `name: site
stages:
  - { id: sessions, type: ingest, file: ${site}.csv }
  - id: scored
    type: score
    from: sessions
    instruments: [{ instrument: wai-sr, prefix: wai }, { instrument: phq-9, prefix: phq }]
  - { id: patients, type: patients, from: scored, outcome: phq_total, alliance: [wai_total], session: 3 }
  - id: summary
    type: export-summary
    from: patients
    site: ${site}
    correlations:
      - { x: wai_total_first3, y: phq_total_improvement, label: Early alliance × PHQ-9 improvement }
      - { x: wai_total_mean, y: phq_total_improvement, label: Mean alliance × PHQ-9 improvement }
    differences:
      - { variable: phq_total_improvement, by: modality, groups: [CBT, IPT], label: PHQ-9 improvement CBT − IPT }
`;

const ALLOWED = new Set(['format', 'formatVersion', 'site', 'alliance', 'analysisSha256', 'minN', 'correlations', 'differences', 'label', 'x', 'y', 'method', 'n', 'r', 'z', 'vi', 'variable', 'by', 'groups', 'measure', 'n1', 'n2', 'yi']);
function keys(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => keys(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.push(k), keys(x, out));
  return out;
}
function numbers(v: unknown, out: number[] = []): number[] {
  if (typeof v === 'number') out.push(v);
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => numbers(x, out));
  return out;
}

function close(a: number, e: number, label: string): void {
  expect(Math.abs(a - e) <= Math.max(1e-9, 1e-6 * Math.abs(e)), `${label}: ${a} vs metafor ${e}`).toBe(true);
}

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

describe('export-summary → import-summaries → meta', () => {
  it('each site exports only aggregates; the centre pools them as meta does on the same study table', async () => {
    project = tempProject();
    const files: string[] = [];
    for (const [site, lines] of bySite) {
      const dir = project.path(site);
      project.write(`${site}/${site}.csv`, [header, ...lines].join('\n') + '\n');
      const out = await runSpecText(dir, siteSpec(site));
      const text = readFileSync(join(dir, 'out/summary.json'), 'utf8');
      const summary = JSON.parse(text) as SiteSummary;
      // privacy: whitelisted keys only, no identifiers, no row-level values
      expect(keys(summary).filter((k) => !ALLOWED.has(k))).toEqual([]);
      expect(text).not.toMatch(/P\d{6}|T\d{4}/);
      const ids = new Set(lines.map((l) => l.split(',')[2]));
      for (const id of ids) expect(text.includes(id)).toBe(false);
      expect(summary.correlations).toHaveLength(2);
      expect(text.length).toBeLessThan(2500);
      // every number is an aggregate: counts of at least minN patients or non-integer statistics, never an item value 0–5
      const nums = numbers(summary).filter((x) => x !== summary.formatVersion && x !== summary.minN);
      for (const x of nums) expect(Number.isInteger(x) ? x >= summary.minN : true, `value ${x}`).toBe(true);
      const itemValues = new Set(lines.flatMap((l) => l.split(',').slice(5)));
      for (const x of nums) expect(itemValues.has(String(x)), `value ${x}`).toBe(false);
      // the exported correlation is the site's own Pearson r (the correlate stage's number) with its z and 1/(n − 3)
      const c = summary.correlations[0];
      close(c.z, Math.atanh(c.r), 'z');
      close(c.vi, 1 / (c.n - 3), 'vi');
      expect((out.results.summary as { summary: SiteSummary }).summary).toEqual(summary);
      files.push(join(dir, 'out/summary.json'));
    }
    expect(files).toHaveLength(3);
    const central = await runSpecText(project.dir, `name: central
stages:
  - id: sites
    type: import-summaries
    files: [${files.map((f) => JSON.stringify(f)).join(', ')}]
    analysis: Early alliance × PHQ-9 improvement
  - { id: pooled, type: meta, from: sites, study: site, r: r, n: n }
`);
    const a = central.results.pooled as MetaAnalysis;
    expect(a.k).toBe(3);
    expect(a.studies.map((s) => s.label)).toEqual([...bySite.keys()]);
    const ex = fx.multisite.alliance;
    for (const k of ['estimate', 'se', 'pval', 'ciLower', 'ciUpper', 'tau2', 'I2', 'Q', 'piLower', 'piUpper'] as const) close(a[k] as number, ex[k], k);
    close(a.r!.estimate, ex.r.estimate, 'r');
  });

  it('the shipped site pipeline reproduces the committed summaries, and the central pipeline pools them as metafor', async () => {
    for (const site of ['S01', 'S02', 'S03']) {
      project = tempProject();
      const spec = readFileSync(join(REPO, 'pipelines/multisite-site.yaml'), 'utf8').replace('../data-samples/rom-small.csv', join(REPO, 'data-samples/rom-small.csv'));
      const run = await runSpecText(project.dir, spec, { params: { site } });
      const suppressed = run.ledger.entries.find((e) => e.reason === 'small-cell-suppressed');
      const committedHasDifference = JSON.parse(readFileSync(join(REPO, `data-samples/meta/sites/${site}.summary.json`), 'utf8')).differences.length > 0;
      // a cell under minN = 10 patients is not exported and the ledger says so
      expect(Boolean(suppressed), `${site} suppression`).toBe(!committedHasDifference);
      if (suppressed) expect(suppressed.detail).toMatch(/PHQ-9 improvement CBT − IPT \(n = \d+ and \d+\)/);
      const fresh = JSON.parse(readFileSync(project.path('out/summary.json'), 'utf8'));
      const committed = JSON.parse(readFileSync(join(REPO, `data-samples/meta/sites/${site}.summary.json`), 'utf8'));
      expect({ ...fresh, alliance: '' }).toEqual({ ...committed, alliance: '' });
      project.dispose();
      project = undefined;
    }
    project = tempProject();
    const spec = readFileSync(join(REPO, 'pipelines/multisite-central.yaml'), 'utf8').replaceAll('../data-samples/', join(REPO, 'data-samples') + '/').replace(/\n  - id: report\n    type: report\n/, '\n');
    const out = await runSpecText(project.dir, spec);
    for (const [id, key] of [['pooled_alliance', 'alliance'], ['pooled_modality', 'modality']] as const) {
      const a = out.results[id] as MetaAnalysis;
      const ex = fx.multisite[key];
      expect(a.k).toBe(ex.k);
      for (const k of ['estimate', 'se', 'pval', 'ciLower', 'ciUpper', 'tau2', 'Q'] as const) close(a[k] as number, ex[k], `${id}.${k}`);
    }
    expect(out.ledger.entries.find((e) => e.stage === 'modality')).toMatchObject({ reason: 'analysis-not-in-summary', count: 1 });
  });

  it('rejects a summary with an extra field, a duplicate site, and an unknown analysis', async () => {
    const good = readFileSync(join(REPO, 'data-samples/meta/sites/S01.summary.json'), 'utf8');
    const leaky = JSON.parse(good);
    leaky.correlations[0].patients = ['P000001'];
    const extraTop = { ...JSON.parse(good), rows: [[1, 2, 3]] };
    project = tempProject({ 'good.json': good, 'leaky.json': JSON.stringify(leaky), 'extra.json': JSON.stringify(extraTop), 'copy.json': good });
    const spec = (files: string[], analysis = 'Early alliance × PHQ-9 improvement') => `name: c\nstages:\n  - { id: s, type: import-summaries, files: [${files.join(', ')}], analysis: "${analysis}" }\n  - { id: m, type: meta, from: s, r: r, n: n }\n`;
    await expect(runSpecText(project.dir, spec(['good.json', 'leaky.json']))).rejects.toThrow(/rejected.*\/correlations\/0 has a field that is not allowed: 'patients'/);
    await expect(runSpecText(project.dir, spec(['extra.json']))).rejects.toThrow(/field that is not allowed: 'rows'/);
    await expect(runSpecText(project.dir, spec(['good.json', 'copy.json']))).rejects.toThrow(/two summaries come from site 'S01'/);
    await expect(runSpecText(project.dir, spec(['good.json'], 'Early aliance × PHQ-9 improvement'))).rejects.toThrow(/Did you mean 'Early alliance × PHQ-9 improvement'/i);
  });
});
