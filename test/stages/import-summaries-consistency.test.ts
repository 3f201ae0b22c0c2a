// import-summaries rejects entries export-summary cannot have written: z ≠ atanh(r), vi ≠ 1/(n − 3)
// (Fisher 1921; the formulas in src/stages/export-summary.ts) or a group size under the file's own
// minN (small-cell suppression). Expectation: one DataError per entry naming the file and the JSON
// path (brief of this fix; README promise: one clear message naming the file, exit 1). The valid
// summaries are the committed data-samples/meta/sites/S0*.summary.json, which test/stages/multisite
// reproduces byte for byte with the real export-summary stage. Before the fix every edited copy below
// was pooled without a word.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SiteSummary } from '../../src/stages/export-summary.ts';
import { cli, REPO, runSpecText, tempProject } from '../helpers/temp-project.ts';

const committed = (site: string) => readFileSync(join(REPO, `data-samples/meta/sites/${site}.summary.json`), 'utf8');
const edited = (site: string, edit: (s: SiteSummary) => void) => {
  const s = JSON.parse(committed(site)) as SiteSummary;
  edit(s);
  return JSON.stringify(s, null, 2);
};
const spec = (files: string[], analysis = 'Early alliance × PHQ-9 improvement') =>
  `name: c\nstages:\n  - { id: s, type: import-summaries, files: [${files.join(', ')}], analysis: "${analysis}" }\n  - { id: m, type: meta, from: s, r: r, n: n }\n`;

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.dispose());

describe('import-summaries checks each summary against itself', () => {
  it('accepts the summaries export-summary wrote, and values within the stated tolerance', async () => {
    const S01 = JSON.parse(committed('S01')) as SiteSummary;
    // z rewritten with 13 significant digits: a relative change under 5e-13, inside the 1e-12 tolerance
    const rounded = edited('S01', (s) => (s.correlations[0].z = Number(S01.correlations[0].z.toPrecision(13))));
    project = tempProject({ 'S01.json': committed('S01'), 'S02.json': committed('S02'), 'S03.json': committed('S03'), 'S01r.json': rounded });
    const out = await runSpecText(project.dir, spec(['S01.json', 'S02.json', 'S03.json']));
    expect((out.results.m as { k: number }).k).toBe(3);
    const modality = await runSpecText(project.dir, spec(['S01.json', 'S02.json', 'S03.json'], 'PHQ-9 improvement CBT − IPT').replace('r: r, n: n', 'yi: yi, vi: vi'));
    expect((modality.results.m as { k: number }).k).toBe(2);
    await expect(runSpecText(project.dir, spec(['S01r.json', 'S02.json']))).resolves.toBeDefined();
  });

  it('rejects a z that is not atanh(r), naming the file and the JSON path', async () => {
    const S01 = JSON.parse(committed('S01')) as SiteSummary;
    project = tempProject({ 'z.json': edited('S01', (s) => (s.correlations[1].z = S01.correlations[1].z + 1e-9)) });
    // the message names the edited z, the file's r and atanh(r) in full (here z = 0.2446732858…)
    const { r } = S01.correlations[1];
    const esc = (v: number) => String(v).replace('.', '\\.');
    await expect(runSpecText(project.dir, spec(['z.json']))).rejects.toThrow(
      new RegExp(`^correlations\\[1\\]\\.z is 0\\.2446732858\\d* but its r = ${esc(r)} gives Fisher z = atanh\\(r\\) = ${esc(Math.atanh(r))}; export-summary cannot have written this`),
    );
    await expect(runSpecText(project.dir, spec(['z.json']))).rejects.toMatchObject({ name: 'DataError', file: 'z.json' });
  });

  it('rejects a vi that is not 1/(n − 3) for its n', async () => {
    project = tempProject({ 'vi.json': edited('S01', (s) => (s.correlations[0].n = 53)) });
    await expect(runSpecText(project.dir, spec(['vi.json']))).rejects.toThrow(/^correlations\[0\]\.vi is 0\.01 but its n = 53 gives the sampling variance 1\/\(n − 3\) = 0\.02;/);
  });

  it('rejects a group size under the file’s own minN', async () => {
    project = tempProject({ 'n.json': edited('S02', (s) => (s.differences[0].n2 = 9)) });
    await expect(runSpecText(project.dir, spec(['n.json'], 'PHQ-9 improvement CBT − IPT').replace('r: r, n: n', 'yi: yi, vi: vi'))).rejects.toThrow(
      /^differences\[0\]\.n2 is 9, below the summary's own minN of 10 \(smaller cells are suppressed at export\);/,
    );
  });

  // found in QA: a label standing for different variables at two sites was pooled with only the
  // generic 'different-analysis-definitions' flag, which a hand-edited or re-labelled summary
  // does not even raise (its analysisSha256 is the same)
  it('flags an analysis whose label stands for different variables at different sites, naming each with its sites', async () => {
    const label = 'Early alliance × PHQ-9 improvement';
    const S01 = JSON.parse(committed('S01')) as SiteSummary;
    const c = S01.correlations.find((x) => x.label === label)!;
    project = tempProject({ 'S01.json': committed('S01'), 'S02.json': committed('S02'), 'S03.json': edited('S03', (s) => (s.correlations.find((x) => x.label === label)!.x = 'wai_total_mean')) });
    const out = await runSpecText(project.dir, spec(['S01.json', 'S02.json', 'S03.json']));
    const flag = (out.ledger.entries as { reason: string; count: number; detail: string }[]).filter((e) => e.reason === 'different-variables');
    expect(flag).toEqual([expect.objectContaining({ count: 3, detail: `'${label}' relates different variables at different sites: ${c.x} × ${c.y} (S01, S02); wai_total_mean × ${c.y} (S03); check that they measure the same thing` })]);
    // the same variables everywhere: the entry is there with count 0 (nothing flagged)
    const same = await runSpecText(project.dir, spec(['S01.json', 'S02.json']));
    expect((same.ledger.entries as { reason: string; count: number }[]).filter((e) => e.reason === 'different-variables' && e.count > 0)).toEqual([]);
  });

  it('alliance validate lists every inconsistent entry of every file, one line each', () => {
    project = tempProject({
      'a.json': edited('S01', (s) => ((s.correlations[0].n = 8), (s.correlations[0].vi = 0.25))),
      'b.json': edited('S02', (s) => (s.correlations[1].z = -s.correlations[1].z)),
      'p.yaml': spec(['a.json', 'b.json']),
    });
    const r = cli(['validate', 'p.yaml'], project.dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    const listed = r.stderr.split('\n').filter((l) => l.startsWith('  '));
    expect(r.stderr).toMatch(/^error: the pipeline has 3 problems:/);
    expect(listed).toHaveLength(3);
    expect(listed[0]).toMatch(/^ {2}a\.json: correlations\[0\]\.n is 8, below the summary's own minN of 10 .*\(read by stages\[0\], stage 's'\)$/);
    expect(listed[1]).toMatch(/^ {2}a\.json: correlations\[0\]\.vi is 0\.25 but its n = 8 gives the sampling variance 1\/\(n − 3\) = 0\.2;/);
    expect(listed[2]).toMatch(/^ {2}b\.json: correlations\[1\]\.z is -0\.\d+ but its r = 0\.\d+ gives Fisher z = atanh\(r\) = 0\.\d+;/);
  });
});
