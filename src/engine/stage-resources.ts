import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The labels of the run's phases outside its stages, as their resource lines name them: written by
 * run-pipeline, read back by `alliance bench` (which sums the two compression phases).
 */
export const PHASES = {
  startUp: '(start-up and plan)',
  compressAndLock: '(compress and lock)',
  compress: '(compress)',
  render: '(render report)',
  write: '(write output folder)',
} as const;

/** The phases that compress stored tables (see DuckDBSession.lock and compress). */
export const COMPRESSION_PHASES: readonly string[] = [PHASES.compressAndLock, PHASES.compress];

/** The largest per-stage peak read so far, in kB (see stagePeakKb). */
let largestPeakKb = 0;

/** The process's minor page faults when the last resource line was written. */
let faultsBefore = 0;

/**
 * For `alliance bench` (ALLIANCE_RESOURCES set): one stderr line per stage or phase with its wall
 * and process CPU seconds (all threads, DuckDB's included), the RSS after it, the peak RSS while
 * it ran, and the minor page faults since the previous line (each a page of memory the process
 * touched for the first time since the system last had it back: on a virtual machine whose page
 * faults are dear they are a large share of the wall time, and unlike it they hardly vary from run
 * to run; stages run one after another, so the count is the stage's).
 */
export function reportStageResources(id: string, seconds: number, cpu0: NodeJS.CpuUsage): void {
  const cpu = process.cpuUsage(cpu0);
  const peak = stagePeakKb();
  const faults = process.resourceUsage().minorPageFault;
  process.stderr.write(
    `stage-resources id=${id} wall=${seconds.toFixed(3)} cpu=${((cpu.user + cpu.system) / 1e6).toFixed(3)} rss-mb=${(process.memoryUsage.rss() / 1048576).toFixed(0)} peak-mb=${peak === undefined ? '?' : (peak / 1024).toFixed(0)} faults=${faults - faultsBefore}\n`,
  );
  faultsBefore = faults;
}

/**
 * The process's peak RSS in kB. Linux lowers the kernel's high-water mark that getrusage reads
 * when stagePeakKb resets it, so the largest per-stage peak is taken too.
 */
export function peakRssKb(): number {
  return Math.max(process.resourceUsage().maxRSS, largestPeakKb);
}

/**
 * The peak RSS in kB since the last call (or since the process started): Linux's high-water mark
 * (VmHWM in /proc/self/status), reset after reading by writing 5 to /proc/self/clear_refs (see
 * proc(5)). Undefined where /proc is not there. Only `alliance bench` runs ask for it.
 */
function stagePeakKb(): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (!m) return undefined;
    const kb = Number(m[1]);
    largestPeakKb = Math.max(largestPeakKb, kb);
    writeFileSync('/proc/self/clear_refs', '5');
    return kb;
  } catch {
    return undefined;
  }
}
