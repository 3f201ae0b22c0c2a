import type { Argv } from 'yargs';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../alliance.js', import.meta.url));

/** Runs a CLI command in a child process and returns its wall time and peak RSS. */
function timed(args: string[]): { seconds: number; peakMb: number; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ALLIANCE_RESOURCES: '1' }, maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`alliance ${args.join(' ')} failed:\n${r.stderr}`);
  const m = /peak-rss-kb=(\d+)/.exec(r.stderr);
  return { seconds, peakMb: m ? Number(m[1]) / 1024 : NaN, stderr: r.stderr };
}

export function benchCommand(y: Argv): Argv {
  return y.command(
    'bench',
    'Benchmark: simulate 10,000 and 100,000 patients and time the demo pipeline (per-stage seconds, peak memory)',
    (a) =>
      a
        .option('sizes', { type: 'string', default: '10000,100000', describe: 'Comma-separated patient counts' })
        .option('dir', { type: 'string', default: join(tmpdir(), 'alliance-bench'), describe: 'Work folder (simulated files are reused)' })
        .option('pipeline', { type: 'string', default: 'pipelines/demo.yaml' }),
    async (argv) => {
      mkdirSync(argv.dir, { recursive: true });
      for (const n of argv.sizes.split(',').map(Number)) {
        const csv = join(argv.dir, `rom-${n}.csv`);
        if (!existsSync(csv)) {
          const sim = timed(['simulate', '--patients', String(n), '--seed', '1', '--out', csv]);
          process.stdout.write(`simulate ${n} patients: ${sim.seconds.toFixed(2)} s\n`);
        }
        const out = join(argv.dir, `out-${n}`);
        rmSync(out, { recursive: true, force: true });
        const run = timed(['run', argv.pipeline, '--param', `data=${csv}`, '--out', out, '--quiet']);
        const lock = JSON.parse(readFileSync(join(out, 'run.lock.json'), 'utf8')) as { stages: { id: string; type: string; seconds: number }[] };
        const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { stages: { sessions?: { rows: number } } };
        process.stdout.write(`\n${argv.pipeline} on ${n} patients (${results.stages.sessions?.rows ?? '?'} session rows): ${run.seconds.toFixed(2)} s wall (incl. start-up and report), peak RSS ${run.peakMb.toFixed(0)} MB\n`);
        for (const s of lock.stages) process.stdout.write(`  ${s.id.padEnd(22)} ${s.type.padEnd(16)} ${s.seconds.toFixed(3)} s\n`);
      }
    },
  );
}
