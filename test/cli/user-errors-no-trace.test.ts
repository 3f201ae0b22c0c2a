// User errors end in one message naming the file, path or flag, exit 1 (spec, data, path) or 2
// (usage), and no stack trace (README "Commands": exit codes; every user error is one clear message
// naming the file). Real CLI processes. Before the fix each case below ended in "internal error",
// exit 70 and a stack trace: the yaml package's ReferenceError for an alias bomb, DuckDB's parser
// error for a subscale with no items, JSON.parse / ENOENT in verify, RangeError / EADDRINUSE in
// open, EISDIR in simulate.
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, REPO } from '../helpers/temp-project.ts';

const dir = mkdtempSync(join(tmpdir(), 'alliance-user-errors-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
};
let busy: Server;
beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((ok) => busy.listen(0, '127.0.0.1', ok));
});
afterAll(() => {
  busy.close();
  rmSync(dir, { recursive: true, force: true });
});

function expectOneMessage(r: ReturnType<typeof cli>, status: number, message: RegExp) {
  expect(r.status, r.stderr).toBe(status);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr.match(/^error: /gm)?.length).toBe(1);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

const ingest = `  - { id: sessions, type: ingest, file: ${join(REPO, 'data-samples/rom-small.csv')} }\n`;

describe('user errors are one message, not an internal error (real CLI)', () => {
  it('a YAML alias bomb is a spec error naming the file', () => {
    const levels = Array.from({ length: 9 }, (_, k) =>
      k === 0 ? 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]' : `a${k}: &a${k} [${Array(10).fill(`*a${k - 1}`).join(', ')}]`,
    );
    const file = write('bomb.yaml', `name: t\n${levels.join('\n')}\nstages:\n${ingest}`);
    expectOneMessage(cli(['validate', file]), 1, /bomb\.yaml: invalid YAML: Excessive alias count/);
  });

  it('a custom instrument with an empty subscale is rejected at validation with its spec path', () => {
    const spec = `name: t
instruments:
  - { key: myscale, name: "My scale", items: 3, min: 0, max: 4, higherIsBetter: true, subscales: { a: [] } }
stages:
${ingest}  - { id: scored, type: score, from: sessions, instruments: [{ instrument: myscale, items: [wai1, wai2, wai3], prefix: my }] }
`;
    const file = write('empty-subscale.yaml', spec);
    const message = /empty-subscale\.yaml, line 3, column \d+: instruments\[0\]\.subscales\.a: subscale 'a' lists no items/;
    expectOneMessage(cli(['validate', file]), 1, message);
    const out = join(dir, 'out-empty-subscale');
    expectOneMessage(cli(['run', file, '--out', out]), 1, message);
    expect(existsSync(out)).toBe(false);
  });

  it('verify: a malformed run.lock.json is named', () => {
    write('bad-lock/run.lock.json', '{"pipeline": ');
    write('bad-lock/results.json', '{"stages": {}}');
    expectOneMessage(cli(['verify', join(dir, 'bad-lock')]), 1, /bad-lock\/run\.lock\.json: not valid JSON/);
  });

  it('verify: a lock file without the fields verify reads is named', () => {
    write('odd-lock/run.lock.json', '[1]');
    expectOneMessage(cli(['verify', join(dir, 'odd-lock')]), 1, /odd-lock\/run\.lock\.json: not a lock file written by alliance run/);
  });

  it.each(['abc', '-5', 'Infinity'])('verify: --tolerance %s is a usage error (exit 2)', (tolerance) => {
    // found by QA: 'abc' ran and printed 'within relative tolerance NaN … Reproduced.'
    write('tol/run.lock.json', '{}');
    expectOneMessage(cli(['verify', join(dir, 'tol'), '--tolerance', tolerance]), 2, /--tolerance must be a (number ≥ 0|decimal number such as)/);
  });

  it('verify: a missing results.json is named', () => {
    write('no-results/run.lock.json', JSON.stringify({ pipeline: { name: 't', file: 'p.yaml', sha256: '0' }, params: {}, inputs: [] }));
    expectOneMessage(cli(['verify', join(dir, 'no-results')]), 1, /no-results\/results\.json: file not found/);
  });

  it('open: a port outside 0..65535 is a usage error', () => {
    write('report/index.html', '<html></html>');
    expectOneMessage(cli(['open', join(dir, 'report'), '--port', '99999']), 2, /--port must be a whole number from 0 to 65535 \(got 99999\)/);
  });

  it('open: a folder that does not exist, and one without index.html, say which', () => {
    expectOneMessage(cli(['open', join(dir, 'no-such-report')]), 2, /no-such-report does not exist: give the report folder 'alliance run' wrote/);
    mkdirSync(join(dir, 'empty-folder'), { recursive: true });
    expectOneMessage(cli(['open', join(dir, 'empty-folder')]), 2, /empty-folder has no index\.html: run a pipeline with a report stage first/);
  });

  it('open: a port in use is named', () => {
    write('report/index.html', '<html></html>');
    const port = (busy.address() as { port: number }).port;
    expectOneMessage(cli(['open', join(dir, 'report'), '--port', String(port)]), 2, new RegExp(`cannot serve on 127\\.0\\.0\\.1:${port}: the port is in use`));
  });

  it('simulate: --out naming a folder is a usage error and writes nothing', () => {
    const folder = join(dir, 'sim-folder');
    mkdirSync(folder);
    expectOneMessage(cli(['simulate', '--patients', '5', '--out', folder]), 2, /--out .*sim-folder is a folder; give the CSV file to write/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('simulate: --out named like another format or a compressed file is a usage error and writes nothing (ingest could not read it back)', () => {
    const out = join(dir, 'sim-formats');
    for (const [name, readAs, instead] of [['z.json', 'JSON', 'z.csv'], ['z.parquet', 'Parquet', 'z.csv'], ['z.TSV', 'tab-separated text', 'z.csv'], ['z.csv.gz', 'a compressed file', 'z.csv']]) {
      const message = `--out ${join(out, name)}: the simulator writes plain CSV, which alliance would read under this name as ${readAs}; name a .csv file, e.g. --out ${join(out, instead)}`;
      expectOneMessage(cli(['simulate', '--patients', '5', '--out', join(out, name)]), 2, new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    }
    expect(existsSync(out)).toBe(false);
  });

  it('simulate: --out under a plain file is a path error naming it', () => {
    write('plain', 'x');
    expectOneMessage(cli(['simulate', '--patients', '5', '--out', join(dir, 'plain', 'sim.csv')]), 1, /cannot write --out .*plain\/sim\.csv: ENOTDIR/);
  });
});
