import type { Argv } from 'yargs';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { DataError, SpecError } from '../../engine/errors.ts';
import { PACKAGE_ROOT } from '../../engine/package-root.ts';
import { COMPRESSION_PHASES, PHASES } from '../../engine/stage-resources.ts';
import { UsageError } from '../errors-to-exit.ts';
import { parseDecimal } from '../parse-params.ts';

const CLI = join(PACKAGE_ROOT, 'src/cli/alliance.js');

/**
 * The Node flags on the launcher's `#!/usr/bin/env -S node …` line, with which `npx alliance`
 * runs it: bench starts its runs with the same flags, so that it measures what users run.
 * @example readShebangFlags('#!/usr/bin/env -S node --max-semi-space-size=4\n…') // ['--max-semi-space-size=4']
 */
export function readShebangFlags(text: string): string[] {
  const end = text.indexOf('\n');
  const line = (end < 0 ? text : text.slice(0, end)).trim();
  const m = /^#!\s*\/usr\/bin\/env\s+(?:-S\s+)?node((?:\s+-\S+)*)\s*$/.exec(line);
  if (!m) throw new Error(`internal: the launcher's first line is not a '#!/usr/bin/env [-S] node [flags]' line: ${line}`);
  return m[1]!.trim().split(/\s+/).filter(Boolean);
}

interface Timed {
  seconds: number;
  cpuSeconds: number;
  peakMb: number;
  /** Minor page faults of the whole run (see reportStageResources). */
  faults: number;
  stages: Map<string, StageLine>;
}

/** One stage's or phase's resource line (see reportStageResources). */
interface StageLine {
  wall: number;
  cpu: number;
  rssMb: number;
  peakMb: string;
  faults: number;
}

/**
 * Runs a CLI command in a child process (Node started with the launcher's flags, as `npx alliance`
 * starts it) and returns its wall time, its CPU time (all threads,
 * DuckDB's included), its peak RSS, its minor page faults and the per-stage lines it prints with
 * ALLIANCE_RESOURCES.
 */
function timed(args: string[]): Timed {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...readShebangFlags(readFileSync(CLI, 'utf8')), CLI, ...args], { encoding: 'utf8', env: { ...process.env, ALLIANCE_RESOURCES: '1' }, maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  // a user error of the timed command (exit 1 or 2: its one-line message) is the bench's user error too
  if (r.status === 1 || r.status === 2) {
    const message = r.stderr.split('\n').filter((l) => l && !/^(stage-resources|peak-rss-kb)=?/.test(l)).join('\n');
    throw new DataError(`alliance ${args.join(' ')} failed: ${message.replace(/^error: /, '')}`);
  }
  if (r.status !== 0) throw new Error(`alliance ${args.join(' ')} failed:\n${r.stderr}`);
  const m = /peak-rss-kb=(\d+) cpu-s=([\d.]+) faults=(\d+)/.exec(r.stderr);
  const stages = new Map<string, StageLine>();
  for (const s of r.stderr.matchAll(/stage-resources id=(.+?) wall=([\d.]+) cpu=([\d.]+) rss-mb=(\d+) peak-mb=(\d+|\?) faults=(\d+)$/gm)) {
    stages.set(s[1], { wall: Number(s[2]), cpu: Number(s[3]), rssMb: Number(s[4]), peakMb: s[5], faults: Number(s[6]) });
  }
  return { seconds, cpuSeconds: m ? Number(m[2]) : NaN, peakMb: m ? Number(m[1]) / 1024 : NaN, faults: m ? Number(m[3]) : NaN, stages };
}

