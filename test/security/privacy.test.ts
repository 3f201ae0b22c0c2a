// Issue 9 "Sensitive data": reports and summaries carry no identifiers unless the spec opts in.
// The demo pipeline runs on the shipped sample (300 patients) through the real CLI; no patient id
// may appear in index.html, results.json, run.lock.json or any figure file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, REPO, tempProject } from '../helpers/temp-project.ts';

const project = tempProject();
const out = join(project.dir, 'demo');
let files: string[] = [];
const ids = [...new Set(readFileSync(join(REPO, 'data-samples/rom-small.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[2]))];

beforeAll(() => {
  const r = cli(['run', 'pipelines/demo.yaml', '--out', out, '--quiet']);
  expect(r.status, r.stderr).toBe(0);
  const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
  files = walk(out);
}, 180_000);
afterAll(() => project.dispose());

describe('the demo report without the identifiers opt-in', () => {
  it('has the sample ids to look for', () => {
    expect(ids).toHaveLength(300);
    expect(ids[0]).toMatch(/^P\d{6}$/);
  });

  it('wrote the report, results and figures', () => {
    const names = files.map((f) => f.slice(out.length + 1));
    expect(names).toEqual(expect.arrayContaining(['index.html', 'results.json', 'run.lock.json']));
    expect(names.filter((n) => n.startsWith('figures/')).length).toBeGreaterThan(2);
  });

  it('contains no patient id in any output file', () => {
    const leaks: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const found = ids.filter((id) => text.includes(id));
      if (found.length) leaks.push(`${f.slice(out.length + 1)}: ${found.slice(0, 3).join(', ')}${found.length > 3 ? ` (+${found.length - 3})` : ''}`);
    }
    expect(leaks).toEqual([]);
  });
});
