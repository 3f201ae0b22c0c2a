import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO } from '../helpers/temp-project.ts';

/** One command line run through the real CLI entry point, in its own folder. */
export interface CliCase {
  name: string;
  /** Files written into the case's folder before the run. */
  files: Record<string, string | Buffer>;
  /** Arguments; default `run pipeline.yaml --out out --quiet`. */
  args?: string[];
  /** Sets up what `files` cannot express (symbolic links); gets the case folder. */
  setup?: (dir: string) => void;
}

/** A case that must fail: exit status (default 1) and the fragments its one message must contain. */
export interface FailCase extends CliCase {
  status?: number;
  mentions: (string | RegExp)[];
}

export interface CliResult {
  name: string;
  status: number;
  stdout: string;
  stderr: string;
  seconds: number;
  dir: string;
}

const BATCH = join(REPO, 'test/robustness/cli-batch.mjs');

/**
 * Runs every case through `main(argv)` of src/cli/main.ts in ONE child process (see
 * cli-batch.mjs), each with its own sub-folder of `root` as working folder, and returns the
 * results by case name.
 */
export function runBatch(root: string, cases: CliCase[]): Map<string, CliResult> {
  const plan = cases.map((c, i) => {
    const dir = join(root, `c${String(i).padStart(3, '0')}`);
    mkdirSync(dir, { recursive: true });
    for (const [p, content] of Object.entries(c.files)) {
      const full = join(dir, p);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
    c.setup?.(dir);
    return { name: c.name, cwd: dir, args: c.args ?? ['run', 'pipeline.yaml', '--out', 'out', '--quiet'] };
  });
  const input = join(root, 'cases.json');
  const output = join(root, 'results.json');
  writeFileSync(input, JSON.stringify(plan));
  const r = spawnSync(process.execPath, [BATCH, input, output], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 240_000 });
  if (r.status !== 0 || !existsSync(output)) throw new Error(`batch runner failed (status ${r.status}): ${r.stderr}`);
  const results = JSON.parse(readFileSync(output, 'utf8')) as Omit<CliResult, 'dir'>[];
  return new Map(results.map((x, i) => [x.name, { ...x, dir: plan[i].cwd }]));
}

/** Temporary output folders (`.NAME.tmp-*`) left in `dir`. */
export function tempLeftovers(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith('.') && f.includes('.tmp-'));
}

/** Reference-layout header: site, therapist, patient, modality, session, wai1..12, phq1..9. */
export const HEADER = ['site', 'therapist', 'patient', 'modality', 'session', ...Array.from({ length: 12 }, (_, i) => `wai${i + 1}`), ...Array.from({ length: 9 }, (_, i) => `phq${i + 1}`)];

/** One data row in the reference layout with the given alliance (1–5) and PHQ item (0–3) values. */
export function row(patient: string, session: number | string, wai: number | string = 4, phq: number | string = 1): string[] {
  const base: Record<string, string> = { site: 'S1', therapist: 'T1', patient, modality: 'CBT', session: String(session) };
  return HEADER.map((h) => base[h] ?? (h.startsWith('wai') ? String(wai) : String(phq)));
}

/** Four patients × three sessions, valid. */
export function rows(): string[][] {
  const out: string[][] = [];
  for (const p of ['P1', 'P2', 'P3', 'P4']) for (let s = 1; s <= 3; s++) out.push(row(p, s, 2 + ((s + Number(p[1])) % 3), s % 3));
  return out;
}

/** The table with one cell replaced (row index into rows(), column name). */
export function withCell(r: number, column: string, value: string, table = rows()): string[][] {
  table[r][HEADER.indexOf(column)] = value;
  return table;
}

/** RFC 4180 field quoting. */
export function quote(field: string, delimiter = ','): string {
  return /["\r\n]/.test(field) || field.includes(delimiter) ? `"${field.replaceAll('"', '""')}"` : field;
}

export function csv(table: string[][], opts: { delimiter?: string; eol?: string; header?: string[] } = {}): string {
  const d = opts.delimiter ?? ',';
  const eol = opts.eol ?? '\n';
  return [opts.header ?? HEADER, ...table].map((r) => r.map((f) => quote(f, d)).join(d)).join(eol) + eol;
}

/** ingest → score (WAI-SR, PHQ-9) → patients, the pipeline most cases run; extra ingest options and stages appended. */
export function spec(ingestExtra = '', more = ''): string {
  return `name: robust
stages:
  - id: sessions
    type: ingest
    file: data.csv
${ingestExtra}
  - id: scored
    type: score
    from: sessions
    instruments:
      - { instrument: wai-sr, prefix: wai }
      - { instrument: phq-9, prefix: phq }
  - id: patients
    type: patients
    from: scored
    outcome: phq_total
    alliance: [wai_total]
${more}`;
}
