import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * vitest global setup: every test file (and every CLI child process it starts) gets one temporary
 * root as TMPDIR, removed when the run ends, so the run leaves nothing behind in the machine's
 * temporary folder even where a test does not dispose of its folders (or fails before it can).
 * The test processes are forked after this runs, so they inherit the variable.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'alliance-vitest-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