export function benchCommand(y: Argv): Argv {
  return y.command(
    'bench',
    'Benchmark: simulate 10,000 and 100,000 patients and time the demo pipeline (per-stage wall and CPU seconds, peak memory, page faults)',
    (a) =>
      a
        .option('sizes', { type: 'string', default: '10000,100000', describe: 'Comma-separated patient counts' })
        .option('dir', { type: 'string', default: join(tmpdir(), 'alliance-bench'), describe: 'Work folder (simulated files are reused)' })
        .option('pipeline', { type: 'string', default: 'pipelines/demo.yaml' }),
    async (argv) => {
      // absolute: the simulated file is passed as --param data, which a pipeline reads from its own folder
      const dir = resolve(argv.dir);
      // plain decimals, as simulate --patients reads them: Number() took 0x10 for 16 patients, and
      // 'abc' failed only in the simulation, as --patients NaN
      const sizes = argv.sizes.split(',').map((s) => parseDecimal(s.trim(), '--sizes'));
      const odd = sizes.find((n) => !(Number.isInteger(n) && n >= 1));
      if (odd !== undefined) throw new UsageError(`--sizes must list whole numbers of patients, e.g. 10000,100000 (got ${odd})`);
      // checked before anything is simulated: bench hands each simulated file to the pipeline as --param data
      const { loadSpec } = await import('../../spec/load-spec.ts');
      const declared = Object.keys(loadSpec(argv.pipeline).params);
      if (!declared.includes('data')) {
        throw new SpecError(
          `bench needs a pipeline that declares a 'data' parameter (it runs the pipeline with --param data=<simulated CSV>); this pipeline declares ${declared.length ? declared.map((k) => `'${k}'`).join(', ') : 'no parameters'}`,
          'params',
          argv.pipeline,
        );
      }
      mkdirSync(dir, { recursive: true });
      const w = (s: string) => process.stdout.write(s);
      w(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (wall times are inflated when other processes compete for the cores; CPU times much less so)\n`);
      for (const n of sizes) {
        const csv = join(dir, `rom-${n}.csv`);
        if (!existsSync(csv)) {
          const sim = timed(['simulate', '--patients', String(n), '--seed', '1', '--out', csv]);
          w(`simulate ${n} patients: ${sim.seconds.toFixed(2)} s wall, ${sim.cpuSeconds.toFixed(2)} s CPU\n`);
        }
        const out = join(dir, `out-${n}`);
        rmSync(out, { recursive: true, force: true });
        const run = timed(['run', argv.pipeline, '--param', `data=${csv}`, '--out', out, '--quiet']);
        const lock = JSON.parse(readFileSync(join(out, 'run.lock.json'), 'utf8')) as { stages: { id: string; type: string; seconds: number }[] };
        const rows = lock.stages.length ? rowsOf(join(out, 'results.json'), lock.stages[0].id) : '?';
        const index = join(out, 'index.html');
        const html = existsSync(index) ? `index.html ${(statSync(index).size / 1048576).toFixed(1)} MB` : 'no report (the pipeline has no report stage)';
        w(`\n${argv.pipeline} on ${n} patients (${rows} session rows): ${run.seconds.toFixed(2)} s wall, ${run.cpuSeconds.toFixed(2)} s CPU (incl. start-up and report), peak RSS ${run.peakMb.toFixed(0)} MB, ${kilo(run.faults)}k minor page faults, ${html}\n`);
        w(`  ${'stage'.padEnd(22)} ${'type'.padEnd(18)} ${'wall s'.padStart(8)} ${'CPU s'.padStart(8)} ${'RSS MB'.padStart(7)} ${'peak MB'.padStart(8)} ${'faults k'.padStart(9)}\n`);
        let ingestScore = { wall: 0, cpu: 0 };
        for (const s of lock.stages) {
          const r = run.stages.get(s.id);
          if (s.type === 'ingest' || s.type === 'score') ingestScore = { wall: ingestScore.wall + s.seconds, cpu: ingestScore.cpu + (r?.cpu ?? NaN) };
          w(`  ${s.id.padEnd(22)} ${s.type.padEnd(18)} ${s.seconds.toFixed(3).padStart(8)} ${(r ? r.cpu.toFixed(3) : '?').padStart(8)} ${(r ? String(r.rssMb) : '?').padStart(7)} ${(r ? r.peakMb : '?').padStart(8)} ${(r ? kilo(r.faults) : '?').padStart(9)}\n`);
        }
        for (const phase of Object.values(PHASES)) {
          const rr = run.stages.get(phase);
          if (rr) w(`  ${phase.padEnd(41)} ${rr.wall.toFixed(3).padStart(8)} ${rr.cpu.toFixed(3).padStart(8)} ${String(rr.rssMb).padStart(7)} ${rr.peakMb.padStart(8)} ${kilo(rr.faults).padStart(9)}\n`);
        }
        const accounted = [...run.stages.values()].reduce((t, r) => ({ wall: t.wall + r.wall, cpu: t.cpu + r.cpu }), { wall: 0, cpu: 0 });
        w(`  ${'(results.json, run.lock.json, exit)'.padEnd(41)} ${(run.seconds - accounted.wall).toFixed(3).padStart(8)} ${(run.cpuSeconds - accounted.cpu).toFixed(3).padStart(8)}\n`);
        const compression = COMPRESSION_PHASES.reduce((t, phase) => ({ wall: t.wall + (run.stages.get(phase)?.wall ?? 0), cpu: t.cpu + (run.stages.get(phase)?.cpu ?? 0) }), { wall: 0, cpu: 0 });
        w(`  ingest + score: ${ingestScore.wall.toFixed(3)} s wall, ${ingestScore.cpu.toFixed(3)} s CPU (+ compression: ${compression.wall.toFixed(3)} s wall, ${compression.cpu.toFixed(3)} s CPU)\n`);
      }
    },
  );
}

/** A count in thousands, rounded: the faults column. */
function kilo(n: number): string {
  return (n / 1000).toFixed(0);
}

/** The first stage's row count from results.json, read without parsing the whole (possibly large) file. */
function rowsOf(file: string, stageId: string): string {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(1 << 16);
  const got = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const head = buf.toString('utf8', 0, got);
  const at = head.indexOf(`"${stageId}"`);
  const m = at >= 0 ? /"rows":\s*(\d+)/.exec(head.slice(at)) : null;
  return m ? Number(m[1]).toLocaleString('en') : '?';
}
